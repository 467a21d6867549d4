// The application's state and its transitions. Every transition is a pure function, so it can be
// tested without a browser or a server. Nothing here is ever written to storage: messages and
// meeting state exist only in this object, and wipeMeeting drops them.

import type { Lang } from '../i18n.ts'
import { isNewer, mayWrite, type FloorView } from './floor.ts'
import type { CrisisLine } from './ground_rules_text.ts'
import type { FrameChange, Reaction, RoleChange } from './psg1_port.ts'
import type { InviteInfo, VerifiedRoster } from './psg1_types.ts'
import type { ReconnectPhase } from './reconnect.ts'

export type Screen =
  | 'landing' // no group in the address
  | 'damaged' // the invite link could not be read
  | 'connecting'
  | 'start-group' // a first-member invite, before redeem (§4.7)
  | 'setup-group' // redeemed: write version 1
  | 'knock' // reading a group's invite info (§4.3)
  | 'pending' // a join request waits for the group (§4.4)
  | 'declined' // the group declined the request (§4.5)
  | 'lapsed' // the request expired, was withdrawn, or the server forgot it (§8.6)
  | 'lobby' // a member, outside the meeting
  | 'meeting' // in the live meeting
  | 'removed' // no longer a member (§3.8)
  | 'left' // this person left the group themselves (a self-REMOVE, §3.4)
  | 'unknown' // no invite and no identity for this group on this device
  | 'invite-closed' // the server refused the invite: used, revoked or expired

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'challenge' | 'authed' | 'closed' | 'error'

/** Why the client stopped trusting what the server showed (§3.8, §5, §6.3). */
export type AlertCode =
  | 'rollback'
  | 'fork'
  | 'pin_mismatch'
  | 'roster_invalid'
  | 'text_mismatch'
  | 'text_change_invalid'
  | 'epoch_invalid'
  | 'ekey_invalid'
  | 'skd_invalid'
  | 'message_unverified'
  | 'decline_unverified'
  | 'request_unreadable'

export interface Alert {
  id: number
  code: AlertCode
}

export interface KnockView {
  info: InviteInfo
  /** The verified chain from the link's pin; null while it is being fetched. */
  roster: VerifiedRoster | null
  /** pair(me, m) for every member m: computed once keys exist, else each member's own digits. */
  safety: { memberId: string; digits: string }[]
}

export interface RequestView {
  memberId: string
  /** null when the request could not be opened and checked: only decline is offered. */
  name: string | null
  at: number
  expiresAt: number
  safety: string | null
  compared: boolean
  declines: string[]
}

export type ProposalKind = 'first' | 'add' | 'remove' | 'change' | 'unknown'

/** How a decision closed (§3.6). */
export type ClosingReason = 'committed' | 'stale' | 'rejected' | 'withdrawn' | 'expired'

/** The last decision that closed, said once in the lobby until the next one opens. */
export interface ClosedProposalView {
  proposal: ProposalView
  reason: ClosingReason
  /** The roster it was proposed on, so the members it names are named as they were. */
  base: VerifiedRoster | null
}

export interface ProposalView {
  rh: string
  by: string
  kind: ProposalKind
  subject: string | null
  /** For a CHANGE: the roles and frame fields it changes, and whether the ground rules change. */
  roles: RoleChange[]
  frame: FrameChange[]
  textChanged: boolean
  approvals: string[]
  objections: string[]
  /** Approvals still needed before it commits. */
  missing: number
  expiresAt: number
  /** A new ground-rules text, opened and checked against the proposed pledge_hash (§3.7); else null. */
  text: string | null
}

export interface InviteView {
  invite: string
  by: string
  expiresAt: number
  usesLeft: number
}

export type MessageKind = 'text' | 'reaction' | 'notice'

export interface MessageView {
  id: number
  from: string
  kind: MessageKind
  /** The text, the reaction name, or a notice code. */
  body: string
  mine: boolean
  /** One of this person's own, held until this client's sender key is out (§5.2). */
  waiting: boolean
}

export interface MeetingView {
  ses: string
  ep: number
  present: string[]
  /**
   * True once this client's own sender key went out in the current epoch, and false again while a
   * participant has left and the next epoch is awaited: new messages would wait.
   */
  canSend: boolean
  /** Messages held while keys were set up have just gone out; cleared by the next message. */
  heldSent: boolean
  messages: MessageView[]
  /** The last floor the server sent (PROTOCOL.md §8.3); null until the first arrives. */
  floor: FloorView | null
  /** Who said they are writing (PSG1 kind 3), in the order they started. */
  writing: string[]
  /** Others' quiet reactions, each shown for a few seconds. */
  reactions: ReactionView[]
  /** Joined again by itself after a dropped connection: what was said meanwhile is not shown. */
  rejoined: boolean
}

export interface ReactionView {
  id: number
  from: string
  reaction: Reaction
}

