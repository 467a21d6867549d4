import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  MessageReceiver,
  MessageSender,
  aeadEncrypt,
  hash,
  isCanonicalPlaintext,
  maxJump,
  messageAd,
  messageFromWire,
  messageSignedBytes,
  messageToWire,
  pad,
  parsePlaintext,
  ratchetChainKey,
  ratchetMessageKey,
  reactionPlaintext,
  sign,
  signKeyPairFromSeed,
  textPlaintext,
  toHex,
  typingPlaintext,
  utf8Bytes,
  type Psg1Message,
} from '../src/psg1/index.ts'
import { A, B, filled, flipped, roomId, sessionId, throwsCode } from './fixtures.ts'

const ck0 = filled(32, 0x42)
const skMsg = signKeyPairFromSeed(filled(32, 0x77))
const n = filled(24, 0x24)
const sender = (): MessageSender =>
  new MessageSender(roomId, sessionId, 1, A.memberId, ck0, skMsg.privateKey)
const receiver = (): MessageReceiver =>
  new MessageReceiver(roomId, sessionId, 1, A.memberId, ck0, skMsg.publicKey)
const text = (s: string): Uint8Array => textPlaintext(s)

/** The first `count` messages of a fresh sender, texts "m0", "m1", ... */
function messages(count: number): Psg1Message[] {
  const s = sender()
  return Array.from({ length: count }, (_, i) => s.seal(1, text(`m${i}`)))
}

/** m with its ad-covered fields changed and re-signed with SK_msg: tests the AEAD binding. */
function resigned(m: Psg1Message, change: Partial<Psg1Message>): Psg1Message {
  const out = { ...m, ...change }
  const ad = messageAd(roomId, out.sessionId, out.ep, out.from, out.ctr, out.kind)
  return { ...out, sig: sign(skMsg.privateKey, messageSignedBytes(ad, out.n, out.ct)) }
}

/** A message whose padded plaintext is given, encrypted and signed correctly at ctr. */
function crafted(padded: Uint8Array, ctr = 0, kind = 1): Psg1Message {
  let ck = ck0
  for (let i = 0; i < ctr; i++) ck = ratchetChainKey(ck)
  const ad = messageAd(roomId, sessionId, 1, A.memberId, ctr, kind)
  const ct = aeadEncrypt(padded, ad, n, ratchetMessageKey(ck))
  return {
    sessionId,
    ep: 1,
    from: A.memberId,
    ctr,
    kind,
    n,
    ct,
    sig: sign(skMsg.privateKey, messageSignedBytes(ad, n, ct)),
  }
}

describe('ratchet (§6.1)', () => {
  it('matches the C++ kdf for CK_1..CK_3, MK_0, MK_1 and MK_1000', () => {
    const ck: Uint8Array[] = [ck0]
    for (let i = 0; i < 1000; i++) ck.push(ratchetChainKey(ck[i] as Uint8Array))
    assert.equal(
      toHex(ratchetMessageKey(ck[0] as Uint8Array)),
      '3c8624934ba0aad87ef38415d3e568be23a43a5e1aac2b867162694c05bd2ab2',
    )
    assert.equal(
      toHex(ck[1] as Uint8Array),
      'e1027352898482a76fb4be93f2d2ebb5c27e9c0abcfc7e89f599b72ffd3b6dd8',
    )
    assert.equal(
      toHex(ratchetMessageKey(ck[1] as Uint8Array)),
      '411ac685792b0ea0b6a0f03eb4c794ba6d6d139daa7d02f1466b6e469ced6c1c',
    )
    assert.equal(
      toHex(ck[2] as Uint8Array),
      '1911a59bd9667a202a9cd92b1f28238443cb5eee24cd8a7c3b43b55c99677713',
    )
    assert.equal(
      toHex(ck[3] as Uint8Array),
      '0c1dcf0fdf5669aa2c3cb385d8ba43adaf819c81d55cc28db5c700c0c90c249d',
    )
    assert.equal(
      toHex(ratchetMessageKey(ck[1000] as Uint8Array)),
      'f8f597c6a9106d5ae11691f2ced9b34201e14f324afb911a06d77e45e3493343',
    )
  })
})

describe('sender (§6.2)', () => {
  it('equals the C++ message_sender with the same nonce', () => {
    const s = sender()
    const m = s.seal(1, text('hei'), n)
    assert.equal(m.ct.length, 16 + 256)
    assert.equal(
      toHex(hash(m.ct)),
      'ed301b7efc8d256c4fae61f6e31b55df7505589ac6e7dbe2cc144c8be7787c0f',
    )
    assert.equal(
      toHex(m.sig),
      'b2e538f69c23c438e46e94a2e04320768a0574411240238db10cb7abc38b742005afcd22ad716bf2431746a79a562efe7591201ed317bbf68a2a735660dcf90c',
    )
    const m2 = s.seal(3, typingPlaintext(true), n)
    assert.equal(m2.ctr, 1)
    assert.equal(
      toHex(hash(m2.ct)),
      'a1e36ce1e17ae61705e40319904e5fb917f7544452659f8c985ee18c8a6e6e30',
    )
  })

  it('uses a random nonce by default and pads to 256-byte blocks', () => {
    const s = sender()
    const a = s.seal(1, text('a'))
    const b = s.seal(1, text('x'.repeat(16383 - 11)))
    assert.notEqual(toHex(a.n), toHex(b.n))
    assert.equal(b.ct.length, 16 + 256 * 64)
    assert.equal(s.nextCtr, 2)
  })

  it('out_of_range for a plaintext over 16383 bytes', () => {
    throwsCode(() => sender().seal(1, new Uint8Array(16384)), 'out_of_range')
    throwsCode(() => textPlaintext('x'.repeat(16383 - 10)), 'bad_plaintext')
  })
})

