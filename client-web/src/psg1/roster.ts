// One version of a group's roster (protocol/PSG1.md §3): the frame, the member entries, the
// to-be-signed bytes and their hash, and the checks that make a chain of versions a chain of group
// decisions. The server, the C++ client and this client run the same verify_step (§3.5), with the
// same check order and codes as protocol/src/roster.cpp.

import { Psg1Error } from './psg1_error.ts'
import {
  ByteReader,
  compareBytes,
  concat,
  equalBytes,
  expectLength,
  lp,
  u16be,
  u32be,
  u64be,
  u8,
} from './bytes.ts'
import { hash, idBytes, keyBytes, sign, signatureBytes, verify } from './psg1_crypto.ts'
import { base64urlDecodeExact, base64urlDecodeRange, base64urlEncode } from './base64url.ts'

const rosterLabel = 'PSG1-roster'
const approveLabel = 'PSG1-approve'
export const rosterFrameBytes = 39
export const rosterEntryBytes = 81
export const rosterHeaderBytes = 114 // len(tbs) with n = 0
export const rosterMaxMembers = 12
const minSizeCap = 2
const minTurnS = 30
const maxTurnS = 3600
// Where u64be(v) starts in tbs: after LP("PSG1-roster") (15 bytes) and room_id (16).
const versionOffset = 4 + rosterLabel.length + idBytes
const zero32 = new Uint8Array(keyBytes)

/** The group frame, §3.1. */
export interface RosterFrame {
  sizeCap: number // 2..12
  admission: number // 0: every eligible member approves; 1: a majority
  opening: number // 0: facilitators open meetings; 1: any member
  facTerm: number // 0: no expiry; otherwise meetings
  turnS: number // 0, or 30..3600
  pledgeHash: Uint8Array // H(utf8(ground-rules text)), §3.7
}

/** One member, §3.2. */
export interface RosterEntry {
  memberId: Uint8Array
  role: number // 0 member, 1 facilitator (floor rights only)
  sigPk: Uint8Array // IK_sig.pk
  dhPk: Uint8Array // IK_dh.pk
}

/** An approval of a version, §3.3: {"m", "sig"} on the wire. */
export interface RosterApproval {
  memberId: Uint8Array
  sig: Uint8Array
}

/** One version as the server sends it, §3.5: {"v", "tbs", "approvals"}. */
export interface RosterVersion {
  v: number
  tbs: Uint8Array
  approvals: readonly RosterApproval[]
}

export function framesEqual(a: RosterFrame, b: RosterFrame): boolean {
  return (
    a.sizeCap === b.sizeCap &&
    a.admission === b.admission &&
    a.opening === b.opening &&
    a.facTerm === b.facTerm &&
    a.turnS === b.turnS &&
    equalBytes(a.pledgeHash, b.pledgeHash)
  )
}

export function entriesEqual(a: RosterEntry, b: RosterEntry): boolean {
  return (
    equalBytes(a.memberId, b.memberId) &&
    a.role === b.role &&
    equalBytes(a.sigPk, b.sigPk) &&
    equalBytes(a.dhPk, b.dhPk)
  )
}

function frameInRange(f: RosterFrame): boolean {
  return (
    f.sizeCap >= minSizeCap &&
    f.sizeCap <= rosterMaxMembers &&
    f.admission <= 1 &&
    f.opening <= 1 &&
    (f.turnS === 0 || (f.turnS >= minTurnS && f.turnS <= maxTurnS))
  )
}

export class Roster {
  readonly roomId: Uint8Array
  /** The version number; exact for every version that can verify (≤ 2^53−1). */
  readonly version: number
  readonly prevHash: Uint8Array
  readonly frame: RosterFrame
  /** Sorted by memberId, strictly ascending. */
  readonly entries: readonly RosterEntry[]
  readonly tbs: Uint8Array
  /** roster_hash(v) = H(tbs(v)). */
  readonly hash: Uint8Array

  private constructor(
    roomId: Uint8Array,
    version: number,
    prevHash: Uint8Array,
    frame: RosterFrame,
    entries: readonly RosterEntry[],
    tbs: Uint8Array,
  ) {
    this.roomId = roomId
    this.version = version
    this.prevHash = prevHash
    this.frame = frame
    this.entries = entries
    this.tbs = tbs
    this.hash = hash(tbs)
  }

