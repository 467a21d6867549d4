// The floor of a live meeting as this client sees it (PROTOCOL.md §8): reading the server's
// `floor` frame, what the floor lets this person do right now, the turn's countdown, and the
// sentence a screen reader hears for each change. All pure functions of a floor and a clock, so
// that the client offers exactly what the server would allow and the tests need no browser.

import type { Strings } from '../i18n.ts'
import type { ServerFrame } from '../net/connection.ts'
import { bool, FrameError, int, objList, optInt, optStr, str, strList } from './frames.ts'
import type { VerifiedRoster } from './psg1_types.ts'

export const floorModes = ['open', 'round', 'break', 'ended'] as const
export type FloorMode = (typeof floorModes)[number]

export const roundKinds = ['opening', 'closing', 'other'] as const
export type RoundKind = (typeof roundKinds)[number]

export const turnStates = ['waiting', 'speaking', 'done', 'passed', 'timed_out', 'skipped', 'moved_on', 'removed'] as const
export type TurnState = (typeof turnStates)[number]

export const floorCauses = [
  'snapshot',
  'round_started',
  'late_arrival',
  'turn_done',
  'turn_passed',
  'turn_warning',
  'turn_timed_out',
  'turn_moved_on',
  'speaker_left',
  'participant_left',
  'floor_opened',
  'hands_on',
  'hands_off',
  'hand_raised',
  'hand_lowered',
  'floor_granted',
  'floor_yielded',
  'break_started',
  'member_removed',
  'chair_handed_over',
  'chair_taken',
  'meeting_ended',
] as const
export type FloorCause = (typeof floorCauses)[number]

/** The causes whose sentence names their subject ("Bob passed."). */
export type FloorSayCause = Extract<
  FloorCause,
  | 'turn_done'
  | 'turn_passed'
  | 'turn_timed_out'
  | 'turn_moved_on'
  | 'speaker_left'
  | 'late_arrival'
  | 'participant_left'
  | 'hand_raised'
  | 'hand_lowered'
  | 'floor_yielded'
  | 'member_removed'
  | 'chair_handed_over'
  | 'chair_taken'
>

export type AfterRound = 'open' | 'break'

export interface FloorPlace {
  m: string
  s: TurnState
}

export interface RoundView {
  kind: RoundKind
  order: FloorPlace[]
  after: AfterRound
  /** Time per turn in seconds; 0 for none. */
  turnS: number
  /** What was left of the turn when the frame was made; null without a time per turn. */
  remainingMs: number | null
  warning: boolean
}

export interface FloorView {
  fv: number
  cause: FloorCause
  subject: string | null
  mode: FloorMode
  chair: string
  speaker: string | null
  round: RoundView | null
  hands: boolean
  queue: string[]
  /** When this client received the frame (its own clock, ms): the turn counts down from here. */
  at: number
}

function oneOf<T extends string>(frame: ServerFrame, key: string, values: readonly T[]): T {
  const value = str(frame, key)
  if (!(values as readonly string[]).includes(value)) throw new FrameError(`${frame.t}.${key} is not one of ${values.join(', ')}`)
  return value as T
}

/** The floor of a `floor` frame (§8.3), received at `at`; FrameError if it is malformed. */
export function readFloor(frame: ServerFrame, at: number): FloorView {
  const mode = oneOf(frame, 'mode', floorModes)
  const round: RoundView | null =
    mode === 'round'
      ? {
          kind: oneOf(frame, 'kind', roundKinds),
          order: objList(frame, 'order', (place) => ({ m: str(place, 'm'), s: oneOf(place, 's', turnStates) })),
          after: oneOf(frame, 'after', ['open', 'break'] as const),
          turnS: int(frame, 'turn_s'),
          remainingMs: optInt(frame, 'remaining_ms') ?? null,
          warning: bool(frame, 'warning'),
        }
      : null
  return {
    fv: int(frame, 'fv'),
    cause: oneOf(frame, 'cause', floorCauses),
    subject: optStr(frame, 'subject') ?? null,
    mode,
    chair: str(frame, 'chair'),
    speaker: optStr(frame, 'speaker') ?? null,
    round,
    hands: bool(frame, 'hands'),
    queue: strList(frame, 'queue'),
    at,
  }
}

/**
 * Whether next replaces last on screen (§8.3): a newer version, or a snapshot, which repeats the
 * current version; a frame older than what is shown never wins.
 */
export function isNewer(last: FloorView | null, next: FloorView): boolean {
  return last === null || next.fv > last.fv || (next.cause === 'snapshot' && next.fv === last.fv)
}

