import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Roster,
  aeadEncrypt,
  buildJoinRequest,
  checkGroundRules,
  checkPledge,
  concat,
  groundRulesDocFromWire,
  groundRulesDocToWire,
  hash,
  joinRequestAd,
  joinRequestPlaintext,
  joinRequestToWire,
  joinSigMessage,
  kdfInviteJoinKey,
  kdfInviteToken,
  openGroundRules,
  openJoinRequest,
  pad,
  pledgeHashOf,
  possessionMessage,
  requestFrameFromWire,
  seal,
  sealGroundRules,
  sign,
  signDecline,
  toHex,
  utf8Bytes,
  verify,
  verifyDeclines,
  type GroundRulesDoc,
  type JoinRequestClear,
  type JoinerIdentity,
} from '../src/psg1/index.ts'
import { A, B, C, D, E, entryOf, filled, flipped, groundRules, groupFrame, roomId, throwsCode } from './fixtures.ts'

const secret = filled(32, 0x33)
const inviteId = filled(16, 0x11)
const jk = kdfInviteJoinKey(secret)
const pledgeHash = hash(utf8Bytes(groundRules))
const origin = 'https://sirkel.example'
const challenge = filled(32, 0xcc)
const joiner: JoinerIdentity = {
  memberId: E.memberId,
  sigPk: E.sigPk,
  sigSk: E.sigSk,
  dhPk: E.dhPk,
}
const n = filled(24, 0x24)

function request(name = 'Kari') {
  return buildJoinRequest({
    roomId,
    origin,
    challenge,
    inviteId,
    inviteSecret: secret,
    identity: joiner,
    pledgeHash,
    name,
    nonce: n,
  })
}

/** A request whose inside is given, encrypted and sent with clear fields that match it. */
function crafted(pt: Uint8Array): JoinRequestClear {
  return {
    inviteId,
    memberId: pt.slice(0, 16),
    sigPk: pt.slice(16, 48),
    dhPk: pt.slice(48, 80),
    pledgeHash: pt.slice(80, 112),
    pledgeSig: pt.slice(113, 177),
    n,
    c: aeadEncrypt(pt, joinRequestAd(roomId, inviteId), n, jk),
  }
}

