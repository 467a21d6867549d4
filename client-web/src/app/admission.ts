// Coming into a group (PSG1.md §4): the first member's redeem (§4.7), a joiner's knock, reading the
// invite info and asking to join (§4.3, §4.4), waiting as a pending joiner, and for members: the
// requests to approve or decline (§4.5) and the group's invite links (§4.2, §8.3).

import type { ServerFrame } from '../net/connection.ts'
import type { AppContext } from './context.ts'
import type { GroupRecord } from './identity_store.ts'
import { int, objField, optInt, optStr, signedList, str } from './frames.ts'
import type { RequestFields } from './psg1_port.ts'
import type { Identity, InviteInfo, InviteSecret, VerifiedRoster } from './psg1_types.ts'
import type { RosterModule } from './roster.ts'
import { withCompared, withInvite, withName, withoutInvite, withoutRequest, withRequest, type AppState } from './state.ts'

/** Invite links last a week and admit one person, the defaults of §4.2. */
const inviteTtlSeconds = 7 * 24 * 3600
const inviteUses = 1

export interface JoinChoice {
  name: string
  adult: boolean
  pledge: boolean
}

export type JoinProblem = 'name' | 'adult' | 'pledge' | null

export class AdmissionModule {
  readonly #ctx: AppContext
  readonly #roster: RosterModule
  #invite: InviteSecret | null = null
  #info: InviteInfo | null = null
  #pinned: VerifiedRoster | null = null
  /** A joiner's keys, made in memory when the info is shown so the safety numbers can be shown;
   * stored and sent only when the person asks to join (§4.3, §4.4). */
  #draft: Identity | null = null
  /** Open requests as received, for building the ADD and the decline (§4.5). */
  readonly #requests = new Map<string, { fields: RequestFields; readable: boolean; entry: VerifiedRoster['entries'][number] | null }>()

  constructor(ctx: AppContext, roster: RosterModule) {
    this.#ctx = ctx
    this.#roster = roster
  }

  // ---- the first member (§4.7) ----

  /** Redeem a facilitator invite with fresh keys; the server answers authed facilitator. */
  async redeem(invite: InviteSecret): Promise<void> {
    const ctx = this.#ctx
    const identity = ctx.psg1.newIdentity()
    const record: GroupRecord = {
      status: 'first',
      roster: null,
      inviteId: null,
      groupName: null,
      myName: null,
      text: null,
      names: {},
      compared: [],
      lastApproved: null,
    }
    await ctx.identities.create(ctx.roomId, identity, record)
    ctx.identity = identity
    ctx.record = record
    const nonce = await ctx.challenge()
    const inviteId = ctx.psg1.b64(invite.inviteId)
    ctx.send({
      t: 'redeem',
      invite: inviteId,
      tok: ctx.psg1.inviteToken(invite),
      member: identity.memberId,
      sig_pk: ctx.psg1.b64(identity.sigPk),
      dh_pk: ctx.psg1.b64(identity.dhPk),
      sig: ctx.psg1.redeemSig(identity, ctx.origin, nonce, ctx.roomId, inviteId),
    })
    invite.secret.fill(0)
  }

  // ---- a joiner (§4.3, §4.4) ----

  /** Knock with the link's token; the server answers invite_info. */
  knock(invite: InviteSecret): void {
    this.#invite = invite
    this.#ctx.send({ t: 'knock', invite: this.#ctx.psg1.b64(invite.inviteId), tok: this.#ctx.psg1.inviteToken(invite) })
  }

