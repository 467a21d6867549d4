// The floor as the client reads it (PROTOCOL.md §8): the frame, which floor wins, what the
// person is offered, the countdown, the sentences a screen reader hears, and the client's copy
// of the server's rate limits. Pure functions, no browser and no server.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  announcement,
  clockText,
  floorOffer,
  isNewer,
  mayChair,
  RateLimit,
  readFloor,
  textBlock,
  timeLeft,
  WritingSignal,
  type FloorView,
} from '../src/app/floor.ts'
import { FrameError } from '../src/app/frames.ts'
import type { VerifiedRoster } from '../src/app/psg1_types.ts'
import { initialState, withFloor, withMeetingJoined, withWriting } from '../src/app/state.ts'
import { stringsFor } from '../src/i18n.ts'

const en = stringsFor('en')
const nb = stringsFor('nb')
const names: Record<string, string> = { kari: 'Kari', bob: 'Bob', anna: 'Anna' }
const name = (m: string) => names[m] ?? m

function frame(extra: Record<string, unknown> = {}) {
  return { t: 'floor', fv: 5, cause: 'snapshot', mode: 'open', chair: 'kari', hands: false, queue: [], ...extra }
}

const roundFrame = {
  mode: 'round',
  speaker: 'bob',
  kind: 'opening',
  order: [
    { m: 'kari', s: 'passed' },
    { m: 'bob', s: 'speaking' },
    { m: 'anna', s: 'waiting' },
  ],
  after: 'open',
  turn_s: 60,
  remaining_ms: 45_000,
  warning: false,
}

const floorOf = (extra: Record<string, unknown>, at = 1000): FloorView => readFloor(frame(extra), at)

describe('reading a floor frame (§8.3)', () => {
  it('reads a round with its order and clock, and an open floor without', () => {
    const round = floorOf({ cause: 'turn_passed', subject: 'kari', ...roundFrame })
    assert.equal(round.mode, 'round')
    assert.equal(round.speaker, 'bob')
    assert.equal(round.subject, 'kari')
    assert.deepEqual(round.round?.order.map((p) => p.s), ['passed', 'speaking', 'waiting'])
    assert.equal(round.round?.remainingMs, 45_000)
    const open = floorOf({ hands: true, queue: ['anna', 'bob'] })
    assert.equal(open.round, null)
    assert.equal(open.speaker, null)
    assert.deepEqual(open.queue, ['anna', 'bob'])
  })

  it('refuses an unknown mode, cause or turn state, and a round without its order', () => {
    assert.throws(() => floorOf({ mode: 'chaos' }), FrameError)
    assert.throws(() => floorOf({ cause: 'coup' }), FrameError)
    assert.throws(() => floorOf({ ...roundFrame, order: [{ m: 'bob', s: 'sleeping' }] }), FrameError)
    const { order: _order, ...noOrder } = roundFrame
    assert.throws(() => floorOf(noOrder), FrameError)
  })

  it('shows a newer version, or the snapshot of the current one, and never an older one', () => {
    const shown = floorOf({ fv: 7, cause: 'hand_raised' })
    assert.ok(isNewer(null, shown))
    assert.ok(isNewer(shown, floorOf({ fv: 8, cause: 'hand_lowered' })))
    assert.ok(isNewer(shown, floorOf({ fv: 7, cause: 'snapshot' })))
    assert.ok(!isNewer(shown, floorOf({ fv: 7, cause: 'hand_lowered' })), 'the same version again')
    assert.ok(!isNewer(shown, floorOf({ fv: 6, cause: 'snapshot' })), 'an old snapshot')
  })
})

