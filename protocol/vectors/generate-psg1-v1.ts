// One-off generator of protocol/vectors/psg1-v1.json, the frozen PSG1 test vectors (PSG1.md §9).
//
// Run ONCE, by hand, on 2026-11-30, with the client-web toolchain (TypeScript 6.0.3, node 20,
// libsodium-wrappers 0.8.4 from client-web/package-lock.json):
//
//   cd client-web
//   npx tsc --ignoreConfig --target ES2022 --module esnext --moduleResolution bundler --strict \
//     --allowImportingTsExtensions --rewriteRelativeImportExtensions --skipLibCheck \
//     --types node --rootDir .. --outDir /tmp/psg1-gen ../protocol/vectors/generate-psg1-v1.ts
//   echo '{"type":"module"}' > /tmp/psg1-gen/package.json
//   ln -s "$PWD/node_modules" /tmp/psg1-gen/node_modules
//   node /tmp/psg1-gen/protocol/vectors/generate-psg1-v1.js ../protocol/vectors/psg1-v1.json
//
// CI and the test scripts never run it. The file is frozen: never regenerate it. A change to any
// PSG1 byte means a new generator and a new file, psg1-v2.json, while v1 keeps passing.
//
// Everything is deterministic (fixed seeds, ids and nonces; Ed25519, BOX and AEAD with fixed
// nonces) except SEAL, which is randomised: the sealed join keys and the doc's sealed text keys
// were sealed once here, and the runners only open them.

import { writeFileSync } from 'node:fs'
import {
  Roster,
  aeadEncrypt,
  base64urlEncode,
  boxKeyPairFromSeed,
  buildInviteLink,
  buildJoinRequest,
  concat,
  joinRequestAd,
  joinRequestPlaintext,
  joinSigMessage,
  kdfInviteInfoKey,
  kdfInviteJoinKey,
  kdfInviteToken,
  lp,
  messageAd,
  messageSignedBytes,
  MessageSender,
  name64,
  pad,
  partsHash,
  pledgeHashOf,
  psg1Ready,
  ratchetChainKey,
  ratchetMessageKey,
  reactionPlaintext,
  safetyDigits,
  safetyFingerprint,
  safetyNumber,
  sealGroundRules,
  sealInviteInfo,
  sealJoinKey,
  sealSkdBox,
  sign,
  signApproval,
  signDecline,
  signEkey,
  signKeyPairFromSeed,
  textPlaintext,
  toHex,
  typingPlaintext,
  u8,
  utf8Bytes,
  type RosterApproval,
  type RosterEntry,
  type RosterFrame,
} from '../../client-web/src/psg1/index.ts'

await psg1Ready()

const hex = toHex
const filled = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b)
const counting = (n: number, start: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff)
const flip = (x: Uint8Array, i: number): Uint8Array => {
  const y = x.slice()
  y[i] = (y[i] as number) ^ 1
  return y
}

// ---------------------------------------------------------------------------------------------
// Fixtures

const roomId = counting(16, 0x00)
const otherRoomId = filled(16, 0x99)
const sessionId = filled(16, 0x5e)
const origin = 'https://sirkel.example'
const texts = {
  pledge_nb:
    'Det som blir sagt i gruppa, blir i gruppa. Vi lytter uten å avbryte, snakker om oss selv, ' +
    'og gir ikke råd ingen har bedt om.',
  pledge_en:
    'What is said in the group stays in the group. We listen without interrupting, speak for ' +
    'ourselves, and give no advice nobody asked for.',
}
const pledgeNb = pledgeHashOf(texts.pledge_nb)
const pledgeEn = pledgeHashOf(texts.pledge_en)
const names = ['Kari', 'Ola', 'Åse', 'Nils', 'Sofie']

interface Member {
  label: string
  memberId: Uint8Array
  sigSeed: Uint8Array
  dhSeed: Uint8Array
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
  dhSk: Uint8Array
  name: string
  // Per-epoch keys for the meeting cases: EK, CK_0 and SK_msg.
  ekSeed: Uint8Array
  ekPk: Uint8Array
  ekSk: Uint8Array
  ck0: Uint8Array
  skMsgSeed: Uint8Array
  skMsgPk: Uint8Array
  skMsgSk: Uint8Array
}

function member(k: number): Member {
  const sigSeed = filled(32, 0x10 + k)
  const dhSeed = filled(32, 0x20 + k)
  const ekSeed = filled(32, 0x30 + k)
  const skMsgSeed = filled(32, 0x50 + k)
  const sig = signKeyPairFromSeed(sigSeed)
  const dh = boxKeyPairFromSeed(dhSeed)
  const ek = boxKeyPairFromSeed(ekSeed)
  const skMsg = signKeyPairFromSeed(skMsgSeed)
  return {
    label: 'ABCDE'[k] as string,
    memberId: filled(16, 0xa0 + k),
    sigSeed,
    dhSeed,
    sigPk: sig.publicKey,
    sigSk: sig.privateKey,
    dhPk: dh.publicKey,
    dhSk: dh.privateKey,
    name: names[k] as string,
    ekSeed,
    ekPk: ek.publicKey,
    ekSk: ek.privateKey,
    ck0: filled(32, 0x40 + k),
    skMsgSeed,
    skMsgPk: skMsg.publicKey,
    skMsgSk: skMsg.privateKey,
  }
}
const [A, B, C, D, E] = [0, 1, 2, 3, 4].map(member) as [Member, Member, Member, Member, Member]
const members = [A, B, C, D, E]

const nonces: Record<string, Uint8Array> = {}
for (let i = 0; i < 16; i++) nonces[`n${i}`] = filled(24, 0xb0 + i)
const nonce = (i: number): Uint8Array => nonces[`n${i}`] as Uint8Array

const inviteId = counting(16, 0x70)
const otherInviteId = counting(16, 0x60)
const inviteSecret = counting(32, 0x80)
const challenge = counting(32, 0xc0)
const jk = kdfInviteJoinKey(inviteSecret)
const ik = kdfInviteInfoKey(inviteSecret)

// ---------------------------------------------------------------------------------------------
// Cases

interface Case {
  id: string
  op: string
  in: Record<string, unknown>
  out: Record<string, unknown>
  only?: 'ts' | 'cpp'
}
const cases: Case[] = []
const ids = new Set<string>()
function add(op: string, id: string, input: Record<string, unknown>, out: Record<string, unknown>) {
  if (ids.has(id)) throw new Error(`duplicate case id ${id}`)
  ids.add(id)
  cases.push({ id, op, in: input, out })
}
const fail = (code: string) => ({ error: code })

