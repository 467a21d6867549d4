// The group's membership as a verified chain (PSG1.md §3.8) and the decisions on it (§3.6):
// fetching and verifying versions, alerts on rollback and fork, the open proposal, approving, and
// the first member's version 1 (§4.7).

import type { ServerFrame } from '../net/connection.ts'
import type { AppContext } from './context.ts'
import { bool, int, objList, optObj, signedList, str, strList, type Signed } from './frames.ts'
import type { GroupFrame, SealedDoc, VerifiedRoster, WireVersion } from './psg1_types.ts'
import type { AppState, ClosingReason, ProposalView } from './state.ts'

const closingReasons: readonly ClosingReason[] = ['committed', 'stale', 'rejected', 'withdrawn', 'expired']

export interface RosterEvents {
  /** A newer verified version was stored; `admitted` when it is the first to hold this member. */
  verified(roster: VerifiedRoster, admitted: boolean): void
  /** A verified version no longer holds this member. */
  removed(): void
}

function readVersion(item: ServerFrame): WireVersion {
  const version: WireVersion = { v: int(item, 'v'), tbs: str(item, 'tbs'), approvals: signedList(item, 'approvals') }
  const doc = optObj(item, 'doc')
  if (doc !== undefined) version.doc = readDoc(doc)
  return version
}

function readDoc(doc: ServerFrame): SealedDoc {
  return {
    n: str(doc, 'n'),
    c: str(doc, 'c'),
    keys: objList(doc, 'keys', (key) => ({ to: str(key, 'to'), k: str(key, 'k') })),
  }
}

export class RosterModule {
  readonly #ctx: AppContext
  readonly #events: RosterEvents
  /** Versions of a paged answer verified so far, not yet stored. */
  #pending: VerifiedRoster | null = null
  /** A joiner's pin (§3.8): the first answer must start at it. */
  #pin: Uint8Array | null = null
  /** Called once with the verified chain from the pin. */
  #onPinned: ((roster: VerifiedRoster | null) => void) | null = null
  /** The open proposal's wire form, for approving it. */
  #openTbs: string | null = null
  /** The open proposal's new ground-rules text, if any, and whether it failed to open or to hash as proposed (§3.7). */
  #proposedText: { rh: string; invalid: boolean; text: string | null } | null = null
  /** A proposal on a base this client has not verified yet, read again once it has. */
  #waitingProposal: ServerFrame | null = null
  /** Verified versions of a paged answer that carry a sealed text, read once the answer is whole. */
  readonly #docs: WireVersion[] = []
  /** The hash of the text last checked by textIsCurrent, so a screen update does not hash it again. */
  #textHash: { text: string; hash: Uint8Array } | null = null

  constructor(ctx: AppContext, events: RosterEvents) {
    this.#ctx = ctx
    this.#events = events
  }

  get current(): VerifiedRoster | null {
    return this.#ctx.store.state.roster
  }

  /** Fetch the versions after the stored one (on connect, and when a frame names a newer one). */
  fetchNewer(): void {
    const v = this.current?.v ?? 0
    this.#ctx.send({ t: 'roster_get', from: v + 1 })
  }

  /** A joiner: fetch the chain from the link's pin, and get it verified (or null) once. */
  fetchFromPin(pin: Uint8Array, done: (roster: VerifiedRoster | null) => void): void {
    this.#pin = pin
    this.#onPinned = done
    this.#ctx.send({ t: 'roster_get', rh: this.#ctx.psg1.b64(pin) })
  }

  handle(frame: ServerFrame): boolean {
    switch (frame.t) {
      case 'roster':
        this.#onRoster(objList(frame, 'versions', readVersion), bool(frame, 'more'))
        return true
      case 'proposal':
        this.#onProposal(frame)
        return true
      case 'proposal_closed':
        this.#onProposalClosed(str(frame, 'rh'), str(frame, 'reason'))
        return true
      default:
        return false
    }
  }

  #onRoster(versions: WireVersion[], more: boolean): void {
    const psg1 = this.#ctx.psg1
    const roomId = this.#ctx.roomId

