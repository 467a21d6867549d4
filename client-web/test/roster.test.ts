import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Roster,
  approvalsMissing,
  classifyStep,
  isAdmitted,
  isPsg1Error,
  mayApprove,
  concat,
  hash,
  quorum,
  rosterVersionFromWire,
  rosterVersionToWire,
  signApproval,
  toHex,
  u32be,
  utf8Bytes,
  verifyChain,
  verifyChainFromPin,
  verifyStep,
  type RosterApproval,
  type RosterEntry,
  type RosterFrame,
  type RosterVersion,
} from '../src/psg1/index.ts'
import {
  A,
  B,
  C,
  D,
  E,
  filled,
  flipped,
  groundRules,
  roomId,
  otherRoomId,
  throwsCode,
  type Member,
} from './fixtures.ts'

const zero32 = new Uint8Array(32)
const baseFrame: RosterFrame = {
  sizeCap: 12,
  admission: 0,
  opening: 0,
  facTerm: 0,
  turnS: 0,
  pledgeHash: hash(utf8Bytes(groundRules)),
}

function entry(m: Member, role = 0): RosterEntry {
  return { memberId: m.memberId, role, sigPk: m.sigPk, dhPk: m.dhPk }
}

function first(frame: RosterFrame = baseFrame, founder: Member = A): Roster {
  return Roster.build(roomId, 1, zero32, frame, [entry(founder, 1)])
}

function next(prev: Roster, entries: RosterEntry[], frame: RosterFrame = prev.frame): Roster {
  return Roster.buildNext(prev, entries, frame)
}

function approve(version: Roster, ...members: Member[]): RosterApproval[] {
  return members.map((m) => signApproval(version, m.memberId, m.sigSk))
}

/**
 * verifyStep, and the check that approvalsMissing agrees with its step 7: 0 exactly when a final
 * step passes, more when it fails with approvals_missing.
 */
function step(
  prev: Roster | null,
  version: Roster,
  approvals: RosterApproval[],
  final = true,
): Roster {
  let missing: number | null = null
  try {
    missing = approvalsMissing(
      prev,
      verifyStep(roomId, prev, version.tbs, approvals, false),
      approvals,
    )
  } catch {
    // Checks 1..6 fail: the call below throws their code.
  }
  try {
    const out = verifyStep(roomId, prev, version.tbs, approvals, final)
    if (final) assert.equal(missing, 0)
    return out
  } catch (err) {
    if (isPsg1Error(err, 'approvals_missing')) assert.ok(missing !== null && missing > 0)
    throw err
  }
}

/**
 * A verified group of the given members (the first is the facilitator), grown by ADDs approved by
 * all.
 */
function group(
  members: Member[],
  frame: RosterFrame = baseFrame,
): { chain: RosterVersion[]; last: Roster } {
  let last = first(frame, members[0])
  const chain: RosterVersion[] = [
    { v: 1, tbs: last.tbs, approvals: approve(last, members[0] as Member) },
  ]
  for (let i = 1; i < members.length; i++) {
    const v = next(last, [...last.entries, entry(members[i] as Member)])
    const approvals = approve(v, ...members.slice(0, i))
    step(last, v, approvals)
    chain.push({ v: v.version, tbs: v.tbs, approvals })
    last = v
  }
  return { chain, last }
}

function withRole(r: Roster, m: Member, role: number): RosterEntry[] {
  return r.entries.map((e) => (toHex(e.memberId) === toHex(m.memberId) ? { ...e, role } : e))
}

function without(r: Roster, m: Member): RosterEntry[] {
  return r.entries.filter((e) => toHex(e.memberId) !== toHex(m.memberId))
}