/** Whether a meeting is open and who said they cannot come (PROTOCOL.md §8.2). */
export interface MeetingStateView {
  open: boolean
  away: string[]
  awayNext: string[]
  /** Facilitators whose term of meetings has run out (§3.1 fac_term): treated as members. */
  termOver: string[]
}

/**
 * Why the lobby says something calm: the meeting ended, the chair took this person out, or the
 * connection came back after a drop (what was said meanwhile is not shown: no server keeps it).
 */
export type LobbyNotice = 'ended' | 'removed' | 'reconnected'

/** What the meeting's status line says. */
export type MeetingStatus = 'keys' | 'waiting' | 'sent' | 'ready' | 'listening'

/**
 * Held messages are said first: nobody should read "you can write" while theirs has not gone;
 * nor while the floor does not let them write (`mayWriteNow` false): then the keys are ready and
 * the person listens.
 */
export function meetingStatus(meeting: MeetingView, mayWriteNow = true): MeetingStatus {
  if (meeting.messages.some((m) => m.waiting)) return 'waiting'
  if (!meeting.canSend) return 'keys'
  if (meeting.heldSent) return 'sent'
  return mayWriteNow ? 'ready' : 'listening'
}

export interface AppState {
  lang: Lang
  screen: Screen
  connection: ConnectionState
  /** Trying to connect again by itself after a drop (reconnect.ts), or null. */
  reconnect: ReconnectPhase | null
  /** The last server error code, shown in the connection status. */
  serverError: string | null
  /** The member holding the floor, named by a floor error (§8.4), shown with it. */
  serverErrorSpeaker: string | null
  role: 'facilitator' | 'member' | 'pending' | null
  memberId: string | null
  myName: string | null
  groupName: string | null
  text: string | null
  roster: VerifiedRoster | null
  names: Readonly<Record<string, string>>
  knock: KnockView | null
  requests: readonly RequestView[]
  proposal: ProposalView | null
  closedProposal: ClosedProposalView | null
  invites: readonly InviteView[]
  /** A just-created invite link, shown once and wiped when the person is done with it. */
  newLink: string | null
  meeting: MeetingView | null
  meetingState: MeetingStateView | null
  lobbyNotice: LobbyNotice | null
  alerts: readonly Alert[]
  busy: boolean
  /**
   * The organisation's crisis lines from its server (GET /crisis-lines), or null while none are
   * known: shown where the group's own are not, and offered to a new group.
   */
  organisationCrisisLines: readonly CrisisLine[] | null
}

export function initialState(lang: Lang): AppState {
  return {
    lang,
    screen: 'connecting',
    connection: 'idle',
    reconnect: null,
    serverError: null,
    serverErrorSpeaker: null,
    role: null,
    memberId: null,
    myName: null,
    groupName: null,
    text: null,
    roster: null,
    names: {},
    knock: null,
    requests: [],
    proposal: null,
    closedProposal: null,
    invites: [],
    newLink: null,
    meeting: null,
    meetingState: null,
    lobbyNotice: null,
    alerts: [],
    busy: false,
    organisationCrisisLines: null,
  }
}

/** Messages kept on screen; older ones are dropped from memory too. */
export const maxMessages = 500

let nextId = 1

export function withAlert(state: AppState, code: AlertCode): AppState {
  if (state.alerts.some((alert) => alert.code === code)) return state
  return { ...state, alerts: [...state.alerts, { id: nextId++, code }] }
}

export function withoutAlert(state: AppState, id: number): AppState {
  return { ...state, alerts: state.alerts.filter((alert) => alert.id !== id) }
}

export function withMeetingJoined(state: AppState, ses: string, present: string[], rejoined = false): AppState {
  return {
    ...state,
    screen: 'meeting',
    lobbyNotice: null,
    meeting: { ses, ep: 0, present: sorted(present), canSend: false, heldSent: false, messages: [], floor: null, writing: [], reactions: [], rejoined },
  }
}

export function withMeetingState(state: AppState, meetingState: MeetingStateView): AppState {
  return { ...state, meetingState }
}

/**
 * A floor from the server, if it is newer than the one shown (§8.3). Whoever may no longer write
 * under it stops being shown as writing.
 */
export function withFloor(state: AppState, floor: FloorView): AppState {
  const meeting = state.meeting
  if (meeting === null || !isNewer(meeting.floor, floor)) return state
  const writing = meeting.writing.filter((m) => mayWrite(floor, m, floor.at))
  return { ...state, meeting: { ...meeting, floor, writing } }
}

export function withWriting(state: AppState, member: string, writing: boolean): AppState {
  const meeting = state.meeting
  if (meeting === null || meeting.writing.includes(member) === writing) return state
  const others = meeting.writing.filter((m) => m !== member)
  return { ...state, meeting: { ...meeting, writing: writing ? [...others, member] : others } }
}

/** Reactions shown at once, at most; an older one makes room. */
const maxReactionsShown = 6

export function withReaction(state: AppState, from: string, reaction: Reaction): AppState {
  const meeting = state.meeting
  if (meeting === null) return state
  const reactions = [...meeting.reactions, { id: nextId++, from, reaction }].slice(-maxReactionsShown)
  return { ...state, meeting: { ...meeting, reactions } }
}