describe('receiver (§6.3)', () => {
  it('opens in order, out of order and from skipped keys', () => {
    const ms = messages(5)
    const r = receiver()
    assert.deepEqual(r.open(ms[0] as Psg1Message), { kind: 1, text: 'm0' })
    assert.deepEqual(r.open(ms[3] as Psg1Message), { kind: 1, text: 'm3' })
    assert.equal(r.skippedCount, 2)
    assert.equal(r.nextCtr, 4)
    assert.deepEqual(r.open(ms[2] as Psg1Message), { kind: 1, text: 'm2' })
    assert.deepEqual(r.open(ms[1] as Psg1Message), { kind: 1, text: 'm1' })
    assert.deepEqual(r.open(ms[4] as Psg1Message), { kind: 1, text: 'm4' })
    assert.equal(r.skippedCount, 0)
    const fromWire = messageFromWire(
      JSON.parse(JSON.stringify(messageToWire(ms[0] as Psg1Message))),
    )
    assert.deepEqual(receiver().open(fromWire), { kind: 1, text: 'm0' })
  })

  it('1. wrong_epoch, not_a_participant, out_of_range, bad_encoding', () => {
    const [m] = messages(1) as [Psg1Message]
    const r = receiver()
    throwsCode(() => r.open({ ...m, ep: 2 }), 'wrong_epoch')
    throwsCode(() => r.open({ ...m, sessionId: filled(16, 1) }), 'wrong_epoch')
    throwsCode(() => r.open({ ...m, from: B.memberId }), 'not_a_participant')
    throwsCode(() => r.open({ ...m, ctr: 2 ** 20 }), 'out_of_range')
    throwsCode(() => r.open({ ...m, ct: m.ct.slice(1) }), 'bad_encoding')
    throwsCode(() => r.open({ ...m, ct: m.ct.slice(0, 16) }), 'bad_encoding')
    throwsCode(() => r.open({ ...m, ct: new Uint8Array(16 + 256 * 65) }), 'bad_encoding')
    r.open(m)
  })

  it('2. sig_invalid for a flipped byte of ad, n or ct, or another key', () => {
    const [m] = messages(1) as [Psg1Message]
    const r = receiver()
    throwsCode(() => r.open({ ...m, kind: 2 }), 'sig_invalid')
    throwsCode(() => r.open({ ...m, ctr: 1 }), 'sig_invalid')
    throwsCode(() => r.open({ ...m, n: flipped(m.n, 0) }), 'sig_invalid')
    throwsCode(() => r.open({ ...m, ct: flipped(m.ct, 0) }), 'sig_invalid')
    throwsCode(() => r.open({ ...m, sig: flipped(m.sig, 0) }), 'sig_invalid')
    const other = new MessageReceiver(roomId, sessionId, 1, A.memberId, ck0, A.sigPk)
    throwsCode(() => other.open(m), 'sig_invalid')
    r.open(m)
  })

  it('3. replay for a counter seen, or a skipped key evicted', () => {
    const ms = messages(2)
    const r = receiver()
    r.open(ms[1] as Psg1Message)
    throwsCode(() => r.open(ms[1] as Psg1Message), 'replay')
    r.open(ms[0] as Psg1Message)
    throwsCode(() => r.open(ms[0] as Psg1Message), 'replay')
  })

  it('4. jump_too_far beyond 1000, checked before deriving', () => {
    const s = sender()
    for (let i = 0; i < 1001; i++) s.seal(3, typingPlaintext(true), n)
    const at1001 = s.seal(1, text('far'))
    assert.equal(at1001.ctr, 1001)
    throwsCode(() => receiver().open(at1001), 'jump_too_far')
    const r = receiver()
    r.open(messages(1)[0] as Psg1Message)
    assert.deepEqual(r.open(at1001), { kind: 1, text: 'far' }) // a jump of exactly 1000
    assert.equal(r.skippedCount, maxJump)
  })

  it('keeps at most 1000 skipped keys, the lowest evicted first', () => {
    const s = sender()
    const all: Psg1Message[] = []
    for (let i = 0; i < 1502; i++) all.push(s.seal(3, typingPlaintext(false), n))
    const r = receiver()
    r.open(all[1000] as Psg1Message) // skips 0..999
    r.open(all[1501] as Psg1Message) // skips 1001..1500: 1500 keys, 0..499 evicted
    assert.equal(r.skippedCount, 1000)
    throwsCode(() => r.open(all[499] as Psg1Message), 'replay')
    r.open(all[500] as Psg1Message)
    r.open(all[1500] as Psg1Message)
    assert.equal(r.skippedCount, 998)
  })

  it('5. aead_failed for ad or ct changed and re-signed with SK_msg', () => {
    const [m] = messages(1) as [Psg1Message]
    const r = receiver()
    throwsCode(() => r.open(resigned(m, { kind: 2 })), 'aead_failed')
    throwsCode(() => r.open(resigned(m, { ct: flipped(m.ct, 20) })), 'aead_failed')
    throwsCode(() => r.open(resigned(m, { n: flipped(m.n, 0) })), 'aead_failed')
    assert.equal(r.nextCtr, 0)
    r.open(m)
  })

  it('6. bad_padding', () => {
    throwsCode(() => receiver().open(crafted(new Uint8Array(256))), 'bad_padding')
    receiver().open(crafted(pad(text('ok'), 256)))
  })

  it('7. bad_plaintext for a non-canonical plaintext or another kind', () => {
    const bad = [
      '{"text": "a"}',
      '{"text":"a","text":"a"}',
      '{"text":"a","x":1}',
      '{"text":""}',
      '{"text":"\\u0041"}',
      ' {"text":"a"}',
    ]
    for (const json of bad)
      throwsCode(() => receiver().open(crafted(pad(utf8Bytes(json), 256))), 'bad_plaintext')
    throwsCode(
      () => receiver().open(crafted(pad(utf8Bytes('{"r":"love"}'), 256), 0, 2)),
      'bad_plaintext',
    )
    throwsCode(() => receiver().open(crafted(pad(text('hei'), 256), 0, 3)), 'bad_plaintext')
    assert.deepEqual(receiver().open(crafted(pad(reactionPlaintext('heart'), 256), 0, 2)), {
      kind: 2,
      reaction: 'heart',
    })
  })

  it('8. commits only after every check: a failure leaves the state as it was', () => {
    const ms = messages(3)
    const r = receiver()
    throwsCode(
      () => r.open(resigned(ms[2] as Psg1Message, { ct: flipped((ms[2] as Psg1Message).ct, 20) })),
      'aead_failed',
    )
    assert.equal(r.nextCtr, 0)
    assert.equal(r.skippedCount, 0)
    throwsCode(() => r.open(crafted(new Uint8Array(256), 2)), 'bad_padding')
    assert.equal(r.nextCtr, 0)
    r.open(ms[0] as Psg1Message)
    r.open(ms[1] as Psg1Message)
    r.open(ms[2] as Psg1Message)
    assert.equal(r.nextCtr, 3)
  })
})