// --- b64 (§1): every length of §1, and every refusal.
for (const n of [0, 1, 2, 3, 16, 24, 32, 64, 80, 160, 228, 321]) {
  const x = counting(n, 0xf0 + n)
  add('b64', `b64-${n}`, { hex: hex(x) }, { b64: base64urlEncode(x) })
}
const key32 = counting(32, 0x01)
const key32b64 = base64urlEncode(key32) // 43 characters, 2 trailing bits
add('b64', 'b64-padded', { b64: `${key32b64}=`, len: 32 }, fail('bad_encoding'))
add('b64', 'b64-plus', { b64: `+${key32b64.slice(1)}`, len: 32 }, fail('bad_encoding'))
add('b64', 'b64-slash', { b64: `/${key32b64.slice(1)}`, len: 32 }, fail('bad_encoding'))
add(
  'b64',
  'b64-space',
  { b64: `${key32b64.slice(0, 20)} ${key32b64.slice(20)}`, len: 32 },
  fail('bad_encoding'),
)
add('b64', 'b64-newline', { b64: `${key32b64}\n`, len: 32 }, fail('bad_encoding'))
{
  // The last character of 32 bytes carries 4 bits of data and 2 zero bits: set one of those.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const last = alphabet.indexOf(key32b64.at(-1) as string)
  const bad = key32b64.slice(0, -1) + alphabet[last | 1]
  add('b64', 'b64-trailing-bits', { b64: bad, len: 32 }, fail('bad_encoding'))
}
add('b64', 'b64-key-31', { b64: base64urlEncode(counting(31, 1)), len: 32 }, fail('bad_encoding'))
add('b64', 'b64-key-33', { b64: base64urlEncode(counting(33, 1)), len: 32 }, fail('bad_encoding'))
add('b64', 'b64-sig-63', { b64: base64urlEncode(counting(63, 1)), len: 64 }, fail('bad_encoding'))

// --- lp (§1).
add('lp', 'lp-label', { text: 'PSG1-roster' }, { hex: hex(lp('PSG1-roster')) })
add('lp', 'lp-empty', { text: '' }, { hex: hex(lp('')) })
add('lp', 'lp-utf8', { text: 'Åse' }, { hex: hex(lp('Åse')) })

// --- name (§1): NAME64 and its rules, both ways.
for (const [id, n] of [
  ['name-kari', 'Kari'],
  ['name-ase', 'Åse'],
  ['name-emoji', 'Ola 🌿'],
  ['name-63-bytes', 'x'.repeat(63)],
  ['name-1-byte', 'K'],
] as const) {
  add('name', id, { name: n }, { name64: hex(name64(n)) })
}
for (const [id, n] of [
  ['name-empty', ''],
  ['name-64-bytes', 'x'.repeat(64)],
  ['name-control-bel', 'Ka\u0007ri'],
  ['name-control-del', 'Ka\u007fri'],
  ['name-control-c1', 'Ka\u0085ri'],
  ['name-leading-space', ' Kari'],
  ['name-trailing-nbsp', 'Kari\u00a0'],
] as const) {
  add('name', id, { name: n }, fail('bad_name'))
}
add('name', 'name64-bad-padding', { name64: hex(filled(64, 0)) }, fail('bad_name'))
add('name', 'name64-empty', { name64: hex(pad(new Uint8Array(0), 64)) }, fail('bad_name'))
add(
  'name',
  'name64-bad-utf8',
  { name64: hex(pad(Uint8Array.of(0x4b, 0xc3), 64)) },
  fail('bad_name'),
)
add('name', 'name64-control', { name64: hex(pad(utf8Bytes('Ka\u0007ri'), 64)) }, fail('bad_name'))

// --- kdf, ratchet (§4.1, §6.1).
add(
  'kdf',
  'kdf-invite',
  { invite_secret: hex(inviteSecret) },
  { tok: hex(kdfInviteToken(inviteSecret)), jk: hex(jk), ik: hex(ik) },
)
{
  const ck0 = A.ck0
  const ck: Uint8Array[] = [ck0]
  for (let i = 1; i <= 1000; i++) ck.push(ratchetChainKey(ck[i - 1] as Uint8Array))
  add(
    'ratchet',
    'ratchet-a',
    { ck0: hex(ck0) },
    {
      ck1: hex(ck[1] as Uint8Array),
      ck2: hex(ck[2] as Uint8Array),
      ck3: hex(ck[3] as Uint8Array),
      mk0: hex(ratchetMessageKey(ck0)),
      mk1: hex(ratchetMessageKey(ck[1] as Uint8Array)),
      mk1000: hex(ratchetMessageKey(ck[1000] as Uint8Array)),
    },
  )
}

// --- roster_tbs, roster_step, roster_chain (§3).
const entry = (m: Member, role = 0): RosterEntry => ({
  memberId: m.memberId,
  role,
  sigPk: m.sigPk,
  dhPk: m.dhPk,
})
const approve = (r: Roster, ...by: Member[]): RosterApproval[] =>
  by.map((m) => signApproval(r, m.memberId, m.sigSk))
const approvalsJson = (as: readonly RosterApproval[]) =>
  as.map((a) => ({ m: hex(a.memberId), sig: hex(a.sig) }))
const frame0: RosterFrame = {
  sizeCap: 5,
  admission: 0,
  opening: 0,
  facTerm: 0,
  turnS: 0,
  pledgeHash: pledgeNb,
}
const frameJson = (f: RosterFrame) => ({
  size_cap: f.sizeCap,
  admission: f.admission,
  opening: f.opening,
  fac_term: f.facTerm,
  turn_s: f.turnS,
  pledge_hash: hex(f.pledgeHash),
})

function tbsCase(id: string, r: Roster, entries: [Member, number][], approvers: Member[]) {
  add(
    'roster_tbs',
    id,
    {
      v: r.version,
      prev_hash: hex(r.prevHash),
      frame: frameJson(r.frame),
      entries: entries.map(([m, role]) => ({ member: m.label, role })),
      approvers: approvers.map((m) => m.label),
    },
    { tbs: hex(r.tbs), hash: hex(r.hash), approvals: approvalsJson(approve(r, ...approvers)) },
  )
}
function stepCase(
  id: string,
  prev: Roster | null,
  tbs: Uint8Array,
  approvals: readonly RosterApproval[],
  out: Record<string, unknown>,
  final = true,
) {
  add(
    'roster_step',
    id,
    {
      prev: prev === null ? null : hex(prev.tbs),
      tbs: hex(tbs),
      approvals: approvalsJson(approvals),
      final,
    },
    out,
  )
}
const okStep = (r: Roster) => ({ v: r.version, hash: hex(r.hash) })

