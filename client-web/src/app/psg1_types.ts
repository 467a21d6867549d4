// The shapes the application layer uses for PSG1 data (protocol/PSG1.md). Binary values that go
// on the wire are kept as base64url text (ids, as map keys) or Uint8Array (keys, hashes).

import type { Signed } from './frames.ts'

/** A membership's identity (§2): one per device and group. Secret keys stay in memory. */
export interface Identity {
  memberId: string
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
  dhSk: Uint8Array
}

/** The group frame (§3.1). */
export interface GroupFrame {
  sizeCap: number
  admission: 0 | 1
  opening: 0 | 1
  facTerm: number
  turnS: number
  pledgeHash: Uint8Array
}

/** One roster entry (§3.2). */
export interface RosterEntry {
  memberId: string
  role: 0 | 1
  sigPk: Uint8Array
  dhPk: Uint8Array
  /** digits(m) of §7: the member's own 30 safety digits, the same on every device. */
  digits: string
}

/** The keys of a joiner as its request carries them, before it has a roster entry. */
export type JoinerKeys = Omit<RosterEntry, 'digits'>

/** A version that passed verify_step (§3.5). */
export interface VerifiedRoster {
  v: number
  hash: Uint8Array
  tbs: Uint8Array
  frame: GroupFrame
  entries: RosterEntry[]
}

/** The sealed ground-rules text that travels with a CHANGE of pledge_hash (§3.7). */
export interface SealedDoc {
  n: string
  c: string
  keys: { to: string; k: string }[]
}

/** A version as the server sends it (§3.5): V = {"v","tbs","approvals"}. */
export interface WireVersion {
  v: number
  tbs: string
  approvals: Signed[]
  doc?: SealedDoc
}

/** The parts of an invite link's fragment (§4.1). */
export interface InviteSecret {
  inviteId: Uint8Array
  secret: Uint8Array
  rosterHash: Uint8Array
}

/** The invite info as the joiner reads it (§4.2). */
export interface InviteInfo {
  groupName: string
  creatorName: string
  text: string
}

/** A join request as a member reads it (§4.5), after every check passed. */
export interface OpenedRequest {
  name: string
  entry: RosterEntry
}

/** An error code of PSG1 (§3.5, §6.3, §8.5). */
export type Psg1Code = string

export type Verdict<T> = { ok: true; value: T } | { ok: false; code: Psg1Code }
