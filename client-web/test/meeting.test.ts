import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Roster,
  boxKeyPairFromSeed,
  checkEpoch,
  concat,
  ekeyFromWire,
  ekeyToWire,
  epochFrameFromWire,
  hash,
  lp,
  name64,
  openSkdBox,
  partsHash,
  sealSkdBox,
  signEkey,
  skdBoxFromWire,
  skdBoxToWire,
  skdPayload,
  toHex,
  u32be,
  verifyEkey,
  box,
  type EpochFrame,
  type SkdAddress,
} from '../src/psg1/index.ts'
import {
  A,
  B,
  C,
  D,
  filled,
  flipped,
  entryOf,
  groupFrame,
  roomId,
  sessionId,
  throwsCode,
} from './fixtures.ts'

const roster = Roster.build(roomId, 3, filled(32, 1), groupFrame, [entryOf(A, 1), entryOf(B, 0), entryOf(C, 0)])
const parts = [A.memberId, B.memberId]
const epoch: EpochFrame = { sessionId, ep: 2, rv: 3, rh: roster.hash, parts }
const viewOfA = { sessionId, lastEp: 1, roster, self: A.memberId }

describe('epoch (§5.1)', () => {
  it('parts_hash is H(LP("PSG1-parts") || u32be(count) || ids)', () => {
    assert.equal(
      toHex(partsHash(parts)),
      toHex(hash(concat(lp('PSG1-parts'), u32be(2), A.memberId, B.memberId))),
    )
  })

  it('accepts an epoch that passes every check and returns its parts_hash', () => {
    assert.equal(toHex(checkEpoch(epoch, viewOfA)), toHex(partsHash(parts)))
    checkEpoch({ ...epoch, parts: [A.memberId] }, viewOfA)
  })

  it('wrong_epoch for another meeting or an ep not above the last one seen', () => {
    throwsCode(() => checkEpoch({ ...epoch, sessionId: filled(16, 1) }, viewOfA), 'wrong_epoch')
    throwsCode(() => checkEpoch({ ...epoch, ep: 1 }, viewOfA), 'wrong_epoch')
  })

  it('roster_stale for another rv or rh', () => {
    throwsCode(() => checkEpoch({ ...epoch, rv: 2 }, viewOfA), 'roster_stale')
    throwsCode(() => checkEpoch({ ...epoch, rv: 4 }, viewOfA), 'roster_stale')
    throwsCode(() => checkEpoch({ ...epoch, rh: flipped(roster.hash, 0) }, viewOfA), 'roster_stale')
  })

  it('bad_encoding for unsorted, repeated or no parts', () => {
    throwsCode(
      () => checkEpoch({ ...epoch, parts: [B.memberId, A.memberId] }, viewOfA),
      'bad_encoding',
    )
    throwsCode(
      () => checkEpoch({ ...epoch, parts: [A.memberId, A.memberId] }, viewOfA),
      'bad_encoding',
    )
    throwsCode(() => checkEpoch({ ...epoch, parts: [] }, viewOfA), 'bad_encoding')
  })

  it('not_a_participant for an id not in the roster, or parts without self', () => {
    throwsCode(
      () => checkEpoch({ ...epoch, parts: [A.memberId, D.memberId] }, viewOfA),
      'not_a_participant',
    )
    throwsCode(
      () => checkEpoch({ ...epoch, parts: [B.memberId, C.memberId] }, viewOfA),
      'not_a_participant',
    )
  })

  it('reads the epoch frame', () => {
    const wire = {
      t: 'epoch',
      ses: 'Xl5eXl5eXl5eXl5eXl5eXg',
      ep: 2,
      rv: 3,
      rh: 'A'.repeat(42) + 'A',
      parts: ['oKCgoKCgoKCgoKCgoKCgoA'],
    }
    const parsed = epochFrameFromWire(wire)
    assert.equal(toHex(parsed.sessionId), toHex(sessionId))
    assert.equal(toHex(parsed.parts[0] as Uint8Array), toHex(A.memberId))
    throwsCode(() => epochFrameFromWire({ ...wire, ep: 0 }), 'out_of_range')
    throwsCode(() => epochFrameFromWire({ ...wire, parts: ['oKCg'] }), 'bad_encoding')
  })
})