// The main chain: admission 0 (all) up to v4, then 1 (majority).
const v1 = Roster.build(roomId, 1, filled(32, 0), frame0, [entry(A, 1)])
const v2 = Roster.buildNext(v1, [entry(A, 1), entry(B)])
const v3 = Roster.buildNext(v2, [entry(A, 1), entry(B), entry(C)])
const frame1: RosterFrame = { ...frame0, admission: 1, opening: 1, facTerm: 12, turnS: 120 }
const v4 = Roster.buildNext(v3, v3.entries, frame1)
const v5 = Roster.buildNext(v4, [...v4.entries, entry(D)])
const v6 = Roster.buildNext(v5, [...v5.entries, entry(E)])
const v7 = Roster.buildNext(v6, [entry(A), entry(B, 1), entry(C), entry(D), entry(E)])
const v8 = Roster.buildNext(v7, [entry(A), entry(B), entry(C), entry(D), entry(E)])
const v9 = Roster.buildNext(v8, [entry(A), entry(B), entry(C), entry(D)])
const v10 = Roster.buildNext(v9, [entry(A), entry(B), entry(C)])
const v11 = Roster.buildNext(v10, [entry(A), entry(B), entry(C, 1)])
const v12 = Roster.buildNext(v11, v11.entries, { ...frame1, pledgeHash: pledgeEn })
const chain: [Roster, RosterApproval[], string][] = [
  [v1, approve(v1, A), 'first'],
  [v2, approve(v2, A), 'add-group-of-one'],
  [v3, approve(v3, A, B), 'add-policy0-all-of-2'],
  [v4, approve(v4, A, B, C), 'change-policy'],
  [v5, approve(v5, B, C), 'add-majority-of-3'],
  [v6, approve(v6, A, B, D), 'add-majority-of-4'],
  [v7, approve(v7, A, C, E), 'change-handover-majority-of-5'],
  [v8, approve(v8, B), 'step-down'],
  [v9, approve(v9, E), 'remove-self'],
  [v10, approve(v10, A, C), 'remove-by-others-majority'],
  [v11, approve(v11, B, C), 'change-roles'],
  [v12, approve(v12, A, B), 'change-pledge'],
]
tbsCase('tbs-v1-first', v1, [[A, 1]], [A])
tbsCase('tbs-v2-add', v2, [[A, 1], [B, 0]], [A])
tbsCase('tbs-v4-change-policy', v4, [[A, 1], [B, 0], [C, 0]], [A, B, C])
tbsCase('tbs-v7-handover', v7, [[A, 0], [B, 1], [C, 0], [D, 0], [E, 0]], [A, C, E])
tbsCase('tbs-v10-remove', v10, [[C, 0], [A, 0], [B, 0]], [A, C])
{
  let prev: Roster | null = null
  for (const [r, approvals, name] of chain) {
    stepCase(`step-v${r.version}-${name}`, prev, r.tbs, approvals, okStep(r))
    prev = r
  }
}
// A proposal with its proposer's approval only passes step 6 without final (§8.2).
stepCase('step-v3-proposal-not-final', v2, v3.tbs, approve(v3, A), okStep(v3), false)
// A group of two: either member removes the other (§3.4).
{
  const r = Roster.buildNext(v2, [entry(A, 1)])
  stepCase('step-remove-in-group-of-two', v2, r.tbs, approve(r, A), okStep(r))
}
// The last member leaves: n = 0 ends the group, and nothing may follow.
const lastLeaves = Roster.buildNext(v1, [])
stepCase('step-remove-last-member', v1, lastLeaves.tbs, approve(lastLeaves, A), okStep(lastLeaves))
{
  const after = Roster.buildNext(lastLeaves, [entry(B)])
  stepCase(
    'step-after-empty-group',
    lastLeaves,
    after.tbs,
    approve(after, B),
    fail('roster_invalid'),
  )
}
// approval_invalid: a non-member, the joiner being added, twice, forged; approvals_missing.
stepCase('step-approval-non-member', v2, v3.tbs, approve(v3, A, E), fail('approval_invalid'))
stepCase('step-approval-by-joiner', v4, v5.tbs, approve(v5, B, D), fail('approval_invalid'))
stepCase('step-approval-twice', v4, v5.tbs, approve(v5, B, B), fail('approval_invalid'))
stepCase(
  'step-approval-forged',
  v4,
  v5.tbs,
  [...approve(v5, B), { memberId: C.memberId, sig: flip(approve(v5, C)[0]?.sig as Uint8Array, 5) }],
  fail('approval_invalid'),
)
stepCase('step-approval-other-version', v4, v5.tbs, approve(v6, B, C), fail('approval_invalid'))
stepCase(
  'step-add-facilitator-alone-group-of-two',
  v2,
  v3.tbs,
  approve(v3, A),
  fail('approvals_missing'),
)
{
  const addD0 = Roster.buildNext(v3, [...v3.entries, entry(D)])
  stepCase(
    'step-add-policy0-one-short',
    v3,
    addD0.tbs,
    approve(addD0, A, B),
    fail('approvals_missing'),
  )
  const removeC0 = Roster.buildNext(v3, [entry(A, 1), entry(B)])
  stepCase(
    'step-remove-policy0-by-one-other',
    v3,
    removeC0.tbs,
    approve(removeC0, A),
    fail('approvals_missing'),
  )
  stepCase(
    'step-remove-policy0-by-all-others',
    v3,
    removeC0.tbs,
    approve(removeC0, A, B),
    okStep(removeC0),
  )
}
stepCase('step-add-policy1-one-short', v5, v6.tbs, approve(v6, A, B), fail('approvals_missing'))
stepCase('step-change-policy-one-short', v3, v4.tbs, approve(v4, A, B), fail('approvals_missing'))
stepCase('step-remove-by-others-one-short', v9, v10.tbs, approve(v10, A), fail('approvals_missing'))
stepCase('step-step-down-by-other', v7, v8.tbs, approve(v8, A), fail('approvals_missing'))
// prev_hash_mismatch, version_gap.
{
  const bad = Roster.build(roomId, 2, filled(32, 7), frame0, v2.entries)
  stepCase('step-bad-prev-hash', v1, bad.tbs, approve(bad, A), fail('prev_hash_mismatch'))
  const gap = Roster.build(roomId, 3, v1.hash, frame0, v2.entries)
  stepCase('step-version-gap', v1, gap.tbs, approve(gap, A), fail('version_gap'))
  stepCase('step-first-not-v1', null, v2.tbs, approve(v2, A), fail('version_gap'))
}
// roster_invalid: shapes and parsing.
{
  const addRole1 = Roster.buildNext(v3, [...v3.entries, entry(D, 1)])
  stepCase(
    'step-add-with-role-1',
    v3,
    addRole1.tbs,
    approve(addRole1, A, B, C),
    fail('roster_invalid'),
  )
  const changedKey = Roster.buildNext(v3, [entry(A, 1), entry(B), { ...entry(C), dhPk: D.dhPk }])
  stepCase(
    'step-changed-key',
    v3,
    changedKey.tbs,
    approve(changedKey, A, B, C),
    fail('roster_invalid'),
  )
  const addRemove = Roster.buildNext(v3, [entry(A, 1), entry(B), entry(D)])
  stepCase(
    'step-add-and-remove',
    v3,
    addRemove.tbs,
    approve(addRemove, A, B, C),
    fail('roster_invalid'),
  )
  const twoAdded = Roster.buildNext(v3, [...v3.entries, entry(D), entry(E)])
  stepCase('step-two-added', v3, twoAdded.tbs, approve(twoAdded, A, B, C), fail('roster_invalid'))
  const empty = Roster.buildNext(v3, v3.entries)
  stepCase('step-empty-change', v3, empty.tbs, approve(empty, A, B, C), fail('roster_invalid'))
  const wrongRoom = Roster.build(otherRoomId, 4, v3.hash, frame0, v3.entries)
  stepCase('step-wrong-room', v3, wrongRoom.tbs, [], fail('roster_invalid'))
  stepCase('step-truncated', v3, addRemove.tbs.slice(0, -1), [], fail('roster_invalid'))
  // Swap the last two entries of an otherwise valid ADD: ids no longer ascend.
  const add4 = Roster.buildNext(v3, [...v3.entries, entry(D)])
  const unsorted = add4.tbs.slice()
  const at = unsorted.length - 2 * 81
  unsorted.set(add4.tbs.slice(at + 81), at)
  unsorted.set(add4.tbs.slice(at, at + 81), at + 81)
  stepCase('step-unsorted-ids', v3, unsorted, [], fail('roster_invalid'))
  const role2 = Roster.buildNext(v3, [entry(A, 2), entry(B), entry(C)])
  stepCase('step-role-2', v3, role2.tbs, [], fail('roster_invalid'))
  const turn10 = Roster.buildNext(v3, v3.entries, { ...frame0, turnS: 10 })
  stepCase('step-turn-s-10', v3, turn10.tbs, [], fail('roster_invalid'))
  const cap13 = Roster.buildNext(v3, v3.entries, { ...frame0, sizeCap: 13 })
  stepCase('step-size-cap-13', v3, cap13.tbs, [], fail('roster_invalid'))
  const repeatedKey = Roster.buildNext(v3, [...v3.entries, { ...entry(D), sigPk: B.sigPk }])
  stepCase(
    'step-repeated-key',
    v3,
    repeatedKey.tbs,
    approve(repeatedKey, A, B, C),
    fail('roster_invalid'),
  )
  // A label other than PSG1-roster.
  const relabelled = v2.tbs.slice()
  relabelled[4] = 0x51 // 'P' → 'Q'
  stepCase('step-wrong-label', v1, relabelled, [], fail('roster_invalid'))
}
// size_cap_reached.
{
  const small = { ...frame0, sizeCap: 2 }
  const s1 = Roster.build(roomId, 1, filled(32, 0), small, [entry(A, 1)])
  const s2 = Roster.buildNext(s1, [entry(A, 1), entry(B)])
  const s3 = Roster.buildNext(s2, [entry(A, 1), entry(B), entry(C)])
  stepCase('step-add-at-cap-2', s2, s3.tbs, approve(s3, A, B), fail('size_cap_reached'))
  stepCase('step-add-to-cap-2', s1, s2.tbs, approve(s2, A), okStep(s2))
  const lowered = Roster.buildNext(v3, v3.entries, { ...frame0, sizeCap: 2 })
  stepCase(
    'step-cap-lowered-below-n',
    v3,
    lowered.tbs,
    approve(lowered, A, B, C),
    fail('size_cap_reached'),
  )
}

