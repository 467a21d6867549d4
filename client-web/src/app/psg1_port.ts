// The one door between the application and the PSG1 library (src/psg1/, protocol/PSG1.md).
// Everything cryptographic the client does goes through Psg1Port; no other module of the app
// imports src/psg1. The port speaks the app's shapes (base64url ids, Verdicts instead of throws)
// so that the rest of the client never handles a secret byte layout. Library objects that must
// outlive a call (a parsed Roster, an epoch's sender, a peer's receiver) stay inside the port,
// found again through WeakMaps keyed by the app's opaque handles.

import {
  MeetingReceiver,
  MessageSender,
  Roster,
  approvalMessage,
  approvalsMissing,
  base64urlDecodeExact,
  base64urlDecodeRange,
  base64urlEncode,
  boxKeyPair,
  buildInviteLink,
  buildJoinRequest,
  checkEpoch,
  checkName,
  createIdentity,
  classifyStep,
  equalBytes,
  groundRulesDocFromWire,
  groundRulesDocToWire,
  hash,
  isPsg1Error,
  joinRequestToWire,
  kdfInviteInfoKey,
  kdfInviteJoinKey,
  kdfInviteToken,
  mayApprove,
  normalizeName,
  openInviteInfo,
  openJoinKey,
  openJoinRequest,
  openGroundRules,
  openSkdBox,
  partsHash,
  pledgeHashOf,
  psg1Ready,
  randomBytes,
  randomId,
  reactionPlaintext,
  rosterVersionFromWire,
  safetyDigits,
  safetyFingerprint,
  safetyNumber,
  sealGroundRules,
  sealInviteInfo,
  sealJoinKey,
  sealSkdBox,
  signApproval,
  sign,
  signAuth,
  signDecline,
  signEkey,
  signKeyPair,
  signRedeem,
  textPlaintext,
  typingPlaintext,
  utf8Bytes,
  verifyChain,
  verifyChainFromPin,
  verifyDeclines,
  verifyEkey,
  verifyStep,
  wipe,
  type KeyPair,
  type RosterEntry as LibEntry,
} from '../psg1/index.ts'
import type { Signed } from './frames.ts'
import type {
  GroupFrame,
  Identity,
  InviteInfo,
  InviteSecret,
  JoinerKeys,
  OpenedRequest,
  Psg1Code,
  SealedDoc,
  Verdict,
  VerifiedRoster,
  WireVersion,
} from './psg1_types.ts'

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

/** The receive side of one meeting: every sender's chain in the open epochs (§5.3, §5.4). */
export interface MeetingKeys {
  readonly ses: string
}

/** A sender's opened skd: its name, and the messages that waited for it (§6.3). */
export interface InstalledSender {
  name: string
  held: Verdict<Plain>[]
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

/** The frame fields a decision may change by number (§3.1); the ground-rules text goes apart. */
export type FrameField = 'sizeCap' | 'admission' | 'opening' | 'facTerm' | 'turnS'
export const frameFields: readonly FrameField[] = ['sizeCap', 'admission', 'opening', 'facTerm', 'turnS']
export type FrameNumbers = Pick<GroupFrame, FrameField>

/** One member's role before and after a CHANGE. */
export interface RoleChange {
  member: string
  from: 0 | 1
  to: 0 | 1
}

/** One frame field before and after a CHANGE. */
export interface FrameChange {
  field: FrameField
  from: number
  to: number
}

/** A proposal as the app shows it (§3.4): what changes, and how many approvals it needs. */
export interface ProposalMeaning {
  next: VerifiedRoster
  kind: 'first' | 'add' | 'remove' | 'change'
  /** The member added or removed, or the one stepping down (STEP-DOWN). */
  subject: string | null
  /** Approvals still needed before it commits (0: it commits now). */
  missing: number
  /** For a CHANGE: the roles that differ, in roster order. */
  roles: RoleChange[]
  /** For a CHANGE: the frame fields that differ, in frame order. */
  frame: FrameChange[]
  /** For a CHANGE: whether the ground-rules text changes (pledge_hash, §3.7). */
  textChanged: boolean
}

/** What a CHANGE sets (§3.4): new roles by member, and new frame fields. */
export interface ChangeSpec {
  roles?: Readonly<Record<string, 0 | 1>>
  frame?: Partial<FrameNumbers>
}

/** A built version with this member's own approval, ready for roster_propose. */
export interface BuiltProposal {
  tbs: string
  rh: string
  sig: string
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
  /** §3.6: one approval per version number, except one's own leaving or stepping down. */
  mayApprove(roomId: string, identity: Identity, lastApproved: { v: number; rh: string } | null, current: VerifiedRoster, tbs: string): boolean
  pledgeHash(text: string): Uint8Array
  buildFirst(roomId: string, identity: Identity, frame: Omit<GroupFrame, 'pledgeHash'>, text: string): { tbs: string; rh: string; sig: string }
  buildAdd(roomId: string, current: VerifiedRoster, joiner: JoinerKeys, identity: Identity): { tbs: string; rh: string; sig: string }
  /** REMOVE (§3.4) of one member: of this member itself it is leaving, and commits at once. */
  buildRemove(roomId: string, current: VerifiedRoster, member: string, identity: Identity): BuiltProposal
  /** CHANGE (§3.4): roles and frame fields; a handover, a STEP-DOWN, a self-run group, a new frame. */
  buildChange(roomId: string, current: VerifiedRoster, change: ChangeSpec, identity: Identity): BuiltProposal
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