describe('roster tbs and hash (§3.2, §3.3)', () => {
  it('matches the C++ roster for seeded members', () => {
    const v1 = first()
    assert.equal(v1.tbs.length, 114 + 81)
    assert.equal(toHex(v1.hash), 'a6b71ae87b174af2007df5aa3b03cff1621eb04c1b066b95d0c86a4be962aca7')
    assert.equal(
      toHex(approve(v1, A)[0]?.sig as Uint8Array),
      'cb3e591dc292ff309d0d31cbffb12fe699f0a1e6fe360dfbcc28ad67d7421ba26e370dc22feca183ddb06973ee01e2cb7b72cdad0ad6b6fdf346cc5a9d823907',
    )
    const v2 = next(v1, [entry(B), entry(A, 1)])
    assert.equal(toHex(v2.hash), 'd28f9167f364375b70f782f4478c6f91d976b1f4e2c889b987a215f8af4c6b32')
    assert.equal(
      toHex(approve(v2, A)[0]?.sig as Uint8Array),
      'af9f6e042042c5e0c36a1527dc35d4fc4e97b9cd261d4e8ba16dd1e13305542be038db8f9c90102978176944744479cda6e081005af36bc43ba62bec4bd94c0c',
    )
    const v3 = next(v2, [entry(A, 0), entry(B, 1)], { ...baseFrame, admission: 1 })
    assert.equal(toHex(v3.hash), '453747b384c0181f91e33a4079bbabe7d1661735b7057e19ab7dc46b66094c9f')
  })

  it('sorts entries so two proposers make the same bytes, and parses back', () => {
    const v1 = first()
    const a = next(v1, [entry(A, 1), entry(B)])
    const b = next(v1, [entry(B), entry(A, 1)])
    assert.equal(toHex(a.tbs), toHex(b.tbs))
    const parsed = Roster.parse(roomId, a.tbs)
    assert.equal(parsed.version, 2)
    assert.equal(toHex(parsed.hash), toHex(a.hash))
    assert.deepEqual(parsed.frame, a.frame)
    assert.equal(parsed.find(B.memberId)?.role, 0)
    assert.equal(parsed.find(C.memberId), undefined)
  })
})

describe('verify_step check 1: parse (roster_invalid)', () => {
  const v1 = first()
  const ok = (tbs: Uint8Array): Roster => Roster.parse(roomId, tbs)
  const bad = (tbs: Uint8Array): void =>
    throwsCode(() => verifyStep(roomId, null, tbs, approve(v1, A), true), 'roster_invalid')

  it('refuses a truncated or over-long tbs and more than 12 entries', () => {
    ok(v1.tbs)
    bad(v1.tbs.slice(0, v1.tbs.length - 1))
    bad(v1.tbs.slice(0, 113))
    bad(concat(v1.tbs, new Uint8Array(81)))
    const thirteen = Array.from({ length: 13 }, (_, i): RosterEntry => ({
      memberId: filled(16, i),
      role: 0,
      sigPk: filled(32, 0x40 + i),
      dhPk: filled(32, 0x80 + i),
    }))
    ok(Roster.build(roomId, 1, zero32, baseFrame, thirteen.slice(0, 12)).tbs)
    bad(Roster.build(roomId, 1, zero32, baseFrame, thirteen).tbs)
  })

  it('refuses another label, another room and a count that disagrees with the length', () => {
    bad(flipped(v1.tbs, 4))
    throwsCode(() => verifyStep(otherRoomId, null, v1.tbs, approve(v1, A), true), 'roster_invalid')
    const countAt = 114 - 4
    const wrongCount = v1.tbs.slice()
    wrongCount.set(u32be(2), countAt)
    bad(wrongCount)
  })

  it('refuses frame fields out of range', () => {
    const frames: [Partial<RosterFrame>, boolean][] = [
      [{ sizeCap: 2 }, true],
      [{ sizeCap: 1 }, false],
      [{ sizeCap: 13 }, false],
      [{ admission: 1 }, true],
      [{ admission: 2 }, false],
      [{ opening: 1 }, true],
      [{ opening: 2 }, false],
      [{ facTerm: 65535 }, true],
      [{ turnS: 30 }, true],
      [{ turnS: 3600 }, true],
      [{ turnS: 29 }, false],
      [{ turnS: 3601 }, false],
    ]
    for (const [change, valid] of frames) {
      const tbs = first({ ...baseFrame, ...change }).tbs
      if (valid) ok(tbs)
      else bad(tbs)
    }
  })

  it('refuses a role above 1, unsorted or repeated ids and repeated keys', () => {
    bad(Roster.build(roomId, 1, zero32, baseFrame, [entry(A, 2)]).tbs)
    const two = next(first(), [entry(A, 1), entry(B)]).tbs
    const swapped = concat(two.slice(0, 114), two.slice(114 + 81), two.slice(114, 114 + 81))
    throwsCode(() => Roster.parse(roomId, swapped), 'roster_invalid')
    throwsCode(
      () => Roster.parse(roomId, concat(two.slice(0, 114 + 81), two.slice(114, 114 + 81))),
      'roster_invalid',
    )
    const sameSig = { ...entry(B), sigPk: A.sigPk }
    throwsCode(
      () => Roster.parse(roomId, next(first(), [entry(A, 1), sameSig]).tbs),
      'roster_invalid',
    )
    const sameDh = { ...entry(B), dhPk: A.dhPk }
    throwsCode(
      () => Roster.parse(roomId, next(first(), [entry(A, 1), sameDh]).tbs),
      'roster_invalid',
    )
    // A key in both columns is refused too (roster.cpp's answer to §13 item 9).
    const crossed = { ...entry(B), dhPk: A.sigPk }
    throwsCode(
      () => Roster.parse(roomId, next(first(), [entry(A, 1), crossed]).tbs),
      'roster_invalid',
    )
  })
})