  /** Check a joiner's choices; null when the request may go. */
  problem(choice: JoinChoice): JoinProblem {
    if (this.#ctx.psg1.normalizeName(choice.name) === null) return 'name'
    if (!choice.adult) return 'adult'
    if (!choice.pledge) return 'pledge'
    return null
  }

  /** Make and store the identity, then send the join request (§4.4). */
  async askToJoin(choice: JoinChoice): Promise<void> {
    const ctx = this.#ctx
    const invite = this.#invite
    const info = this.#info
    const pinned = this.#pinned
    const identity = this.#draft
    const name = ctx.psg1.normalizeName(choice.name)
    if (invite === null || info === null || pinned === null || identity === null || name === null) return
    if (this.problem(choice) !== null) return
    const inviteId = ctx.psg1.b64(invite.inviteId)
    const names = creatorNames(pinned, info)
    const record: GroupRecord = {
      status: 'pending',
      roster: { v: pinned.v, hash: pinned.hash, tbs: pinned.tbs },
      inviteId,
      groupName: info.groupName,
      myName: name,
      text: info.text,
      names,
      compared: [],
      lastApproved: null,
    }
    await ctx.identities.create(ctx.roomId, identity, record)
    ctx.identity = identity
    ctx.record = record
    ctx.store.update((state) => ({ ...state, myName: name, memberId: identity.memberId, names: { ...state.names, ...names }, busy: true }))
    const nonce = await ctx.challenge()
    const fields = ctx.psg1.joinRequest(identity, ctx.roomId, invite, ctx.origin, nonce, pinned.frame.pledgeHash, name)
    ctx.send({ t: 'join_request', invite: inviteId, tok: ctx.psg1.inviteToken(invite), ...fields })
    // The secret is no longer needed by the joiner once the request is sent (§5.5).
    invite.secret.fill(0)
    this.#draft = null
  }

  /** Leave the invite without asking: the keys made for the safety numbers are wiped. */
  dropDraft(): void {
    if (this.#draft !== null) this.#ctx.psg1.wipeIdentity(this.#draft)
    this.#draft = null
    this.#invite?.secret.fill(0)
  }

  withdraw(): void {
    this.#ctx.send({ t: 'join_withdraw' })
  }

  // ---- members: requests and invites ----

  isReadable(memberId: string): boolean {
    return this.#requests.get(memberId)?.readable ?? false
  }

  /** Approve a request: approve the open ADD for this joiner, or propose it (§4.5). */
  approveRequest(memberId: string): 'proposed' | 'approved' | 'blocked' {
    const ctx = this.#ctx
    const request = this.#requests.get(memberId)
    const current = this.#roster.current
    const identity = ctx.identity
    if (request === undefined || !request.readable || request.entry === null || current === null || identity === null) {
      return 'blocked'
    }
    const proposal = ctx.store.state.proposal
    if (proposal !== null) {
      if (proposal.kind !== 'add' || proposal.subject !== memberId) return 'blocked'
      if (this.#roster.approveBlocker(ctx.store.state, (id) => this.isReadable(id)) !== null) return 'blocked'
      this.#roster.approveOpen()
      return 'approved'
    }
    const last = ctx.record?.lastApproved
    if (last !== null && last !== undefined && last.v === current.v + 1) return 'blocked'
    this.#roster.propose(ctx.psg1.buildAdd(ctx.roomId, current, request.entry, identity), current.v + 1)
    return 'proposed'
  }

  declineRequest(memberId: string): void {
    const ctx = this.#ctx
    const request = this.#requests.get(memberId)
    if (request === undefined || ctx.identity === null) return
    ctx.send({ t: 'decline', member: memberId, sig: ctx.psg1.declineSig(ctx.identity, ctx.roomId, request.fields) })
  }

  /** Mark the pair safety number as compared outside Sirkel (§7); local only, never blocks. */
  setCompared(memberId: string, compared: boolean): void {
    const ctx = this.#ctx
    const list = new Set(ctx.record?.compared ?? [])
    if (compared) list.add(memberId)
    else list.delete(memberId)
    ctx.saveRecord({ compared: [...list] })
    ctx.store.update((state) => withCompared(state, memberId, compared))
  }

  /** Create an invite link; it is shown once (state.newLink) and wiped by clearNewLink. */
  createInvite(): boolean {
    const ctx = this.#ctx
    const roster = this.#roster.current
    const record = ctx.record
    if (ctx.identity === null || roster === null || record?.groupName == null || record.myName == null || record.text == null) {
      return false
    }
    // A joiner would be shown a text that is no longer the group's, and be told not to go on.
    if (!this.#roster.textIsCurrent()) return false
    const created = ctx.psg1.createInvite(
      ctx.identity,
      ctx.roomId,
      roster,
      { groupName: record.groupName, creatorName: record.myName, text: record.text },
      ctx.origin,
    )
    ctx.send({ t: 'invite_create', ...created.frame, ttl_s: inviteTtlSeconds, uses: inviteUses })
    ctx.store.update((state) => ({ ...state, newLink: created.link }))
    return true
  }

  clearNewLink(): void {
    this.#ctx.store.update((state) => (state.newLink === null ? state : { ...state, newLink: null }))
  }

  revokeInvite(invite: string): void {
    this.#ctx.send({ t: 'invite_revoke', invite })
  }

  // ---- frames ----

  handle(frame: ServerFrame): boolean {
    switch (frame.t) {
      case 'invite_info':
        this.#onInviteInfo(frame)
        return true
      case 'join_status':
        this.#onJoinStatus(frame)
        return true
      case 'request':
        this.#onRequest(frame)
        return true
      case 'request_closed': {
        const member = str(frame, 'member')
        this.#requests.delete(member)
        this.#ctx.store.update((state) => withoutRequest(state, member))
        return true
      }
      case 'invite':
        this.#ctx.store.update((state) =>
          withInvite(state, {
            invite: str(frame, 'invite'),
            by: str(frame, 'by'),
            expiresAt: int(frame, 'expires_at'),
            usesLeft: int(frame, 'uses_left'),
          }),
        )
        return true
      case 'invite_closed': {
        const invite = str(frame, 'invite')
        this.#ctx.store.update((state) => withoutInvite(state, invite))
        return true
      }
      default:
        return false
    }
  }

  #onInviteInfo(frame: ServerFrame): void {
    const ctx = this.#ctx
    const invite = this.#invite
    if (invite === null) return
    const sealed = objField(frame, 'info')
    const info = ctx.psg1.openInviteInfo(ctx.roomId, invite, str(sealed, 'n'), str(sealed, 'c'))
    if (!info.ok) {
      ctx.store.update((state) => ({ ...state, screen: 'damaged' }))
      return
    }
    this.#info = info.value
    this.#draft ??= ctx.psg1.newIdentity()
    ctx.store.update((state) => ({
      ...state,
      screen: 'knock',
      groupName: info.value.groupName,
      text: info.value.text,
      knock: { info: info.value, roster: null, safety: [] },
    }))
    this.#roster.fetchFromPin(invite.rosterHash, (roster) => this.#onPinned(roster))
  }

  #onPinned(roster: VerifiedRoster | null): void {
    const ctx = this.#ctx
    const info = this.#info
    const draft = this.#draft
    if (roster === null || info === null || draft === null) return
    if (!ctx.psg1.equal(ctx.psg1.pledgeHash(info.text), roster.frame.pledgeHash)) {
      ctx.alert('text_mismatch')
      return
    }
    this.#pinned = roster
    const safety = roster.entries.map((entry) => ({ memberId: entry.memberId, digits: ctx.psg1.safetyNumber(draft, entry) }))
    // The verified chain from the pin is this joiner's anchor: declines and its admission are
    // checked against it and its successors (§3.8 steps 3 and 5). The creator's name is shown for
    // the one member who can have made the invite (see askToJoin); it is stored only on asking.
    const creator = creatorNames(roster, info)
    ctx.store.update((state) =>
      state.knock === null ? state : { ...state, roster, names: { ...state.names, ...creator }, knock: { ...state.knock, roster, safety } },
    )
  }

  #onJoinStatus(frame: ServerFrame): void {
    const ctx = this.#ctx
    const joinState = str(frame, 'state')
    switch (joinState) {
      case 'pending':
        // The connection that sent the request is now a pending joiner's, as if logged in (§4.4).
        ctx.store.update((state) => ({ ...state, screen: 'pending', busy: false, role: 'pending', connection: 'authed' }))
        return
      case 'admitted':
        // The connection becomes a member's (§8.3); admission itself counts only from a verified
        // version that holds this member (§3.8 step 5).
        ctx.store.update((state) => ({ ...state, role: 'member', connection: 'authed' }))
        this.#roster.fetchNewer()
        return
      case 'declined': {
        const declines = frame.declines === undefined ? [] : signedList(frame, 'declines')
        const identity = ctx.identity
        const roster = this.#roster.current
        const inviteId = ctx.record?.inviteId ?? null
        const verified =
          identity !== null &&
          roster !== null &&
          inviteId !== null &&
          declines.length > 0 &&
          ctx.psg1.verifyDeclines(ctx.roomId, inviteId, identity, roster, declines)
        if (!verified) ctx.alert('decline_unverified')
        ctx.store.update((state) => ({ ...state, screen: verified ? 'declined' : 'lapsed', busy: false }))
        void ctx.forget()
        return
      }
      default:
        ctx.store.update((state) => ({ ...state, screen: 'lapsed', busy: false }))
        void ctx.forget()
    }
  }