describe('join request (§4.4)', () => {
  it('has the sizes of the spec, tok, a valid pledge and possession', () => {
    const req = request()
    assert.equal(req.c.length, 321)
    assert.equal(toHex(req.tok), toHex(kdfInviteToken(secret)))
    checkPledge(roomId, pledgeHash, req.pledgeSig, E.sigPk)
    assert.ok(
      verify(
        E.sigPk,
        possessionMessage(origin, challenge, roomId, inviteId, E.memberId, E.sigPk, E.dhPk),
        req.sig,
      ),
    )
    assert.equal(joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari').length, 305)
    // Ed25519 and the AEAD with a fixed nonce are deterministic: the same request twice.
    assert.equal(toHex(request().c), toHex(req.c))
    const wire = joinRequestToWire(req)
    assert.equal(wire.t, 'join_request')
    assert.equal(wire.c?.length, 428)
  })

  it('pledge_invalid for a pledge over another hash or by another key', () => {
    const req = request()
    throwsCode(() => checkPledge(roomId, filled(32, 9), req.pledgeSig, E.sigPk), 'pledge_invalid')
    throwsCode(() => checkPledge(roomId, pledgeHash, req.pledgeSig, D.sigPk), 'pledge_invalid')
  })

  it('refuses a bad name before anything is made', () => {
    throwsCode(() => request(''), 'bad_name')
    throwsCode(() => request('Ka\u0007ri'), 'bad_name')
  })
})

describe('opening a join request (§4.5)', () => {
  it('opens a good request', () => {
    const opened = openJoinRequest(roomId, jk, pledgeHash, request('Åse'))
    assert.equal(opened.name, 'Åse')
    assert.equal(toHex(opened.memberId), toHex(E.memberId))
    assert.equal(toHex(opened.dhPk), toHex(E.dhPk))
  })

  it("aead_failed with another invite's AD or another jk", () => {
    const req = request()
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, { ...req, inviteId: filled(16, 0x12) }),
      'aead_failed',
    )
    throwsCode(
      () => openJoinRequest(roomId, kdfInviteJoinKey(filled(32, 1)), pledgeHash, req),
      'aead_failed',
    )
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, { ...req, c: flipped(req.c, 300) }),
      'aead_failed',
    )
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, { ...req, c: req.c.slice(1) }),
      'aead_failed',
    )
  })

  it('request_mismatch when a clear id, key, pledge_hash or pledge_sig differs inside', () => {
    const req = request()
    const changes: Partial<JoinRequestClear>[] = [
      { memberId: D.memberId },
      { sigPk: D.sigPk },
      { dhPk: D.dhPk },
      { pledgeHash: filled(32, 9) },
      { pledgeSig: flipped(req.pledgeSig, 0) },
    ]
    for (const change of changes)
      throwsCode(
        () => openJoinRequest(roomId, jk, pledgeHash, { ...req, ...change }),
        'request_mismatch',
      )
  })

  it('checks in order: aead, length, clear fields, pledge, join_sig, name', () => {
    // A request that breaks the pledge and join_sig at once reports the pledge, checked first.
    const adult0 = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari', 0)
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, crafted(flipped(adult0, 300))),
      'pledge_invalid',
    )
    // A mismatch of the clear fields comes before a broken pledge.
    const req = crafted(adult0)
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, { ...req, dhPk: D.dhPk }),
      'request_mismatch',
    )
    // An empty name that also breaks join_sig is sig_invalid: the name is checked last.
    const pt = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari')
    pt.set(pad(new Uint8Array(0), 64), 177)
    throwsCode(() => openJoinRequest(roomId, jk, pledgeHash, crafted(pt)), 'sig_invalid')
    // A ciphertext one byte short that still authenticates opens to 304 bytes: bad_encoding.
    const full = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari')
    const short = crafted(full.slice(1))
    throwsCode(() => openJoinRequest(roomId, jk, pledgeHash, short), 'bad_encoding')
  })

  it('pledge_invalid for a forged pledge_sig inside, sig_invalid for a forged join_sig', () => {
    const pt = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari')
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, crafted(flipped(pt, 120))),
      'pledge_invalid',
    )
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, crafted(flipped(pt, 300))),
      'sig_invalid',
    )
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, crafted(flipped(pt, 200))),
      'sig_invalid',
    ) // the name
  })

  it('pledge_invalid for adult_confirmed = 0 and a pledge over another hash, both properly signed', () => {
    const adult0 = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari', 0)
    throwsCode(() => openJoinRequest(roomId, jk, pledgeHash, crafted(adult0)), 'pledge_invalid')
    const otherHash = joinRequestPlaintext(roomId, inviteId, joiner, filled(32, 9), 'Kari')
    throwsCode(() => openJoinRequest(roomId, jk, pledgeHash, crafted(otherHash)), 'pledge_invalid')
    openJoinRequest(roomId, jk, filled(32, 9), crafted(otherHash))
  })

  it('bad_name for an empty or control-character name, properly signed', () => {
    const withName = (nameBytes: Uint8Array): Uint8Array => {
      const pt = joinRequestPlaintext(roomId, inviteId, joiner, pledgeHash, 'Kari')
      pt.set(nameBytes, 177)
      // Re-sign join_sig over the new name, as a malicious joiner could.
      const joinSig = signJoin(pt)
      pt.set(joinSig, 241)
      return pt
    }
    throwsCode(
      () => openJoinRequest(roomId, jk, pledgeHash, crafted(withName(pad(new Uint8Array(0), 64)))),
      'bad_name',
    )
    throwsCode(
      () =>
        openJoinRequest(
          roomId,
          jk,
          pledgeHash,
          crafted(withName(pad(utf8Bytes('Ka\u0000ri'), 64))),
        ),
      'bad_name',
    )
    assert.equal(
      openJoinRequest(roomId, jk, pledgeHash, crafted(withName(pad(utf8Bytes('Ola'), 64)))).name,
      'Ola',
    )
  })

  it('reads the request frame', () => {
    const req = request()
    const { t: _t, tok: _tok, sig: _sig, ...fields } = joinRequestToWire(req)
    const frame = requestFrameFromWire({ ...fields, at: 1, expires_at: 2, declines: [] })
    assert.equal(frame.jk, null)
    assert.equal(openJoinRequest(roomId, jk, pledgeHash, frame.clear).name, 'Kari')
    throwsCode(
      () => requestFrameFromWire({ ...fields, c: fields.c?.slice(2), declines: [] }),
      'bad_encoding',
    )
    throwsCode(() => requestFrameFromWire({ ...fields }), 'bad_encoding')
  })
})

function signJoin(pt: Uint8Array): Uint8Array {
  const m = joinSigMessage(
    roomId,
    inviteId,
    pt.slice(0, 16),
    pt.slice(16, 48),
    pt.slice(48, 80),
    pt.slice(80, 112),
    pt[112] as number,
    pt.slice(113, 177),
    pt.slice(177, 241),
  )
  return sign(E.sigSk, m)
}

describe('decline (§4.5)', () => {
  const roster = Roster.build(roomId, 2, filled(32, 1), groupFrame, [entryOf(A, 1), entryOf(B, 0)])
  const declined = { inviteId, memberId: E.memberId, sigPk: E.sigPk }

  it('verifies declines by members, once each', () => {
    verifyDeclines(roomId, roster, declined, [
      signDecline(roomId, declined, A.memberId, A.sigSk),
      signDecline(roomId, declined, B.memberId, B.sigSk),
    ])
    verifyDeclines(roomId, roster, declined, [])
  })

  it('approval_invalid for a non-member, a repeat, a forgery or another joiner', () => {
    const byA = signDecline(roomId, declined, A.memberId, A.sigSk)
    throwsCode(
      () =>
        verifyDeclines(roomId, roster, declined, [
          signDecline(roomId, declined, C.memberId, C.sigSk),
        ]),
      'approval_invalid',
    )
    throwsCode(() => verifyDeclines(roomId, roster, declined, [byA, byA]), 'approval_invalid')
    throwsCode(
      () => verifyDeclines(roomId, roster, declined, [{ memberId: B.memberId, sig: byA.sig }]),
      'approval_invalid',
    )
    throwsCode(
      () => verifyDeclines(roomId, roster, { ...declined, memberId: D.memberId }, [byA]),
      'approval_invalid',
    )
  })
})