const versionJson = (r: Roster, approvals: readonly RosterApproval[], v = r.version) => ({
  v,
  tbs: hex(r.tbs),
  approvals: approvalsJson(approvals),
})
const chainJson = (from: number, to: number) =>
  chain.slice(from - 1, to).map(([r, approvals]) => versionJson(r, approvals))
add(
  'roster_chain',
  'chain-v1-v12',
  { pin: hex(filled(32, 0)), versions: chainJson(1, 12) },
  okStep(v12),
)
add(
  'roster_chain',
  'chain-pin-v3-to-v6',
  { pin: hex(v3.hash), versions: chainJson(3, 6) },
  okStep(v6),
)
add(
  'roster_chain',
  'chain-pin-v3-only',
  { pin: hex(v3.hash), versions: chainJson(3, 3) },
  okStep(v3),
)
add(
  'roster_chain',
  'chain-without-v1',
  { pin: hex(filled(32, 0)), versions: chainJson(2, 6) },
  fail('version_gap'),
)
add(
  'roster_chain',
  'chain-pin-mismatch',
  { pin: hex(v2.hash), versions: chainJson(3, 6) },
  fail('pin_mismatch'),
)
add(
  'roster_chain',
  'chain-pin-empty-answer',
  { pin: hex(v3.hash), versions: [] },
  fail('pin_mismatch'),
)
add(
  'roster_chain',
  'chain-missing-version',
  { pin: hex(v3.hash), versions: [...chainJson(3, 4), ...chainJson(6, 6)] },
  fail('version_gap'),
)
add(
  'roster_chain',
  'chain-wire-v-differs',
  { pin: hex(v3.hash), versions: [...chainJson(3, 3), versionJson(v4, chain[3]?.[1] ?? [], 5)] },
  fail('roster_invalid'),
)
add(
  'roster_chain',
  'chain-approval-missing',
  { pin: hex(v3.hash), versions: [...chainJson(3, 3), versionJson(v4, approve(v4, A, B))] },
  fail('approvals_missing'),
)

// --- invite_link (§4.1).
const link = buildInviteLink(
  origin,
  { roomId, inviteId, secret: inviteSecret, rosterHash: v5.hash },
)
const firstLink = buildInviteLink(
  origin,
  { roomId, inviteId, secret: inviteSecret, rosterHash: filled(32, 0) },
)
const linkOut = (rh: Uint8Array) => ({
  origin,
  room_id: hex(roomId),
  invite_id: hex(inviteId),
  invite_secret: hex(inviteSecret),
  roster_hash: hex(rh),
})
add('invite_link', 'link-member-invite', { link }, linkOut(v5.hash))
add('invite_link', 'link-first-member', { link: firstLink }, linkOut(filled(32, 0)))
{
  const hashAt = link.indexOf('#')
  add('invite_link', 'link-version-2', { link: link.replace('#1.', '#2.') }, fail('invite_invalid'))
  add('invite_link', 'link-no-fragment', { link: link.slice(0, hashAt) }, fail('invite_invalid'))
  add('invite_link', 'link-padded', { link: `${link}=` }, fail('invite_invalid'))
  add('invite_link', 'link-short-payload', { link: link.slice(0, -2) }, fail('invite_invalid'))
  add(
    'invite_link',
    'link-wrong-path',
    { link: link.replace('/j/', '/i/') },
    fail('invite_invalid'),
  )
  add(
    'invite_link',
    'link-bad-group',
    { link: link.replace('/j/', '/j/=') },
    fail('invite_invalid'),
  )
}

// --- invite_info (§4.2).
{
  const info = { groupName: 'Torsdagsgruppa', creatorName: A.name, text: texts.pledge_nb }
  const sealed = sealInviteInfo(roomId, inviteId, ik, info, nonce(1))
  const input = { invite_id: hex(inviteId), n: hex(sealed.n), c: hex(sealed.c) }
  add(
    'invite_info',
    'info-open',
    { ...input, group_name: info.groupName, creator_name: info.creatorName, text: info.text },
    {
      c: hex(sealed.c),
      group_name: info.groupName,
      creator_name: info.creatorName,
      text: info.text,
    },
  )
  add(
    'invite_info',
    'info-other-invite',
    { ...input, invite_id: hex(otherInviteId) },
    fail('aead_failed'),
  )
  add(
    'invite_info',
    'info-flipped-byte',
    { ...input, c: hex(flip(sealed.c, 40)) },
    fail('aead_failed'),
  )
  // A plaintext whose LP fields do not fill it, correctly encrypted.
  const loose = pad(concat(lp('Torsdagsgruppa'), name64(A.name), lp(texts.pledge_nb), u8(7)), 256)
  const looseC = aeadEncrypt(loose, concat(lp('PSG1-invinfo'), roomId, inviteId), nonce(1), ik)
  add('invite_info', 'info-trailing-byte', { ...input, c: hex(looseC) }, fail('bad_encoding'))
  const badPad = aeadEncrypt(
    filled(256, 0),
    concat(lp('PSG1-invinfo'), roomId, inviteId),
    nonce(1),
    ik,
  )
  add('invite_info', 'info-bad-padding', { ...input, c: hex(badPad) }, fail('bad_padding'))
  const badName = pad(
    concat(lp('Torsdagsgruppa'), pad(utf8Bytes(' Kari'), 64), lp(texts.pledge_nb)),
    256,
  )
  const badNameC = aeadEncrypt(badName, concat(lp('PSG1-invinfo'), roomId, inviteId), nonce(1), ik)
  add('invite_info', 'info-bad-creator-name', { ...input, c: hex(badNameC) }, fail('bad_name'))
}