  /**
   * A version from its parts. Entries are sorted by memberId, as §3.2 requires, so two proposers
   * of the same change make the same bytes (§3.6). Ranges are not checked here; parse and
   * verifyStep do.
   */
  static build(
    roomId: Uint8Array,
    v: number,
    prevHash: Uint8Array,
    frame: RosterFrame,
    entries: readonly RosterEntry[],
  ): Roster {
    expectLength(roomId, idBytes)
    expectLength(prevHash, keyBytes)
    expectLength(frame.pledgeHash, keyBytes)
    const sorted = [...entries].sort((a, b) => compareBytes(a.memberId, b.memberId))
    const parts = [
      lp(rosterLabel),
      roomId,
      u64be(v),
      prevHash,
      u8(frame.sizeCap),
      u8(frame.admission),
      u8(frame.opening),
      u16be(frame.facTerm),
      u16be(frame.turnS),
      frame.pledgeHash,
      u32be(sorted.length),
    ]
    for (const e of sorted) {
      parts.push(
        expectLength(e.memberId, idBytes),
        u8(e.role),
        expectLength(e.sigPk, keyBytes),
        expectLength(e.dhPk, keyBytes),
      )
    }
    return new Roster(roomId.slice(), v, prevHash.slice(), { ...frame }, sorted, concat(...parts))
  }

  /** The proposal of version prev + 1 with these entries and frame (ADD, REMOVE, CHANGE). */
  static buildNext(
    prev: Roster,
    entries: readonly RosterEntry[],
    frame: RosterFrame = prev.frame,
  ): Roster {
    return Roster.build(prev.roomId, prev.version + 1, prev.hash, frame, entries)
  }

  /** Check 1 of §3.5: tbs parsed for the group roomId, or roster_invalid. */
  static parse(roomId: Uint8Array, tbs: Uint8Array): Roster {
    if (
      tbs.length < rosterHeaderBytes ||
      (tbs.length - rosterHeaderBytes) % rosterEntryBytes !== 0
    ) {
      throw new Psg1Error('roster_invalid')
    }
    const n = (tbs.length - rosterHeaderBytes) / rosterEntryBytes
    if (n > rosterMaxMembers) throw new Psg1Error('roster_invalid')

    const in_ = new ByteReader(tbs, 'roster_invalid')
    const label = lp(rosterLabel)
    if (!equalBytes(in_.take(label.length), label)) throw new Psg1Error('roster_invalid')
    const room = in_.take(idBytes)
    if (!equalBytes(room, roomId)) throw new Psg1Error('roster_invalid')
    const version = Number(in_.beBig(8))
    const prevHash = in_.take(keyBytes)
    const frame: RosterFrame = {
      sizeCap: in_.be(1),
      admission: in_.be(1),
      opening: in_.be(1),
      facTerm: in_.be(2),
      turnS: in_.be(2),
      pledgeHash: in_.take(keyBytes),
    }
    if (!frameInRange(frame)) throw new Psg1Error('roster_invalid')
    if (in_.be(4) !== n) throw new Psg1Error('roster_invalid')

    // "No IK_sig.pk and no IK_dh.pk appears twice": one set catches a repeat within either column
    // and, stricter, a key used as both, as roster.cpp does (§13 item 9).
    const keysSeen = new Set<string>()
    const entries: RosterEntry[] = []
    for (let i = 0; i < n; i++) {
      const e: RosterEntry = {
        memberId: in_.take(idBytes),
        role: in_.be(1),
        sigPk: in_.take(keyBytes),
        dhPk: in_.take(keyBytes),
      }
      if (e.role > 1) throw new Psg1Error('roster_invalid')
      const last = entries[entries.length - 1]
      if (last !== undefined && compareBytes(last.memberId, e.memberId) >= 0)
        throw new Psg1Error('roster_invalid')
      for (const key of [e.sigPk, e.dhPk]) {
        const k = key.join(',')
        if (keysSeen.has(k)) throw new Psg1Error('roster_invalid')
        keysSeen.add(k)
      }
      entries.push(e)
    }
    return new Roster(room, version, prevHash, frame, entries, tbs.slice())
  }