describe('verify_step checks 2..4', () => {
  const v1 = first()
  const v2 = next(v1, [entry(A, 1), entry(B)])

  it('version_gap: v1 must be 1, then prev + 1', () => {
    step(null, v1, approve(v1, A))
    step(v1, v2, approve(v2, A))
    const v1as2 = Roster.build(roomId, 2, zero32, baseFrame, [entry(A, 1)])
    throwsCode(() => step(null, v1as2, approve(v1as2, A)), 'version_gap')
    const v3 = Roster.build(roomId, 3, v1.hash, baseFrame, [entry(A, 1), entry(B)])
    throwsCode(() => step(v1, v3, approve(v3, A)), 'version_gap')
    const v0 = Roster.build(roomId, 0, zero32, baseFrame, [entry(A, 1)])
    throwsCode(() => step(null, v0, []), 'version_gap')
  })

  it('version_gap: a tbs version beyond 2^53 is compared exactly', () => {
    const tbs = v2.tbs.slice()
    new DataView(tbs.buffer).setBigUint64(31, 2n ** 60n + 2n)
    throwsCode(() => verifyStep(roomId, v1, tbs, [], false), 'version_gap')
  })

  it('prev_hash_mismatch', () => {
    const v1b = Roster.build(roomId, 1, filled(32, 1), baseFrame, [entry(A, 1)])
    throwsCode(() => step(null, v1b, approve(v1b, A)), 'prev_hash_mismatch')
    const v2b = Roster.build(roomId, 2, hash(v2.tbs), baseFrame, [entry(A, 1), entry(B)])
    throwsCode(() => step(v1, v2b, approve(v2b, A)), 'prev_hash_mismatch')
  })

  it('size_cap_reached: n = size_cap + 1, and a cap lowered below n', () => {
    const capped = first({ ...baseFrame, sizeCap: 2 })
    const two = next(capped, [entry(A, 1), entry(B)])
    step(capped, two, approve(two, A))
    const three = next(two, [...two.entries, entry(C)])
    throwsCode(() => step(two, three, approve(three, A, B)), 'size_cap_reached')
    const { last } = group([A, B, C])
    const lowered = next(last, [...last.entries], { ...last.frame, sizeCap: 2 })
    throwsCode(() => step(last, lowered, approve(lowered, A, B, C)), 'size_cap_reached')
  })
})