  // The ground-rules text (§3.7)
  /** A CHANGE whose frame differs only in pledge_hash = H(text), with the text sealed to every member of current. */
  buildTextChange(roomId: string, current: VerifiedRoster, text: string, identity: Identity): { tbs: string; rh: string; sig: string; doc: SealedDoc }
  /** Open a doc with this member's keys: the text, if it decrypts and hashes to pledgeHash (else doc_invalid, aead_failed, ...). */
  openTextDoc(roomId: string, identity: Identity, pledgeHash: Uint8Array, doc: SealedDoc): Verdict<string>

  // Meetings (§5, §6)
  checkParts(context: EpochContext, self: string): Psg1Code | null
  startEpoch(identity: Identity, context: EpochContext): OwnEpoch
  verifyEkey(context: EpochContext, from: string, ek: string, sig: string): boolean
  sealSenderKey(own: OwnEpoch, context: EpochContext, self: string, myName: string, peers: { to: string; ek: string }[]): { to: string; n: string; c: string }[]
  openMeeting(roomId: string, ses: string, self: string): MeetingKeys
  /** A checked epoch becomes the one messages are read in; the previous one stays for 10 s. */
  epochStarted(meeting: MeetingKeys, ep: number, parts: string[]): void
  installSender(
    meeting: MeetingKeys,
    own: OwnEpoch,
    context: EpochContext,
    self: string,
    from: string,
    fromEk: string,
    box: { n: string; c: string },
  ): Verdict<InstalledSender>
  /** A message of the meeting: its plaintext, or null while it waits for its sender's skd. */
  receive(meeting: MeetingKeys, ep: number, from: string, message: SealedMessage): Verdict<Plain | null>
  closeMeeting(meeting: MeetingKeys): void
  encrypt(own: OwnEpoch, context: EpochContext, self: string, plain: Plain): SealedMessage
  wipeOwn(own: OwnEpoch): void
  wipeIdentity(identity: Identity): void
}

const idBytes = 16
const keyBytes = 32
const nonceBytes = 24
const sigBytes = 64
const maxGroupNameBytes = 64

const b64 = base64urlEncode
const id16 = (text: string): Uint8Array => base64urlDecodeExact(text, idBytes)
const key32 = (text: string): Uint8Array => base64urlDecodeExact(text, keyBytes)

/** Run a library call; a Psg1Error becomes a Verdict with its code, anything else is a bug. */
function verdict<T>(run: () => T): Verdict<T> {
  try {
    return { ok: true, value: run() }
  } catch (err) {
    if (isPsg1Error(err)) return { ok: false, code: err.code }
    if (err instanceof Error && /base64|incomplete input|invalid input/i.test(err.message)) return { ok: false, code: 'bad_encoding' }
    throw err
  }
}

interface OwnState {
  ek: KeyPair
  sender: MessageSender
  /** CK_0 and SK_msg.pk, kept only until this epoch's skd is sealed. */
  chainKey: Uint8Array
  skMsgPk: Uint8Array
  partsHash: Uint8Array
}

export class LibraryPort implements Psg1Port {
  readonly #rosters = new WeakMap<VerifiedRoster, Roster>()
  readonly #own = new WeakMap<OwnEpoch, OwnState>()
  readonly #meetings = new WeakMap<MeetingKeys, MeetingReceiver>()