  /** The entry of memberId, if it is a member of this version. */
  find(memberId: Uint8Array): RosterEntry | undefined {
    return this.entries.find((e) => equalBytes(e.memberId, memberId))
  }
}

/**
 * LP("PSG1-approve") || room_id || u64be(v) || roster_hash(v): what an approval of v signs, §3.3.
 */
export function approvalMessage(roomId: Uint8Array, v: number, rosterHash: Uint8Array): Uint8Array {
  return concat(
    lp(approveLabel),
    expectLength(roomId, idBytes),
    u64be(v),
    expectLength(rosterHash, keyBytes),
  )
}

/** Approve version next as memberId with IK_sig.sk (64 bytes). */
export function signApproval(
  next: Roster,
  memberId: Uint8Array,
  sigSk: Uint8Array,
): RosterApproval {
  return {
    memberId: expectLength(memberId, idBytes).slice(),
    sig: sign(sigSk, approvalMessage(next.roomId, next.version, next.hash)),
  }
}

/**
 * q(E) of §3.4 under the old version's admission policy: approvals needed from eligible members.
 */
export function quorum(admission: number, eligible: number): number {
  return admission === 0 ? eligible : Math.floor(eligible / 2) + 1
}

/** The change a step makes, §3.4. */
export type RosterChange =
  | { kind: 'first' }
  | { kind: 'add'; added: RosterEntry }
  | { kind: 'remove'; removed: RosterEntry }
  | { kind: 'change'; stepDown: RosterEntry | null }

/** Check 5 of §3.5: exactly one shape of §3.4 from prev (null: none) to next, or roster_invalid. */
export function classifyStep(prev: Roster | null, next: Roster): RosterChange {
  if (prev === null) {
    if (next.entries.length !== 1 || next.entries[0]?.role !== 1)
      throw new Psg1Error('roster_invalid')
    return { kind: 'first' }
  }
  // A version with n = 0 ends the group: nothing may follow it.
  if (prev.entries.length === 0) throw new Psg1Error('roster_invalid')

  const added: RosterEntry[] = []
  const kept: [RosterEntry, RosterEntry][] = [] // (old, new)
  for (const e of next.entries) {
    const old = prev.find(e.memberId)
    if (old) kept.push([old, e])
    else added.push(e)
  }
  const removed = prev.entries.filter((e) => next.find(e.memberId) === undefined)
  const frameEqual = framesEqual(prev.frame, next.frame)
  const keptIdentical = kept.every(([old, now]) => entriesEqual(old, now))

  if (added.length === 1 && removed.length === 0) {
    const a = added[0] as RosterEntry
    if (a.role !== 0 || !keptIdentical || !frameEqual) throw new Psg1Error('roster_invalid')
    return { kind: 'add', added: a }
  }
  if (removed.length === 1 && added.length === 0) {
    if (!keptIdentical || !frameEqual) throw new Psg1Error('roster_invalid')
    return { kind: 'remove', removed: removed[0] as RosterEntry }
  }
  if (added.length !== 0 || removed.length !== 0) throw new Psg1Error('roster_invalid')

  // CHANGE: keys must stay, only roles and the frame may differ, and something must.
  let roleChanges = 0
  let changed: RosterEntry | null = null
  for (const [old, now] of kept) {
    if (!equalBytes(old.sigPk, now.sigPk) || !equalBytes(old.dhPk, now.dhPk))
      throw new Psg1Error('roster_invalid')
    if (old.role !== now.role) {
      roleChanges++
      changed = old
    }
  }
  if (roleChanges === 0 && frameEqual) throw new Psg1Error('roster_invalid')
  const stepDown =
    frameEqual && roleChanges === 1 && changed !== null && changed.role === 1 ? changed : null
  return { kind: 'change', stepDown }
}

function hasId(ids: readonly Uint8Array[], id: Uint8Array): boolean {
  return ids.some((x) => equalBytes(x, id))
}

/**
 * verify_step of §3.5: check tbs as the successor of prev (null: tbs must be version 1). Runs
 * checks 1..7 in the spec's order and throws the first failure's code; check 7
 * (approvals_missing) only when final. Returns the parsed version.
 */