// --- jk_seal_open (§4.2, §4.5): sealed once (SEAL is randomised), opened by the runners.
{
  const sealedForB = sealJoinKey(roomId, inviteId, jk, A, B)
  const input = { self: 'B', roster: hex(v5.tbs), invite_id: hex(inviteId) }
  add(
    'jk_seal_open',
    'jk-open-b',
    { ...input, sealed: hex(sealedForB) },
    { jk: hex(jk), signer: hex(A.memberId) },
  )
  add(
    'jk_seal_open',
    'jk-signed-by-non-member',
    { ...input, sealed: hex(sealJoinKey(roomId, inviteId, jk, E, B)) },
    fail('approval_invalid'),
  )
  add(
    'jk_seal_open',
    'jk-signed-for-someone-else',
    // Signed for C, sealed to B: the signature names C as `to`.
    { ...input, sealed: hex(sealJoinKey(roomId, inviteId, jk, A, { ...C, dhPk: B.dhPk })) },
    fail('approval_invalid'),
  )
  add(
    'jk_seal_open',
    'jk-sealed-to-other',
    { ...input, sealed: hex(sealJoinKey(roomId, inviteId, jk, A, C)) },
    fail('aead_failed'),
  )
  add(
    'jk_seal_open',
    'jk-short',
    { ...input, sealed: hex(sealedForB.slice(1)) },
    fail('bad_encoding'),
  )
}

// --- join_request (§4.4, §4.5). The joiner is E, the group v5 (A..D, pledge_nb).
{
  const joiner = { memberId: E.memberId, sigPk: E.sigPk, sigSk: E.sigSk, dhPk: E.dhPk }
  const built = buildJoinRequest({
    roomId,
    origin,
    challenge,
    inviteId,
    inviteSecret,
    identity: joiner,
    pledgeHash: pledgeNb,
    name: E.name,
    nonce: nonce(2),
  })
  interface Clear {
    memberId: Uint8Array
    sigPk: Uint8Array
    dhPk: Uint8Array
    pledgeHash: Uint8Array
    pledgeSig: Uint8Array
    n: Uint8Array
    c: Uint8Array
  }
  const clearJson = (c: Clear) => ({
    member: hex(c.memberId),
    sig_pk: hex(c.sigPk),
    dh_pk: hex(c.dhPk),
    ph: hex(c.pledgeHash),
    pledge: hex(c.pledgeSig),
    n: hex(c.n),
    c: hex(c.c),
  })
  const base = { invite_id: hex(inviteId), current_pledge_hash: hex(pledgeNb) }
  add(
    'join_request',
    'join-build-and-open',
    {
      ...base,
      build: {
        joiner: 'E',
        name: E.name,
        pledge_hash: hex(pledgeNb),
        n: hex(nonce(2)),
        challenge: hex(challenge),
      },
      clear: clearJson(built),
    },
    {
      tok: hex(built.tok),
      pledge: hex(built.pledgeSig),
      c: hex(built.c),
      possession: hex(built.sig),
      name: E.name,
    },
  )
  // A request whose plaintext the test controls, encrypted under jk with the fixture AD.
  const crafted = (pt: Uint8Array): Clear => ({
    memberId: pt.slice(0, 16),
    sigPk: pt.slice(16, 48),
    dhPk: pt.slice(48, 80),
    pledgeHash: pt.slice(80, 112),
    pledgeSig: pt.slice(113, 177),
    n: nonce(2),
    c: aeadEncrypt(pt, joinRequestAd(roomId, inviteId), nonce(2), jk),
  })
  const resignJoin = (pt: Uint8Array): Uint8Array => {
    const sig = sign(
      E.sigSk,
      joinSigMessage(
        roomId,
        inviteId,
        pt.slice(0, 16),
        pt.slice(16, 48),
        pt.slice(48, 80),
        pt.slice(80, 112),
        pt[112] as number,
        pt.slice(113, 177),
        pt.slice(177, 241),
      ),
    )
    const out = pt.slice()
    out.set(sig, 241)
    return out
  }
  const good = joinRequestPlaintext(roomId, inviteId, joiner, pledgeNb, E.name)
  const neg = (id: string, clear: Clear, code: string, extra = {}) =>
    add('join_request', id, { ...base, ...extra, clear: clearJson(clear) }, fail(code))
  neg('join-other-invite-ad', built, 'aead_failed', { invite_id: hex(otherInviteId) })
  neg('join-flipped-ciphertext', { ...built, c: flip(built.c, 100) }, 'aead_failed')
  neg('join-plaintext-304', crafted(good.slice(0, 304)), 'bad_encoding')
  neg('join-clear-member-differs', { ...built, memberId: D.memberId }, 'request_mismatch')
  neg('join-clear-dh-differs', { ...built, dhPk: D.dhPk }, 'request_mismatch')
  neg(
    'join-clear-pledge-differs',
    { ...built, pledgeSig: flip(built.pledgeSig, 3) },
    'request_mismatch',
  )
  neg(
    'join-adult-0',
    crafted(joinRequestPlaintext(roomId, inviteId, joiner, pledgeNb, E.name, 0)),
    'pledge_invalid',
  )
  neg(
    'join-pledge-other-hash',
    crafted(joinRequestPlaintext(roomId, inviteId, joiner, pledgeEn, E.name)),
    'pledge_invalid',
  )
  neg('join-pledge-forged', crafted(resignJoin(flip(good, 120))), 'pledge_invalid')
  neg('join-join-sig-forged', crafted(flip(good, 300)), 'sig_invalid')
  neg('join-name-changed-unsigned', crafted(flip(good, 180)), 'sig_invalid')
  const withName = (nameBytes: Uint8Array) => {
    const pt = good.slice()
    pt.set(nameBytes, 177)
    return crafted(resignJoin(pt))
  }
  neg('join-name-empty', withName(pad(new Uint8Array(0), 64)), 'bad_name')
  neg('join-name-control', withName(pad(utf8Bytes('Ka\u0007ri'), 64)), 'bad_name')
  neg('join-name-bad-padding', withName(filled(64, 0x41)), 'bad_name')
  // adult 0 with a broken join_sig: the pledge is checked first.
  neg(
    'join-adult-0-and-join-sig-forged',
    crafted(flip(joinRequestPlaintext(roomId, inviteId, joiner, pledgeNb, E.name, 0), 300)),
    'pledge_invalid',
  )
}

// --- decline (§4.5).
{
  const joiner = { inviteId, memberId: E.memberId, sigPk: E.sigPk }
  const d = signDecline(roomId, joiner, B.memberId, B.sigSk)
  const base = { roster: hex(v4.tbs), invite_id: hex(inviteId), joiner: 'E' }
  add(
    'decline',
    'decline-b',
    { ...base, decliner: 'B', m: hex(d.memberId), sig: hex(d.sig) },
    { sig: hex(d.sig) },
  )
  const byD = signDecline(roomId, joiner, D.memberId, D.sigSk)
  add(
    'decline',
    'decline-non-member',
    { ...base, m: hex(byD.memberId), sig: hex(byD.sig) },
    fail('approval_invalid'),
  )
  add(
    'decline',
    'decline-forged',
    { ...base, m: hex(B.memberId), sig: hex(flip(d.sig, 9)) },
    fail('approval_invalid'),
  )
  const otherJoiner = signDecline(
    roomId,
    { ...joiner, memberId: D.memberId, sigPk: D.sigPk },
    B.memberId,
    B.sigSk,
  )
  add(
    'decline',
    'decline-other-joiner',
    { ...base, m: hex(B.memberId), sig: hex(otherJoiner.sig) },
    fail('approval_invalid'),
  )
}