describe('verify_step check 5: one change kind (roster_invalid)', () => {
  const { last: ab } = group([A, B])

  it('accepts FIRST, ADD, REMOVE and CHANGE', () => {
    assert.equal(classifyStep(null, first()).kind, 'first')
    assert.equal(classifyStep(ab, next(ab, [...ab.entries, entry(C)])).kind, 'add')
    assert.equal(classifyStep(ab, next(ab, without(ab, B))).kind, 'remove')
    assert.equal(
      classifyStep(ab, next(ab, [...ab.entries], { ...ab.frame, opening: 1 })).kind,
      'change',
    )
    const stepDown = classifyStep(ab, next(ab, withRole(ab, A, 0)))
    assert.ok(stepDown.kind === 'change' && stepDown.stepDown !== null)
  })

  it('refuses FIRST with two members or role 0', () => {
    const two = Roster.build(roomId, 1, zero32, baseFrame, [entry(A, 1), entry(B)])
    throwsCode(() => step(null, two, approve(two, A)), 'roster_invalid')
    const member = Roster.build(roomId, 1, zero32, baseFrame, [entry(A, 0)])
    throwsCode(() => step(null, member, approve(member, A)), 'roster_invalid')
  })

  it('refuses an ADD with role 1, two added, a changed frame or key with an ADD', () => {
    const role1 = next(ab, [...ab.entries, entry(C, 1)])
    throwsCode(() => step(ab, role1, approve(role1, A, B)), 'roster_invalid')
    const two = next(ab, [...ab.entries, entry(C), entry(D)])
    throwsCode(() => step(ab, two, approve(two, A, B)), 'roster_invalid')
    const frame = next(ab, [...ab.entries, entry(C)], { ...ab.frame, opening: 1 })
    throwsCode(() => step(ab, frame, approve(frame, A, B)), 'roster_invalid')
    const key = next(ab, [entry(A, 1), { ...entry(B), dhPk: E.dhPk }, entry(C)])
    throwsCode(() => step(ab, key, approve(key, A, B)), 'roster_invalid')
  })

  it('refuses add and remove together, a changed key, and an empty change', () => {
    const swap = next(ab, [entry(A, 1), entry(C)])
    throwsCode(() => step(ab, swap, approve(swap, A, B)), 'roster_invalid')
    const key = next(ab, [entry(A, 1), { ...entry(B), sigPk: E.sigPk }])
    throwsCode(() => step(ab, key, approve(key, A, B)), 'roster_invalid')
    const same = next(ab, [...ab.entries])
    throwsCode(() => step(ab, same, approve(same, A, B)), 'roster_invalid')
    const removedWithFrame = next(ab, without(ab, B), { ...ab.frame, opening: 1 })
    throwsCode(() => step(ab, removedWithFrame, approve(removedWithFrame, A, B)), 'roster_invalid')
  })

  it('refuses any step after n = 0', () => {
    const alone = first()
    const empty = next(alone, [])
    const ended = step(alone, empty, approve(empty, A))
    assert.equal(ended.entries.length, 0)
    const after = next(ended, [entry(B)])
    throwsCode(() => step(ended, after, []), 'roster_invalid')
  })
})

describe('verify_step check 6: approvals (approval_invalid)', () => {
  const { last: ab } = group([A, B])
  const abc = next(ab, [...ab.entries, entry(C)])

  it('accepts approvals by members of v', () => {
    step(ab, abc, approve(abc, A, B))
    step(ab, abc, approve(abc, B, A))
  })

  it('refuses a non-member, the joiner being added, a member twice, and a forgery', () => {
    throwsCode(() => step(ab, abc, approve(abc, A, D), false), 'approval_invalid')
    throwsCode(() => step(ab, abc, approve(abc, A, C), false), 'approval_invalid')
    throwsCode(() => step(ab, abc, approve(abc, A, A), false), 'approval_invalid')
    const forged = { memberId: B.memberId, sig: approve(abc, D)[0]?.sig as Uint8Array }
    throwsCode(() => step(ab, abc, [...approve(abc, A), forged], false), 'approval_invalid')
    const flippedSig = {
      memberId: A.memberId,
      sig: flipped(approve(abc, A)[0]?.sig as Uint8Array, 0),
    }
    throwsCode(() => step(ab, abc, [flippedSig], false), 'approval_invalid')
  })

  it('refuses an approval of another version', () => {
    const abd = next(ab, [...ab.entries, entry(D)])
    throwsCode(() => step(ab, abc, approve(abd, A), false), 'approval_invalid')
  })

  it('FIRST is approved by its one member only', () => {
    const v1 = first()
    step(null, v1, approve(v1, A))
    throwsCode(() => step(null, v1, approve(v1, B)), 'approval_invalid')
  })
})

