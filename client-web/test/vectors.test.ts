// The frozen PSG1 test vectors (protocol/vectors/psg1-v1.json, PSG1.md §9), run against the
// TypeScript implementation. The C++ runner (tests/unit/protocol/vectors_test.cpp) runs the same
// file; every case id must pass in both. An op this runner does not know is a failure.

import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import {
  MeetingReceiver,
  MessageReceiver,
  MessageSender,
  Roster,
  base64urlDecodeExact,
  base64urlEncode,
  boxKeyPairFromSeed,
  buildInviteLink,
  buildJoinRequest,
  checkEpoch,
  fromHex,
  isPsg1Error,
  kdfInviteInfoKey,
  kdfInviteJoinKey,
  kdfInviteToken,
  lp,
  messageAd,
  name64,
  openGroundRules,
  openInviteInfo,
  openJoinKey,
  openJoinRequest,
  openName64,
  openSkdBox,
  pad,
  parseInviteLink,
  parsePlaintext,
  partsHash,
  ratchetChainKey,
  ratchetMessageKey,
  safetyDigits,
  safetyFingerprint,
  safetyNumber,
  sealInviteInfo,
  sealSkdBox,
  signApproval,
  signDecline,
  signEkey,
  signKeyPairFromSeed,
  toHex,
  utf8Bytes,
  verifyChainFromPin,
  verifyDeclines,
  verifyEkey,
  verifyStep,
  type Psg1Message,
  type RosterApproval,
  type RosterEntry,
} from '../src/psg1/index.ts'
import './fixtures.ts' // awaits psg1Ready()

/** The repository's protocol/vectors/psg1-v1.json, found upwards from this file (test/ or
 *  build-test/test/). */
function vectorsPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'protocol', 'vectors', 'psg1-v1.json')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error('protocol/vectors/psg1-v1.json not found')
    dir = parent
  }
}

type Json = Record<string, unknown>
interface Case {
  id: string
  op: string
  in: Json
  out: Json
  only?: string
}

const file = JSON.parse(readFileSync(vectorsPath(), 'utf8')) as {
  name: string
  frozen: string
  fixtures: Json
  cases: Case[]
}
const fx = file.fixtures as {
  room_id: string
  session_id: string
  origin: string
  invite: { invite_id: string; invite_secret: string; challenge: string; link: string }
  members: (Record<string, string> & { epoch: Record<string, string> })[]
}

const h = fromHex
const str = (x: unknown): string => {
  assert.equal(typeof x, 'string')
  return x as string
}
const num = (x: unknown): number => {
  assert.equal(typeof x, 'number')
  return x as number
}
const arr = (x: unknown): Json[] => {
  assert.ok(Array.isArray(x))
  return x as Json[]
}
const roomId = h(fx.room_id)
const sessionId = h(fx.session_id)
const inviteSecret = h(fx.invite.invite_secret)

interface Member {
  memberId: Uint8Array
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
  dhSk: Uint8Array
  name: string
  ekPk: Uint8Array
  ekSk: Uint8Array
  ck0: Uint8Array
  skMsgPk: Uint8Array
  skMsgSk: Uint8Array
}
const members = new Map<string, Member>()
for (const m of fx.members) {
  members.set(m.label as string, {
    memberId: h(m.member_id as string),
    sigPk: h(m.sig_pk as string),
    sigSk: h(m.sig_sk as string),
    dhPk: h(m.dh_pk as string),
    dhSk: h(m.dh_sk as string),
    name: m.name as string,
    ekPk: h(m.epoch.ek_pk as string),
    ekSk: h(m.epoch.ek_sk as string),
    ck0: h(m.epoch.ck0 as string),
    skMsgPk: h(m.epoch.sk_msg_pk as string),
    skMsgSk: h(m.epoch.sk_msg_sk as string),
  })
}
const member = (label: unknown): Member => {
  const m = members.get(str(label))
  assert.ok(m, `no member ${String(label)}`)
  return m
}

const approvals = (x: unknown): RosterApproval[] =>
  arr(x).map((a) => ({ memberId: h(str(a.m)), sig: h(str(a.sig)) }))
