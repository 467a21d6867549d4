// The live meeting (PROTOCOL.md §4, PSG1.md §5, §6): join, the epoch checks, ekey and skd, sending
// and reading messages and quiet reactions, presence, leaving. Everything here lives in memory
// only, and wipe() drops it all: keys, chains, held frames and the messages on screen. The
// receive side (chains per sender, the previous epoch's 10 s, messages held for a missing skd)
// is the PSG1 library's MeetingReceiver, behind the port.

import type { ServerFrame } from '../net/connection.ts'
import type { AppContext, ClientFrame } from './context.ts'
import { readFloor, reactionLimit, textBlock, WritingSignal, writingShownMs } from './floor.ts'
import { bool, int, objList, str, strList } from './frames.ts'
import type { EpochContext, MeetingKeys, OwnEpoch, Plain, Reaction, SealedMessage } from './psg1_port.ts'
import type { Verdict } from './psg1_types.ts'
import {
  withEpoch,
  withFloor,
  withHeldSent,
  withMeetingJoined,
  withMeetingState,
  withMessage,
  withName,
  withoutReaction,
  withPresence,
  withReaction,
  withSendPaused,
  withSendReady,
  withWriting,
  wipeMeeting,
  type LobbyNotice,
  type Screen,
} from './state.ts'

/** The errors of §8.4 and §8.5 that a later floor makes out of date. */
const floorRefusals = new Set([
  'not_your_turn',
  'turn_over',
  'floor_not_granted',
  'floor_break',
  'no_round',
  'speaker_changed',
  'not_open_floor',
  'hands_off',
  'hand_already_raised',
  'hand_not_raised',
  'holds_floor',
  'not_floor_holder',
  'chair_present',
])

/** How long another's quiet reaction stays on screen: long enough to read, then it goes quietly. */
const reactionShownMs = 8_000

/** Frames for an epoch this client has not set up yet (it may be fetching the roster first). */
const earlyMax = 64

/** This client's side of one epoch: its keys, the others' ekeys, and whether its skd went out. */
interface EpochSlot {
  context: EpochContext
  own: OwnEpoch | null
  ekeys: Map<string, string>
  skdSent: boolean
}

export class MeetingModule {
  readonly #ctx: AppContext
  readonly #fetchRoster: () => void
  #ses: string | null = null
  /** The join on its way was sent by the client itself, after a dropped connection. */
  #rejoining = false
  #keys: MeetingKeys | null = null
  #lastEp = 0
  #current: EpochSlot | null = null
  /** The sending state of the epoch before, wiped once the new skd is out (§5.5). */
  #previousOwn: OwnEpoch | null = null
  #early: ServerFrame[] = []
  /** This person's messages held until its skd is out, each with the id it has on screen. */
  #outbox: { plain: Plain; id: number | null }[] = []
  /** The epoch a participant left during; nothing more is sealed under it. */
  #leftDuring: number | null = null
  #deferredEpoch: ServerFrame | null = null
  /** Senders whose unreadable message was already announced, per epoch ("ep:member"). */
  #noticed = new Set<string>()
  #writing = new WritingSignal()
  #reactionLimit = reactionLimit()
  /** When each other member's "is writing" runs out without a refresh. */
  readonly #writingTimers = new Map<string, ReturnType<typeof setTimeout>>()
  readonly #reactionTimers = new Set<ReturnType<typeof setTimeout>>()

  constructor(ctx: AppContext, fetchRoster: () => void) {
    this.#ctx = ctx
    this.#fetchRoster = fetchRoster
  }

  get inMeeting(): boolean {
    return this.#ses !== null
  }

  /** rejoining: sent by the client itself after a dropped connection, not by the person. */
  join(rejoining = false): void {
    this.#rejoining = rejoining
    this.#ctx.send({ t: 'join' })
  }

  /** Leave the meeting: tell the server, then forget everything of it. */
  leave(): void {
    this.#ctx.send({ t: 'leave' })
    this.wipe('lobby')
  }

  /** Why the floor does not let this person write now (§8.4), or null. */
  #textBlocked(): boolean {
    const me = this.#ctx.identity?.memberId ?? ''
    return textBlock(this.#ctx.store.state.meeting?.floor ?? null, me, Date.now()) !== null
  }