describe('verify_step check 7: the valid-when rule (approvals_missing)', () => {
  it('FIRST needs its own approval', () => {
    const v1 = first()
    throwsCode(() => step(null, v1, []), 'approvals_missing')
    step(null, v1, [], false)
  })

  it('ADD in a group of one: the facilitator alone', () => {
    const v1 = first()
    const v2 = next(v1, [entry(A, 1), entry(B)])
    step(v1, v2, approve(v2, A))
  })

  it('ADD under policy 0 needs everyone; one short is missing, also in a group of two', () => {
    const { last: ab } = group([A, B])
    const abc = next(ab, [...ab.entries, entry(C)])
    step(ab, abc, approve(abc, A, B))
    throwsCode(() => step(ab, abc, approve(abc, A)), 'approvals_missing')
    step(ab, abc, approve(abc, A), false)
    const { last: abcd } = group([A, B, C, D])
    const plusE = next(abcd, [...abcd.entries, entry(E)])
    step(abcd, plusE, approve(plusE, A, B, C, D))
    throwsCode(() => step(abcd, plusE, approve(plusE, A, B, C)), 'approvals_missing')
  })

  it('ADD under policy 1 needs a majority: 2 of 3, 3 of 4, 3 of 5', () => {
    const majority = { ...baseFrame, admission: 1 }
    assert.deepEqual([quorum(1, 3), quorum(1, 4), quorum(1, 5), quorum(0, 5)], [2, 3, 3, 5])
    const { last: abc } = group([A, B, C], majority)
    const plusD = next(abc, [...abc.entries, entry(D)])
    step(abc, plusD, approve(plusD, B, C))
    throwsCode(() => step(abc, plusD, approve(plusD, C)), 'approvals_missing')
    const { last: abcd } = group([A, B, C, D], majority)
    const plusE = next(abcd, [...abcd.entries, entry(E)])
    step(abcd, plusE, approve(plusE, A, C, D))
    throwsCode(() => step(abcd, plusE, approve(plusE, A, D)), 'approvals_missing')
    const { last: five } = group([A, B, C, D, E], majority)
    const removeA = next(five, without(five, A))
    step(five, removeA, approve(removeA, B, C, D)) // q(4 others) = 3
    throwsCode(() => step(five, removeA, approve(removeA, B, C)), 'approvals_missing')
    const policy = next(five, [...five.entries], { ...five.frame, opening: 1 })
    step(five, policy, approve(policy, C, D, E))
    throwsCode(() => step(five, policy, approve(policy, D, E)), 'approvals_missing')
  })

  it('REMOVE: the removed member alone (leaving), or the others by policy', () => {
    const { last: abc } = group([A, B, C])
    const removeC = next(abc, without(abc, C))
    step(abc, removeC, approve(removeC, C))
    step(abc, removeC, approve(removeC, A, B))
    step(abc, removeC, approve(removeC, A, B, C))
    throwsCode(() => step(abc, removeC, approve(removeC, A)), 'approvals_missing')
    throwsCode(() => step(abc, removeC, []), 'approvals_missing')
  })

  it('REMOVE in a group of two: either member removes the other', () => {
    const { last: ab } = group([A, B])
    const removeB = next(ab, without(ab, B))
    step(ab, removeB, approve(removeB, A))
    const removeA = next(ab, without(ab, A))
    step(ab, removeA, approve(removeA, B))
  })

  it('REMOVE of the last member: only by itself, the others being none', () => {
    const alone = first()
    const empty = next(alone, [])
    step(alone, empty, approve(empty, A))
    throwsCode(() => step(alone, empty, []), 'approvals_missing')
  })

  it('CHANGE of the policy, roles and a handover needs q(P)', () => {
    const { last: ab } = group([A, B])
    const policy = next(ab, [...ab.entries], { ...ab.frame, admission: 1, opening: 1 })
    step(ab, policy, approve(policy, A, B))
    throwsCode(() => step(ab, policy, approve(policy, A)), 'approvals_missing')
    const handover = next(ab, [entry(A, 0), entry(B, 1)])
    step(ab, handover, approve(handover, A, B))
    throwsCode(() => step(ab, handover, approve(handover, A)), 'approvals_missing')
    const promote = next(ab, withRole(ab, B, 1))
    step(ab, promote, approve(promote, A, B))
    throwsCode(() => step(ab, promote, approve(promote, B)), 'approvals_missing')
  })

  it('STEP-DOWN needs only the one stepping down, not someone else', () => {
    const { last: abc } = group([A, B, C])
    const stepDown = next(abc, withRole(abc, A, 0))
    step(abc, stepDown, approve(stepDown, A))
    throwsCode(() => step(abc, stepDown, approve(stepDown, B)), 'approvals_missing')
    const stepDownWithFrame = next(abc, withRole(abc, A, 0), { ...abc.frame, opening: 1 })
    throwsCode(
      () => step(abc, stepDownWithFrame, approve(stepDownWithFrame, A)),
      'approvals_missing',
    )
  })
})