const parseRoster = (x: unknown): Roster => Roster.parse(roomId, h(str(x)))
const eqHex = (actual: Uint8Array, expected: unknown, what: string) =>
  assert.equal(toHex(actual), str(expected), what)

// One function per op: run the case's input and compare with out (positive cases). For negative
// cases the runner calls the same function and expects it to throw out.error.
const ops: Record<string, (input: Json, out: Json) => void> = {
  b64(input, out) {
    if (input.hex !== undefined) {
      const x = h(str(input.hex))
      assert.equal(base64urlEncode(x), str(out.b64))
      eqHex(base64urlDecodeExact(str(out.b64), x.length), input.hex, 'decode')
    } else {
      base64urlDecodeExact(str(input.b64), num(input.len))
    }
  },
  lp(input, out) {
    eqHex(lp(str(input.text)), out.hex, 'lp')
  },
  name(input, out) {
    if (input.name !== undefined) {
      const padded = name64(str(input.name))
      eqHex(padded, out.name64, 'name64')
      assert.equal(openName64(padded), input.name)
    } else {
      openName64(h(str(input.name64)))
    }
  },
  kdf(input, out) {
    const secret = h(str(input.invite_secret))
    eqHex(kdfInviteToken(secret), out.tok, 'tok')
    eqHex(kdfInviteJoinKey(secret), out.jk, 'jk')
    eqHex(kdfInviteInfoKey(secret), out.ik, 'ik')
  },
  ratchet(input, out) {
    const ck = [h(str(input.ck0))]
    for (let i = 1; i <= 1000; i++) ck.push(ratchetChainKey(ck[i - 1] as Uint8Array))
    for (const i of [1, 2, 3]) eqHex(ck[i] as Uint8Array, out[`ck${i}`], `ck${i}`)
    for (const i of [0, 1, 1000])
      eqHex(ratchetMessageKey(ck[i] as Uint8Array), out[`mk${i}`], `mk${i}`)
  },
  roster_tbs(input, out) {
    const f = input.frame as Json
    const entries: RosterEntry[] = arr(input.entries).map((e) => {
      const m = member(e.member)
      return { memberId: m.memberId, role: num(e.role), sigPk: m.sigPk, dhPk: m.dhPk }
    })
    const r = Roster.build(roomId, num(input.v), h(str(input.prev_hash)), {
      sizeCap: num(f.size_cap),
      admission: num(f.admission),
      opening: num(f.opening),
      facTerm: num(f.fac_term),
      turnS: num(f.turn_s),
      pledgeHash: h(str(f.pledge_hash)),
    }, entries)
    eqHex(r.tbs, out.tbs, 'tbs')
    eqHex(r.hash, out.hash, 'hash')
    const signed = arr(input.approvers).map((l) => {
      const m = member(l)
      const a = signApproval(r, m.memberId, m.sigSk)
      return { m: toHex(a.memberId), sig: toHex(a.sig) }
    })
    assert.deepEqual(signed, out.approvals)
  },
  roster_step(input, out) {
    const prev = input.prev === null ? null : parseRoster(input.prev)
    const tbs = h(str(input.tbs))
    const next = verifyStep(roomId, prev, tbs, approvals(input.approvals), input.final === true)
    assert.equal(next.version, num(out.v))
    eqHex(next.hash, out.hash, 'hash')
  },
  roster_chain(input, out) {
    const versions = arr(input.versions).map((v) => ({
      v: num(v.v),
      tbs: h(str(v.tbs)),
      approvals: approvals(v.approvals),
    }))
    const newest = verifyChainFromPin(roomId, h(str(input.pin)), versions)
    assert.equal(newest.version, num(out.v))
    eqHex(newest.hash, out.hash, 'hash')
  },
  invite_link(input, out) {
    const link = parseInviteLink(str(input.link))
    assert.equal(link.origin, out.origin)
    eqHex(link.roomId, out.room_id, 'room')
    eqHex(link.inviteId, out.invite_id, 'invite')
    eqHex(link.secret, out.invite_secret, 'secret')
    eqHex(link.rosterHash, out.roster_hash, 'roster hash')
    assert.equal(buildInviteLink(link.origin, link), input.link)
  },
  invite_info(input, out) {
    const ik = kdfInviteInfoKey(inviteSecret)
    const inviteId = h(str(input.invite_id))
    const n = h(str(input.n))
    if (input.group_name !== undefined) {
      const sealed = sealInviteInfo(roomId, inviteId, ik, {
        groupName: str(input.group_name),
        creatorName: str(input.creator_name),
        text: str(input.text),
      }, n)
      eqHex(sealed.c, out.c, 'c')
    }
    const info = openInviteInfo(roomId, inviteId, ik, { n, c: h(str(input.c)) })
    assert.equal(info.groupName, out.group_name)
    assert.equal(info.creatorName, out.creator_name)
    assert.equal(info.text, out.text)
  },
  jk_seal_open(input, out) {
    const self = member(input.self)
    const opened = openJoinKey(roomId, h(str(input.invite_id)), h(str(input.sealed)), self, [
      parseRoster(input.roster),
    ])
    eqHex(opened.jk, out.jk, 'jk')
    eqHex(opened.signerId, out.signer, 'signer')
  },
  join_request(input, out) {
    const inviteId = h(str(input.invite_id))
    if (input.build !== undefined) {
      const b = input.build as Json
      const joiner = member(b.joiner)
      const built = buildJoinRequest({
        roomId,
        origin: fx.origin,
        challenge: h(str(b.challenge)),
        inviteId,
        inviteSecret,
        identity: joiner,
        pledgeHash: h(str(b.pledge_hash)),
        name: str(b.name),
        nonce: h(str(b.n)),
      })
      eqHex(built.tok, out.tok, 'tok')
      eqHex(built.pledgeSig, out.pledge, 'pledge')
      eqHex(built.c, out.c, 'c')
      eqHex(built.sig, out.possession, 'possession')
    }
    const c = input.clear as Json
    const jk = kdfInviteJoinKey(inviteSecret)
    const opened = openJoinRequest(roomId, jk, h(str(input.current_pledge_hash)), {
      inviteId,
      memberId: h(str(c.member)),
      sigPk: h(str(c.sig_pk)),
      dhPk: h(str(c.dh_pk)),
      pledgeHash: h(str(c.ph)),
      pledgeSig: h(str(c.pledge)),
      n: h(str(c.n)),
      c: h(str(c.c)),
    })
    assert.equal(opened.name, out.name)
  },
  decline(input, out) {
    const joinerM = member(input.joiner)
    const joiner = {
      inviteId: h(str(input.invite_id)),
      memberId: joinerM.memberId,
      sigPk: joinerM.sigPk,
    }
    if (input.decliner !== undefined) {
      const d = member(input.decliner)
      eqHex(signDecline(roomId, joiner, d.memberId, d.sigSk).sig, out.sig, 'decline sig')
    }
    verifyDeclines(roomId, parseRoster(input.roster), joiner, [
      { memberId: h(str(input.m)), sig: h(str(input.sig)) },
    ])
  },
  doc(input, out) {
    const d = input.doc as Json
    const doc = {
      n: h(str(d.n)),
      c: h(str(d.c)),
      keys: arr(d.keys).map((k) => ({ to: h(str(k.to)), k: h(str(k.k)) })),
    }
    const opened = openGroundRules(roomId, h(str(input.pledge_hash)), doc, member(input.self))
    assert.equal(opened, out.text)
  },
  parts_hash(input, out) {
    const roster = parseRoster(input.roster)
    const parts = arr(input.parts).map((p) => h(str(p)))
    const hash = checkEpoch(
      { sessionId, ep: 1, rv: roster.version, rh: roster.hash, parts },
      { sessionId, lastEp: 0, roster, self: member(input.self).memberId },
    )
    eqHex(hash, out.hash, 'parts_hash')
    eqHex(partsHash(parts), out.hash, 'parts_hash')
  },
  ekey(input, out) {
    const roster = parseRoster(input.roster)
    const parts = arr(input.parts).map((p) => h(str(p)))
    const ph = partsHash(parts)
    const from = member(input.from)
    const ep = num(input.ep)
    const ekPk = h(str(input.ek_pk))
    if (out.error === undefined) {
      const signed = signEkey(roomId, { sessionId, ep, roster, partsHash: ph }, from, ekPk)
      eqHex(signed.sig, out.sig, 'ekey sig')
    }
    verifyEkey(
      roomId,
      {
        sessionId,
        ep,
        from: from.memberId,
        rv: roster.version,
        rh: roster.hash,
        ek: ekPk,
        sig: h(str(input.sig)),
      },
      { sessionId, ep, parts, partsHash: ph, roster },
    )
  },
  skd(input, out) {
    const from = member(input.from)
    const to = member(input.to)
    const at = { roomId, sessionId, ep: num(input.ep), from: from.memberId, to: to.memberId }
    const n = h(str(input.n))
    if (out.error === undefined) {
      const key = { chainKey: from.ck0, skMsgPk: from.skMsgPk, name: from.name }
      const sealed = sealSkdBox(at, key, to.ekPk, from.ekSk, n)
      eqHex(sealed.c, out.c, 'c')
    }
    const key = openSkdBox(at, { n, c: h(str(input.c)) }, from.ekPk, to.ekSk)
    eqHex(key.chainKey, out.ck0, 'ck0')
    eqHex(key.skMsgPk, out.sk_msg_pk, 'sk_msg_pk')
    assert.equal(key.name, out.name)
  },
  msg_send(input, out) {
    const from = member(input.from)
    const ep = num(input.ep)
    const sender = new MessageSender(roomId, sessionId, ep, from.memberId, from.ck0, from.skMsgSk)
    const expected = arr(out.messages)
    arr(input.messages).forEach((m, i) => {
      const e = expected[i] as Json
      const pt = utf8Bytes(str(m.plaintext))
      const sent = sender.seal(num(m.kind), pt, h(str(m.n)))
      assert.equal(sent.ctr, num(e.ctr))
      eqHex(pad(pt, 256), e.pt, 'pt')
      eqHex(messageAd(roomId, sessionId, ep, from.memberId, sent.ctr, num(m.kind)), e.ad, 'ad')
      eqHex(sent.ct, e.ct, 'ct')
      eqHex(sent.sig, e.sig, 'sig')
    })
    assert.equal(arr(input.messages).length, expected.length)
  },
  msg_receive(input, out) {
    const from = member(input.from)
    const ep = num(input.ep)
    const { memberId, ck0, skMsgPk } = from
    const receiver = new MessageReceiver(roomId, sessionId, ep, memberId, ck0, skMsgPk)
    const messages = arr(input.messages)
    const opened: string[] = []
    messages.forEach((m, i) => {
      const open = () => receiver.open(messageOf(m))
      // Every message before the last must open; the last one gives out's verdict.
      if (i < messages.length - 1 || out.error === undefined) {
        const pt = open()
        opened.push(canonical(pt))
      } else {
        open()
      }
    })
    assert.deepEqual(opened, out.plaintexts)
  },
  meeting(input, out) {
    const meeting = new MeetingReceiver(roomId, sessionId, member(input.self).memberId)
    const opened: string[] = []
    const steps = arr(input.steps)
    steps.forEach((step, i) => {
      const now = num(step.at_ms)
      const last = i === steps.length - 1
      try {
        switch (step.do) {
          case 'epoch':
            meeting.startEpoch(num(step.ep), arr(step.parts).map((l) => member(l).memberId), now)
            break
          case 'install': {
            const from = member(step.from)
            const ep = num(step.ep)
            const held = meeting.installSender(ep, from.memberId, from.ck0, from.skMsgPk, now)
            for (const outcome of held) {
              if (outcome.result instanceof Error) throw outcome.result
              opened.push(canonical(outcome.result))
            }
            break
          }
          case 'receive': {
            const m = step.message as Json
            const delivery = meeting.receive(messageOf(m), now)
            assert.notEqual(delivery.status, 'dropped')
            if (delivery.status === 'opened') opened.push(canonical(delivery.plaintext))
            break
          }
          default:
            assert.fail(`unknown step ${String(step.do)}`)
        }
      } catch (err) {
        // Only the last step may fail, with out's code.
        if (!last || out.error === undefined) assert.fail(`step ${i}: ${String(err)}`)
        throw err
      }
    })
    assert.deepEqual(opened, out.plaintexts)
  },
  safety_number(input, out) {
    const a = member(input.a)
    const b = member(input.b)
    const fa = safetyFingerprint(a.sigPk, a.dhPk)
    const fb = safetyFingerprint(b.sigPk, b.dhPk)
    eqHex(fa, out.fp_a, 'fp_a')
    eqHex(fb, out.fp_b, 'fp_b')
    assert.equal(safetyDigits(fa), out.digits_a)
    assert.equal(safetyDigits(fb), out.digits_b)
    assert.equal(safetyNumber(a, b), out.number)
    assert.equal(safetyNumber(b, a), out.number)
  },
  plaintext(input, out) {
    const pt = h(str(input.pt))
    const parsed = parsePlaintext(num(input.kind), pt)
    assert.equal(canonical(parsed), out.json)
  },
}