  sendText(text: string): boolean {
    const trimmed = text.trim()
    if (trimmed === '' || this.#ses === null || this.#textBlocked()) return false
    this.#writing.sent()
    return this.#send({ kind: 1, text: trimmed })
  }

  sendReaction(reaction: Reaction): boolean {
    if (this.#ses === null) return false
    if (!this.#reactionLimit.take(Date.now())) {
      // Said as the server would say it, without sending what it would refuse.
      this.#ctx.store.update((state) => ({ ...state, serverError: 'rate_limited', serverErrorSpeaker: null }))
      return false
    }
    return this.#send({ kind: 2, reaction })
  }

  /** The person typed: others see "is writing" (kind 3), within the floor and the limit. */
  typed(): void {
    const slot = this.#signalSlot()
    if (slot === null || this.#textBlocked()) return
    const signal = this.#writing.typed(Date.now())
    if (signal !== null) this.#sealAndSend(slot, { kind: 3, typing: signal })
  }

  /** The person stopped typing, emptied the field or left it. */
  stoppedTyping(): void {
    const slot = this.#signalSlot()
    const signal = this.#writing.stopped(Date.now())
    // Under a floor that forbids text the others already dropped the mark.
    if (slot !== null && signal !== null && !this.#textBlocked()) this.#sealAndSend(slot, { kind: 3, typing: signal })
  }

  /** The epoch a writing signal goes out under: only one whose keys are out; it is never held. */
  #signalSlot(): EpochSlot | null {
    const slot = this.#current
    if (this.#ses === null || slot === null || !slot.skdSent || slot.own === null || this.#leftDuring === slot.context.ep) return null
    return slot
  }

  /** A floor control of §8.5, or away of §8.2; the server answers with floor or meeting_state. */
  control(frame: ClientFrame): void {
    this.#ctx.send(frame)
  }

  /** The roster changed: an epoch that waited for it can be checked now. */
  rosterUpdated(): void {
    const frame = this.#deferredEpoch
    this.#deferredEpoch = null
    if (frame !== null) this.#onEpoch(frame)
  }

  handle(frame: ServerFrame): boolean {
    switch (frame.t) {
      case 'meeting_state':
        this.#ctx.store.update((state) =>
          withMeetingState(state, {
            open: bool(frame, 'open'),
            away: strList(frame, 'away'),
            awayNext: strList(frame, 'away_next'),
            // A server from before fac_term was counted sends no term_over: nobody's term is over.
            termOver: frame.term_over === undefined ? [] : strList(frame, 'term_over'),
          }),
        )
        return true
      case 'floor':
        this.#onFloor(frame)
        return true
      case 'joined':
        this.#onJoined(str(frame, 'ses'), strList(frame, 'present'))
        return true
      case 'presence': {
        const member = str(frame, 'member')
        const present = frame.present === true
        // Someone who held this epoch's keys has left: the server starts a new epoch (§5.4), but
        // may wait up to 2 s to coalesce triggers. Sealing under the old epoch meanwhile would let
        // the leaver's keys open what is said after it left, so new messages wait for the next one.
        if (!present && this.#current !== null && this.#current.context.parts.includes(member)) {
          this.#leftDuring = this.#current.context.ep
          this.#ctx.store.update(withSendPaused)
        }
        this.#ctx.store.update((state) => withPresence(state, member, present))
        return true
      }
      case 'epoch':
        this.#onEpoch(frame)
        return true
      case 'ekey':
        this.#onEkey(frame)
        return true
      case 'skd':
        this.#onSkd(frame)
        return true
      case 'msg':
        this.#onMsg(frame)
        return true
      default:
        return false
    }
  }

  /** Drop all meeting state: on leave, on the meeting's end, on pagehide and on disconnect. */
  wipe(screen: Screen = 'lobby', notice: LobbyNotice | null = null): void {
    const psg1 = this.#ctx.psg1
    if (this.#keys !== null) psg1.closeMeeting(this.#keys)
    if (this.#current?.own != null) psg1.wipeOwn(this.#current.own)
    if (this.#previousOwn !== null) psg1.wipeOwn(this.#previousOwn)
    this.#keys = null
    this.#current = null
    this.#previousOwn = null
    this.#early = []
    this.#outbox = []
    this.#leftDuring = null
    this.#deferredEpoch = null
    this.#noticed.clear()
    for (const timer of this.#writingTimers.values()) clearTimeout(timer)
    this.#writingTimers.clear()
    for (const timer of this.#reactionTimers) clearTimeout(timer)
    this.#reactionTimers.clear()
    this.#writing = new WritingSignal()
    this.#ses = null
    this.#lastEp = 0
    this.#ctx.store.update((state) => wipeMeeting(state, screen, notice))
  }

  #onFloor(frame: ServerFrame): void {
    if (this.#ses === null) return
    const floor = readFloor(frame, Date.now())
    const me = this.#ctx.identity?.memberId
    if (floor.mode === 'ended') {
      // §8.1: the meeting is gone on the server; nothing of it stays here either.
      this.wipe('lobby', 'ended')
      return
    }
    if (floor.cause === 'member_removed' && floor.subject === me) {
      this.wipe('lobby', 'removed')
      return
    }
    this.#ctx.store.update((state) => {
      const next = withFloor(state, floor)
      // A refusal by the floor's rules is about the floor before this change: it goes with it.
      return next !== state && state.serverError !== null && floorRefusals.has(state.serverError)
        ? { ...next, serverError: null, serverErrorSpeaker: null }
        : next
    })
  }

  #showWriting(from: string, typing: boolean): void {
    const timer = this.#writingTimers.get(from)
    if (timer !== undefined) clearTimeout(timer)
    this.#writingTimers.delete(from)
    if (typing) {
      // A writer who went quiet without saying so (a closed lid) is not shown for ever.
      this.#writingTimers.set(
        from,
        setTimeout(() => {
          this.#writingTimers.delete(from)
          this.#ctx.store.update((state) => withWriting(state, from, false))
        }, writingShownMs),
      )
    }
    this.#ctx.store.update((state) => withWriting(state, from, typing))
  }

  #showReaction(from: string, reaction: Reaction): void {
    this.#ctx.store.update((state) => withReaction(state, from, reaction))
    const id = this.#ctx.store.state.meeting?.reactions.at(-1)?.id
    if (id === undefined) return
    const timer = setTimeout(() => {
      this.#reactionTimers.delete(timer)
      this.#ctx.store.update((state) => withoutReaction(state, id))
    }, reactionShownMs)
    this.#reactionTimers.add(timer)
  }

  #onJoined(ses: string, present: string[]): void {
    const identity = this.#ctx.identity
    if (identity === null) return
    if (this.#ses !== null) this.wipe('meeting')
    this.#ses = ses
    this.#keys = this.#ctx.psg1.openMeeting(this.#ctx.roomId, ses, identity.memberId)
    const rejoined = this.#rejoining
    this.#rejoining = false
    this.#ctx.store.update((state) => withMeetingJoined(state, ses, present, rejoined))
  }

  #send(plain: Plain): boolean {
    const slot = this.#current
    const me = this.#ctx.identity?.memberId ?? ''
    if (slot !== null && slot.skdSent && slot.own !== null && this.#leftDuring !== slot.context.ep) {
      if (!this.#sealAndSend(slot, plain)) return false
      this.#show(me, plain, true, false)
    } else {
      // Outgoing messages wait until this client's own skd is sent (§5.2); on screen they say so.
      this.#outbox.push({ plain, id: this.#show(me, plain, true, true) })
    }
    return true
  }

  #sealAndSend(slot: EpochSlot, plain: Plain): boolean {
    const identity = this.#ctx.identity
    if (identity === null || slot.own === null) return false
    let sealed: SealedMessage
    try {
      sealed = this.#ctx.psg1.encrypt(slot.own, slot.context, identity.memberId, plain)
    } catch (err) {
      console.warn('a message could not be sealed', err)
      return false
    }
    return this.#ctx.send({ t: 'msg', ses: slot.context.ses, ep: slot.context.ep, from: identity.memberId, ...sealed })
  }

  /** Show a message; its id on screen, or null if it is not shown. */
  #show(from: string, plain: Plain, mine: boolean, waiting = false): number | null {
    if (plain.kind === 1) {
      this.#ctx.store.update((state) => withMessage(state, { from, kind: 'text', body: plain.text, mine, waiting }))
    } else if (plain.kind === 2) {
      this.#ctx.store.update((state) => withMessage(state, { from, kind: 'reaction', body: plain.reaction, mine, waiting }))
    } else {
      // A writing signal is never a message: others show it for a moment (#showWriting).
      return null
    }
    return this.#ctx.store.state.meeting?.messages.at(-1)?.id ?? null
  }

  /** Show a received message, or one notice per sender and epoch if it could not be verified. */
  #deliver(ep: number, from: string, result: Verdict<Plain | null>): void {
    if (result.ok) {
      const plain = result.value
      if (plain === null) return
      // Others' reactions and writing signals are shown for a moment, not kept in the log.
      if (plain.kind === 3) this.#showWriting(from, plain.typing)
      else if (plain.kind === 2) this.#showReaction(from, plain.reaction)
      else {
        this.#showWriting(from, false)
        this.#show(from, plain, false)
      }
      return
    }
    // §6.3: a bad signature or a failed decryption shows one notice; other refusals (replay,
    // an old epoch) are dropped quietly.
    if (result.code !== 'sig_invalid' && result.code !== 'aead_failed') return
    const key = `${ep}:${from}`
    if (this.#noticed.has(key)) return
    this.#noticed.add(key)
    this.#ctx.store.update((state) => withMessage(state, { from, kind: 'notice', body: 'message_unverified', mine: false }))
  }

  #onEpoch(frame: ServerFrame): void {
    const ctx = this.#ctx
    const identity = ctx.identity
    const roster = ctx.store.state.roster
    if (this.#ses === null || this.#keys === null || identity === null || roster === null) return
    const ses = str(frame, 'ses')
    const ep = int(frame, 'ep')
    const rv = int(frame, 'rv')
    const rh = str(frame, 'rh')
    const parts = strList(frame, 'parts')
    if (ses !== this.#ses || ep <= this.#lastEp) {
      ctx.alert('epoch_invalid')
      return
    }
    if (rv > roster.v) {
      // Fetch and verify the newer versions first; the epoch is checked when they are in.
      this.#deferredEpoch = frame
      this.#fetchRoster()
      return
    }
    if (rv < roster.v) {
      ctx.alert('rollback')
      return
    }
    if (rh !== ctx.psg1.b64(roster.hash)) {
      ctx.alert('fork')
      return
    }
    const context: EpochContext = { roomId: ctx.roomId, ses, ep, roster, parts }
    if (ctx.psg1.checkParts(context, identity.memberId) !== null) {
      ctx.alert('epoch_invalid')
      return
    }
    this.#lastEp = ep
    ctx.psg1.epochStarted(this.#keys, ep, parts)
    ctx.store.update((state) => withEpoch(state, ep, parts))
    if (ctx.trustHeld) return

    // A finished epoch keeps its sending state until the new skd is out; an unfinished one is
    // abandoned (§5.4, superseding).
    const current = this.#current
    if (current?.own != null) {
      if (current.skdSent) {
        if (this.#previousOwn !== null) ctx.psg1.wipeOwn(this.#previousOwn)
        this.#previousOwn = current.own
      } else {
        ctx.psg1.wipeOwn(current.own)
      }
    }
    const own = ctx.psg1.startEpoch(identity, context)
    this.#current = { context, own, ekeys: new Map(), skdSent: false }
    ctx.send({ t: 'ekey', ses, ep, from: identity.memberId, rv, rh, ek: own.ek, sig: own.sig })
    this.#maybeSendSkd()

    const early = this.#early.filter((f) => f.ep === ep)
    this.#early = this.#early.filter((f) => typeof f.ep === 'number' && f.ep > ep)
    for (const f of early) this.handle(f)
  }

  /** Whether a frame is for a later epoch than the current one; if so it is kept for then. */
  #keepIfEarly(frame: ServerFrame): boolean {
    const ep = int(frame, 'ep')
    if (this.#current !== null && ep <= this.#current.context.ep) return false
    if (this.#early.length < earlyMax) this.#early.push(frame)
    return true
  }

  /** The current epoch's slot for an ekey or skd of this meeting, or null. */
  #slotFor(frame: ServerFrame): EpochSlot | null {
    if (str(frame, 'ses') !== this.#ses || this.#keepIfEarly(frame)) return null
    const current = this.#current
    return current !== null && int(frame, 'ep') === current.context.ep ? current : null
  }

  #onEkey(frame: ServerFrame): void {
    const ctx = this.#ctx
    const slot = this.#slotFor(frame)
    if (slot === null) return
    const from = str(frame, 'from')
    const { context } = slot
    if (from === ctx.identity?.memberId || !context.parts.includes(from)) return
    const matches = int(frame, 'rv') === context.roster.v && str(frame, 'rh') === ctx.psg1.b64(context.roster.hash)
    if (!matches || !ctx.psg1.verifyEkey(context, from, str(frame, 'ek'), str(frame, 'sig'))) {
      ctx.alert('ekey_invalid')
      return
    }
    slot.ekeys.set(from, str(frame, 'ek'))
    this.#maybeSendSkd()
  }

  #maybeSendSkd(): void {
    const ctx = this.#ctx
    const slot = this.#current
    const identity = ctx.identity
    if (slot === null || slot.own === null || slot.skdSent || identity === null || ctx.trustHeld) return
    const others = slot.context.parts.filter((p) => p !== identity.memberId)
    if (!others.every((p) => slot.ekeys.has(p))) return
    const peers = others.map((to) => ({ to, ek: slot.ekeys.get(to) ?? '' }))
    const name = ctx.record?.myName ?? ctx.store.state.myName ?? ''
    const boxes = ctx.psg1.sealSenderKey(slot.own, slot.context, identity.memberId, name, peers)
    ctx.send({ t: 'skd', ses: slot.context.ses, ep: slot.context.ep, from: identity.memberId, boxes })
    slot.skdSent = true
    // This client's sending state of the previous epoch goes once the new one is out (§5.5).
    if (this.#previousOwn !== null) {
      ctx.psg1.wipeOwn(this.#previousOwn)
      this.#previousOwn = null
    }
    ctx.store.update((state) => withSendReady(state, slot.context.ep))
    const queued = this.#outbox
    this.#outbox = []
    const sent: number[] = []
    for (const { plain, id } of queued) if (this.#sealAndSend(slot, plain) && id !== null) sent.push(id)
    ctx.store.update((state) => withHeldSent(state, sent))
  }

  #onSkd(frame: ServerFrame): void {
    const ctx = this.#ctx
    const slot = this.#slotFor(frame)
    const identity = ctx.identity
    const keys = this.#keys
    if (slot === null || identity === null || keys === null || slot.own === null) return
    const from = str(frame, 'from')
    if (from === identity.memberId || !slot.context.parts.includes(from)) return
    const boxes = objList(frame, 'boxes', (box) => ({ to: str(box, 'to'), n: str(box, 'n'), c: str(box, 'c') }))
    const mine = boxes.find((box) => box.to === identity.memberId)
    const ek = slot.ekeys.get(from)
    const installed =
      mine === undefined || ek === undefined
        ? null
        : ctx.psg1.installSender(keys, slot.own, slot.context, identity.memberId, from, ek, mine)
    if (installed === null || !installed.ok) {
      ctx.alert('skd_invalid')
      return
    }
    const { name, held } = installed.value
    ctx.store.update((state) => withName(state, from, name))
    // Names are kept to show in proposals between meetings (§6.4, §2).
    if (ctx.record !== null && ctx.record.names[from] !== name) ctx.saveRecord({ names: { ...ctx.record.names, [from]: name } })
    for (const result of held) this.#deliver(slot.context.ep, from, result)
  }

  #onMsg(frame: ServerFrame): void {
    const keys = this.#keys
    if (keys === null || str(frame, 'ses') !== this.#ses || this.#keepIfEarly(frame)) return
    const ep = int(frame, 'ep')
    const from = str(frame, 'from')
    const message: SealedMessage = {
      ctr: int(frame, 'ctr'),
      k: int(frame, 'k'),
      n: str(frame, 'n'),
      ct: str(frame, 'ct'),
      sig: str(frame, 'sig'),
    }
    this.#deliver(ep, from, this.#ctx.psg1.receive(keys, ep, from, message))
  }
}