export function withoutReaction(state: AppState, id: number): AppState {
  const meeting = state.meeting
  if (meeting === null || !meeting.reactions.some((r) => r.id === id)) return state
  return { ...state, meeting: { ...meeting, reactions: meeting.reactions.filter((r) => r.id !== id) } }
}

export function withPresence(state: AppState, member: string, present: boolean): AppState {
  const meeting = state.meeting
  if (meeting === null) return state
  const others = meeting.present.filter((m) => m !== member)
  return { ...state, meeting: { ...meeting, present: present ? sorted([...others, member]) : others } }
}

export function withEpoch(state: AppState, ep: number, parts: string[]): AppState {
  const meeting = state.meeting
  if (meeting === null) return state
  return { ...state, meeting: { ...meeting, ep, present: sorted(parts), canSend: false } }
}

export function withSendReady(state: AppState, ep: number): AppState {
  const meeting = state.meeting
  if (meeting === null || meeting.ep !== ep) return state
  return { ...state, meeting: { ...meeting, canSend: true } }
}

/** A participant left: nothing more goes out under this epoch's keys until the next one is set up. */
export function withSendPaused(state: AppState): AppState {
  const meeting = state.meeting
  if (meeting === null || !meeting.canSend) return state
  return { ...state, meeting: { ...meeting, canSend: false } }
}

export type NewMessage = Omit<MessageView, 'id' | 'waiting'> & { waiting?: boolean }

export function withMessage(state: AppState, message: NewMessage): AppState {
  const meeting = state.meeting
  if (meeting === null) return state
  const messages = [...meeting.messages, { ...message, waiting: message.waiting ?? false, id: nextId++ }]
  const heldSent = message.mine ? false : meeting.heldSent
  return { ...state, meeting: { ...meeting, heldSent, messages: messages.slice(-maxMessages) } }
}

/** The held messages with these ids went out. */
export function withHeldSent(state: AppState, ids: readonly number[]): AppState {
  const meeting = state.meeting
  if (meeting === null || ids.length === 0) return state
  // Changed in place, not copied: a copy would leave the text in an object wipeMeeting never sees.
  for (const m of meeting.messages) if (ids.includes(m.id)) m.waiting = false
  return { ...state, meeting: { ...meeting, heldSent: true, messages: [...meeting.messages] } }
}

/**
 * End the meeting on this device: every message and all meeting state leave the state object.
 * The messages array is emptied in place as well, so a view or closure still holding it holds
 * nothing (best effort: the garbage collector decides when the strings themselves go).
 */
export function wipeMeeting(state: AppState, screen: Screen = 'lobby', notice: LobbyNotice | null = null): AppState {
  const lobbyNotice = notice ?? state.lobbyNotice
  if (state.meeting === null) {
    if (state.screen === 'meeting') return { ...state, screen, lobbyNotice }
    return lobbyNotice === state.lobbyNotice ? state : { ...state, lobbyNotice }
  }
  const messages = state.meeting.messages as MessageView[]
  for (const message of messages) message.body = ''
  messages.length = 0
  return { ...state, meeting: null, lobbyNotice, screen: state.screen === 'meeting' ? screen : state.screen }
}

export function withRequest(state: AppState, request: RequestView): AppState {
  const others = state.requests.filter((r) => r.memberId !== request.memberId)
  return { ...state, requests: [...others, request].sort((a, b) => a.at - b.at) }
}

/**
 * The member whose request the open proposal would let in, if that request is on screen: the
 * proposal is then answered at the request, so each request has one approve and one decline and
 * the proposal shows none of its own.
 */
export function requestOfOpenAdd(state: Pick<AppState, 'proposal' | 'requests'>): string | null {
  const proposal = state.proposal
  if (proposal === null || proposal.kind !== 'add' || proposal.subject === null) return null
  const subject = proposal.subject
  return state.requests.some((r) => r.memberId === subject) ? subject : null
}

export function withoutRequest(state: AppState, memberId: string): AppState {
  return { ...state, requests: state.requests.filter((r) => r.memberId !== memberId) }
}

export function withCompared(state: AppState, memberId: string, compared: boolean): AppState {
  return { ...state, requests: state.requests.map((r) => (r.memberId === memberId ? { ...r, compared } : r)) }
}

export function withInvite(state: AppState, invite: InviteView): AppState {
  const others = state.invites.filter((i) => i.invite !== invite.invite)
  return { ...state, invites: [...others, invite] }
}

export function withoutInvite(state: AppState, invite: string): AppState {
  return { ...state, invites: state.invites.filter((i) => i.invite !== invite) }
}

export function withName(state: AppState, memberId: string, name: string): AppState {
  if (state.names[memberId] === name) return state
  return { ...state, names: { ...state.names, [memberId]: name } }
}

function sorted(ids: string[]): string[] {
  return [...new Set(ids)].sort()
}
