// The one door between the application and the PSG1 library (src/psg1/, protocol/PSG1.md).
// Everything cryptographic the client does goes through Psg1Port; no other module of the app
// imports src/psg1. The port speaks the app's shapes (base64url ids, Verdicts instead of throws)
// so that the rest of the client never handles a secret byte layout.

import type { Signed } from './frames'
import type {
  GroupFrame,
  Identity,
  InviteInfo,
  InviteSecret,
  OpenedRequest,
  Psg1Code,
  RosterEntry,
  Verdict,
  VerifiedRoster,
  WireVersion,
} from './psg1_types'

/** What an epoch's checks and keys are bound to (§5.1). */
export interface EpochContext {
  roomId: string
  ses: string
  ep: number
  roster: VerifiedRoster
  parts: string[]
}

/** This client's sending state in one epoch: EK, SK_msg and the chain (§5.2). Opaque to the app. */
export interface OwnEpoch {
  readonly ek: string
  readonly sig: string
}

/** One sender's receive state in one epoch, installed from its skd (§5.3). Opaque to the app. */
export interface PeerChain {
  readonly name: string
}

export type Plain = { kind: 1; text: string } | { kind: 2; reaction: Reaction } | { kind: 3; typing: boolean }

export const reactions = ['recognise', 'thanks', 'heart'] as const
export type Reaction = (typeof reactions)[number]

/** The fields of a msg frame a sender fills (PROTOCOL.md §4, PSG1.md §6.2). */
export interface SealedMessage {
  ctr: number
  k: number
  n: string
  ct: string
  sig: string
}

/** The fields of a request frame a member's client checks (§4.5). */
export interface RequestFields {
  member: string
  invite: string
  sig_pk: string
  dh_pk: string
  ph: string
  pledge: string
  n: string
  c: string
  jk: string | undefined
}

/** A proposal as the app shows it (§3.4): what changes, and how many approvals it needs. */
export interface ProposalMeaning {
  next: VerifiedRoster
  kind: 'first' | 'add' | 'remove' | 'change'
  subject: string | null
  needed: number
}

export interface CreatedInvite {
  /** The full link with the secret in its fragment: show once, then drop. */
  link: string
  frame: {
    invite: string
    th: string
    rv: number
    info: { n: string; c: string }
    jks: { to: string; k: string }[]
  }
}

export interface Psg1Port {
  ready(): Promise<void>

  // Encodings (§1)
  b64(bytes: Uint8Array): string
  equal(a: Uint8Array, b: Uint8Array): boolean
  /** A pseudonym as PSG1 carries it (NFC, trimmed, 1..63 bytes), or null if it is not one. */
  normalizeName(input: string): string | null
  /** The group's display name, 1..64 bytes of UTF-8 (§4.2), or null. */
  normalizeGroupName(input: string): string | null

  // Identity and login (§2, PROTOCOL.md §4)
  newIdentity(): Identity
  inviteToken(invite: InviteSecret): string
  authSig(identity: Identity, origin: string, nonce: string, roomId: string): string
  redeemSig(identity: Identity, origin: string, nonce: string, roomId: string, inviteId: string): string

  // Roster chain (§3)
  isZeroPin(pin: Uint8Array): boolean
  verifyFromPin(roomId: string, pin: Uint8Array, versions: WireVersion[]): Verdict<VerifiedRoster>
  verifyForward(roomId: string, anchor: VerifiedRoster | null, versions: WireVersion[]): Verdict<VerifiedRoster>
  /** Parse a version already verified once (stored, or the same number again): tbs as bytes or base64url. */
  restoreRoster(roomId: string, tbs: Uint8Array | string): Verdict<VerifiedRoster>
  describeProposal(roomId: string, current: VerifiedRoster | null, tbs: string, approvals: Signed[]): Verdict<ProposalMeaning>
  pledgeHash(text: string): Uint8Array
  buildFirst(roomId: string, identity: Identity, frame: Omit<GroupFrame, 'pledgeHash'>, text: string): { tbs: string; rh: string; sig: string }
  buildAdd(roomId: string, current: VerifiedRoster, joiner: RosterEntry, identity: Identity): { tbs: string; rh: string; sig: string }
  approvalSig(identity: Identity, roomId: string, v: number, rh: string): string

  // Invites and requests (§4)
  openInviteInfo(roomId: string, invite: InviteSecret, n: string, c: string): Verdict<InviteInfo>
  createInvite(identity: Identity, roomId: string, roster: VerifiedRoster, info: InviteInfo, origin: string): CreatedInvite
  joinRequest(
    identity: Identity,
    roomId: string,
    invite: InviteSecret,
    origin: string,
    nonce: string,
    pledgeHash: Uint8Array,
    name: string,
  ): Record<string, string>
  openRequest(identity: Identity, roomId: string, roster: VerifiedRoster, request: RequestFields): Verdict<OpenedRequest>
  declineSig(identity: Identity, roomId: string, request: RequestFields): string
  verifyDeclines(roomId: string, inviteId: string, joiner: Identity, roster: VerifiedRoster, declines: Signed[]): boolean

  // Safety numbers (§7)
  safetyNumber(a: { sigPk: Uint8Array; dhPk: Uint8Array }, b: { sigPk: Uint8Array; dhPk: Uint8Array }): string

  // Meetings (§5, §6)
  checkParts(context: EpochContext, self: string): Psg1Code | null
  startEpoch(identity: Identity, context: EpochContext): OwnEpoch
  verifyEkey(context: EpochContext, from: string, ek: string, sig: string): boolean
  sealSenderKey(own: OwnEpoch, context: EpochContext, self: string, myName: string, peers: { to: string; ek: string }[]): { to: string; n: string; c: string }[]
  openSenderKey(own: OwnEpoch, context: EpochContext, self: string, from: string, fromEk: string, box: { n: string; c: string }): Verdict<PeerChain>
  encrypt(own: OwnEpoch, context: EpochContext, self: string, plain: Plain): SealedMessage
  decrypt(chain: PeerChain, context: EpochContext, from: string, message: SealedMessage): Verdict<Plain>
  wipeOwn(own: OwnEpoch): void
  wipePeer(chain: PeerChain): void
  wipeIdentity(identity: Identity): void
}