    if (this.#pin !== null) {
      const pin = this.#pin
      const done = this.#onPinned
      const anchor = this.#pending
      const verdict = anchor === null ? psg1.verifyFromPin(roomId, pin, versions) : psg1.verifyForward(roomId, anchor, versions)
      if (!verdict.ok) {
        this.#pin = null
        this.#onPinned = null
        this.#pending = null
        this.#ctx.alert(verdict.code === 'pin_mismatch' ? 'pin_mismatch' : 'roster_invalid')
        done?.(null)
        return
      }
      this.#pending = verdict.value
      if (more) {
        this.#ctx.send({ t: 'roster_get', from: verdict.value.v + 1 })
        return
      }
      this.#pin = null
      this.#onPinned = null
      this.#pending = null
      done?.(verdict.value)
      return
    }

    const stored = this.#pending ?? this.current
    const fresh = versions.filter((version) => stored === null || version.v > stored.v)
    for (const version of versions) {
      if (stored === null || version.v > stored.v) continue
      // A version we already hold must come back with the same hash; an older number pushed as
      // news is a rollback. Both are what §3.8 asks the client to show.
      if (version.v === stored.v) {
        const again = psg1.restoreRoster(roomId, version.tbs)
        if (!again.ok || !psg1.equal(again.value.hash, stored.hash)) this.#ctx.alert('fork')
      } else if (!more && versions.length === 1) {
        this.#ctx.alert('rollback')
      }
    }
    if (fresh.length === 0) return

