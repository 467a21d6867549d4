// Every sender's receive state in one meeting (protocol/PSG1.md §5.3, §5.4, §6.3 step 1): which
// epochs are open (the current one, and the previous one for 10 s), who takes part in each, and
// one MessageReceiver per sender once its skd is opened. A message that comes before its
// sender's skd is held (at most 64, 5 s), then dropped. Times are given by the caller (ms), so
// that the rules can be tested without waiting.

import { Psg1Error } from './psg1_error.ts'
import { equalBytes, expectLength, toHex } from './bytes.ts'
import { idBytes } from './psg1_crypto.ts'
import { MessageReceiver } from './message_receiver.ts'
import type { Psg1Message } from './psg1_message.ts'
import type { Plaintext } from './plaintext.ts'

/** How long the previous epoch stays readable after a new one is announced. */
export const epochGraceMs = 10_000
/** How many messages may wait for their sender's skd, and for how long. */
export const maxHeldMessages = 64
export const heldMessageMs = 5_000

interface EpochState {
  ep: number
  parts: Uint8Array[]
  receivers: Map<string, MessageReceiver>
  /** When this epoch stops being readable; null while it is the current one. */
  closesAt: number | null
}

/**
 * What became of a message: opened, or waiting for its sender's skd, or dropped (too many waiting).
 */
export type Delivery =
  { status: 'opened'; plaintext: Plaintext } | { status: 'held' } | { status: 'dropped' }

/** The outcome of a held message once its sender's key came. */
export interface HeldOutcome {
  message: Psg1Message
  result: Plaintext | Psg1Error
}

export class MeetingReceiver {
  readonly #roomId: Uint8Array
  readonly #sessionId: Uint8Array
  readonly #self: Uint8Array
  #current: EpochState | null = null
  #previous: EpochState | null = null
  #held: { message: Psg1Message; at: number }[] = []

  constructor(roomId: Uint8Array, sessionId: Uint8Array, self: Uint8Array) {
    this.#roomId = expectLength(roomId, idBytes).slice()
    this.#sessionId = expectLength(sessionId, idBytes).slice()
    this.#self = expectLength(self, idBytes).slice()
  }

  /**
   * A checked epoch (checkEpoch) becomes current. The one before stays readable for 10 s; any older
   * one is wiped.
   */
  startEpoch(ep: number, parts: readonly Uint8Array[], now: number): void {
    this.#wipe(this.#previous)
    if (this.#current) this.#current.closesAt = now + epochGraceMs
    this.#previous = this.#current
    this.#current = { ep, parts: parts.map((p) => p.slice()), receivers: new Map(), closesAt: null }
  }

  /**
   * Install sender `from`'s key for epoch ep from its opened skd (openSkdBox), then deliver the
   * messages held for it, in the order they came. wrong_epoch, not_a_participant as for
   * receive; skd_invalid for a second key for the same sender and epoch.
   */
  installSender(
    ep: number,
    from: Uint8Array,
    chainKey: Uint8Array,
    skMsgPk: Uint8Array,
    now: number,
  ): HeldOutcome[] {
    const epoch = this.#readable(ep, now)
    if (!epoch.parts.some((p) => equalBytes(p, from)) || equalBytes(from, this.#self))
      throw new Psg1Error('not_a_participant')
    // One skd per participant and epoch: a second would restart the chain and allow replays.
    const id = toHex(from)
    if (epoch.receivers.has(id)) throw new Psg1Error('skd_invalid')
    const receiver = new MessageReceiver(this.#roomId, this.#sessionId, ep, from, chainKey, skMsgPk)
    epoch.receivers.set(id, receiver)
    const ready = this.#held.filter((h) => h.message.ep === ep && equalBytes(h.message.from, from))
    this.#held = this.#held.filter((h) => !ready.includes(h))
    return ready.map(({ message }) => {
      try {
        return { message, result: receiver.open(message) }
      } catch (err) {
        if (err instanceof Psg1Error) return { message, result: err }
        throw err
      }
    })
  }

  /**
   * Step 1 of §6.3 for the meeting: ses is this meeting and ep is current, or the previous one
   * within 10 s (wrong_epoch); from is in parts(ep) and not self (not_a_participant). Then the
   * sender's MessageReceiver runs the other steps, or the message waits for its skd.
   */
  receive(m: Psg1Message, now: number): Delivery {
    if (!equalBytes(m.sessionId, this.#sessionId)) throw new Psg1Error('wrong_epoch')
    const epoch = this.#readable(m.ep, now)
    if (!epoch.parts.some((p) => equalBytes(p, m.from)) || equalBytes(m.from, this.#self))
      throw new Psg1Error('not_a_participant')
    const receiver = epoch.receivers.get(toHex(m.from))
    if (receiver) return { status: 'opened', plaintext: receiver.open(m) }
    this.expire(now)
    if (this.#held.length >= maxHeldMessages) return { status: 'dropped' }
    this.#held.push({ message: m, at: now })
    return { status: 'held' }
  }

  /**
   * Drop held messages older than 5 s and wipe the previous epoch after its 10 s; returns how many
   * were dropped.
   */
  expire(now: number): number {
    if (this.#previous?.closesAt != null && now >= this.#previous.closesAt) {
      this.#wipe(this.#previous)
      this.#previous = null
    }
    const before = this.#held.length
    this.#held = this.#held.filter((h) => now - h.at < heldMessageMs)
    return before - this.#held.length
  }

  /** Wipe all meeting state: the meeting closed, the member left it, or the tab closes (§5.5). */
  close(): void {
    this.#wipe(this.#current)
    this.#wipe(this.#previous)
    this.#current = null
    this.#previous = null
    this.#held = []
  }

  #readable(ep: number, now: number): EpochState {
    this.expire(now)
    if (this.#current?.ep === ep) return this.#current
    if (this.#previous?.ep === ep) return this.#previous
    throw new Psg1Error('wrong_epoch')
  }

  #wipe(epoch: EpochState | null): void {
    if (!epoch) return
    for (const r of epoch.receivers.values()) r.wipe()
    epoch.receivers.clear()
  }
}