describe('plaintexts (§6.4)', () => {
  it('are canonical JSON with JSON.stringify escapes', () => {
    assert.equal(
      new TextDecoder().decode(text('a"\\\b\t\n\f\r\u0001\u001fø😀')),
      '{"text":"a\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001fø😀"}',
    )
    assert.deepEqual(parsePlaintext(1, text('line\nbreak')), { kind: 1, text: 'line\nbreak' })
    assert.equal(new TextDecoder().decode(reactionPlaintext('recognise')), '{"r":"recognise"}')
    assert.equal(new TextDecoder().decode(typingPlaintext(false)), '{"typing":false}')
    assert.ok(isCanonicalPlaintext(2, utf8Bytes('{"r":"thanks"}')))
    assert.ok(isCanonicalPlaintext(3, utf8Bytes('{"typing":true}')))
  })

  it('refuses ill-formed text, unknown reactions, other kinds and invalid UTF-8', () => {
    throwsCode(() => textPlaintext(''), 'bad_plaintext')
    throwsCode(() => textPlaintext('\ud800'), 'bad_plaintext')
    throwsCode(() => reactionPlaintext('love' as 'heart'), 'bad_plaintext')
    assert.ok(!isCanonicalPlaintext(1, utf8Bytes('{"text":"\\ud800"}')))
    assert.ok(!isCanonicalPlaintext(1, utf8Bytes('{"text":"\\u001F"}')))
    assert.ok(!isCanonicalPlaintext(1, Uint8Array.of(0x7b, 0xff, 0x7d)))
    assert.ok(!isCanonicalPlaintext(1, utf8Bytes('["text"]')))
    assert.ok(!isCanonicalPlaintext(2, utf8Bytes('{"r": "heart"}')))
    assert.ok(!isCanonicalPlaintext(3, utf8Bytes('{"typing":1}')))
    assert.ok(!isCanonicalPlaintext(4, utf8Bytes('{"typing":true}')))
  })

  it('reads the msg frame with its ranges', () => {
    const wire = messageToWire(messages(1)[0] as Psg1Message)
    throwsCode(() => messageFromWire({ ...wire, ctr: -1 }), 'out_of_range')
    throwsCode(() => messageFromWire({ ...wire, k: 256 }), 'out_of_range')
    throwsCode(() => messageFromWire({ ...wire, sig: String(wire.sig).slice(1) }), 'bad_encoding')
    throwsCode(() => messageFromWire({ ...wire, n: String(wire.n) + '=' }), 'bad_encoding')
  })
})