// --- doc (§3.7): the text of v12, sealed to the members of v11 (A, B, C).
{
  const tk = filled(32, 0x7e)
  const doc = sealGroundRules(roomId, texts.pledge_en, [A, B, C], { tk, nonce: nonce(3) })
  const docJson = {
    n: hex(doc.n),
    c: hex(doc.c),
    keys: doc.keys.map((k) => ({ to: hex(k.to), k: hex(k.k) })),
  }
  add(
    'doc',
    'doc-open-b',
    { self: 'B', pledge_hash: hex(pledgeEn), tk: hex(tk), doc: docJson },
    { c: hex(doc.c), text: texts.pledge_en },
  )
  add(
    'doc',
    'doc-open-c',
    { self: 'C', pledge_hash: hex(pledgeEn), doc: docJson },
    { text: texts.pledge_en },
  )
  add(
    'doc',
    'doc-no-key-for-self',
    { self: 'D', pledge_hash: hex(pledgeEn), doc: docJson },
    fail('doc_invalid'),
  )
  add(
    'doc',
    'doc-other-pledge-hash',
    { self: 'B', pledge_hash: hex(pledgeNb), doc: docJson },
    fail('aead_failed'),
  )
  add(
    'doc',
    'doc-flipped-ciphertext',
    { self: 'B', pledge_hash: hex(pledgeEn), doc: { ...docJson, c: hex(flip(doc.c, 3)) } },
    fail('aead_failed'),
  )
}

// --- parts_hash and the epoch's parts (§5.1), against v5 (A..D).
{
  const parts = [A, B, C].map((m) => m.memberId)
  const base = { roster: hex(v5.tbs), self: 'B' }
  const ok = (id: string, ps: Uint8Array[]) =>
    add('parts_hash', id, { ...base, parts: ps.map(hex) }, { hash: hex(partsHash(ps)) })
  ok('parts-abc', parts)
  ok('parts-bd', [B.memberId, D.memberId])
  ok('parts-b-alone', [B.memberId])
  const neg = (id: string, ps: Uint8Array[], code: string) =>
    add('parts_hash', id, { ...base, parts: ps.map(hex) }, fail(code))
  neg('parts-not-in-roster', [A.memberId, B.memberId, E.memberId], 'not_a_participant')
  neg('parts-without-self', [A.memberId, C.memberId], 'not_a_participant')
  neg('parts-unsorted', [B.memberId, A.memberId], 'bad_encoding')
  neg('parts-duplicate', [A.memberId, B.memberId, B.memberId], 'bad_encoding')
  neg('parts-empty', [], 'bad_encoding')
}

// --- ekey (§5.2), epoch 3 of the fixture meeting under v5.
{
  const parts = [A, B, C].map((m) => m.memberId)
  const ph = partsHash(parts)
  const ekey = signEkey(roomId, { sessionId, ep: 3, roster: v5, partsHash: ph }, A, A.ekPk)
  const base = { from: 'A', ep: 3, roster: hex(v5.tbs), ek_pk: hex(A.ekPk) }
  add(
    'ekey',
    'ekey-a',
    { ...base, parts: parts.map(hex), sig: hex(ekey.sig) },
    { sig: hex(ekey.sig) },
  )
  const otherParts = [A, B, D].map((m) => m.memberId)
  const shown = signEkey(
    roomId,
    { sessionId, ep: 3, roster: v5, partsHash: partsHash(otherParts) },
    A,
    A.ekPk,
  )
  add(
    'ekey',
    'ekey-other-parts-hash',
    { ...base, parts: parts.map(hex), sig: hex(shown.sig) },
    fail('ekey_invalid'),
  )
  add(
    'ekey',
    'ekey-other-ek',
    { ...base, parts: parts.map(hex), ek_pk: hex(B.ekPk), sig: hex(ekey.sig) },
    fail('ekey_invalid'),
  )
  add(
    'ekey',
    'ekey-forged',
    { ...base, parts: parts.map(hex), sig: hex(flip(ekey.sig, 1)) },
    fail('ekey_invalid'),
  )
}

// --- skd (§5.3): A's sender key for B in epoch 3.
{
  const at = { roomId, sessionId, ep: 3, from: A.memberId, to: B.memberId }
  const key = { chainKey: A.ck0, skMsgPk: A.skMsgPk, name: A.name }
  const boxAB = sealSkdBox(at, key, B.ekPk, A.ekSk, nonce(4))
  const base = { from: 'A', to: 'B', ep: 3, n: hex(nonce(4)) }
  add(
    'skd',
    'skd-a-to-b',
    { ...base, c: hex(boxAB.c) },
    { c: hex(boxAB.c), ck0: hex(A.ck0), sk_msg_pk: hex(A.skMsgPk), name: A.name },
  )
  const boxAC = sealSkdBox({ ...at, to: C.memberId }, key, C.ekPk, A.ekSk, nonce(4))
  add('skd', 'skd-box-for-someone-else', { ...base, c: hex(boxAC.c) }, fail('skd_invalid'))
  // Boxed to B's EK but naming C inside.
  const boxNamingC = sealSkdBox({ ...at, to: C.memberId }, key, B.ekPk, A.ekSk, nonce(4))
  add('skd', 'skd-names-other-recipient', { ...base, c: hex(boxNamingC.c) }, fail('skd_invalid'))
  const boxEp2 = sealSkdBox({ ...at, ep: 2 }, key, B.ekPk, A.ekSk, nonce(4))
  add('skd', 'skd-other-epoch', { ...base, c: hex(boxEp2.c) }, fail('skd_invalid'))
  add('skd', 'skd-flipped', { ...base, c: hex(flip(boxAB.c, 50)) }, fail('skd_invalid'))
  add('skd', 'skd-short', { ...base, c: hex(boxAB.c.slice(1)) }, fail('skd_invalid'))
}