describe('ground-rules doc (§3.7)', () => {
  const newText = 'Nye regler: det som blir sagt her, blir her.'
  const recipients = [A, B].map((m) => ({ memberId: m.memberId, dhPk: m.dhPk }))
  const selfA = { memberId: A.memberId, dhPk: A.dhPk, dhSk: A.dhSk }

  it('seals the text to every member and opens it against the proposed pledge_hash', () => {
    const doc = sealGroundRules(roomId, newText, recipients)
    assert.equal(doc.keys.length, 2)
    assert.equal(doc.c.length, 256 + 16)
    assert.equal(openGroundRules(roomId, pledgeHashOf(newText), doc, selfA), newText)
    const wire = groundRulesDocFromWire(JSON.parse(JSON.stringify(groundRulesDocToWire(doc))))
    assert.equal(
      openGroundRules(roomId, pledgeHashOf(newText), wire, {
        memberId: B.memberId,
        dhPk: B.dhPk,
        dhSk: B.dhSk,
      }),
      newText,
    )
    checkGroundRules(groundRules, pledgeHash)
  })

  it('doc_invalid when the text does not hash to pledge_hash, or no key is for self', () => {
    throwsCode(() => checkGroundRules(newText, pledgeHash), 'doc_invalid')
    // A creator who encrypts under the right AD a text that does not hash to it.
    const tk = filled(32, 7)
    const lying = sealGroundRules(roomId, newText, recipients, { tk, nonce: n })
    const ad = concat(utf8Bytes('\u0000\u0000\u0000\u0009PSG1-text'), roomId, pledgeHash)
    const forged = { ...lying, c: aeadEncrypt(pad(utf8Bytes(newText), 256), ad, n, tk) }
    throwsCode(() => openGroundRules(roomId, pledgeHash, forged, selfA), 'doc_invalid')
    const doc = sealGroundRules(roomId, newText, recipients)
    throwsCode(
      () =>
        openGroundRules(roomId, pledgeHashOf(newText), doc, {
          memberId: C.memberId,
          dhPk: C.dhPk,
          dhSk: C.dhSk,
        }),
      'doc_invalid',
    )
    throwsCode(() => sealGroundRules(roomId, '', recipients), 'doc_invalid')
    throwsCode(() => sealGroundRules(roomId, 'x'.repeat(8193), recipients), 'doc_invalid')
  })

  it('doc_invalid for two keys for self; aead_failed for a sealed key that is not 32 bytes', () => {
    const doc = sealGroundRules(roomId, newText, recipients)
    const twice = { ...doc, keys: [...doc.keys, doc.keys[0] as GroundRulesDoc['keys'][number]] }
    throwsCode(() => openGroundRules(roomId, pledgeHashOf(newText), twice, selfA), 'doc_invalid')
    const shortKey = { ...doc, keys: [{ to: A.memberId, k: seal(filled(31, 1), A.dhPk) }] }
    throwsCode(() => openGroundRules(roomId, pledgeHashOf(newText), shortKey, selfA), 'aead_failed')
  })

  it('aead_failed for another pledge_hash or a key sealed to someone else; bad_padding', () => {
    const doc = sealGroundRules(roomId, newText, recipients, { tk: filled(32, 7), nonce: n })
    throwsCode(() => openGroundRules(roomId, pledgeHash, doc, selfA), 'aead_failed')
    const swapped = { ...doc, keys: [{ to: A.memberId, k: (doc.keys[1] as { k: Uint8Array }).k }] }
    throwsCode(() => openGroundRules(roomId, pledgeHashOf(newText), swapped, selfA), 'aead_failed')
    const ad = concat(utf8Bytes('\u0000\u0000\u0000\u0009PSG1-text'), roomId, pledgeHash)
    const unpadded = { ...doc, c: aeadEncrypt(new Uint8Array(256), ad, n, filled(32, 7)) }
    throwsCode(() => openGroundRules(roomId, pledgeHash, unpadded, selfA), 'bad_padding')
  })

  it('reads D with its lengths', () => {
    const wire = groundRulesDocToWire(sealGroundRules(roomId, newText, recipients))
    throwsCode(() => groundRulesDocFromWire({ ...wire, c: wire.c.slice(0, 100) }), 'bad_encoding')
    throwsCode(
      () => groundRulesDocFromWire({ ...wire, keys: [{ to: wire.keys[0]?.to, k: 'AAAA' }] }),
      'bad_encoding',
    )
  })
})
