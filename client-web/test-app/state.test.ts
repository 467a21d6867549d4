// State transitions and frame splitting: pure functions, no browser and no server.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  initialState,
  maxMessages,
  withAlert,
  withMeetingJoined,
  withMessage,
  withPresence,
  withoutAlert,
  wipeMeeting,
  type AppState,
} from '../src/app/state.ts'
import { FrameError, int, str, strList } from '../src/app/frames.ts'
import { groupSocketUrl, splitFrames } from '../src/net/connection.ts'

function inMeeting(): AppState {
  return withMeetingJoined({ ...initialState('en'), screen: 'lobby' }, 'ses', ['b', 'a'])
}

describe('splitFrames (PROTOCOL.md §1)', () => {
  it('splits one message into its frames in order, and skips values that are not frames', () => {
    const frames = splitFrames('{"t":"presence","member":"x","present":true}\n{"t":"epoch","ep":2}\n[1]\n{"no":"t"}\n')
    assert.deepEqual(
      frames.map((f) => f.t),
      ['presence', 'epoch'],
    )
  })

  it('throws on a line that is not JSON', () => {
    assert.throws(() => splitFrames('{"t":"a"}\n{oops'), SyntaxError)
  })
})

describe('groupSocketUrl', () => {
  it('uses wss on the page\'s host for a page that came over https', () => {
    assert.equal(groupSocketUrl('g1', { protocol: 'https:', host: 'sirkel.example:8443' }), 'wss://sirkel.example:8443/ws/g1')
  })

  it('uses ws only for a page that came over plain http', () => {
    assert.equal(groupSocketUrl('g1', { protocol: 'http:', host: 'localhost:8080' }), 'ws://localhost:8080/ws/g1')
  })
})

describe('frame fields', () => {
  const frame = { t: 'joined', ses: 'abc', n: 3, bad: -1, list: ['a', 'b'], mixed: ['a', 1] }
  it('reads fields of the right type', () => {
    assert.equal(str(frame, 'ses'), 'abc')
    assert.equal(int(frame, 'n'), 3)
    assert.deepEqual(strList(frame, 'list'), ['a', 'b'])
  })
  it('refuses a missing field, a wrong type, a negative integer and a mixed list', () => {
    assert.throws(() => str(frame, 'nope'), FrameError)
    assert.throws(() => str(frame, 'n'), FrameError)
    assert.throws(() => int(frame, 'bad'), FrameError)
    assert.throws(() => strList(frame, 'mixed'), FrameError)
  })
})

describe('meeting state', () => {
  it('joins into the meeting screen with the present members, sorted and unique', () => {
    const state = withMeetingJoined(initialState('nb'), 'ses', ['b', 'a', 'b'])
    assert.equal(state.screen, 'meeting')
    assert.deepEqual(state.meeting?.present, ['a', 'b'])
  })

  it('adds and removes presence', () => {
    let state = withPresence(inMeeting(), 'c', true)
    assert.deepEqual(state.meeting?.present, ['a', 'b', 'c'])
    state = withPresence(state, 'a', false)
    assert.deepEqual(state.meeting?.present, ['b', 'c'])
  })

  it('keeps at most maxMessages messages', () => {
    let state = inMeeting()
    for (let i = 0; i < maxMessages + 5; i++) state = withMessage(state, { from: 'a', kind: 'text', body: `m${i}`, mine: false })
    assert.equal(state.meeting?.messages.length, maxMessages)
    assert.equal(state.meeting?.messages[0]?.body, 'm5')
  })

  it('wipes every message, in place too, and leaves the meeting screen', () => {
    let state = inMeeting()
    state = withMessage(state, { from: 'a', kind: 'text', body: 'canary-7f3a', mine: false })
    const held = state.meeting?.messages ?? []
    const message = held[0]
    const wiped = wipeMeeting(state, 'lobby')
    assert.equal(wiped.meeting, null)
    assert.equal(wiped.screen, 'lobby')
    assert.equal(held.length, 0, 'the old array is emptied')
    assert.equal(message?.body, '', 'the old message object holds no text')
    assert.ok(!JSON.stringify(wiped).includes('canary-7f3a'))
  })

  it('ignores messages outside a meeting', () => {
    const state = initialState('da')
    assert.equal(withMessage(state, { from: 'a', kind: 'text', body: 'x', mine: false }), state)
  })
})

describe('alerts', () => {
  it('shows an alert once per code until dismissed', () => {
    let state = withAlert(initialState('en'), 'fork')
    state = withAlert(state, 'fork')
    assert.equal(state.alerts.length, 1)
    const id = state.alerts[0]?.id ?? -1
    state = withoutAlert(state, id)
    assert.equal(state.alerts.length, 0)
  })
})