describe('ekey (§5.2)', () => {
  const ekA = boxKeyPairFromSeed(filled(32, 0x61))
  const ph = partsHash(parts)
  const ekey = signEkey(
    roomId,
    { sessionId, ep: 2, roster, partsHash: ph },
    { memberId: A.memberId, sigSk: A.sigSk },
    ekA.publicKey,
  )
  const viewOfB = { sessionId, ep: 2, parts, partsHash: ph, roster }

  it('verifies an ekey signed over the same view', () => {
    verifyEkey(roomId, ekey, viewOfB)
    verifyEkey(roomId, ekeyFromWire(JSON.parse(JSON.stringify(ekeyToWire(ekey)))), viewOfB)
  })

  it('wrong_epoch, not_a_participant and roster_stale in that order', () => {
    throwsCode(() => verifyEkey(roomId, { ...ekey, ep: 3 }, viewOfB), 'wrong_epoch')
    throwsCode(
      () => verifyEkey(roomId, { ...ekey, sessionId: filled(16, 1) }, viewOfB),
      'wrong_epoch',
    )
    throwsCode(
      () => verifyEkey(roomId, { ...ekey, from: C.memberId, rv: 9 }, viewOfB),
      'not_a_participant',
    )
    throwsCode(() => verifyEkey(roomId, { ...ekey, rv: 2 }, viewOfB), 'roster_stale')
    throwsCode(
      () => verifyEkey(roomId, { ...ekey, rh: flipped(ekey.rh, 1) }, viewOfB),
      'roster_stale',
    )
  })

  it('ekey_invalid over another parts_hash, another EK or a forged signature', () => {
    const otherParts = [A.memberId, B.memberId, C.memberId]
    throwsCode(
      () =>
        verifyEkey(roomId, ekey, {
          ...viewOfB,
          parts: otherParts,
          partsHash: partsHash(otherParts),
        }),
      'ekey_invalid',
    )
    throwsCode(() => verifyEkey(roomId, { ...ekey, ek: filled(32, 2) }, viewOfB), 'ekey_invalid')
    throwsCode(
      () => verifyEkey(roomId, { ...ekey, sig: flipped(ekey.sig, 5) }, viewOfB),
      'ekey_invalid',
    )
    const byB = signEkey(
      roomId,
      { sessionId, ep: 2, roster, partsHash: ph },
      { memberId: A.memberId, sigSk: B.sigSk },
      ekA.publicKey,
    )
    throwsCode(() => verifyEkey(roomId, byB, viewOfB), 'ekey_invalid')
  })
})

describe('skd (§5.3)', () => {
  const ekA = boxKeyPairFromSeed(filled(32, 0x61))
  const ekB = boxKeyPairFromSeed(filled(32, 0x62))
  const at: SkdAddress = { roomId, sessionId, ep: 2, from: A.memberId, to: B.memberId }
  const key = { chainKey: filled(32, 0x42), skMsgPk: filled(32, 0x43), name: 'Kari' }
  const n = filled(24, 0x24)

  it('a 212-byte payload in a 228-byte box that opens with every field', () => {
    assert.equal(skdPayload(at, key).length, 212)
    const b = sealSkdBox(at, key, ekB.publicKey, ekA.privateKey, n)
    assert.equal(b.c.length, 228)
    const opened = openSkdBox(at, b, ekA.publicKey, ekB.privateKey)
    assert.equal(toHex(opened.chainKey), toHex(key.chainKey))
    assert.equal(toHex(opened.skMsgPk), toHex(key.skMsgPk))
    assert.equal(opened.name, 'Kari')
    const wire = skdBoxFromWire(JSON.parse(JSON.stringify(skdBoxToWire(b))))
    openSkdBox(at, wire, ekA.publicKey, ekB.privateKey)
    throwsCode(() => skdBoxFromWire({ ...skdBoxToWire(b), c: 'AAAA' }), 'bad_encoding')
  })

  it('skd_invalid for a box for someone else, from someone else, or in another epoch or meeting', () => {
    const b = sealSkdBox(at, key, ekB.publicKey, ekA.privateKey, n)
    throwsCode(
      () => openSkdBox({ ...at, to: C.memberId }, b, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
    throwsCode(
      () => openSkdBox({ ...at, from: C.memberId }, b, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
    throwsCode(() => openSkdBox({ ...at, ep: 3 }, b, ekA.publicKey, ekB.privateKey), 'skd_invalid')
    throwsCode(
      () => openSkdBox({ ...at, sessionId: filled(16, 1) }, b, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
    throwsCode(
      () => openSkdBox({ ...at, roomId: filled(16, 1) }, b, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
  })

  it('skd_invalid for a box that does not open, or has the wrong length', () => {
    const b = sealSkdBox(at, key, ekB.publicKey, ekA.privateKey, n)
    throwsCode(
      () => openSkdBox(at, { ...b, c: flipped(b.c, 10) }, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
    throwsCode(() => openSkdBox(at, b, ekB.publicKey, ekB.privateKey), 'skd_invalid')
    throwsCode(
      () => openSkdBox(at, { ...b, c: b.c.slice(1) }, ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
  })

  it('skd_invalid for another label, a name field of another length, or a bad name', () => {
    const payload = (label: string, nameField: Uint8Array): Uint8Array =>
      concat(
        lp(label),
        roomId,
        sessionId,
        u32be(2),
        A.memberId,
        B.memberId,
        key.chainKey,
        key.skMsgPk,
        nameField,
      )
    const boxed = (p: Uint8Array) => ({ n, c: box(p, n, ekB.publicKey, ekA.privateKey) })
    assert.equal(
      openSkdBox(at, boxed(payload('PSG1-skd', lp(name64('Ola')))), ekA.publicKey, ekB.privateKey)
        .name,
      'Ola',
    )
    throwsCode(
      () =>
        openSkdBox(
          at,
          boxed(payload('PSG1-sKd', lp(name64('Ola')))),
          ekA.publicKey,
          ekB.privateKey,
        ),
      'skd_invalid',
    )
    const lpOf63 = concat(u32be(63), name64('Ola').slice(0, 63), Uint8Array.of(0))
    throwsCode(
      () => openSkdBox(at, boxed(payload('PSG1-skd', lpOf63)), ekA.publicKey, ekB.privateKey),
      'skd_invalid',
    )
    throwsCode(
      () =>
        openSkdBox(
          at,
          boxed(payload('PSG1-skd', lp(new Uint8Array(64)))),
          ekA.publicKey,
          ekB.privateKey,
        ),
      'skd_invalid',
    )
  })
})
