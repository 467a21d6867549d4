// The live meeting (PROTOCOL.md §4, PSG1.md §5, §6): join, the epoch checks, ekey and skd, sending
// and reading messages and quiet reactions, presence, leaving. Everything here lives in memory
// only, and wipe() drops it all: keys, chains, held frames and the messages on screen.

import type { ServerFrame } from '../net/connection.ts'
import type { AppContext } from './context.ts'
import { int, objList, str, strList } from './frames.ts'
import type { EpochContext, OwnEpoch, PeerChain, Plain, Reaction, SealedMessage } from './psg1_port.ts'
import { withEpoch, withMeetingJoined, withMessage, withName, withPresence, withSendReady, wipeMeeting, type Screen } from './state.ts'

/** Receive state of the previous epoch is kept this long after a new one (§5.4). */
export const graceMs = 10_000
/** A message that comes before its sender's skd waits this long, at most heldMax of them (§6.3). */
export const heldMs = 5_000
export const heldMax = 64
/** Frames for an epoch this client has not set up yet (it may be fetching the roster first). */
const earlyMax = 64

interface EpochSlot {
  context: EpochContext
  own: OwnEpoch | null
  ekeys: Map<string, string>
  chains: Map<string, PeerChain>
  skdSent: boolean
  /** Senders whose unreadable message was already announced in this epoch. */
  noticed: Set<string>
}

interface Held {
  frame: ServerFrame
  at: number
}

export class MeetingModule {
  readonly #ctx: AppContext
  readonly #fetchRoster: () => void
  #ses: string | null = null
  #lastEp = 0
  #current: EpochSlot | null = null
  #previous: EpochSlot | null = null
  #graceTimer: ReturnType<typeof setTimeout> | null = null
  #early: ServerFrame[] = []
  #held: Held[] = []
  #outbox: Plain[] = []
  #deferredEpoch: ServerFrame | null = null

  constructor(ctx: AppContext, fetchRoster: () => void) {
    this.#ctx = ctx
    this.#fetchRoster = fetchRoster
  }

  get inMeeting(): boolean {
    return this.#ses !== null
  }

  join(): void {
    this.#ctx.send({ t: 'join' })
  }

  /** Leave the meeting: tell the server, then forget everything of it. */
  leave(): void {
    this.#ctx.send({ t: 'leave' })
    this.wipe('lobby')
  }