  ready(): Promise<void> {
    return psg1Ready()
  }

  b64(bytes: Uint8Array): string {
    return b64(bytes)
  }

  equal(a: Uint8Array, b: Uint8Array): boolean {
    return equalBytes(a, b)
  }

  normalizeName(input: string): string | null {
    const name = normalizeName(input)
    return verdict(() => checkName(name)).ok ? name : null
  }

  normalizeGroupName(input: string): string | null {
    const name = input.normalize('NFC').trim()
    const bytes = utf8Bytes(name).length
    return bytes >= 1 && bytes <= maxGroupNameBytes && !/\p{Surrogate}/u.test(name) ? name : null
  }

  newIdentity(): Identity {
    const made = createIdentity()
    return { ...made, memberId: b64(made.memberId) }
  }

  inviteToken(invite: InviteSecret): string {
    const tok = kdfInviteToken(invite.secret)
    const text = b64(tok)
    wipe(tok)
    return text
  }

  authSig(identity: Identity, origin: string, nonce: string, roomId: string): string {
    return b64(signAuth(identity.sigSk, origin, key32(nonce), id16(roomId), id16(identity.memberId)))
  }

  redeemSig(identity: Identity, origin: string, nonce: string, roomId: string, inviteId: string): string {
    return b64(
      signRedeem(identity.sigSk, origin, key32(nonce), id16(roomId), id16(inviteId), id16(identity.memberId), identity.sigPk, identity.dhPk),
    )
  }

  // ---- rosters ----

  #verified(roster: Roster): VerifiedRoster {
    const view: VerifiedRoster = {
      v: roster.version,
      hash: roster.hash,
      tbs: roster.tbs,
      frame: {
        sizeCap: roster.frame.sizeCap,
        admission: roster.frame.admission === 1 ? 1 : 0,
        opening: roster.frame.opening === 1 ? 1 : 0,
        facTerm: roster.frame.facTerm,
        turnS: roster.frame.turnS,
        pledgeHash: roster.frame.pledgeHash,
      },
      entries: roster.entries.map((e) => ({
        memberId: b64(e.memberId),
        role: e.role === 1 ? 1 : 0,
        sigPk: e.sigPk,
        dhPk: e.dhPk,
        digits: safetyDigits(safetyFingerprint(e.sigPk, e.dhPk)),
      })),
    }
    this.#rosters.set(view, roster)
    return view
  }

