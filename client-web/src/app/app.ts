// The application: it wires the connection, the protocol modules and the store, decides where a
// person starts (an invite, a stored membership, or nothing), and offers the views their actions.

import type { Lang } from '../i18n.ts'
import type { ServerFrame } from '../net/connection.ts'
import { AdmissionModule, type JoinChoice, type JoinProblem } from './admission.ts'
import { AppContext } from './context.ts'
import type { AfterRound, RoundKind } from './floor.ts'
import { FrameError } from './frames.ts'
import { composeProblem, type CrisisLine, type TextProblem } from './ground_rules_text.ts'
import type { IdentityStore } from './identity_store.ts'
import { MeetingModule } from './meeting.ts'
import { frameChangeProblem, frameProblem, type FrameChangeProblem } from './group_frame.ts'
import type { BuiltProposal, ChangeSpec, FrameNumbers, Psg1Port, Reaction } from './psg1_port.ts'
import type { GroupFrame, InviteSecret } from './psg1_types.ts'
import { authRefusalIsFinal, closeIsFinal, closeServerStopping, Reconnector, rejoinStep } from './reconnect.ts'
import { RosterModule } from './roster.ts'
import { Session } from './session.ts'
import { initialState, withoutAlert, type AppState, type Screen } from './state.ts'
import { Store } from './store.ts'

/** text: the ground rules and pledge; crisis: the crisis lines, one "label: number" a line (§3.7). */
export type GroupSetup = Omit<GroupFrame, 'pledgeHash'> & { groupName: string; myName: string; text: string; crisis: string }
export type SetupProblem = 'groupName' | 'name' | 'sizeCap' | 'turn' | 'term' | 'text' | 'crisis' | null

export interface Actions {
  startGroup(): void
  setupProblem(setup: GroupSetup): SetupProblem
  setupGroup(setup: GroupSetup): void
  joinProblem(choice: JoinChoice): JoinProblem
  askToJoin(choice: JoinChoice): void
  leaveInvite(): void
  withdrawRequest(): void
  approveRequest(memberId: string): void
  declineRequest(memberId: string): void
  setCompared(memberId: string, compared: boolean): void
  approveBlocker(): string | null
  approveProposal(): void
  objectBlocker(): string | null
  objectProposal(): void
  withdrawProposal(): void
  /** Leave the group: a self-REMOVE, which commits at once (§3.4, §3.6). */
  leaveGroup(): void
  proposeRemoval(member: string): void
  /** Hand this member's facilitator role to another (a CHANGE of two roles). */
  handRoleOver(to: string): void
  /** STEP-DOWN: this member's role 1 → 0, which needs only its own approval. */
  stepDown(): void
  /** Propose that the group runs itself: every role 0 and any member opens meetings. */
  proposeSelfRun(): void
  frameChangeProblem(frame: FrameNumbers): FrameChangeProblem | null
  proposeFrame(frame: FrameNumbers): void
  createInvite(): void
  clearNewLink(): void
  revokeInvite(invite: string): void
  joinMeeting(): void
  leaveMeeting(): void
  sendText(text: string): boolean
  sendReaction(reaction: Reaction): void
  typed(): void
  stoppedTyping(): void
  setAway(on: boolean): void
  floorDone(): void
  floorPass(): void
  raiseHand(): void
  lowerHand(): void
  yieldFloor(): void
  takeChair(): void
  /** turnS null: the group's time per turn; 0: none. */
  startRound(kind: RoundKind, turnS: number | null, after: AfterRound): void
  /** speaker: the speaker shown, so a second click cannot skip a second person (§8.5). */
  nextSpeaker(speaker: string): void
  openFloor(): void
  setHands(on: boolean): void
  grantFloor(member: string): void
  startBreak(): void
  endMeeting(): void
  removeFromMeeting(member: string): void
  handChairOver(to: string): void
  dismissAlert(id: number): void
  setLang(lang: Lang): void
  /** "Connect again" / "Try now": an attempt at once, also after the client gave up. */
  reconnect(): void
  /** Why these rules and crisis lines cannot be proposed as the group's new text, or null. */
  textProblem(rules: string, crisis: string): TextProblem
  /** False while this device lacks the group's current text: no invites, no new text (§3.7, §8.6). */
  textIsCurrent(): boolean
  /** Propose them as the group's new text (§3.7); false if it could not be proposed now. */
  proposeText(rules: string, crisis: string): boolean
}