// --- msg_send, msg_receive (§6): A sends in epoch 3; the receivers hold A's CK_0 and SK_msg.pk.
const sendEp = 3
interface Sent {
  ctr: number
  kind: number
  n: Uint8Array
  ct: Uint8Array
  sig: Uint8Array
}
const sent: Sent[] = []
{
  const sender = new MessageSender(roomId, sessionId, sendEp, A.memberId, A.ck0, A.skMsgSk)
  const plan: [number, Uint8Array][] = [
    [1, textPlaintext('Hei, alle sammen.')],
    [2, reactionPlaintext('thanks')],
    [3, typingPlaintext(true)],
    [1, textPlaintext('Takk for at dere lyttet. 🌿')],
    [3, typingPlaintext(false)],
  ]
  const outs: Record<string, unknown>[] = []
  plan.forEach(([kind, pt], i) => {
    const m = sender.seal(kind, pt, nonce(5 + i))
    sent.push({ ctr: m.ctr, kind, n: m.n, ct: m.ct, sig: m.sig })
    outs.push({
      ctr: m.ctr,
      pt: hex(pad(pt, 256)),
      ad: hex(messageAd(roomId, sessionId, sendEp, A.memberId, m.ctr, kind)),
      ct: hex(m.ct),
      sig: hex(m.sig),
    })
  })
  add(
    'msg_send',
    'send-a-kinds-1-3',
    {
      from: 'A',
      ep: sendEp,
      messages: plan.map(([kind, pt], i) => ({
        kind,
        plaintext: new TextDecoder().decode(pt),
        n: hex(nonce(5 + i)),
      })),
    },
    { messages: outs },
  )
}
const wire = (m: Sent, over: Partial<Record<string, unknown>> = {}) => ({
  ses: hex(sessionId),
  ep: sendEp,
  from: hex(A.memberId),
  ctr: m.ctr,
  kind: m.kind,
  n: hex(m.n),
  ct: hex(m.ct),
  sig: hex(m.sig),
  ...over,
})
const texts5 = [
  '{"text":"Hei, alle sammen."}',
  '{"r":"thanks"}',
  '{"typing":true}',
  '{"text":"Takk for at dere lyttet. 🌿"}',
  '{"typing":false}',
]
const s = (i: number) => sent[i] as Sent
function receive(
  id: string,
  order: number[] | Record<string, unknown>[],
  out: Record<string, unknown>,
) {
  const messages = order.map((x) => (typeof x === 'number' ? wire(s(x)) : x))
  add('msg_receive', id, { from: 'A', ep: sendEp, messages }, out)
}
receive('receive-in-order', [0, 1, 2, 3, 4], { plaintexts: texts5 })
receive(
  'receive-out-of-order',
  [2, 0, 4, 1, 3],
  { plaintexts: [2, 0, 4, 1, 3].map((i) => texts5[i]) },
)
receive(
  'receive-skipped-keys',
  [0, 3, 1, 4, 2],
  { plaintexts: [0, 3, 1, 4, 2].map((i) => texts5[i]) },
)
// Re-sign a changed message with SK_msg: only the AEAD can catch it.
const resigned = (m: Sent, kind: number, ct: Uint8Array) => {
  const ad = messageAd(roomId, sessionId, sendEp, A.memberId, m.ctr, kind)
  return wire(m, { kind, ct: hex(ct), sig: hex(sign(A.skMsgSk, messageSignedBytes(ad, m.n, ct))) })
}
receive('receive-flipped-kind', [wire(s(0), { kind: 2 })], fail('sig_invalid'))
receive('receive-flipped-ctr', [wire(s(0), { ctr: 1 })], fail('sig_invalid'))
receive('receive-flipped-ct', [wire(s(0), { ct: hex(flip(s(0).ct, 7)) })], fail('sig_invalid'))
receive('receive-flipped-kind-resigned', [resigned(s(0), 2, s(0).ct)], fail('aead_failed'))
receive('receive-flipped-ct-resigned', [resigned(s(0), 1, flip(s(0).ct, 7))], fail('aead_failed'))
receive('receive-epoch-never-announced', [wire(s(0), { ep: sendEp + 1 })], fail('wrong_epoch'))
receive('receive-other-session', [wire(s(0), { ses: hex(otherRoomId) })], fail('wrong_epoch'))
receive('receive-other-sender', [wire(s(0), { from: hex(B.memberId) })], fail('not_a_participant'))
receive('receive-replay', [0, 1, 0], fail('replay'))
receive('receive-replay-skipped-used', [2, 0, 0], fail('replay'))
receive('receive-ct-length', [wire(s(0), { ct: hex(s(0).ct.slice(1)) })], fail('bad_encoding'))
{
  // Messages at ctr 1000 (the largest jump allowed from 0) and 1001, 2^20.
  const ck: Uint8Array[] = [A.ck0]
  for (let i = 1; i <= 1001; i++) ck.push(ratchetChainKey(ck[i - 1] as Uint8Array))
  const at = (ctr: number, kind: number, padded: Uint8Array, n: Uint8Array) => {
    const ad = messageAd(roomId, sessionId, sendEp, A.memberId, ctr, kind)
    const mk = ctr < ck.length ? ratchetMessageKey(ck[ctr] as Uint8Array) : filled(32, 0)
    const ct = aeadEncrypt(padded, ad, n, mk)
    return wire({ ctr, kind, n, ct, sig: sign(A.skMsgSk, messageSignedBytes(ad, n, ct)) })
  }
  const typing = pad(typingPlaintext(true), 256)
  receive(
    'receive-jump-1000',
    [at(1000, 3, typing, nonce(10))],
    { plaintexts: ['{"typing":true}'] },
  )
  receive('receive-jump-1001', [at(1001, 3, typing, nonce(10))], fail('jump_too_far'))
  receive('receive-ctr-2-20', [at(2 ** 20, 3, typing, nonce(10))], fail('out_of_range'))
  receive('receive-bad-padding', [at(0, 1, filled(256, 0), nonce(11))], fail('bad_padding'))
  const plain = (json: string) => pad(utf8Bytes(json), 256)
  receive(
    'receive-plaintext-space',
    [at(0, 1, plain('{"text": "Hei"}'), nonce(11))],
    fail('bad_plaintext'),
  )
  receive(
    'receive-plaintext-duplicate-key',
    [at(0, 1, plain('{"text":"Hei","text":"Hei"}'), nonce(11))],
    fail('bad_plaintext'),
  )
  receive(
    'receive-plaintext-unknown-reaction',
    [at(0, 2, plain('{"r":"like"}'), nonce(11))],
    fail('bad_plaintext'),
  )
  receive(
    'receive-plaintext-kind-mismatch',
    [at(0, 1, plain('{"typing":true}'), nonce(11))],
    fail('bad_plaintext'),
  )
}

// --- meeting (§5.4, §6.3 step 1): the receive state of a whole meeting. TS-only: the C++
// library has no client meeting state (the C++ server enforces its own relay window and refuses a
// second skd as `duplicate` in server/meeting_epochs, before any client sees it).
{
  const epoch = (ep: number, at_ms: number) => ({ do: 'epoch', ep, parts: ['A', 'B', 'C'], at_ms })
  const install = (at_ms: number) => ({ do: 'install', ep: sendEp, from: 'A', at_ms })
  const deliver = (i: number, at_ms: number) => ({ do: 'receive', message: wire(s(i)), at_ms })
  const meeting = (id: string, steps: Record<string, unknown>[], out: Record<string, unknown>) => {
    add('meeting', id, { self: 'B', steps }, out)
    ;(cases.at(-1) as Case).only = 'ts'
  }
  meeting(
    'meeting-previous-epoch-within-10s',
    [epoch(sendEp, 0), install(0), epoch(sendEp + 1, 1000), deliver(0, 10999)],
    { plaintexts: [texts5[0]] },
  )
  meeting(
    'meeting-previous-epoch-after-10s',
    [epoch(sendEp, 0), install(0), epoch(sendEp + 1, 1000), deliver(0, 11000)],
    fail('wrong_epoch'),
  )
  meeting(
    'meeting-held-until-skd',
    [epoch(sendEp, 0), deliver(1, 100), deliver(0, 200), install(300)],
    { plaintexts: [texts5[1], texts5[0]] },
  )
  meeting('meeting-second-skd', [epoch(sendEp, 0), install(0), install(10)], fail('skd_invalid'))
  meeting(
    'meeting-sender-not-in-parts',
    [{ do: 'epoch', ep: sendEp, parts: ['B', 'C'], at_ms: 0 }, install(0)],
    fail('not_a_participant'),
  )
}

// --- safety_number (§7).
for (const [a, b] of [
  [A, B],
  [E, C],
] as const) {
  const fa = safetyFingerprint(a.sigPk, a.dhPk)
  const fb = safetyFingerprint(b.sigPk, b.dhPk)
  add(
    'safety_number',
    `safety-${a.label}${b.label}`.toLowerCase(),
    { a: a.label, b: b.label },
    {
      fp_a: hex(fa),
      digits_a: safetyDigits(fa),
      fp_b: hex(fb),
      digits_b: safetyDigits(fb),
      number: safetyNumber(a, b),
    },
  )
}