export function verifyStep(
  roomId: Uint8Array,
  prev: Roster | null,
  tbs: Uint8Array,
  approvals: readonly RosterApproval[],
  final: boolean,
): Roster {
  // 1. Parse.
  const next = Roster.parse(roomId, tbs)
  // 2. Contiguous versions, compared as the exact u64 of the tbs.
  const v = new DataView(tbs.buffer, tbs.byteOffset, tbs.byteLength).getBigUint64(versionOffset)
  const expectedV = prev === null ? 1n : BigInt(prev.version) + 1n
  if (v !== expectedV) throw new Psg1Error('version_gap')
  // 3. The hash chain.
  if (!equalBytes(next.prevHash, prev === null ? zero32 : hash(prev.tbs)))
    throw new Psg1Error('prev_hash_mismatch')
  // 4. The size cap of the new frame.
  if (next.entries.length > next.frame.sizeCap) throw new Psg1Error('size_cap_reached')
  // 5. Exactly one change kind.
  const change = classifyStep(prev, next)
  // 6. Each approval: an eligible approver, once, with a valid signature. The eligible set is
  // v's members; for FIRST, the new version's one member.
  const eligible = prev ?? next
  const message = approvalMessage(roomId, next.version, next.hash)
  const approvers: Uint8Array[] = []
  for (const a of approvals) {
    const entry = eligible.find(a.memberId)
    if (
      entry === undefined ||
      hasId(approvers, a.memberId) ||
      !verify(entry.sigPk, message, a.sig)
    ) {
      throw new Psg1Error('approval_invalid')
    }
    approvers.push(a.memberId)
  }
  // 7. The "valid when" rule of §3.4, under v's admission policy.
  if (final && missingApprovals(prev, next, change, approvers) > 0)
    throw new Psg1Error('approvals_missing')
  return next
}

// The fewest approvals still needed for the "valid when" rule of §3.4 (0: it holds), given
// approvers that passed step 6. One function for check 7 and for what the UI shows.
function missingApprovals(
  prev: Roster | null,
  next: Roster,
  change: RosterChange,
  approvers: readonly Uint8Array[],
): number {
  if (change.kind === 'first' || prev === null)
    return hasId(approvers, (next.entries[0] as RosterEntry).memberId) ? 0 : 1
  const admission = prev.frame.admission
  const byAll = Math.max(0, quorum(admission, prev.entries.length) - approvers.length)
  switch (change.kind) {
    case 'add':
      return byAll
    case 'remove': {
      // The one removed may always leave; otherwise count the others against the others, and
      // with no others only the one removed can decide.
      if (hasId(approvers, change.removed.memberId)) return 0
      const others = prev.entries.length - 1
      if (others === 0) return 1
      return Math.min(1, Math.max(0, quorum(admission, others) - approvers.length))
    }
    case 'change':
      if (change.stepDown === null) return byAll
      return hasId(approvers, change.stepDown.memberId) ? 0 : Math.min(1, byAll)
  }
}

/**
 * How many more approvals a proposal needs before it commits (0: step 7 holds), for approvals
 * that passed verifyStep(final = false). The UI shows it next to who approved.
 */
export function approvalsMissing(
  prev: Roster | null,
  next: Roster,
  approvals: readonly RosterApproval[],
): number {
  const approvers: Uint8Array[] = []
  for (const a of approvals) if (!hasId(approvers, a.memberId)) approvers.push(a.memberId)
  return missingApprovals(prev, next, classifyStep(prev, next), approvers)
}

/**
 * The one-approval-per-number rule of §3.6: a client that approved lastApproved may approve next
 * only if it is the same version number's same hash, another number, its own self-REMOVE or
 * STEP-DOWN, or earlierSettled (it saw that number committed to another hash, or was told the
 * earlier proposal closed).
 */
export function mayApprove(
  lastApproved: { v: number; hash: Uint8Array } | null,
  prev: Roster,
  next: Roster,
  self: Uint8Array,
  earlierSettled: boolean,
): boolean {
  if (lastApproved === null || lastApproved.v !== next.version || earlierSettled) return true
  if (equalBytes(lastApproved.hash, next.hash)) return true
  const change = classifyStep(prev, next)
  if (change.kind === 'remove') return equalBytes(change.removed.memberId, self)
  return (
    change.kind === 'change' &&
    change.stepDown !== null &&
    equalBytes(change.stepDown.memberId, self)
  )
}