  #onRequest(frame: ServerFrame): void {
    const ctx = this.#ctx
    const fields: RequestFields = {
      member: str(frame, 'member'),
      invite: str(frame, 'invite'),
      sig_pk: str(frame, 'sig_pk'),
      dh_pk: str(frame, 'dh_pk'),
      ph: str(frame, 'ph'),
      pledge: str(frame, 'pledge'),
      n: str(frame, 'n'),
      c: str(frame, 'c'),
      jk: optStr(frame, 'jk'),
    }
    const roster = this.#roster.current
    const identity = ctx.identity
    const opened = roster !== null && identity !== null ? ctx.psg1.openRequest(identity, ctx.roomId, roster, fields) : null
    const readable = opened?.ok === true
    const entry = opened?.ok === true ? opened.value.entry : null
    this.#requests.set(fields.member, { fields, readable, entry })
    if (!readable) ctx.alert('request_unreadable')
    if (opened?.ok === true) {
      // A member's name reaches the others only in its request and in skd; it is kept to show
      // in the roster and in proposals (§6.4).
      const name = opened.value.name
      ctx.store.update((state) => withName(state, fields.member, name))
      if (ctx.record !== null && ctx.record.names[fields.member] !== name) {
        ctx.saveRecord({ names: { ...ctx.record.names, [fields.member]: name } })
      }
    }
    const safety = entry !== null && identity !== null ? ctx.psg1.safetyNumber(identity, entry) : null
    ctx.store.update((state: AppState) =>
      withRequest(state, {
        memberId: fields.member,
        name: opened?.ok === true ? opened.value.name : null,
        at: int(frame, 'at'),
        expiresAt: optInt(frame, 'expires_at') ?? 0,
        safety,
        compared: ctx.record?.compared.includes(fields.member) ?? false,
        declines: signedList(frame, 'declines').map((d) => d.m),
      }),
    )
  }
}

/**
 * Names travel only in requests and meeting keys (§2), but the invite info names the invite's
 * creator: when the pinned version has one member, that member made the invite, so the joiner can
 * show the name it read until the first meeting. With more members it cannot tell which one did.
 */
function creatorNames(pinned: VerifiedRoster, info: InviteInfo): Record<string, string> {
  const onlyMember = pinned.entries.length === 1 ? pinned.entries[0] : undefined
  return onlyMember === undefined ? {} : { [onlyMember.memberId]: info.creatorName }
}