// --- plaintext (§6.4): canonical JSON, with escapes.
for (const [id, kind, pt] of [
  ['plaintext-text', 1, textPlaintext('Hei')],
  ['plaintext-escapes', 1, textPlaintext('"\\\b\t\n\f\r\u0001\u001f\u007f é 🌿 \u2028')],
  ['plaintext-reaction-recognise', 2, reactionPlaintext('recognise')],
  ['plaintext-reaction-thanks', 2, reactionPlaintext('thanks')],
  ['plaintext-reaction-heart', 2, reactionPlaintext('heart')],
  ['plaintext-typing-true', 3, typingPlaintext(true)],
  ['plaintext-typing-false', 3, typingPlaintext(false)],
  ['plaintext-text-16383', 1, textPlaintext('x'.repeat(16383 - 11))],
] as const) {
  add('plaintext', id, { kind, pt: hex(pt) }, { json: new TextDecoder().decode(pt) })
}
for (const [id, kind, json] of [
  ['plaintext-space', 1, '{"text": "Hei"}'],
  ['plaintext-duplicate-key', 1, '{"text":"Hei","text":"Hei"}'],
  ['plaintext-unknown-key', 1, '{"text":"Hei","x":1}'],
  ['plaintext-empty-text', 1, '{"text":""}'],
  ['plaintext-needless-escape', 1, '{"text":"\\u0041"}'],
  ['plaintext-uppercase-escape', 1, '{"text":"\\u001F"}'],
  ['plaintext-lone-surrogate', 1, '{"text":"\\ud800"}'],
  ['plaintext-unknown-reaction', 2, '{"r":"like"}'],
  ['plaintext-typing-string', 3, '{"typing":"true"}'],
  ['plaintext-kind-4', 4, '{"text":"Hei"}'],
  ['plaintext-text-16384', 1, `{"text":"${'x'.repeat(16384 - 11)}"}`],
] as const) {
  add('plaintext', id, { kind, pt: hex(utf8Bytes(json)) }, fail('bad_plaintext'))
}
add(
  'plaintext',
  'plaintext-bad-utf8',
  { kind: 1, pt: hex(concat(utf8Bytes('{"text":"'), Uint8Array.of(0xc3), utf8Bytes('"}'))) },
  fail('bad_plaintext'),
)

// ---------------------------------------------------------------------------------------------
// Output

const fixtures = {
  room_id: hex(roomId),
  session_id: hex(sessionId),
  origin,
  invite: {
    invite_id: hex(inviteId),
    invite_secret: hex(inviteSecret),
    roster_hash: hex(v5.hash),
    link,
    challenge: hex(challenge),
  },
  members: members.map((m) => ({
    label: m.label,
    member_id: hex(m.memberId),
    sig_seed: hex(m.sigSeed),
    dh_seed: hex(m.dhSeed),
    sig_pk: hex(m.sigPk),
    sig_sk: hex(m.sigSk),
    dh_pk: hex(m.dhPk),
    dh_sk: hex(m.dhSk),
    name: m.name,
    epoch: {
      ek_seed: hex(m.ekSeed),
      ek_pk: hex(m.ekPk),
      ek_sk: hex(m.ekSk),
      ck0: hex(m.ck0),
      sk_msg_seed: hex(m.skMsgSeed),
      sk_msg_pk: hex(m.skMsgPk),
      sk_msg_sk: hex(m.skMsgSk),
    },
  })),
  nonces: Object.fromEntries(Object.entries(nonces).map(([k, v]) => [k, hex(v)])),
  texts,
}

const notes = [
  'Binary values are lowercase hex; fields named *_b64 or b64 are base64url text. A case gives ' +
    'either out values to compare or out.error: a code of PSG1.md §3.5, §3.8 (pin_mismatch), ' +
    '§6.3, §8.5 or §9, or one these notes name (request_mismatch, invite_invalid, the ' +
    'bad_encoding of parts). Every case passes in both runners unless marked only: "ts".',
  'Members are referred to by label (A..E); their keys are in fixtures.members, and their ' +
    'per-epoch keys (EK from ek_seed by crypto_box_seed_keypair, CK_0, SK_msg from ' +
    'sk_msg_seed by ' +
    'crypto_sign_seed_keypair) in members[].epoch. The room, meeting, invite and origin are the ' +
    'fixtures; ekey, skd and msg cases use fixtures.session_id.',
  'SEAL is randomised: jk_seal_open and doc hold bytes sealed once by the generator, and runners ' +
    'only open them.',
  'roster_step: prev is the verified previous tbs (null: none), approvals in order; out is the ' +
    'new version and hash, or the first failing check of §3.5. roster_chain: pin ZERO32 ' +
    'means the ' +
    'chain starts at v1; otherwise versions[0] must hash to pin (pin_mismatch) and is the anchor.',
  'msg_receive: one receive state for sender from in epoch ep, made from its CK_0 and SK_msg.pk; ' +
    'messages are opened in order. out.plaintexts lists every canonical plaintext; out.error is ' +
    'the code of the last message, after every earlier one has opened.',
  'parts_hash: the epoch frame of §5.1 against roster (rv and rh its own) and self: sorted, ' +
    'unique, 1..12 ids (bad_encoding), within the roster and including self (not_a_participant).',
  'invite_link: a link that does not parse is invite_invalid (PSG1.md names no code; PROTOCOL.md ' +
    'uses invite_invalid for a bad invite). ekey: a signature that does not hold is ekey_invalid.',
  'join_request: a member opens clear with ' +
    'jk = KDF(2, "PSGinvit", fixtures.invite.invite_secret) ' +
    'and current_pledge_hash. Checks in order: aead_failed, bad_encoding (plaintext not 305 B), ' +
    'request_mismatch (inner id, keys, pledge_hash or pledge_sig differ from the clear ones), ' +
    'pledge_invalid (adult_confirmed, current hash, pledge_sig), sig_invalid (join_sig), bad_name.',
  'meeting cases are TS-only (only: "ts"): they drive the client meeting state of §5.4 and ' +
    '§6.3 step 1 (epochs, the 10 s grace of the previous epoch, messages held until their ' +
    "sender's skd, one skd per sender and epoch), which only the TypeScript client has " +
    '(client-web/src/psg1/meeting_receiver.ts). The C++ library has no client meeting state; the ' +
    'C++ server keeps its own relay window and refuses a second skd as duplicate ' +
    '(server/meeting_epochs). steps run in order; out.plaintexts lists every message opened, in ' +
    'the order opened; out.error is the code of the last step.',
  'Names are not checked for NFC here: the C++ implementation has no Unicode normalisation, so ' +
    'no case depends on it.',
]

// Keys sorted at every level below the top, so the file is stable.
function sorted(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sorted)
  if (x !== null && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, sorted((x as Record<string, unknown>)[k])]),
    )
  return x
}
const ops = [...new Set(cases.map((c) => c.op))].sort()
const orderedCases = ops.flatMap((op) => cases.filter((c) => c.op === op))
const file = {
  name: 'psg1-v1',
  frozen: '2026-11-30',
  generator: 'libsodium-wrappers 0.8.4',
  notes,
  fixtures: sorted(fixtures),
  cases: orderedCases.map((c) => sorted(c)),
}
const target = process.argv[2]
if (target === undefined) throw new Error('usage: node generate-psg1-v1.js <out.json>')
writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`)
const count = new Map<string, [number, number]>()
for (const c of orderedCases) {
  const [p, n] = count.get(c.op) ?? [0, 0]
  count.set(c.op, 'error' in c.out ? [p, n + 1] : [p + 1, n])
}
for (const [op, [p, n]] of count) console.log(`${op}: ${p} positive, ${n} negative`)
console.log(`${orderedCases.length} cases`)
