// Reconnecting by itself (reconnect.ts): the schedule of attempts, which closes and refusals are
// final, and what a client that dropped out of a meeting does with the next meeting_state. The
// schedule runs on node's mocked timers; everything else is pure functions.

import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it, mock } from 'node:test'
import type { VerifiedRoster } from '../src/app/psg1_types.ts'
import {
  authRefusalIsFinal,
  closeIsFinal,
  Reconnector,
  rejoinStep,
  rejoinWindowMs,
  retryCapMs,
  retryDelayMs,
  type ReconnectPhase,
} from '../src/app/reconnect.ts'

const top = () => 1
const bottom = () => 0

describe('retryDelayMs: 0.5 s, 1 s, 2 s … capped at 15 s, with jitter', () => {
  it('doubles from 0.5 s and stops growing at the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 30].map((a) => retryDelayMs(a, top)),
      [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000],
    )
  })

  it('draws each delay between half of it and all of it', () => {
    assert.deepEqual(
      [0, 1, 5, 30].map((a) => retryDelayMs(a, bottom)),
      [250, 500, 7500, 7500],
    )
    assert.equal(retryDelayMs(2, () => 0.5), 1500)
  })

  it('never waits longer than the cap, however many attempts failed', () => {
    // The failing case: without the cap, attempt 10 would wait 500 · 2^10 ms, over eight minutes.
    assert.notEqual(retryDelayMs(10, top), 500 * 2 ** 10)
    assert.ok(retryDelayMs(10, top) <= retryCapMs)
    assert.ok(retryDelayMs(1000, top) <= retryCapMs)
  })
})

describe('closeIsFinal (PROTOCOL.md §6 close codes)', () => {
  it('tries again after a server stopping, a lost network and the policy closes', () => {
    for (const code of [1001, 1006, 1008, 1009, 1011]) assert.equal(closeIsFinal(code), false, `close ${code}`)
  })

  it('stops after a decided request, a newer connection of its own, and no longer a member', () => {
    for (const code of [1000, 4001, 4002]) assert.equal(closeIsFinal(code), true, `close ${code}`)
  })
})

describe('authRefusalIsFinal', () => {
  it('stops when the server does not know this member: it would answer the same again', () => {
    assert.equal(authRefusalIsFinal('auth_failed'), true)
    assert.equal(authRefusalIsFinal('not_a_member'), true)
  })

  it('tries again after a challenge that expired or was used: a matter of timing', () => {
    assert.equal(authRefusalIsFinal('challenge_expired'), false)
    assert.equal(authRefusalIsFinal('no_challenge'), false)
  })
})

describe('Reconnector', () => {
  let attempts: number
  let phases: (ReconnectPhase | null)[]
  const make = (maxAttempts = 20) =>
    new Reconnector(
      {
        attempt: () => {
          attempts += 1
        },
        changed: (phase) => phases.push(phase),
      },
      { maxAttempts, random: top },
    )

  beforeEach(() => {
    attempts = 0
    phases = []
    mock.timers.enable({ apis: ['setTimeout'] })
  })
  afterEach(() => mock.timers.reset())

  it('waits the delay before each attempt, longer after each failure', () => {
    const r = make()
    r.dropped()
    assert.equal(r.phase, 'waiting')
    mock.timers.tick(499)
    assert.equal(attempts, 0, 'not before 0.5 s')
    mock.timers.tick(1)
    assert.equal(attempts, 1)
    assert.equal(r.phase, 'trying')
    r.dropped()
    mock.timers.tick(999)
    assert.equal(attempts, 1, 'the second waits 1 s')
    mock.timers.tick(1)
    assert.equal(attempts, 2)
    assert.deepEqual(phases, ['waiting', 'trying', 'waiting', 'trying'])
  })

  it('starts again from the short delay after a login', () => {
    const r = make()
    for (let i = 0; i < 4; i++) {
      r.dropped()
      mock.timers.tick(retryCapMs)
    }
    assert.equal(r.attempts, 4)
    r.succeeded()
    assert.equal(r.phase, null)
    assert.equal(r.attempts, 0)
    r.dropped()
    mock.timers.tick(500)
    assert.equal(attempts, 5, 'back to 0.5 s, not 8 s')
  })

  it('gives up after its attempts and leaves the button', () => {
    const r = make(2)
    r.dropped()
    mock.timers.tick(retryCapMs)
    r.dropped()
    mock.timers.tick(retryCapMs)
    r.dropped()
    assert.equal(r.phase, 'gave-up')
    mock.timers.tick(10 * retryCapMs)
    assert.equal(attempts, 2, 'no third attempt by itself')
    r.tryNow()
    assert.equal(attempts, 3, 'the button still tries')
  })

  it('tries at once on "try now", and not twice while an attempt is under way', () => {
    const r = make()
    r.dropped()
    r.tryNow()
    assert.equal(attempts, 1)
    r.tryNow()
    assert.equal(attempts, 1)
    mock.timers.tick(retryCapMs)
    assert.equal(attempts, 1, 'the timer it replaced does not fire')
  })

  it('after stop, nothing more happens by itself', () => {
    const r = make()
    r.dropped()
    r.stop()
    mock.timers.tick(10 * retryCapMs)
    assert.equal(attempts, 0)
    assert.equal(r.phase, null)
  })
})

describe('rejoinStep (PROTOCOL.md §8.1)', () => {
  const key = new Uint8Array(32)
  const roster: VerifiedRoster = {
    v: 1,
    hash: key,
    tbs: key,
    frame: { sizeCap: 8, admission: 0, opening: 0, facTerm: 0, turnS: 0, pledgeHash: key },
    entries: [
      { memberId: 'fac', role: 1, sigPk: key, dhPk: key, digits: '1'.repeat(30) },
      { memberId: 'ola', role: 0, sigPk: key, dhPk: key, digits: '2'.repeat(30) },
    ],
  }
  const state = (memberId: string, open: boolean | null) => ({
    memberId,
    roster,
    meetingState: open === null ? null : { open, away: [], awayNext: [], termOver: [] },
  })

  const restart = { at: 0, serverStopped: true }
  const blip = { at: 0, serverStopped: false }

  it('joins a meeting that is open, whatever the drop was', () => {
    assert.equal(rejoinStep(state('ola', true), blip, 1000), 'join')
    assert.equal(rejoinStep(state('ola', true), restart, 1000), 'join')
  })

  it('opens it again after a restart only for who may chair; anyone else waits for it', () => {
    assert.equal(rejoinStep(state('fac', false), restart, 1000), 'join')
    assert.equal(rejoinStep(state('ola', false), restart, 1000), 'wait')
  })

  it('does not open a meeting that may have been ended while the network was away', () => {
    assert.equal(rejoinStep(state('fac', false), blip, 1000), 'wait')
  })

  it('waits while the server has not said', () => {
    assert.equal(rejoinStep(state('fac', null), restart, 1000), 'wait')
  })

  it('stops once the drop is too long ago, even with a meeting open', () => {
    assert.equal(rejoinStep(state('ola', true), restart, rejoinWindowMs), 'join')
    assert.equal(rejoinStep(state('ola', true), restart, rejoinWindowMs + 1), 'stop')
  })
})
