// Reconnecting by itself (PROTOCOL.md §4, §6): when the connection drops (a server restart, a
// network blip, a phone that slept), the client tries again with a growing, jittered delay, and
// stops where trying again could only repeat the same answer or undo what the person chose.

import { mayChair } from './floor.ts'
import type { AppState } from './state.ts'

/** The first delay; each attempt after it doubles the delay up to retryCapMs. */
export const retryBaseMs = 500
export const retryCapMs = 15_000
/** About five minutes of trying (0.5 + 1 + 2 + 4 + 8 + 15 × 15 s at most); then the button. */
export const retryMaxAttempts = 20

/**
 * The wait before attempt number `attempt` (0 first): 0.5 s, 1 s, 2 s … capped at 15 s, each
 * drawn between half of it and all of it, so that a whole group dropped by one restart does not
 * come back in the same millisecond.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(retryCapMs, retryBaseMs * 2 ** Math.min(attempt, 16))
  return Math.round(full / 2 + (random() * full) / 2)
}

/**
 * Whether a close of the WebSocket is final, so that no attempt follows by itself (§6):
 * 1000 is the server telling a joiner its request's outcome, or this client closing on purpose;
 * 4001 is this member's meeting taken over by a newer connection of its own (trying again would
 * take it back, and the two would push each other out for ever); 4002 is no longer a member.
 * Everything else (1001 a server stopping, 1006 a lost network, 1008 and 1009) may pass.
 */
export function closeIsFinal(code: number): boolean {
  return code === 1000 || code === 4001 || code === 4002
}

/**
 * Whether the server's refusal of this client's auth would only repeat: the server does not know
 * this member (removed, or a request that lapsed). An expired or used challenge is a timing matter.
 */
export function authRefusalIsFinal(code: string): boolean {
  return code === 'auth_failed' || code === 'not_a_member'
}

/**
 * How long after a dropped connection the client still goes back into the meeting by itself: a
 * restart or a blip takes seconds; after this long the person decides.
 */
export const rejoinWindowMs = 10 * 60_000

/** The close code of a server that is stopping (PROTOCOL.md §6): its meetings end with it. */
export const closeServerStopping = 1001

/**
 * What a client that dropped out of a meeting at `droppedAt` does with the server's latest
 * meeting_state (PROTOCOL.md §8.1, §8.2): join it while one is open. If none is and the drop was
 * a server stopping (`serverStopped`: a restart ends every meeting), it opens it again when this
 * person may chair; anyone else waits for the meeting_state that says it opened. After any other
 * drop a closed meeting may have been ended by its chair meanwhile: nobody opens it by itself.
 * After rejoinWindowMs it stops.
 */
export function rejoinStep(
  state: Pick<AppState, 'meetingState' | 'roster' | 'memberId'>,
  drop: { at: number; serverStopped: boolean },
  now: number,
): 'join' | 'wait' | 'stop' {
  if (now - drop.at > rejoinWindowMs) return 'stop'
  const open = state.meetingState?.open
  if (open === true) return 'join'
  if (open === false && drop.serverStopped && mayChair(state.roster, state.memberId, state.meetingState?.termOver)) return 'join'
  return 'wait'
}

/** waiting: a timer runs; trying: an attempt is under way; gave-up: only the button is left. */
export type ReconnectPhase = 'waiting' | 'trying' | 'gave-up'

export interface ReconnectEvents {
  /** Open a connection and log in again. */
  attempt(): void
  changed(phase: ReconnectPhase | null): void
}

export interface ReconnectOptions {
  maxAttempts?: number
  random?: () => number
}

/** The schedule of attempts after a drop; reset by a successful login. */
export class Reconnector {
  readonly #events: ReconnectEvents
  readonly #maxAttempts: number
  readonly #random: () => number
  #attempts = 0
  #timer: ReturnType<typeof setTimeout> | null = null
  #phase: ReconnectPhase | null = null

  constructor(events: ReconnectEvents, options: ReconnectOptions = {}) {
    this.#events = events
    this.#maxAttempts = options.maxAttempts ?? retryMaxAttempts
    this.#random = options.random ?? Math.random
  }

  get phase(): ReconnectPhase | null {
    return this.#phase
  }

  get attempts(): number {
    return this.#attempts
  }

  /** The connection dropped (or an attempt failed): wait the next delay, or give up. */
  dropped(): void {
    this.#clearTimer()
    if (this.#attempts >= this.#maxAttempts) {
      this.#set('gave-up')
      return
    }
    this.#set('waiting')
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#attemptNow()
    }, retryDelayMs(this.#attempts, this.#random))
  }

  /** "Try now", the network coming back, or the page shown again: no need to wait the delay. */
  tryNow(): void {
    if (this.#phase === 'trying') return
    this.#clearTimer()
    this.#attemptNow()
  }

  /** Logged in again: the next drop starts from the first, short delay. */
  succeeded(): void {
    this.#clearTimer()
    this.#attempts = 0
    this.#set(null)
  }

  /** A final close or refusal: nothing more by itself. */
  stop(): void {
    this.#clearTimer()
    this.#attempts = 0
    this.#set(null)
  }

  #attemptNow(): void {
    this.#attempts += 1
    this.#set('trying')
    this.#events.attempt()
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #set(phase: ReconnectPhase | null): void {
    if (this.#phase === phase) return
    this.#phase = phase
    this.#events.changed(phase)
  }
}