    const verdict = psg1.verifyForward(roomId, stored, fresh)
    if (!verdict.ok) {
      this.#pending = null
      this.#docs.length = 0
      this.#ctx.alert(verdict.code === 'prev_hash_mismatch' ? 'fork' : 'roster_invalid')
      return
    }
    this.#docs.push(...fresh.filter((version) => version.doc !== undefined))
    if (more) {
      this.#pending = verdict.value
      this.#ctx.send({ t: 'roster_get', from: verdict.value.v + 1 })
      return
    }
    this.#pending = null
    const docs = this.#docs.splice(0)
    this.#adopt(verdict.value)
    this.#learnText(verdict.value, docs)
  }

  /** Store a verified version and act on what it says about this member. */
  #adopt(roster: VerifiedRoster): void {
    const identity = this.#ctx.identity
    const wasMember = this.current?.entries.some((e) => e.memberId === identity?.memberId) ?? false
    this.#ctx.store.update((state) => ({ ...state, roster }))
    if (identity === null) return
    const mine = roster.entries.find((e) => e.memberId === identity.memberId)
    const keysMatch =
      mine !== undefined && this.#ctx.psg1.equal(mine.sigPk, identity.sigPk) && this.#ctx.psg1.equal(mine.dhPk, identity.dhPk)
    if (!keysMatch) {
      if (wasMember || this.#ctx.record?.status === 'member') this.#events.removed()
      return
    }
    this.#ctx.saveRecord({ status: 'member', roster: { v: roster.v, hash: roster.hash, tbs: roster.tbs } })
    this.#events.verified(roster, !wasMember)
    const waiting = this.#waitingProposal
    this.#waitingProposal = null
    if (waiting !== null) this.#onProposal(waiting)
  }

  /** Adopt a version verified elsewhere (a joiner's chain from its pin, restored from storage). */
  adopt(roster: VerifiedRoster): void {
    this.#adopt(roster)
  }

  #onProposal(frame: ServerFrame): void {
    const rh = str(frame, 'rh')
    const tbs = str(frame, 'tbs')
    const approvals = signedList(frame, 'approvals')
    const fresh = this.#ctx.store.state.proposal?.rh !== rh
    const meaning = this.#ctx.psg1.describeProposal(this.#ctx.roomId, this.current, tbs, approvals)
    if (!meaning.ok) {
      if (meaning.code === 'version_gap' && this.current !== null) {
        // Built on a version this client has not seen yet: fetch it, then read this again.
        this.#waitingProposal = frame
        this.fetchNewer()
        return
      }
      // An approval that does not verify, or a change of an unknown shape: show nothing to approve.
      if (meaning.code === 'approval_invalid') this.#ctx.alert('roster_invalid')
      console.warn('a proposal did not verify:', meaning.code)
      return
    }
    this.#openTbs = tbs
    const text = this.#readProposedText(rh, meaning.value.next, frame)
    const proposal: ProposalView = {
      rh,
      by: str(frame, 'by'),
      kind: meaning.value.kind,
      subject: meaning.value.subject,
      roles: meaning.value.roles,
      frame: meaning.value.frame,
      textChanged: meaning.value.textChanged,
      approvals: approvals.map((a: Signed) => a.m),
      objections: strList(frame, 'objections'),
      missing: meaning.value.missing,
      expiresAt: int(frame, 'expires_at'),
      text,
    }
    this.#ctx.store.update((state) => ({ ...state, proposal }))
    // A new decision takes the place of the last one's closing.
    if (fresh) this.#ctx.store.update((state) => ({ ...state, closedProposal: null }))
  }

  #onProposalClosed(rh: string, reason: string): void {
    const known = closingReasons.find((r) => r === reason)
    this.#ctx.store.update((state) => {
      if (state.proposal?.rh !== rh) return state
      const closedProposal = known === undefined ? null : { proposal: state.proposal, reason: known, base: state.roster }
      return { ...state, proposal: null, closedProposal }
    })
    if (this.#openTbs !== null && this.#ctx.store.state.proposal === null) this.#openTbs = null
    // Told that the proposal this member approved closed without a commit: it may approve another
    // hash at the same number (§3.6).
    if (reason !== 'committed' && this.#ctx.record?.lastApproved?.rh === rh) this.#ctx.saveRecord({ lastApproved: null })
    if (reason === 'committed') this.fetchNewer()
  }

  /** Why this member cannot approve the open proposal now, or null if it can. */
  approveBlocker(state: AppState, requestReadable: (memberId: string) => boolean): string | null {
    const proposal = state.proposal
    const identity = this.#ctx.identity
    if (proposal === null || identity === null) return 'none'
    const me = identity.memberId
    if (proposal.approvals.includes(me)) return 'approved'
    if (!(this.current?.entries.some((e) => e.memberId === me) ?? false)) return 'not_member'
    if (proposal.objections.includes(me)) return 'objected'
    if (this.#proposedText?.rh === proposal.rh && this.#proposedText.invalid) return 'text_invalid'
    if (proposal.kind === 'add' && (proposal.subject === null || !requestReadable(proposal.subject))) return 'unreadable'
    const current = this.current
    const tbs = this.#openTbs
    if (current === null || tbs === null) return 'none'
    const mayApprove = this.#ctx.psg1.mayApprove(this.#ctx.roomId, identity, this.#ctx.record?.lastApproved ?? null, current, tbs)
    return mayApprove ? null : 'approved_other'
  }

  /** Why this member cannot object to the open proposal, or null if it can (§8.2 object). */
  objectBlocker(state: AppState): 'none' | 'approved' | 'objected' | 'not_eligible' | null {
    const proposal = state.proposal
    const me = this.#ctx.identity?.memberId
    if (proposal === null || me === undefined) return 'none'
    // The member a removal is about objects too: its own approval would pass the removal as
    // leaving (§3.4), so the removal is rejected only once it has objected as well.
    if (!(this.current?.entries.some((e) => e.memberId === me) ?? false)) return 'not_eligible'
    if (proposal.approvals.includes(me)) return 'approved'
    if (proposal.objections.includes(me)) return 'objected'
    return null
  }

  /** Object to the open proposal: unsigned, counted by the server (§3.6 rejected). */
  objectOpen(): void {
    const proposal = this.#ctx.store.state.proposal
    if (proposal === null || this.objectBlocker(this.#ctx.store.state) !== null) return
    this.#ctx.send({ t: 'object', rh: proposal.rh })
  }

  /** The proposer takes its open proposal back (§3.6 withdrawn). */
  withdrawOpen(): void {
    const proposal = this.#ctx.store.state.proposal
    if (proposal === null || proposal.by !== this.#ctx.identity?.memberId) return
    this.#ctx.send({ t: 'withdraw', rh: proposal.rh })
  }

  /** Approve the open proposal (§3.3), remembering the number and hash first (§3.6). */
  approveOpen(): void {
    const identity = this.#ctx.identity
    const proposal = this.#ctx.store.state.proposal
    if (identity === null || proposal === null || this.current === null) return
    const v = this.current.v + 1
    this.#ctx.saveRecord({ lastApproved: { v, rh: proposal.rh } })
    this.#ctx.send({ t: 'approve', rh: proposal.rh, sig: this.#ctx.psg1.approvalSig(identity, this.#ctx.roomId, v, proposal.rh) })
  }

  /** Propose a change this member built (its own approval included), with a new text's doc if any. */
  propose(built: { tbs: string; rh: string; sig: string; doc?: SealedDoc }, v: number): void {
    this.#ctx.saveRecord({ lastApproved: { v, rh: built.rh } })
    const { doc } = built
    this.#ctx.send(doc === undefined ? { t: 'roster_propose', tbs: built.tbs, sig: built.sig } : { t: 'roster_propose', tbs: built.tbs, sig: built.sig, doc })
  }

  /** The first member publishes version 1 (§4.7). */
  publishFirst(frame: Omit<GroupFrame, 'pledgeHash'>, text: string): void {
    const identity = this.#ctx.identity
    if (identity === null) return
    this.propose(this.#ctx.psg1.buildFirst(this.#ctx.roomId, identity, frame, text), 1)
  }

  // ---- the ground-rules text (§3.7) ----

  /**
   * Propose new ground rules (and crisis lines, which are part of the text): a CHANGE of
   * pledge_hash alone, with the text sealed to every member. False when another decision is open
   * or this member already approved another change at the next number (§3.6).
   */
  proposeText(text: string): boolean {
    const identity = this.#ctx.identity
    const current = this.current
    if (identity === null || current === null || this.#ctx.store.state.proposal !== null || !this.textIsCurrent()) return false
    const last = this.#ctx.record?.lastApproved
    if (last !== null && last !== undefined && last.v === current.v + 1) return false
    this.propose(this.#ctx.psg1.buildTextChange(this.#ctx.roomId, current, text, identity), current.v + 1)
    return true
  }

  /**
   * Whether this device holds the text the group's pledge_hash commits to. It does not after
   * missing both a change and its doc (offline across a server restart, §8.6): it then makes no
   * invites with the old text and proposes no change over a text it has not seen.
   */
  textIsCurrent(): boolean {
    const text = this.#ctx.store.state.text
    const current = this.current
    if (text === null || current === null) return false
    let hashed = this.#textHash
    if (hashed === null || hashed.text !== text) {
      hashed = { text, hash: this.#ctx.psg1.pledgeHash(text) }
      this.#textHash = hashed
    }
    return this.#ctx.psg1.equal(hashed.hash, current.frame.pledgeHash)
  }

  /**
   * The new text of a proposal that changes pledge_hash, opened with this member's keys and
   * checked to hash to the proposed pledge_hash; null when the text does not change. A missing or
   * mismatching doc is alerted, once per proposal, and nothing is offered to approve.
   */
  #readProposedText(rh: string, next: VerifiedRoster, frame: ServerFrame): string | null {
    if (this.#proposedText?.rh === rh) return this.#proposedText.text
    const psg1 = this.#ctx.psg1
    const current = this.current
    const identity = this.#ctx.identity
    let invalid = false
    let text: string | null = null
    if (current !== null && identity !== null && !psg1.equal(current.frame.pledgeHash, next.frame.pledgeHash)) {
      const doc = optObj(frame, 'doc')
      const opened = doc === undefined ? null : psg1.openTextDoc(this.#ctx.roomId, identity, next.frame.pledgeHash, readDoc(doc))
      if (opened?.ok === true) {
        text = opened.value
      } else {
        invalid = true
        this.#ctx.alert('text_change_invalid')
      }
    }
    this.#proposedText = { rh, invalid, text }
    return text
  }

  /**
   * After a commit: if the group's pledge_hash is no longer that of the text this device keeps,
   * open the newest doc sealed to this member for it and keep the new text (§3.7, §8.2). A doc
   * sealed before this member joined has no key for it; the invite gave it the text then.
   */
  #learnText(roster: VerifiedRoster, versions: WireVersion[]): void {
    const ctx = this.#ctx
    const identity = ctx.identity
    const known = ctx.store.state.text
    if (identity === null) return
    if (known !== null && ctx.psg1.equal(ctx.psg1.pledgeHash(known), roster.frame.pledgeHash)) return
    for (const version of [...versions].reverse()) {
      const doc = version.doc
      if (doc === undefined || !doc.keys.some((key) => key.to === identity.memberId)) continue
      const changed = ctx.psg1.restoreRoster(ctx.roomId, version.tbs)
      if (!changed.ok || !ctx.psg1.equal(changed.value.frame.pledgeHash, roster.frame.pledgeHash)) continue
      const opened = ctx.psg1.openTextDoc(ctx.roomId, identity, roster.frame.pledgeHash, doc)
      if (!opened.ok) {
        ctx.alert('text_change_invalid')
        return
      }
      const text = opened.value
      ctx.saveRecord({ text })
      ctx.store.update((state) => ({ ...state, text }))
      return
    }
  }
}