/** Milliseconds left of the current turn at `now`, counted down from the frame's arrival. */
export function timeLeft(floor: FloorView | null, now: number): number | null {
  const remaining = floor?.round?.remainingMs
  if (floor === null || remaining === null || remaining === undefined) return null
  return Math.max(0, remaining - Math.max(0, now - floor.at))
}

/** m:ss, rounded up, so a turn reads "0:01" until it is really over. */
export function clockText(ms: number): string {
  const seconds = Math.ceil(ms / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

/** Why this person may not send text now (the server's rule code, §8.4), or null if they may. */
export type TextBlock = 'not_your_turn' | 'turn_over' | 'floor_not_granted' | 'floor_break' | 'meeting_ended'

export function textBlock(floor: FloorView | null, me: string, now: number): TextBlock | null {
  // Before the first floor arrives the server is the guard; it sends one right after joined.
  if (floor === null) return null
  switch (floor.mode) {
    case 'ended':
      return 'meeting_ended'
    case 'break':
      return 'floor_break'
    case 'round':
      if (floor.speaker !== me) return 'not_your_turn'
      return timeLeft(floor, now) === 0 ? 'turn_over' : null
    case 'open':
      return floor.hands && floor.speaker !== me ? 'floor_not_granted' : null
  }
}

/** Who may write text under this floor, at `now` (those whose writing signal is still true). */
export function mayWrite(floor: FloorView | null, member: string, now: number): boolean {
  return textBlock(floor, member, now) === null
}

/**
 * Who may chair (§8.1): with opening = 0 a facilitator (role 1); in a self-run group, or one
 * without any facilitator, every member.
 */
export function mayChair(roster: VerifiedRoster | null, member: string | null, termOver: readonly string[] = []): boolean {
  if (roster === null || member === null) return false
  const entry = roster.entries.find((e) => e.memberId === member)
  if (entry === undefined) return false
  // A facilitator whose term ran out (fac_term, §3.1) counts as a member until a version records it.
  const facilitator = (e: { memberId: string; role: 0 | 1 }) => e.role === 1 && !termOver.includes(e.memberId)
  return roster.frame.opening === 1 || facilitator(entry) || !roster.entries.some(facilitator)
}

/** The floor controls this person is offered now; each is what the server would accept (§8.5). */
export interface FloorOffer {
  done: boolean
  pass: boolean
  raise: boolean
  lower: boolean
  yield: boolean
  /** The chair's controls. */
  chair: boolean
  /** next speaker: the chair during a round with a speaker. */
  next: boolean
  /** grant a raised hand: the chair in open mode with hands on. */
  grant: boolean
  takeChair: boolean
}

export function floorOffer(floor: FloorView | null, me: string, canChair: boolean, present: readonly string[]): FloorOffer {
  const none: FloorOffer = { done: false, pass: false, raise: false, lower: false, yield: false, chair: false, next: false, grant: false, takeChair: false }
  if (floor === null || floor.mode === 'ended') return none
  const speaking = floor.mode === 'round' && floor.speaker === me
  const holding = floor.mode === 'open' && floor.hands && floor.speaker === me
  const raised = floor.queue.includes(me)
  const chair = floor.chair === me
  return {
    done: speaking,
    pass: speaking,
    raise: floor.hands && !raised && !holding,
    lower: raised,
    yield: holding,
    chair,
    next: chair && floor.mode === 'round' && floor.speaker !== null,
    grant: chair && floor.mode === 'open' && floor.hands,
    takeChair: !chair && canChair && !present.includes(floor.chair),
  }
}

/** The round's kind as a screen title, or the mode's. */
export function modeText(floor: FloorView, t: Strings): string {
  if (floor.mode === 'round') return t.floorRoundKinds[floor.round?.kind ?? 'other']
  if (floor.mode === 'open') return floor.hands ? t.floorModeOpenHands : t.floorModeOpen
  return floor.mode === 'break' ? t.floorModeBreak : t.floorModeEnded
}

function fillName(template: string, name: string): string {
  return template.replace('{name}', name)
}

/** Who holds the floor now, said for a screen reader and the turn line. */
function nowSentence(floor: FloorView, me: string, name: (member: string) => string, t: Strings): string {
  if (floor.mode === 'round') {
    if (floor.speaker === null) return ''
    return floor.speaker === me ? t.floorSayYourTurn : fillName(t.floorSayTurnOf, name(floor.speaker))
  }
  if (floor.mode === 'open') {
    if (!floor.hands) return t.floorSayOpen
    if (floor.speaker === null) return t.floorSayHandsWait
    return floor.speaker === me ? t.floorSayYouHaveFloor : fillName(t.floorSayHasFloor, name(floor.speaker))
  }
  return floor.mode === 'break' ? t.floorSayBreak : t.floorSayEnded
}

/**
 * The sentence announced for a floor change (§8.3: from cause and subject), followed by who holds
 * the floor when that changed with it. `name` names a member; this person is "you".
 */
export function announcement(floor: FloorView, me: string, name: (member: string) => string, t: Strings): string {
  const who = (member: string | null) => (member === null ? '' : member === me ? t.floorYou : name(member))
  const subject = who(floor.subject)
  const now = nowSentence(floor, me, name, t)
  const joined = (...parts: string[]) => parts.filter((p) => p !== '').join(' ')
  switch (floor.cause) {
    case 'snapshot':
      return joined(modeText(floor, t) + '.', now)
    case 'round_started':
      return joined(fillName(t.floorSayRoundStarted, modeText(floor, t)), now)
    case 'turn_done':
    case 'turn_passed':
    case 'turn_timed_out':
    case 'turn_moved_on':
    case 'speaker_left':
      return joined(fillName(t.floorSay[floor.cause], subject), floor.mode === 'round' ? now : joined(t.floorSayRoundOver, now))
    case 'turn_warning': {
      // The warning comes at most 30 s before the end (§8.3), so seconds always fit.
      const seconds = Math.max(1, Math.round((floor.round?.remainingMs ?? 0) / 1000))
      const time = fillName(t.floorSeconds, String(seconds))
      return fillName(floor.speaker === me ? t.floorSayWarningYou : t.floorSayWarning, time)
    }
    case 'floor_granted':
      return floor.subject === me ? t.floorSayYouHaveFloor : fillName(t.floorSayHasFloor, subject)
    case 'chair_handed_over':
    case 'chair_taken':
      return floor.subject === me ? t.floorSayYouChair : fillName(t.floorSay[floor.cause], subject)
    case 'floor_opened':
    case 'hands_on':
    case 'hands_off':
    case 'break_started':
    case 'meeting_ended':
      return now
    case 'late_arrival':
    case 'participant_left':
    case 'hand_raised':
    case 'hand_lowered':
    case 'floor_yielded':
    case 'member_removed':
      return joined(fillName(t.floorSay[floor.cause], subject), floor.cause === 'floor_yielded' || floor.cause === 'member_removed' ? now : '')
  }
}

/**
 * A client-side copy of the server's token buckets (§8.4: reactions 5 at once then one per 2 s;
 * writing signals 3 at once then one per 3 s), as a generic cell rate: one time point, the time
 * the bucket is full again. A small margin keeps network jitter from turning a send the client
 * allowed into a refusal.
 */
export class RateLimit {
  readonly #burst: number
  readonly #intervalMs: number
  #fullAt = 0

  constructor(burst: number, intervalMs: number) {
    this.#burst = burst
    this.#intervalMs = intervalMs
  }

  /** Take one if the bucket has one at `now`. */
  take(now: number): boolean {
    const fullAt = Math.max(this.#fullAt, now)
    if (fullAt - now > (this.#burst - 1) * this.#intervalMs) return false
    this.#fullAt = fullAt + this.#intervalMs
    return true
  }
}

const jitterMs = 250
export const reactionLimit = () => new RateLimit(5, 2000 + jitterMs)
export const writingLimit = () => new RateLimit(3, 3000 + jitterMs)

/** How long others show "is writing" without a refresh; the writer refreshes well before. */
export const writingShownMs = 12_000
const writingRefreshMs = 8_000

/**
 * "I'm still writing" (PSG1 kind 3): true when typing starts, refreshed while it goes on, false
 * when it stops; each within the writing limit. Each method returns the signal to send, or null.
 */
export class WritingSignal {
  readonly #limit = writingLimit()
  #shown = false
  #sentAt = 0

  /** The person typed at `now`. */
  typed(now: number): true | null {
    if (this.#shown && now - this.#sentAt < writingRefreshMs) return null
    if (!this.#limit.take(now)) return null
    this.#shown = true
    this.#sentAt = now
    return true
  }

  /** The person stopped typing (idle, field left or emptied). */
  stopped(now: number): false | null {
    if (!this.#shown) return null
    this.#shown = false
    // If the limit refuses, the others' display runs out on its own (writingShownMs).
    return this.#limit.take(now) ? false : null
  }

  /** The text went out: the others drop the mark when it arrives, so no signal is needed. */
  sent(): void {
    this.#shown = false
  }
}