  sendText(text: string): boolean {
    const trimmed = text.trim()
    if (trimmed === '' || this.#ses === null) return false
    return this.#send({ kind: 1, text: trimmed })
  }

  sendReaction(reaction: Reaction): boolean {
    if (this.#ses === null) return false
    return this.#send({ kind: 2, reaction })
  }

  /** The roster changed: an epoch that waited for it can be checked now. */
  rosterUpdated(): void {
    const frame = this.#deferredEpoch
    this.#deferredEpoch = null
    if (frame !== null) this.#onEpoch(frame)
  }

  handle(frame: ServerFrame): boolean {
    switch (frame.t) {
      case 'joined':
        this.#ses = str(frame, 'ses')
        this.#lastEp = 0
        this.#ctx.store.update((state) => withMeetingJoined(state, str(frame, 'ses'), strList(frame, 'present')))
        return true
      case 'presence': {
        const member = str(frame, 'member')
        const present = frame.present === true
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
  wipe(screen: Screen = 'lobby'): void {
    if (this.#graceTimer !== null) clearTimeout(this.#graceTimer)
    this.#graceTimer = null
    this.#wipeSlot(this.#previous)
    this.#wipeSlot(this.#current)
    this.#previous = null
    this.#current = null
    this.#early = []
    this.#held = []
    this.#outbox = []
    this.#deferredEpoch = null
    this.#ses = null
    this.#lastEp = 0
    this.#ctx.store.update((state) => wipeMeeting(state, screen))
  }

  #send(plain: Plain): boolean {
    const slot = this.#current
    if (slot !== null && slot.skdSent && slot.own !== null) {
      if (!this.#sealAndSend(slot, plain)) return false
    } else {
      // Outgoing messages wait until this client's own skd is sent (§5.2).
      this.#outbox.push(plain)
    }
    this.#show(this.#ctx.identity?.memberId ?? '', plain, true)
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

  #show(from: string, plain: Plain, mine: boolean): void {
    if (plain.kind === 1) {
      this.#ctx.store.update((state) => withMessage(state, { from, kind: 'text', body: plain.text, mine }))
    } else if (plain.kind === 2) {
      this.#ctx.store.update((state) => withMessage(state, { from, kind: 'reaction', body: plain.reaction, mine }))
    }
    // kind 3 ("still writing") is not shown in this version.
  }

  #onEpoch(frame: ServerFrame): void {
    const ctx = this.#ctx
    const identity = ctx.identity
    const roster = ctx.store.state.roster
    if (this.#ses === null || identity === null || roster === null) return
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
    ctx.store.update((state) => withEpoch(state, ep, parts))
    if (ctx.trustHeld) return

    // An unfinished epoch is abandoned; a finished one is kept for the grace period.
    if (this.#current?.skdSent === true) {
      this.#wipeSlot(this.#previous)
      this.#previous = this.#current
      if (this.#graceTimer !== null) clearTimeout(this.#graceTimer)
      this.#graceTimer = setTimeout(() => {
        this.#wipeSlot(this.#previous)
        this.#previous = null
        this.#graceTimer = null
      }, graceMs)
    } else {
      this.#wipeSlot(this.#current)
    }
    const own = ctx.psg1.startEpoch(identity, context)
    this.#current = { context, own, ekeys: new Map(), chains: new Map(), skdSent: false, noticed: new Set() }
    ctx.send({ t: 'ekey', ses, ep, from: identity.memberId, rv, rh, ek: own.ek, sig: own.sig })
    this.#maybeSendSkd()

    const early = this.#early.filter((f) => f.ep === ep)
    this.#early = this.#early.filter((f) => typeof f.ep === 'number' && f.ep > ep)
    for (const f of early) this.handle(f)
  }

  /** The slot a frame belongs to, or null; a frame for a later epoch is kept until it is set up. */
  #slotFor(frame: ServerFrame, allowPrevious: boolean): EpochSlot | null {
    if (str(frame, 'ses') !== this.#ses) return null
    const ep = int(frame, 'ep')
    const current = this.#current
    if (current === null || ep > current.context.ep) {
      if (this.#early.length < earlyMax) this.#early.push(frame)
      return null
    }
    if (ep === current.context.ep) return current
    if (allowPrevious && this.#previous?.context.ep === ep) return this.#previous
    return null
  }

  #onEkey(frame: ServerFrame): void {
    const ctx = this.#ctx
    const slot = this.#slotFor(frame, false)
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
    if (this.#previous?.own != null) {
      ctx.psg1.wipeOwn(this.#previous.own)
      this.#previous.own = null
    }
    ctx.store.update((state) => withSendReady(state, slot.context.ep))
    const queued = this.#outbox
    this.#outbox = []
    for (const plain of queued) this.#sealAndSend(slot, plain)
  }

  #onSkd(frame: ServerFrame): void {
    const ctx = this.#ctx
    const slot = this.#slotFor(frame, false)
    const identity = ctx.identity
    if (slot === null || identity === null) return
    const from = str(frame, 'from')
    if (from === identity.memberId || !slot.context.parts.includes(from) || slot.own === null) return
    const boxes = objList(frame, 'boxes', (box) => ({ to: str(box, 'to'), n: str(box, 'n'), c: str(box, 'c') }))
    const mine = boxes.find((box) => box.to === identity.memberId)
    const ek = slot.ekeys.get(from)
    const opened =
      mine === undefined || ek === undefined
        ? null
        : ctx.psg1.openSenderKey(slot.own, slot.context, identity.memberId, from, ek, mine)
    if (opened === null || !opened.ok) {
      ctx.alert('skd_invalid')
      return
    }
    const old = slot.chains.get(from)
    if (old !== undefined) ctx.psg1.wipePeer(old)
    slot.chains.set(from, opened.value)
    const name = opened.value.name
    ctx.store.update((state) => withName(state, from, name))
    if (ctx.record !== null && ctx.record.names[from] !== name) ctx.saveRecord({ names: { ...ctx.record.names, [from]: name } })
    const waiting = this.#held.filter((h) => h.frame.from === from)
    this.#held = this.#held.filter((h) => h.frame.from !== from)
    for (const h of waiting) this.#onMsg(h.frame)
  }

  #onMsg(frame: ServerFrame): void {
    const ctx = this.#ctx
    const slot = this.#slotFor(frame, true)
    if (slot === null) return
    const from = str(frame, 'from')
    const chain = slot.chains.get(from)
    if (chain === undefined) {
      if (!slot.context.parts.includes(from)) return
      const now = Date.now()
      this.#held = this.#held.filter((h) => now - h.at < heldMs)
      if (this.#held.length < heldMax) this.#held.push({ frame, at: now })
      return
    }
    const message: SealedMessage = {
      ctr: int(frame, 'ctr'),
      k: int(frame, 'k'),
      n: str(frame, 'n'),
      ct: str(frame, 'ct'),
      sig: str(frame, 'sig'),
    }
    const plain = ctx.psg1.decrypt(chain, slot.context, from, message)
    if (!plain.ok) {
      if ((plain.code === 'sig_invalid' || plain.code === 'aead_failed') && !slot.noticed.has(from)) {
        slot.noticed.add(from)
        ctx.store.update((state) => withMessage(state, { from, kind: 'notice', body: 'message_unverified', mine: false }))
      }
      return
    }
    this.#show(from, plain.value, false)
  }

  #wipeSlot(slot: EpochSlot | null): void {
    if (slot === null) return
    if (slot.own !== null) this.#ctx.psg1.wipeOwn(slot.own)
    slot.own = null
    for (const chain of slot.chains.values()) this.#ctx.psg1.wipePeer(chain)
    slot.chains.clear()
    slot.ekeys.clear()
  }
}