describe('verify_chain and verify_chain_from_pin (§3.8)', () => {
  // v1..v6: FIRST A, ADD B, ADD C, ADD D, REMOVE B (leaving), CHANGE (handover A→C).
  const { chain: four, last: abcd } = group([A, B, C, D])
  const v5 = next(abcd, without(abcd, B))
  const v6 = next(v5, [entry(A, 0), entry(C, 1), entry(D)])
  const chain: RosterVersion[] = [
    ...four,
    { v: 5, tbs: v5.tbs, approvals: approve(v5, B) },
    { v: 6, tbs: v6.tbs, approvals: approve(v6, A, C, D) },
  ]
  const v3 = Roster.parse(roomId, (chain[2] as RosterVersion).tbs)

  it('verifies v1..v6 from nothing and from a pin at v3', () => {
    assert.equal(toHex(verifyChain(roomId, null, chain).hash), toHex(v6.hash))
    assert.equal(toHex(verifyChainFromPin(roomId, v3.hash, chain.slice(2)).hash), toHex(v6.hash))
    assert.equal(verifyChainFromPin(roomId, v3.hash, chain.slice(2, 3)).version, 3)
    assert.equal(toHex(verifyChainFromPin(roomId, zero32, chain).hash), toHex(v6.hash))
    assert.equal(verifyChain(roomId, v3, []).version, 3)
  })

  it('no_roster for an empty chain without anchor', () => {
    throwsCode(() => verifyChain(roomId, null, []), 'no_roster')
    throwsCode(() => verifyChainFromPin(roomId, zero32, []), 'no_roster')
  })

  it('version_gap for a chain without v1 or with a hole', () => {
    throwsCode(() => verifyChain(roomId, null, chain.slice(1)), 'version_gap')
    throwsCode(
      () => verifyChain(roomId, null, [chain[0] as RosterVersion, chain[2] as RosterVersion]),
      'version_gap',
    )
  })

  it('pin_mismatch for another first version or an empty answer', () => {
    throwsCode(() => verifyChainFromPin(roomId, v3.hash, chain.slice(1)), 'pin_mismatch')
    throwsCode(() => verifyChainFromPin(roomId, v3.hash, []), 'pin_mismatch')
  })

  it('roster_invalid for a wire v that differs from the tbs, at the pin and after it', () => {
    const lying = chain.map((c) => (c.v === 4 ? { ...c, v: 5 } : c))
    throwsCode(() => verifyChain(roomId, null, lying), 'roster_invalid')
    throwsCode(
      () => verifyChainFromPin(roomId, v3.hash, [{ ...(chain[2] as RosterVersion), v: 2 }]),
      'roster_invalid',
    )
    throwsCode(
      () =>
        verifyChainFromPin(roomId, v3.hash, [
          { ...(chain[2] as RosterVersion), tbs: new Uint8Array(10) },
        ]),
      'roster_invalid',
    )
  })

  it('stops at the first failing step with its code', () => {
    const missing = chain.map((c) => (c.v === 6 ? { ...c, approvals: approve(v6, A) } : c))
    throwsCode(() => verifyChain(roomId, null, missing), 'approvals_missing')
  })

  it('reads and writes V on the wire', () => {
    const wire = rosterVersionToWire(chain[1] as RosterVersion)
    const back = rosterVersionFromWire(JSON.parse(JSON.stringify(wire)))
    assert.equal(toHex(back.tbs), toHex((chain[1] as RosterVersion).tbs))
    assert.equal(
      toHex(back.approvals[0]?.sig as Uint8Array),
      toHex((chain[1] as RosterVersion).approvals[0]?.sig as Uint8Array),
    )
    throwsCode(() => rosterVersionFromWire({ ...wire, v: 2 ** 53 }), 'out_of_range')
    throwsCode(() => rosterVersionFromWire({ ...wire, v: 0 }), 'out_of_range')
    throwsCode(
      () => rosterVersionFromWire({ ...wire, tbs: wire.tbs.slice(0, 150) }),
      'bad_encoding',
    )
    throwsCode(
      () => rosterVersionFromWire({ ...wire, approvals: [{ m: wire.approvals[0]?.m, sig: 'AA' }] }),
      'bad_encoding',
    )
  })
})