/** A msg's fields from the vector's hex. */
function messageOf(m: Json): Psg1Message {
  return {
    sessionId: h(str(m.ses)),
    ep: num(m.ep),
    from: h(str(m.from)),
    ctr: num(m.ctr),
    kind: num(m.kind),
    n: h(str(m.n)),
    ct: h(str(m.ct)),
    sig: h(str(m.sig)),
  }
}

/** The canonical JSON of a parsed plaintext, as the sender builds it (§6.4). */
function canonical(p: ReturnType<typeof parsePlaintext>): string {
  switch (p.kind) {
    case 1:
      return JSON.stringify({ text: p.text })
    case 2:
      return JSON.stringify({ r: p.reaction })
    case 3:
      return JSON.stringify({ typing: p.typing })
  }
}

describe(`PSG1 frozen vectors (${file.name}, frozen ${file.frozen})`, () => {
  it('has fixtures that expand from the seeds of §9', () => {
    for (const m of fx.members) {
      const sig = signKeyPairFromSeed(h(m.sig_seed as string))
      const dh = boxKeyPairFromSeed(h(m.dh_seed as string))
      assert.equal(toHex(sig.publicKey), m.sig_pk)
      assert.equal(toHex(sig.privateKey), m.sig_sk)
      assert.equal(toHex(dh.publicKey), m.dh_pk)
      assert.equal(toHex(dh.privateKey), m.dh_sk)
      const ek = boxKeyPairFromSeed(h(m.epoch.ek_seed as string))
      const skMsg = signKeyPairFromSeed(h(m.epoch.sk_msg_seed as string))
      assert.equal(toHex(ek.publicKey), m.epoch.ek_pk)
      assert.equal(toHex(ek.privateKey), m.epoch.ek_sk)
      assert.equal(toHex(skMsg.publicKey), m.epoch.sk_msg_pk)
      assert.equal(toHex(skMsg.privateKey), m.epoch.sk_msg_sk)
    }
    const link = parseInviteLink(fx.invite.link)
    eqHex(link.inviteId, fx.invite.invite_id, 'invite id')
    eqHex(link.secret, fx.invite.invite_secret, 'invite secret')
  })

  it('has unique case ids and only ops this runner knows', () => {
    const ids = new Set(file.cases.map((c) => c.id))
    assert.equal(ids.size, file.cases.length)
    for (const c of file.cases) assert.ok(c.op in ops, `${c.id}: unknown op ${c.op}`)
    assert.ok(file.cases.length > 0)
  })

  for (const c of file.cases) {
    it(`${c.op} ${c.id}`, () => {
      // TS-only cases (the meeting op, see the file's notes) run here; v1 has no C++-only ones.
      const tsOnly = c.only === 'ts' && c.op === 'meeting'
      assert.ok(c.only === undefined || tsOnly, `${c.id}: only ${c.only}`)
      const run = ops[c.op]
      assert.ok(run, `unknown op ${c.op}`)
      if (c.out.error === undefined) {
        run(c.in, c.out)
        return
      }
      assert.throws(
        () => run(c.in, c.out),
        (err: unknown) => {
          assert.ok(isPsg1Error(err), `expected a Psg1Error, got ${String(err)}`)
          assert.equal(err.code, c.out.error)
          return true
        },
      )
    })
  }
})