  /** The library's Roster behind a view; parsed again from tbs if the view came from storage. */
  #roster(roomId: string, view: VerifiedRoster): Roster {
    return this.#rosters.get(view) ?? Roster.parse(id16(roomId), view.tbs)
  }

  isZeroPin(pin: Uint8Array): boolean {
    return pin.length === keyBytes && pin.every((byte) => byte === 0)
  }

  verifyFromPin(roomId: string, pin: Uint8Array, versions: WireVersion[]): Verdict<VerifiedRoster> {
    return verdict(() => this.#verified(verifyChainFromPin(id16(roomId), pin, versions.map(fromWire))))
  }

  verifyForward(roomId: string, anchor: VerifiedRoster | null, versions: WireVersion[]): Verdict<VerifiedRoster> {
    return verdict(() => {
      const from = anchor === null ? null : this.#roster(roomId, anchor)
      return this.#verified(verifyChain(id16(roomId), from, versions.map(fromWire)))
    })
  }

  restoreRoster(roomId: string, tbs: Uint8Array | string): Verdict<VerifiedRoster> {
    return verdict(() => {
      const bytes = typeof tbs === 'string' ? base64urlDecodeRange(tbs, 114, 114 + 12 * 81) : tbs
      return this.#verified(Roster.parse(id16(roomId), bytes))
    })
  }

  describeProposal(roomId: string, current: VerifiedRoster | null, tbs: string, approvals: Signed[]): Verdict<ProposalMeaning> {
    return verdict(() => {
      const prev = current === null ? null : this.#roster(roomId, current)
      const wire = fromWire({ v: 1, tbs, approvals })
      const next = verifyStep(id16(roomId), prev, wire.tbs, wire.approvals, false)
      const change = classifyStep(prev, next)
      const missing = approvalsMissing(prev, next, wire.approvals)
      const subject =
        change.kind === 'add'
          ? b64(change.added.memberId)
          : change.kind === 'remove'
            ? b64(change.removed.memberId)
            : change.kind === 'change' && change.stepDown !== null
              ? b64(change.stepDown.memberId)
              : null
      const roles: RoleChange[] = []
      const frame: FrameChange[] = []
      let textChanged = false
      if (change.kind === 'change' && prev !== null) {
        for (const now of next.entries) {
          const old = prev.find(now.memberId)
          if (old !== undefined && old.role !== now.role) roles.push({ member: b64(now.memberId), from: role01(old.role), to: role01(now.role) })
        }
        for (const field of frameFields) {
          if (prev.frame[field] !== next.frame[field]) frame.push({ field, from: prev.frame[field], to: next.frame[field] })
        }
        textChanged = !equalBytes(prev.frame.pledgeHash, next.frame.pledgeHash)
      }
      return { next: this.#verified(next), kind: change.kind, subject, missing, roles, frame, textChanged }
    })
  }

  mayApprove(roomId: string, identity: Identity, lastApproved: { v: number; rh: string } | null, current: VerifiedRoster, tbs: string): boolean {
    const checked = verdict(() => {
      const prev = this.#roster(roomId, current)
      const next = Roster.parse(id16(roomId), base64urlDecodeRange(tbs, 114, 114 + 12 * 81))
      const last = lastApproved === null ? null : { v: lastApproved.v, hash: key32(lastApproved.rh) }
      // earlierSettled is false here: the app clears lastApproved when told the earlier closed.
      return mayApprove(last, prev, next, id16(identity.memberId), false)
    })
    return checked.ok && checked.value
  }

  pledgeHash(text: string): Uint8Array {
    return pledgeHashOf(text)
  }

  buildFirst(roomId: string, identity: Identity, frame: Omit<GroupFrame, 'pledgeHash'>, text: string): { tbs: string; rh: string; sig: string } {
    const entry: LibEntry = { memberId: id16(identity.memberId), role: 1, sigPk: identity.sigPk, dhPk: identity.dhPk }
    const next = Roster.build(id16(roomId), 1, new Uint8Array(keyBytes), { ...frame, pledgeHash: pledgeHashOf(text) }, [entry])
    return this.#signed(next, identity)
  }

  buildAdd(roomId: string, current: VerifiedRoster, joiner: JoinerKeys, identity: Identity): { tbs: string; rh: string; sig: string } {
    const prev = this.#roster(roomId, current)
    const added: LibEntry = { memberId: id16(joiner.memberId), role: 0, sigPk: joiner.sigPk, dhPk: joiner.dhPk }
    const next = Roster.build(id16(roomId), prev.version + 1, prev.hash, prev.frame, [...prev.entries, added])
    return this.#signed(next, identity)
  }

  buildRemove(roomId: string, current: VerifiedRoster, member: string, identity: Identity): BuiltProposal {
    const prev = this.#roster(roomId, current)
    const gone = id16(member)
    const next = Roster.buildNext(prev, prev.entries.filter((e) => !equalBytes(e.memberId, gone)))
    return this.#signedStep(roomId, prev, next, identity)
  }

  buildChange(roomId: string, current: VerifiedRoster, change: ChangeSpec, identity: Identity): BuiltProposal {
    const prev = this.#roster(roomId, current)
    const roles = change.roles ?? {}
    const entries = prev.entries.map((e) => {
      const role = roles[b64(e.memberId)]
      return role === undefined ? e : { ...e, role }
    })
    const next = Roster.buildNext(prev, entries, { ...prev.frame, ...change.frame })
    return this.#signedStep(roomId, prev, next, identity)
  }

  /** Sign a step only if verify_step would take it (§3.5 checks 1..5): nothing invalid is sent. */
  #signedStep(roomId: string, prev: Roster, next: Roster, identity: Identity): BuiltProposal {
    verifyStep(id16(roomId), prev, next.tbs, [], false)
    return this.#signed(next, identity)
  }

  #signed(next: Roster, identity: Identity): { tbs: string; rh: string; sig: string } {
    const approval = signApproval(next, id16(identity.memberId), identity.sigSk)
    return { tbs: b64(next.tbs), rh: b64(next.hash), sig: b64(approval.sig) }
  }

  approvalSig(identity: Identity, roomId: string, v: number, rh: string): string {
    return b64(sign(identity.sigSk, approvalMessage(id16(roomId), v, key32(rh))))
  }

  // ---- invites and requests ----

  openInviteInfo(roomId: string, invite: InviteSecret, n: string, c: string): Verdict<InviteInfo> {
    return verdict(() => {
      const ik = kdfInviteInfoKey(invite.secret)
      try {
        return openInviteInfo(id16(roomId), invite.inviteId, ik, { n: base64urlDecodeExact(n, nonceBytes), c: base64urlDecodeRange(c, 272, 8464) })
      } finally {
        wipe(ik)
      }
    })
  }

  createInvite(identity: Identity, roomId: string, roster: VerifiedRoster, info: InviteInfo, origin: string): CreatedInvite {
    const room = id16(roomId)
    const inviteId = randomId()
    const secret = randomBytes(keyBytes)
    const tok = kdfInviteToken(secret)
    const ik = kdfInviteInfoKey(secret)
    const jk = kdfInviteJoinKey(secret)
    const signer = { memberId: id16(identity.memberId), sigSk: identity.sigSk }
    try {
      const sealed = sealInviteInfo(room, inviteId, ik, info)
      const jks = roster.entries.map((e) => ({
        to: e.memberId,
        k: b64(sealJoinKey(room, inviteId, jk, signer, { memberId: id16(e.memberId), dhPk: e.dhPk })),
      }))
      const link = buildInviteLink(origin, { roomId: room, inviteId, secret, rosterHash: roster.hash })
      return {
        link,
        frame: { invite: b64(inviteId), th: b64(hash(tok)), rv: roster.v, info: { n: b64(sealed.n), c: b64(sealed.c) }, jks },
      }
    } finally {
      wipe(secret, tok, ik, jk)
    }
  }

  joinRequest(
    identity: Identity,
    roomId: string,
    invite: InviteSecret,
    origin: string,
    nonce: string,
    pledgeHash: Uint8Array,
    name: string,
  ): Record<string, string> {
    const request = buildJoinRequest({
      roomId: id16(roomId),
      origin,
      challenge: key32(nonce),
      inviteId: invite.inviteId,
      inviteSecret: invite.secret,
      identity: { memberId: id16(identity.memberId), sigPk: identity.sigPk, sigSk: identity.sigSk, dhPk: identity.dhPk },
      pledgeHash,
      name,
    })
    const { t: _t, ...fields } = joinRequestToWire(request)
    return fields
  }

  openRequest(identity: Identity, roomId: string, roster: VerifiedRoster, request: RequestFields): Verdict<OpenedRequest> {
    // Without this member's sealed jk the request cannot be read here (§4.2: a later member gets
    // one only if someone sends invite_keys).
    const sealedJk = request.jk
    if (sealedJk === undefined) return { ok: false, code: 'no_join_key' }
    return verdict(() => {
      const room = id16(roomId)
      const inviteId = id16(request.invite)
      const { jk } = openJoinKey(
        room,
        inviteId,
        base64urlDecodeExact(sealedJk, 160),
        { memberId: id16(identity.memberId), dhPk: identity.dhPk, dhSk: identity.dhSk },
        [this.#roster(roomId, roster)],
      )
      try {
        const opened = openJoinRequest(room, jk, roster.frame.pledgeHash, {
          inviteId,
          memberId: id16(request.member),
          sigPk: key32(request.sig_pk),
          dhPk: key32(request.dh_pk),
          pledgeHash: key32(request.ph),
          pledgeSig: base64urlDecodeExact(request.pledge, sigBytes),
          n: base64urlDecodeExact(request.n, nonceBytes),
          c: base64urlDecodeExact(request.c, 321),
        })
        const entry = {
          memberId: b64(opened.memberId),
          role: 0 as const,
          sigPk: opened.sigPk,
          dhPk: opened.dhPk,
          digits: safetyDigits(safetyFingerprint(opened.sigPk, opened.dhPk)),
        }
        return { name: opened.name, entry }
      } finally {
        wipe(jk)
      }
    })
  }

  declineSig(identity: Identity, roomId: string, request: RequestFields): string {
    const joiner = { inviteId: id16(request.invite), memberId: id16(request.member), sigPk: key32(request.sig_pk) }
    return b64(signDecline(id16(roomId), joiner, id16(identity.memberId), identity.sigSk).sig)
  }

  verifyDeclines(roomId: string, inviteId: string, joiner: Identity, roster: VerifiedRoster, declines: Signed[]): boolean {
    return verdict(() =>
      verifyDeclines(
        id16(roomId),
        this.#roster(roomId, roster),
        { inviteId: id16(inviteId), memberId: id16(joiner.memberId), sigPk: joiner.sigPk },
        declines.map((d) => ({ memberId: id16(d.m), sig: base64urlDecodeExact(d.sig, sigBytes) })),
      ),
    ).ok
  }

  safetyNumber(a: { sigPk: Uint8Array; dhPk: Uint8Array }, b: { sigPk: Uint8Array; dhPk: Uint8Array }): string {
    return safetyNumber(a, b)
  }

  // ---- the ground-rules text (§3.7) ----

  buildTextChange(roomId: string, current: VerifiedRoster, text: string, identity: Identity): { tbs: string; rh: string; sig: string; doc: SealedDoc } {
    const prev = this.#roster(roomId, current)
    const room = id16(roomId)
    const next = Roster.build(room, prev.version + 1, prev.hash, { ...prev.frame, pledgeHash: pledgeHashOf(text) }, prev.entries)
    // Sealed to every member of the version it changes (§8.2 step 5), the proposer included.
    const doc = sealGroundRules(room, text, prev.entries.map((e) => ({ memberId: e.memberId, dhPk: e.dhPk })))
    return { ...this.#signed(next, identity), doc: groundRulesDocToWire(doc) }
  }

  openTextDoc(roomId: string, identity: Identity, pledgeHash: Uint8Array, doc: SealedDoc): Verdict<string> {
    return verdict(() =>
      openGroundRules(id16(roomId), pledgeHash, groundRulesDocFromWire(doc), {
        memberId: id16(identity.memberId),
        dhPk: identity.dhPk,
        dhSk: identity.dhSk,
      }),
    )
  }

  // ---- meetings ----

  checkParts(context: EpochContext, self: string): Psg1Code | null {
    const checked = verdict(() =>
      checkEpoch(
        { sessionId: id16(context.ses), ep: context.ep, rv: context.roster.v, rh: context.roster.hash, parts: context.parts.map(id16) },
        { sessionId: id16(context.ses), lastEp: context.ep - 1, roster: this.#roster(context.roomId, context.roster), self: id16(self) },
      ),
    )
    return checked.ok ? null : checked.code
  }

  startEpoch(identity: Identity, context: EpochContext): OwnEpoch {
    const ek = boxKeyPair()
    const skMsg = signKeyPair()
    const chainKey = randomBytes(keyBytes)
    const hashOfParts = partsHash(context.parts.map(id16))
    const roster = this.#roster(context.roomId, context.roster)
    const signed = signEkey(
      id16(context.roomId),
      { sessionId: id16(context.ses), ep: context.ep, roster, partsHash: hashOfParts },
      { memberId: id16(identity.memberId), sigSk: identity.sigSk },
      ek.publicKey,
    )
    const sender = new MessageSender(id16(context.roomId), id16(context.ses), context.ep, id16(identity.memberId), chainKey, skMsg.privateKey)
    wipe(skMsg.privateKey)
    const own: OwnEpoch = { ek: b64(ek.publicKey), sig: b64(signed.sig) }
    this.#own.set(own, { ek, sender, chainKey, skMsgPk: skMsg.publicKey, partsHash: hashOfParts })
    return own
  }

  verifyEkey(context: EpochContext, from: string, ek: string, sig: string): boolean {
    const ses = id16(context.ses)
    return verdict(() =>
      verifyEkey(
        id16(context.roomId),
        { sessionId: ses, ep: context.ep, from: id16(from), rv: context.roster.v, rh: context.roster.hash, ek: key32(ek), sig: base64urlDecodeExact(sig, sigBytes) },
        {
          sessionId: ses,
          ep: context.ep,
          parts: context.parts.map(id16),
          partsHash: partsHash(context.parts.map(id16)),
          roster: this.#roster(context.roomId, context.roster),
        },
      ),
    ).ok
  }

  sealSenderKey(own: OwnEpoch, context: EpochContext, self: string, myName: string, peers: { to: string; ek: string }[]): { to: string; n: string; c: string }[] {
    const state = this.#own.get(own)
    if (state === undefined) throw new Error('this epoch was wiped')
    const key = { chainKey: state.chainKey, skMsgPk: state.skMsgPk, name: myName }
    const boxes = peers.map((peer) => {
      const box = sealSkdBox(
        { roomId: id16(context.roomId), sessionId: id16(context.ses), ep: context.ep, from: id16(self), to: id16(peer.to) },
        key,
        key32(peer.ek),
        state.ek.privateKey,
      )
      return { to: peer.to, n: b64(box.n), c: b64(box.c) }
    })
    // CK_0 went out in the boxes; the sender keeps its own copy of the chain.
    wipe(state.chainKey)
    return boxes
  }

  openMeeting(roomId: string, ses: string, self: string): MeetingKeys {
    const meeting: MeetingKeys = { ses }
    this.#meetings.set(meeting, new MeetingReceiver(id16(roomId), id16(ses), id16(self)))
    return meeting
  }

  epochStarted(meeting: MeetingKeys, ep: number, parts: string[]): void {
    this.#meetings.get(meeting)?.startEpoch(ep, parts.map(id16), Date.now())
  }

  installSender(
    meeting: MeetingKeys,
    own: OwnEpoch,
    context: EpochContext,
    self: string,
    from: string,
    fromEk: string,
    box: { n: string; c: string },
  ): Verdict<InstalledSender> {
    const state = this.#own.get(own)
    const receiver = this.#meetings.get(meeting)
    if (state === undefined || receiver === undefined) return { ok: false, code: 'skd_invalid' }
    return verdict(() => {
      const key = openSkdBox(
        { roomId: id16(context.roomId), sessionId: id16(context.ses), ep: context.ep, from: id16(from), to: id16(self) },
        { n: base64urlDecodeExact(box.n, nonceBytes), c: base64urlDecodeExact(box.c, 228) },
        key32(fromEk),
        state.ek.privateKey,
      )
      try {
        const held = receiver.installSender(context.ep, id16(from), key.chainKey, key.skMsgPk, Date.now())
        return {
          name: key.name,
          held: held.map((h): Verdict<Plain> => (h.result instanceof Error ? { ok: false, code: h.result.code } : { ok: true, value: h.result })),
        }
      } finally {
        wipe(key.chainKey)
      }
    })
  }

  receive(meeting: MeetingKeys, ep: number, from: string, message: SealedMessage): Verdict<Plain | null> {
    const receiver = this.#meetings.get(meeting)
    if (receiver === undefined) return { ok: false, code: 'wrong_epoch' }
    return verdict(() => {
      const delivery = receiver.receive(
        {
          sessionId: id16(meeting.ses),
          ep,
          from: id16(from),
          ctr: message.ctr,
          kind: message.k,
          n: base64urlDecodeExact(message.n, nonceBytes),
          ct: base64urlDecodeRange(message.ct, 17, 16400),
          sig: base64urlDecodeExact(message.sig, sigBytes),
        },
        Date.now(),
      )
      return delivery.status === 'opened' ? delivery.plaintext : null
    })
  }

  closeMeeting(meeting: MeetingKeys): void {
    this.#meetings.get(meeting)?.close()
    this.#meetings.delete(meeting)
  }

  encrypt(own: OwnEpoch, _context: EpochContext, _self: string, plain: Plain): SealedMessage {
    const state = this.#own.get(own)
    if (state === undefined) throw new Error('this epoch was wiped')
    const pt =
      plain.kind === 1 ? textPlaintext(plain.text) : plain.kind === 2 ? reactionPlaintext(plain.reaction) : typingPlaintext(plain.typing)
    const m = state.sender.seal(plain.kind, pt)
    wipe(pt)
    return { ctr: m.ctr, k: m.kind, n: b64(m.n), ct: b64(m.ct), sig: b64(m.sig) }
  }

  wipeOwn(own: OwnEpoch): void {
    const state = this.#own.get(own)
    if (state === undefined) return
    state.sender.wipe()
    wipe(state.ek.privateKey, state.chainKey)
    this.#own.delete(own)
  }

  wipeIdentity(identity: Identity): void {
    wipe(identity.sigSk, identity.dhSk)
  }
}

function role01(role: number): 0 | 1 {
  return role === 1 ? 1 : 0
}

function fromWire(version: WireVersion): ReturnType<typeof rosterVersionFromWire> {
  return rosterVersionFromWire({ v: version.v, tbs: version.tbs, approvals: version.approvals })
}