describe('approvals still needed, one approval per number, admission (§3.4, §3.6, §3.8)', () => {
  const { last: abcd } = group([A, B, C, D])

  it('counts the approvals still needed', () => {
    const plusE = next(abcd, [...abcd.entries, entry(E)])
    assert.equal(approvalsMissing(abcd, plusE, []), 4)
    assert.equal(approvalsMissing(abcd, plusE, approve(plusE, A)), 3)
    assert.equal(approvalsMissing(abcd, plusE, approve(plusE, A, B, C, D)), 0)
    const removeD = next(abcd, without(abcd, D))
    assert.equal(approvalsMissing(abcd, removeD, approve(removeD, A)), 1)
    assert.equal(approvalsMissing(abcd, removeD, approve(removeD, D)), 0)
    const { last: five } = group([A, B, C, D, E], { ...baseFrame, admission: 1 })
    const policy = next(five, [...five.entries], { ...five.frame, opening: 1 })
    assert.equal(approvalsMissing(five, policy, approve(policy, B)), 2)
    assert.equal(approvalsMissing(null, first(), []), 1)
  })

  it('lets a member approve one hash per version number, with the exceptions of §3.6', () => {
    const plusE = next(abcd, [...abcd.entries, entry(E)])
    const other = next(abcd, [...abcd.entries], { ...abcd.frame, opening: 1 })
    const last = { v: plusE.version, hash: plusE.hash }
    assert.ok(mayApprove(null, abcd, other, B.memberId, false))
    assert.ok(mayApprove(last, abcd, plusE, B.memberId, false))
    assert.ok(!mayApprove(last, abcd, other, B.memberId, false))
    assert.ok(mayApprove(last, abcd, other, B.memberId, true))
    assert.ok(mayApprove({ v: 4, hash: plusE.hash }, abcd, other, B.memberId, false))
    const leaveB = next(abcd, without(abcd, B))
    assert.ok(mayApprove(last, abcd, leaveB, B.memberId, false))
    assert.ok(!mayApprove(last, abcd, leaveB, C.memberId, false))
    const stepDown = next(abcd, withRole(abcd, A, 0))
    assert.ok(mayApprove(last, abcd, stepDown, A.memberId, false))
    assert.ok(!mayApprove(last, abcd, stepDown, B.memberId, false))
  })

  it('admits a joiner only with its own id, keys and role 0', () => {
    const plusE = next(abcd, [...abcd.entries, entry(E)])
    assert.ok(isAdmitted(plusE, E))
    assert.ok(!isAdmitted(abcd, E))
    assert.ok(!isAdmitted(plusE, { ...E, dhPk: D.dhPk }))
    assert.ok(!isAdmitted(abcd, A)) // role 1
  })
})