describe('what the floor allows (§8.4, §8.5)', () => {
  it('lets only the round\'s speaker write, and only while the turn lasts', () => {
    const round = floorOf(roundFrame, 1000)
    assert.equal(textBlock(round, 'bob', 1000), null)
    assert.equal(textBlock(round, 'anna', 1000), 'not_your_turn')
    assert.equal(textBlock(round, 'bob', 1000 + 45_000), 'turn_over')
  })

  it('lets anyone write on an open floor, only the granted one with hands, nobody in a break', () => {
    assert.equal(textBlock(floorOf({}), 'anna', 0), null)
    const hands = floorOf({ hands: true, speaker: 'anna', queue: ['bob'] })
    assert.equal(textBlock(hands, 'anna', 0), null)
    assert.equal(textBlock(hands, 'bob', 0), 'floor_not_granted')
    assert.equal(textBlock(floorOf({ hands: true }), 'kari', 0), 'floor_not_granted', 'after a yield nobody holds it')
    assert.equal(textBlock(floorOf({ mode: 'break' }), 'kari', 0), 'floor_break')
    assert.equal(textBlock(floorOf({ mode: 'ended' }), 'kari', 0), 'meeting_ended')
    assert.equal(textBlock(null, 'kari', 0), null, 'before the first floor the server decides')
  })

  it('offers done and pass to the speaker only, hands by the queue, yield to the holder', () => {
    const round = floorOf(roundFrame)
    assert.deepEqual([floorOffer(round, 'bob', false, []).done, floorOffer(round, 'bob', false, []).pass], [true, true])
    assert.deepEqual([floorOffer(round, 'anna', false, []).done, floorOffer(round, 'anna', false, []).pass], [false, false])
    const hands = floorOf({ hands: true, speaker: 'anna', queue: ['bob'] })
    assert.equal(floorOffer(hands, 'bob', false, []).lower, true)
    assert.equal(floorOffer(hands, 'bob', false, []).raise, false, 'one raised hand per member')
    assert.equal(floorOffer(hands, 'anna', false, []).raise, false, 'the holder yields before raising')
    assert.equal(floorOffer(hands, 'anna', false, []).yield, true)
    assert.equal(floorOffer(hands, 'kari', false, []).raise, true)
    assert.equal(floorOffer(floorOf({}), 'kari', false, []).raise, false, 'hands off')
  })

  it('gives the chair the controls, next only with a speaker, grant only on an open floor with hands', () => {
    const round = floorOf(roundFrame)
    assert.equal(floorOffer(round, 'kari', true, ['kari']).chair, true)
    assert.equal(floorOffer(round, 'kari', true, ['kari']).next, true)
    assert.equal(floorOffer(round, 'bob', true, ['kari']).chair, false)
    assert.equal(floorOffer(round, 'kari', true, ['kari']).grant, false)
    assert.equal(floorOffer(floorOf({ hands: true }), 'kari', true, ['kari']).grant, true)
    assert.equal(floorOffer(floorOf({}), 'kari', true, ['kari']).grant, false)
  })

  it('offers the chair to who may chair only while its holder is absent', () => {
    const open = floorOf({})
    assert.equal(floorOffer(open, 'bob', true, ['bob', 'anna']).takeChair, true)
    assert.equal(floorOffer(open, 'bob', true, ['bob', 'kari']).takeChair, false, 'the chair is present')
    assert.equal(floorOffer(open, 'bob', false, ['bob']).takeChair, false, 'may not chair')
  })

  it('decides who may chair from the roster: facilitators, or anyone when self-run or without one', () => {
    const key = new Uint8Array(32)
    const roster = (opening: 0 | 1, roles: [string, 0 | 1][]): VerifiedRoster => ({
      v: 1,
      hash: key,
      tbs: key,
      frame: { sizeCap: 8, admission: 0, opening, facTerm: 0, turnS: 30, pledgeHash: key },
      entries: roles.map(([memberId, role]) => ({ memberId, role, sigPk: key, dhPk: key, digits: '0'.repeat(30) })),
    })
    const led = roster(0, [['kari', 1], ['bob', 0]])
    assert.equal(mayChair(led, 'kari'), true)
    assert.equal(mayChair(led, 'bob'), false)
    assert.equal(mayChair(roster(1, [['kari', 1], ['bob', 0]]), 'bob'), true)
    assert.equal(mayChair(roster(0, [['kari', 0], ['bob', 0]]), 'bob'), true)
    assert.equal(mayChair(led, 'stranger'), false)
    assert.equal(mayChair(null, 'kari'), false)
  })
})

describe('the turn clock', () => {
  it('counts down from the frame\'s arrival and stops at zero', () => {
    const round = floorOf(roundFrame, 10_000)
    assert.equal(timeLeft(round, 10_000), 45_000)
    assert.equal(timeLeft(round, 25_000), 30_000)
    assert.equal(timeLeft(round, 99_000), 0)
    assert.equal(timeLeft(floorOf({ ...roundFrame, turn_s: 0, remaining_ms: undefined }), 0), null, 'no time per turn')
    assert.equal(timeLeft(floorOf({}), 0), null)
  })

  it('shows minutes and seconds, rounding up so the last second reads 0:01', () => {
    assert.equal(clockText(45_000), '0:45')
    assert.equal(clockText(61_000), '1:01')
    assert.equal(clockText(200), '0:01')
    assert.equal(clockText(0), '0:00')
  })
})