/**
 * A joiner's check of §3.8 step 5: roster holds an entry with its own id and keys, and role 0.
 * Only then is it admitted, and that version becomes its stored one.
 */
export function isAdmitted(
  roster: Roster,
  self: { memberId: Uint8Array; sigPk: Uint8Array; dhPk: Uint8Array },
): boolean {
  const e = roster.find(self.memberId)
  return (
    e !== undefined &&
    e.role === 0 &&
    equalBytes(e.sigPk, self.sigPk) &&
    equalBytes(e.dhPk, self.dhPk)
  )
}

/**
 * Verify versions forward from anchor (a verified version, or null: the chain must start at
 * version 1), each with verifyStep(final = true). A V whose "v" differs from its tbs is
 * roster_invalid. Returns the last version (the anchor if versions is empty; an empty chain
 * without anchor is no_roster).
 */
export function verifyChain(
  roomId: Uint8Array,
  anchor: Roster | null,
  versions: readonly RosterVersion[],
): Roster {
  if (versions.length === 0) {
    if (anchor === null) throw new Psg1Error('no_roster')
    return anchor
  }
  let current = anchor
  for (const v of versions) {
    const next = verifyStep(roomId, current, v.tbs, v.approvals, true)
    // The wire repeats v outside the tbs (§3.5); a disagreement is a malformed version.
    if (next.version !== v.v) throw new Psg1Error('roster_invalid')
    current = next
  }
  return current as Roster
}

/**
 * A joiner's check of §3.8: versions p..current, where H(tbs(p)) must equal pin (pin_mismatch,
 * also for an empty answer). Version p is the trust anchor and is parsed, not re-verified. A pin
 * of ZERO32 means "no roster yet": the chain must then start at version 1.
 */
export function verifyChainFromPin(
  roomId: Uint8Array,
  pin: Uint8Array,
  versions: readonly RosterVersion[],
): Roster {
  expectLength(pin, keyBytes)
  if (equalBytes(pin, zero32)) return verifyChain(roomId, null, versions)
  const first = versions[0]
  if (first === undefined) throw new Psg1Error('pin_mismatch')
  const anchor = Roster.parse(roomId, first.tbs)
  if (!equalBytes(anchor.hash, pin)) throw new Psg1Error('pin_mismatch')
  if (anchor.version !== first.v) throw new Psg1Error('roster_invalid')
  return verifyChain(roomId, anchor, versions.slice(1))
}

/** {"m","sig"} on the wire. */
export interface ApprovalWire {
  m: string
  sig: string
}

/** V = {"v","tbs","approvals"} on the wire. */
export interface RosterVersionWire {
  v: number
  tbs: string
  approvals: ApprovalWire[]
}

export function approvalToWire(a: RosterApproval): ApprovalWire {
  return { m: base64urlEncode(a.memberId), sig: base64urlEncode(a.sig) }
}

/** An approval (or a decline, same shape) from parsed JSON; bad_encoding for any wrong field. */
export function approvalFromWire(json: unknown): RosterApproval {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { m, sig } = json as Record<string, unknown>
  if (typeof m !== 'string' || typeof sig !== 'string') throw new Psg1Error('bad_encoding')
  return {
    memberId: base64urlDecodeExact(m, idBytes),
    sig: base64urlDecodeExact(sig, signatureBytes),
  }
}

export function rosterVersionToWire(version: RosterVersion): RosterVersionWire {
  return {
    v: version.v,
    tbs: base64urlEncode(version.tbs),
    approvals: version.approvals.map(approvalToWire),
  }
}

/** A V from parsed JSON: v an integer 1..2^53−1 (out_of_range), tbs 114..1086 B (bad_encoding). */
export function rosterVersionFromWire(json: unknown): RosterVersion {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { v, tbs, approvals } = json as Record<string, unknown>
  if (typeof v !== 'number' || typeof tbs !== 'string' || !Array.isArray(approvals))
    throw new Psg1Error('bad_encoding')
  if (!Number.isSafeInteger(v) || v < 1) throw new Psg1Error('out_of_range')
  return {
    v,
    tbs: base64urlDecodeRange(
      tbs,
      rosterHeaderBytes,
      rosterHeaderBytes + rosterMaxMembers * rosterEntryBytes,
    ),
    approvals: approvals.map(approvalFromWire),
  }
}