export class App implements Actions {
  readonly store: Store<AppState>
  readonly #ctx: AppContext
  readonly #session: Session
  readonly #roster: RosterModule
  readonly #admission: AdmissionModule
  readonly #meeting: MeetingModule
  #invite: InviteSecret | null = null
  /** This person asked to leave: the removal that follows is theirs, said as leaving. */
  #leaving = false
  readonly #reconnector: Reconnector
  /** The connection dropped since the last login: the next one says what may have been missed. */
  #dropped = false
  /** The server refused this member's login; asking again would get the same answer. */
  #authRefused = false
  /** The drop out of a meeting, until the client is back in one (or gives up). */
  #rejoinAfter: { at: number; serverStopped: boolean } | null = null
  /** A join of the rejoin is on its way: one at a time. */
  #rejoinSent = false

  constructor(lang: Lang, roomId: string, psg1: Psg1Port, identities: IdentityStore) {
    this.store = new Store(initialState(lang))
    this.#session = new Session(roomId, this.store, {
      frame: (frame) => this.#onFrame(frame),
      authed: (role, member) => this.#onAuthed(role, member),
      error: (code, ref) => this.#onError(code, ref),
      closed: (code) => this.#onClosed(code),
    })
    this.#ctx = new AppContext({
      roomId,
      origin: location.origin,
      store: this.store,
      psg1,
      identities,
      send: (frame) => this.#session.send(frame),
      challenge: () => this.#session.challenge(),
    })
    this.#roster = new RosterModule(this.#ctx, {
      verified: (_roster, admitted) => {
        this.#meeting.rosterUpdated()
        if (admitted || this.store.state.screen === 'pending' || this.store.state.screen === 'setup-group') {
          this.#goto('lobby')
        }
      },
      removed: () => this.#removed(),
    })
    this.#admission = new AdmissionModule(this.#ctx, this.#roster)
    this.#meeting = new MeetingModule(this.#ctx, () => this.#roster.fetchNewer())
    this.#reconnector = new Reconnector({
      attempt: () => this.#auth(this.#session.challenge()),
      changed: (reconnect) => this.store.update((state) => ({ ...state, reconnect })),
    })
  }

  /** Start from what the page was opened with: an invite (already parsed) or nothing. */
  async start(invite: InviteSecret | null): Promise<void> {
    const ctx = this.#ctx
    this.#invite = invite
    const loaded = await ctx.identities.load(ctx.roomId).catch((err: unknown) => {
      console.warn('could not read the stored identity', err)
      return null
    })
    if (loaded !== null) {
      ctx.identity = loaded.identity
      ctx.record = loaded.record
      const restored = loaded.record.roster === null ? null : ctx.psg1.restoreRoster(ctx.roomId, loaded.record.roster.tbs)
      this.store.update((state) => ({
        ...state,
        memberId: loaded.identity.memberId,
        myName: loaded.record.myName,
        groupName: loaded.record.groupName,
        text: loaded.record.text,
        names: loaded.record.names,
        roster: restored?.ok === true ? restored.value : null,
      }))
    }

    if (ctx.identity !== null) {
      this.#auth(this.#session.challenge())
      return
    }
    if (invite === null) {
      // Nothing to say to the server: no connection is opened.
      this.#goto('unknown')
      return
    }
    const nonce = this.#session.challenge()
    if (ctx.psg1.isZeroPin(invite.rosterHash)) {
      // A first-member invite: nothing is sent until the person chooses to start the group.
      nonce.catch(() => undefined)
      this.#goto('start-group')
      return
    }
    nonce.then(
      () => this.#admission.knock(invite),
      () => undefined,
    )
  }

  #auth(nonce: Promise<string>): void {
    const ctx = this.#ctx
    nonce.then(
      (n) => {
        const identity = ctx.identity
        if (identity === null) return
        ctx.send({ t: 'auth', member: identity.memberId, sig: ctx.psg1.authSig(identity, ctx.origin, n, ctx.roomId) })
      },
      () => undefined,
    )
  }

  #goto(screen: Screen): void {
    this.store.update((state) => (state.screen === screen ? state : { ...state, screen, serverError: null }))
  }

  #onFrame(frame: ServerFrame): void {
    try {
      if (this.#roster.handle(frame)) return
      if (this.#admission.handle(frame)) return
      if (this.#meeting.handle(frame)) {
        if (frame.t === 'joined') this.#endRejoin()
        else if (frame.t === 'meeting_state') this.#rejoin()
        return
      }
    } catch (err) {
      if (!(err instanceof FrameError)) throw err
      console.warn('dropped a malformed server frame:', err.message)
    }
  }

  /**
   * Back into the meeting the connection dropped out of, once the server says whether one is open
   * (rejoinStep). Every join makes the server start a new epoch, and wipe() left no key of the old
   * one: this client's ekey and skd are new (PSG1.md §5).
   */
  #rejoin(): void {
    const drop = this.#rejoinAfter
    if (drop === null || this.#rejoinSent || this.#meeting.inMeeting) return
    const step = rejoinStep(this.store.state, drop, Date.now())
    if (step === 'stop') {
      this.#endRejoin()
    } else if (step === 'join') {
      this.#rejoinSent = true
      this.#meeting.join(true)
    }
  }

  #endRejoin(): void {
    this.#rejoinAfter = null
    this.#rejoinSent = false
  }

  #onAuthed(role: 'facilitator' | 'member' | 'pending', member: string): void {
    const record = this.#ctx.record
    this.#reconnector.succeeded()
    const dropped = this.#dropped
    this.#dropped = false
    // Nothing said while the connection was down reaches this device: the server keeps no messages.
    this.store.update((state) => ({ ...state, role, memberId: member, busy: false, lobbyNotice: dropped && role !== 'pending' ? 'reconnected' : state.lobbyNotice }))
    if (role === 'pending') {
      this.#goto('pending')
    } else if (record?.status === 'first' && record.roster === null) {
      this.#goto('setup-group')
      return
    } else {
      this.#goto('lobby')
    }
    this.#roster.fetchNewer()
  }

  #onError(code: string, ref: string | undefined): void {
    const ctx = this.#ctx
    this.store.update((state) => ({ ...state, busy: false }))
    switch (ref) {
      case 'auth':
        if (authRefusalIsFinal(code)) {
          this.#authRefused = true
          this.#reconnector.stop()
          this.#endRejoin()
          const status = ctx.record?.status
          if (status === 'pending') {
            // The server no longer knows this request: it lapsed or the server restarted (§8.6).
            void ctx.forget()
            this.#goto('lapsed')
          } else if (status === 'first') {
            // The redeem never completed; the keys made for it are of no use.
            void ctx.forget()
            this.#goto('unknown')
          }
          // A member's keys are kept: removal is learned from the verified roster, never from
          // a refused login the server could fake.
        }
        return
      case 'redeem':
        void ctx.forget()
        this.#goto('start-group')
        return
      case 'knock':
        if (code === 'invite_invalid') this.#goto('invite-closed')
        return
      case 'join_request':
        if (code === 'invite_invalid') this.#goto('invite-closed')
        else if (ctx.record?.status === 'pending') void ctx.forget()
        return
      case 'roster_propose':
        this.#leaving = false
        return
      case 'roster_get':
        if (code === 'no_roster' && ctx.record?.status === 'first') this.#goto('setup-group')
        return
      case 'join':
        if (this.#rejoinSent) {
          // A join the client sent by itself is no refusal to show: with no_meeting it waits
          // for the meeting to open; anything else (taken out of it, not allowed to open) ends it.
          this.#rejoinSent = false
          if (code !== 'no_meeting') this.#endRejoin()
          this.store.update((state) => ({
            ...state,
            serverError: null,
            serverErrorSpeaker: null,
            lobbyNotice: code === 'removed_from_meeting' ? 'removed' : state.lobbyNotice,
          }))
          return
        }
        this.#refusedInMeeting(code)
        return
      default:
        this.#refusedInMeeting(code)
        return
    }
  }

  #refusedInMeeting(code: string): void {
    if (code === 'removed_from_meeting' && (this.#meeting.inMeeting || this.store.state.lobbyNotice === 'removed')) {
      // The chair took this person out (§8.6), told by this error or by the floor before it:
      // the lobby says so calmly instead of an error. A refused join later is said as one.
      this.#meeting.wipe('lobby', 'removed')
      this.store.update((state) => ({ ...state, serverError: null, serverErrorSpeaker: null }))
    }
  }

  #onClosed(code: number): void {
    const wasInMeeting = this.#meeting.inMeeting
    // Every key of the meeting goes now; a rejoin sets up fresh ones in a new epoch (PSG1.md §5.5).
    if (wasInMeeting) this.#meeting.wipe('lobby')
    this.#rejoinSent = false
    // Whether a meeting is open is not known while disconnected; the next login says again.
    this.store.update((state) => (state.meetingState === null ? state : { ...state, meetingState: null }))
    if (code === 4002) this.#removed()
    if (closeIsFinal(code) || this.#authRefused || this.#ctx.identity === null) {
      this.#reconnector.stop()
      this.#endRejoin()
      return
    }
    if (wasInMeeting) this.#rejoinAfter = { at: Date.now(), serverStopped: code === closeServerStopping }
    // Only a page that was logged in has missed anything; a first connection that failed has not.
    if (this.store.state.role !== null) this.#dropped = true
    this.#reconnector.dropped()
  }

  #removed(): void {
    const screen = this.#leaving ? 'left' : 'removed'
    this.#meeting.wipe(screen)
    void this.#ctx.forget()
    // Nothing of the group stays on this device: its keys and record go with forget, and the
    // names, the roster and the decisions leave the state here.
    this.store.update((state) => ({
      ...state,
      screen,
      role: null,
      myName: null,
      groupName: null,
      text: null,
      roster: null,
      names: {},
      requests: [],
      proposal: null,
      closedProposal: null,
      invites: [],
      meetingState: null,
      lobbyNotice: null,
    }))
  }

  /** The tab is going away: nothing of the meeting may outlive it (§5.5). */
  pagehide(): void {
    if (this.#meeting.inMeeting) this.#meeting.leave()
    this.#admission.clearNewLink()
    this.#admission.dropDraft()
  }

  // ---- actions ----

  startGroup(): void {
    const invite = this.#invite
    if (invite === null) return
    this.store.update((state) => ({ ...state, busy: true }))
    this.#admission.redeem(invite).catch((err: unknown) => {
      console.warn('redeem failed', err)
      this.store.update((state) => ({ ...state, busy: false }))
    })
  }

  setupProblem(setup: GroupSetup): SetupProblem {
    const psg1 = this.#ctx.psg1
    if (psg1.normalizeGroupName(setup.groupName) === null) return 'groupName'
    if (psg1.normalizeName(setup.myName) === null) return 'name'
    const problem = frameProblem(setup)
    if (problem !== null) return problem
    const composed = composeProblem(setup.text, setup.crisis, null)
    if (composed.problem === 'crisis') return 'crisis'
    if (composed.problem !== null) return 'text'
    return null
  }

  setupGroup(setup: GroupSetup): void {
    const ctx = this.#ctx
    const groupName = ctx.psg1.normalizeGroupName(setup.groupName)
    const myName = ctx.psg1.normalizeName(setup.myName)
    const text = composeProblem(setup.text, setup.crisis, null).text
    if (this.setupProblem(setup) !== null || groupName === null || myName === null || text === null) return
    ctx.saveRecord({ groupName, myName, text })
    this.store.update((state) => ({ ...state, groupName, myName, text, busy: true }))
    const { groupName: _g, myName: _m, text: _t, crisis: _c, ...frame } = setup
    this.#roster.publishFirst(frame, text)
  }

  joinProblem(choice: JoinChoice): JoinProblem {
    return this.#admission.problem(choice)
  }

  askToJoin(choice: JoinChoice): void {
    this.#admission.askToJoin(choice).catch((err: unknown) => {
      console.warn('the join request failed', err)
      this.store.update((state) => ({ ...state, busy: false }))
    })
  }

  leaveInvite(): void {
    this.#admission.dropDraft()
    this.#session.close()
    this.store.update((state) => ({ ...state, screen: 'unknown', knock: null }))
  }

  withdrawRequest(): void {
    this.#admission.withdraw()
  }

  approveRequest(memberId: string): void {
    this.#admission.approveRequest(memberId)
  }

  declineRequest(memberId: string): void {
    this.#admission.declineRequest(memberId)
  }

  setCompared(memberId: string, compared: boolean): void {
    this.#admission.setCompared(memberId, compared)
  }

  approveBlocker(): string | null {
    return this.#roster.approveBlocker(this.store.state, (id) => this.#admission.isReadable(id))
  }

  approveProposal(): void {
    if (this.approveBlocker() === null) this.#roster.approveOpen()
  }

  objectBlocker(): string | null {
    return this.#roster.objectBlocker(this.store.state)
  }

  objectProposal(): void {
    this.#roster.objectOpen()
  }

  withdrawProposal(): void {
    this.#roster.withdrawOpen()
  }

  leaveGroup(): void {
    const me = this.#ctx.identity?.memberId
    if (me === undefined) return
    this.#leaving = true
    if (!this.#proposeWith((current, identity) => this.#ctx.psg1.buildRemove(this.#ctx.roomId, current, me, identity))) this.#leaving = false
  }

  proposeRemoval(member: string): void {
    if (member === this.#ctx.identity?.memberId) return
    this.#proposeWith((current, identity) => this.#ctx.psg1.buildRemove(this.#ctx.roomId, current, member, identity))
  }

  handRoleOver(to: string): void {
    const me = this.#ctx.identity?.memberId
    if (me === undefined || to === me) return
    this.#proposeChange({ roles: { [me]: 0, [to]: 1 } })
  }

  stepDown(): void {
    const me = this.#ctx.identity?.memberId
    if (me === undefined) return
    this.#proposeChange({ roles: { [me]: 0 } })
  }

  proposeSelfRun(): void {
    const holders = this.#roster.current?.entries.filter((e) => e.role === 1) ?? []
    this.#proposeChange({ roles: Object.fromEntries(holders.map((e) => [e.memberId, 0 as const])), frame: { opening: 1 } })
  }

  frameChangeProblem(frame: FrameNumbers): FrameChangeProblem | null {
    const current = this.#roster.current
    if (current === null) return 'unchanged'
    return frameChangeProblem(current.frame, frame, current.entries.length)
  }

  proposeFrame(frame: FrameNumbers): void {
    if (this.frameChangeProblem(frame) !== null) return
    this.#proposeChange({ frame })
  }

  #proposeChange(change: ChangeSpec): boolean {
    return this.#proposeWith((current, identity) => this.#ctx.psg1.buildChange(this.#ctx.roomId, current, change, identity))
  }

  /** Build a proposal on the stored version and send it; false when there is nothing to build on. */
  #proposeWith(build: (current: NonNullable<RosterModule['current']>, identity: NonNullable<AppContext['identity']>) => BuiltProposal): boolean {
    const current = this.#roster.current
    const identity = this.#ctx.identity
    if (current === null || identity === null) return false
    try {
      this.#roster.propose(build(current, identity), current.v + 1)
      return true
    } catch (err) {
      // A change the library refuses (it would not pass verify_step) is not sent.
      console.warn('could not build the proposal', err)
      return false
    }
  }

  createInvite(): void {
    this.#admission.createInvite()
  }

  clearNewLink(): void {
    this.#admission.clearNewLink()
  }

  revokeInvite(invite: string): void {
    this.#admission.revokeInvite(invite)
  }

  joinMeeting(): void {
    this.#endRejoin()
    // An invite link still on screen is taken away before the meeting opens (§4.1: shown once).
    this.#admission.clearNewLink()
    this.store.update((state) => ({ ...state, serverError: null, lobbyNotice: null }))
    this.#meeting.join()
  }

  leaveMeeting(): void {
    this.#meeting.leave()
  }

  sendText(text: string): boolean {
    return this.#meeting.sendText(text)
  }

  sendReaction(reaction: Reaction): void {
    this.#meeting.sendReaction(reaction)
  }

  typed(): void {
    this.#meeting.typed()
  }

  stoppedTyping(): void {
    this.#meeting.stoppedTyping()
  }

  setAway(on: boolean): void {
    this.#meeting.control({ t: 'away', on })
  }

  floorDone(): void {
    this.#meeting.control({ t: 'floor_done' })
  }

  floorPass(): void {
    this.#meeting.control({ t: 'floor_pass' })
  }

  raiseHand(): void {
    this.#meeting.control({ t: 'floor_raise' })
  }

  lowerHand(): void {
    this.#meeting.control({ t: 'floor_lower' })
  }

  yieldFloor(): void {
    this.#meeting.control({ t: 'floor_yield' })
  }

  takeChair(): void {
    this.#meeting.control({ t: 'floor_take_chair' })
  }

  startRound(kind: RoundKind, turnS: number | null, after: AfterRound): void {
    this.#meeting.control(turnS === null ? { t: 'floor_round', kind, after } : { t: 'floor_round', kind, turn_s: turnS, after })
  }

  nextSpeaker(speaker: string): void {
    this.#meeting.control({ t: 'floor_next', speaker })
  }

  openFloor(): void {
    this.#meeting.control({ t: 'floor_open' })
  }

  setHands(on: boolean): void {
    this.#meeting.control({ t: 'floor_hands', on })
  }

  grantFloor(member: string): void {
    this.#meeting.control({ t: 'floor_grant', member })
  }

  startBreak(): void {
    this.#meeting.control({ t: 'floor_break' })
  }

  endMeeting(): void {
    this.#meeting.control({ t: 'meeting_end' })
  }

  removeFromMeeting(member: string): void {
    this.#meeting.control({ t: 'floor_remove', member })
  }

  handChairOver(to: string): void {
    this.#meeting.control({ t: 'floor_hand_over', to })
  }

  dismissAlert(id: number): void {
    this.store.update((state) => withoutAlert(state, id))
  }

  setLang(lang: Lang): void {
    this.store.update((state) => ({ ...state, lang }))
  }

  /** The organisation's crisis lines, once main has fetched them from the server. */
  setOrganisationCrisisLines(lines: readonly CrisisLine[]): void {
    this.store.update((state) => ({ ...state, organisationCrisisLines: lines }))
  }

  reconnect(): void {
    if (this.#session.isOpen || this.#ctx.identity === null) return
    this.#authRefused = false
    this.#reconnector.tryNow()
  }

  /** The network came back or the page is shown again: no need to wait out the delay. */
  networkBack(): void {
    const phase = this.#reconnector.phase
    if (phase === 'waiting' || phase === 'gave-up') this.reconnect()
  }

  // ---- the ground-rules text (§3.7) ----

  textProblem(rules: string, crisis: string): TextProblem {
    return composeProblem(rules, crisis, this.store.state.text).problem
  }

  textIsCurrent(): boolean {
    return this.#roster.textIsCurrent()
  }

  proposeText(rules: string, crisis: string): boolean {
    const { text } = composeProblem(rules, crisis, this.store.state.text)
    return text !== null && this.#roster.proposeText(text)
  }
}