describe('the sentence for each floor change', () => {
  const say = (extra: Record<string, unknown>, me = 'anna', t = en) => announcement(floorOf(extra), me, name, t)

  it('names who passed and whose turn it is now, "your turn" for this person', () => {
    const passed = { cause: 'turn_passed', subject: 'kari', ...roundFrame }
    assert.equal(say(passed), 'Kari passed. Now speaking: Bob.')
    assert.equal(say(passed, 'bob'), 'Kari passed. It’s your turn.')
    assert.equal(say(passed, 'kari'), 'You passed. Now speaking: Bob.')
    assert.equal(say(passed, 'bob', nb), 'Kari sto over. Det er din tur.')
  })

  it('says a raised hand, the floor given, and a timed-out turn ending the round', () => {
    assert.equal(say({ cause: 'hand_raised', subject: 'anna', hands: true, queue: ['anna'] }, 'kari'), 'Anna raised a hand.')
    assert.equal(say({ cause: 'floor_granted', subject: 'bob', hands: true, speaker: 'bob' }), 'The floor goes to Bob.')
    assert.equal(say({ cause: 'floor_granted', subject: 'anna', hands: true, speaker: 'anna' }), 'You have the floor.')
    assert.equal(say({ cause: 'turn_timed_out', subject: 'bob' }), 'Bob: the time ran out. The round is over. The floor is open: anyone may write.')
  })

  it('warns with the seconds left, to the speaker as "your turn"', () => {
    const warning = { cause: 'turn_warning', subject: 'bob', ...roundFrame, remaining_ms: 7_480, warning: true }
    assert.equal(say(warning), '7 seconds left of this turn.')
    assert.equal(say(warning, 'bob'), '7 seconds left of your turn.')
    assert.equal(say(warning, 'bob', nb), '7 sekunder igjen av turen din.')
  })

  it('says a round starting, a break, and the chair changing hands', () => {
    assert.equal(say({ cause: 'round_started', ...roundFrame }), 'Opening round begins. Now speaking: Bob.')
    assert.equal(say({ cause: 'break_started', mode: 'break' }), en.floorSayBreak)
    assert.equal(say({ cause: 'chair_taken', subject: 'bob', chair: 'bob' }), 'The chair goes to Bob.')
    assert.equal(say({ cause: 'chair_handed_over', subject: 'anna', chair: 'anna' }), 'You chair the meeting now.')
  })
})

describe('the rate limits (§8.4) and the writing signal', () => {
  it('allows a burst, then one per interval', () => {
    const limit = new RateLimit(3, 3000)
    assert.deepEqual([limit.take(0), limit.take(0), limit.take(0), limit.take(0)], [true, true, true, false])
    assert.equal(limit.take(2999), false)
    assert.equal(limit.take(3000), true)
    assert.equal(limit.take(3001), false)
  })

  it('says true when typing starts, refreshes rarely, and false once when it stops', () => {
    const signal = new WritingSignal()
    assert.equal(signal.typed(0), true)
    assert.equal(signal.typed(500), null, 'no signal for every key')
    assert.equal(signal.typed(9_000), true, 'a refresh before the others drop the mark')
    assert.equal(signal.stopped(9_500), false)
    assert.equal(signal.stopped(9_600), null, 'stopped once')
    signal.typed(10_000)
    signal.sent()
    assert.equal(signal.stopped(10_100), null, 'a sent text needs no false')
  })

  it('never goes over the server\'s writing limit, however fast typing starts and stops', () => {
    const signal = new WritingSignal()
    const sent: number[] = []
    for (let now = 0; now < 3000; now += 100) {
      if (signal.typed(now) !== null) sent.push(now)
      if (signal.stopped(now + 50) !== null) sent.push(now + 50)
    }
    assert.ok(sent.length <= 3, `at most 3 signals in the first 3 s, sent ${sent.length}`)
  })

  it('stops showing someone as writing when the floor no longer lets them write', () => {
    let state = withMeetingJoined(initialState('en'), 'ses', ['kari', 'bob'])
    state = withFloor(state, floorOf({}))
    state = withWriting(state, 'bob', true)
    state = withWriting(state, 'kari', true)
    assert.deepEqual(state.meeting?.writing, ['bob', 'kari'])
    state = withFloor(state, floorOf({ fv: 6, cause: 'round_started', ...roundFrame }))
    assert.deepEqual(state.meeting?.writing, ['bob'], 'only the speaker may still be writing')
  })
})
