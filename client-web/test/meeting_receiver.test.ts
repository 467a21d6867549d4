import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  MeetingReceiver,
  MessageSender,
  Psg1Error,
  createEpochKeys,
  createIdentity,
  epochGraceMs,
  heldMessageMs,
  maxHeldMessages,
  openSkdBox,
  sealSkdBox,
  signKeyPairFromSeed,
  textPlaintext,
  toHex,
  wipeEpochKeys,
  type Psg1Message,
} from '../src/psg1/index.ts'
import { A, B, C, filled, roomId, sessionId, throwsCode } from './fixtures.ts'

const ck = filled(32, 0x42)
const skMsg = signKeyPairFromSeed(filled(32, 0x77))
const parts = [A.memberId, B.memberId]

function from(sender: typeof A, ep: number, count: number): Psg1Message[] {
  const s = new MessageSender(roomId, sessionId, ep, sender.memberId, ck, skMsg.privateKey)
  return Array.from({ length: count }, (_, i) => s.seal(1, textPlaintext(`${ep}:${i}`)))
}

/** B's view of a meeting with A, epoch 1 started at t = 0. */
function meetingOfB(): MeetingReceiver {
  const m = new MeetingReceiver(roomId, sessionId, B.memberId)
  m.startEpoch(1, parts, 0)
  return m
}

describe('meeting receiver (§6.3 step 1, §5.4)', () => {
  it('opens messages of the current epoch once the sender is installed', () => {
    const m = meetingOfB()
    m.installSender(1, A.memberId, ck, skMsg.publicKey, 0)
    const [first] = from(A, 1, 1) as [Psg1Message]
    assert.deepEqual(m.receive(first, 1), { status: 'opened', plaintext: { kind: 1, text: '1:0' } })
    throwsCode(() => m.receive(first, 2), 'replay')
  })

  it('wrong_epoch for another meeting, an unknown epoch, or the previous one after 10 s', () => {
    const m = meetingOfB()
    m.installSender(1, A.memberId, ck, skMsg.publicKey, 0)
    const ms = from(A, 1, 3)
    throwsCode(
      () => m.receive({ ...(ms[0] as Psg1Message), sessionId: filled(16, 1) }, 0),
      'wrong_epoch',
    )
    throwsCode(() => m.receive(from(A, 2, 1)[0] as Psg1Message, 0), 'wrong_epoch')
    m.startEpoch(2, parts, 1000)
    assert.equal(m.receive(ms[0] as Psg1Message, 1000 + epochGraceMs - 1).status, 'opened')
    throwsCode(() => m.receive(ms[1] as Psg1Message, 1000 + epochGraceMs), 'wrong_epoch')
    m.startEpoch(3, parts, 20000)
    throwsCode(() => m.installSender(1, A.memberId, ck, skMsg.publicKey, 20000), 'wrong_epoch')
  })

  it('not_a_participant for a sender outside parts(ep), or self', () => {
    const m = meetingOfB()
    throwsCode(() => m.receive(from(C, 1, 1)[0] as Psg1Message, 0), 'not_a_participant')
    throwsCode(() => m.receive(from(B, 1, 1)[0] as Psg1Message, 0), 'not_a_participant')
    throwsCode(() => m.installSender(1, C.memberId, ck, skMsg.publicKey, 0), 'not_a_participant')
    throwsCode(() => m.installSender(1, B.memberId, ck, skMsg.publicKey, 0), 'not_a_participant')
  })

  it('skd_invalid for a second key for the same sender and epoch', () => {
    const m = meetingOfB()
    m.installSender(1, A.memberId, ck, skMsg.publicKey, 0)
    throwsCode(
      () => m.installSender(1, A.memberId, filled(32, 1), skMsg.publicKey, 0),
      'skd_invalid',
    )
  })

  it('holds messages before the skd and delivers them in order when it comes', () => {
    const m = meetingOfB()
    const ms = from(A, 1, 3)
    assert.equal(m.receive(ms[0] as Psg1Message, 0).status, 'held')
    assert.equal(m.receive(ms[2] as Psg1Message, 1).status, 'held')
    const outcomes = m.installSender(1, A.memberId, ck, skMsg.publicKey, 2)
    assert.deepEqual(
      outcomes.map((o) => o.result),
      [
        { kind: 1, text: '1:0' },
        { kind: 1, text: '1:2' },
      ],
    )
    assert.equal(m.receive(ms[1] as Psg1Message, 3).status, 'opened')
  })

  it('reports a held message that fails its checks with its code', () => {
    const m = meetingOfB()
    const [msg] = from(A, 1, 1) as [Psg1Message]
    m.receive({ ...msg, kind: 3 }, 0)
    const [outcome] = m.installSender(1, A.memberId, ck, skMsg.publicKey, 0)
    assert.ok(outcome?.result instanceof Psg1Error && outcome.result.code === 'sig_invalid')
  })

  it('drops held messages after 5 s, and beyond 64', () => {
    const m = meetingOfB()
    const ms = from(A, 1, maxHeldMessages + 1)
    assert.equal(m.receive(ms[0] as Psg1Message, 0).status, 'held')
    assert.equal(m.expire(heldMessageMs), 1)
    for (let i = 0; i < maxHeldMessages; i++)
      assert.equal(m.receive(ms[i] as Psg1Message, heldMessageMs).status, 'held')
    assert.equal(m.receive(ms[maxHeldMessages] as Psg1Message, heldMessageMs).status, 'dropped')
    assert.equal(
      m.installSender(1, A.memberId, ck, skMsg.publicKey, heldMessageMs).length,
      maxHeldMessages,
    )
  })

  it('forgets everything on close', () => {
    const m = meetingOfB()
    m.installSender(1, A.memberId, ck, skMsg.publicKey, 0)
    m.close()
    throwsCode(() => m.receive(from(A, 1, 1)[0] as Psg1Message, 0), 'wrong_epoch')
  })
})

describe('fresh keys (§2, §5.2)', () => {
  it('makes a new identity and epoch keys each time that work end to end', () => {
    const a = createIdentity()
    const b = createIdentity()
    assert.notEqual(toHex(a.memberId), toHex(b.memberId))
    assert.equal(a.sigSk.length, 64)
    const ka = createEpochKeys()
    const kb = createEpochKeys()
    const at = { roomId, sessionId, ep: 1, from: a.memberId, to: b.memberId }
    const box = sealSkdBox(
      at,
      { chainKey: ka.chainKey, skMsgPk: ka.skMsg.publicKey, name: 'Kari' },
      kb.ek.publicKey,
      ka.ek.privateKey,
    )
    assert.equal(
      toHex(openSkdBox(at, box, ka.ek.publicKey, kb.ek.privateKey).chainKey),
      toHex(ka.chainKey),
    )
    wipeEpochKeys(ka)
    assert.equal(toHex(ka.chainKey), '00'.repeat(32))
  })
})
