// What the screens decide to show, as pure functions: how a member is named, how a time is laid
// out, what the meeting's status line says, and where an open proposal is answered.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { stringsFor } from '../src/i18n.ts'
import { memberName } from '../src/app/member_names.ts'
import type { VerifiedRoster } from '../src/app/psg1_types.ts'
import {
  initialState,
  meetingStatus,
  requestOfOpenAdd,
  withEpoch,
  withHeldSent,
  withMeetingJoined,
  withMessage,
  withSendPaused,
  withSendReady,
  type AppState,
  type ProposalView,
  type RequestView,
} from '../src/app/state.ts'
import { formatLocales, formatTime } from '../src/app/time_format.ts'

const en = stringsFor('en')
const nb = stringsFor('nb')

function rosterOf(...members: [string, string][]): VerifiedRoster {
  const key = new Uint8Array(32)
  return {
    v: 1,
    hash: key,
    tbs: key,
    frame: { sizeCap: 8, admission: 0, opening: 0, facTerm: 0, turnS: 0, pledgeHash: key },
    entries: members.map(([memberId, digits]) => ({ memberId, role: 0, sigPk: key, dhPk: key, digits })),
  }
}

describe('member names', () => {
  const roster = rosterOf(['me', '111112222233333444445555566666'], ['kari', '482139999900000999990000099999'], ['ola', '070701234512345123451234512345'])
  const state = { ...initialState('en'), memberId: 'me', myName: 'Nora', names: { kari: 'Kari' }, roster }

  it('names this person by the name they chose, and a member by a name learned', () => {
    assert.equal(memberName(state, 'me', en), 'Nora')
    assert.equal(memberName({ ...state, myName: null }, 'me', en), 'You')
    assert.equal(memberName(state, 'kari', en), 'Kari')
  })

  it('names a member without a known name by its safety digits, never by an id', () => {
    assert.equal(memberName(state, 'ola', en), 'Member (safety number 07070…)')
    assert.equal(memberName(state, 'ola', nb), 'Medlem (sikkerhetsnummer 07070…)')
    assert.equal(memberName(state, 'ola', stringsFor('da')), 'Medlem (sikkerhedsnummer 07070…)')
    assert.ok(!memberName(state, 'ola', en).includes('ola'), 'the id is not shown')
    // Once a name is learned it replaces the label.
    assert.equal(memberName({ ...state, names: { ...state.names, ola: 'Ola' } }, 'ola', en), 'Ola')
  })

  it('says plainly when someone is not in the group, rather than showing an id', () => {
    assert.equal(memberName(state, 'c2VjcmV0LWlk', en), 'someone not yet in the group')
    assert.equal(memberName({ ...state, roster: null }, 'ola', en), 'someone not yet in the group')
  })
})

describe('dates and times', () => {
  it('keeps the app language for the words and takes the region from the browser', () => {
    assert.deepEqual(formatLocales('en', ['en-GB', 'nb-NO']), ['en-GB', 'en'])
    assert.deepEqual(formatLocales('en', ['nb-NO', 'en']), ['en-NO', 'en'])
    assert.deepEqual(formatLocales('nb', ['nb-NO', 'en-US']), ['nb-NO', 'nb'])
    assert.deepEqual(formatLocales('nb', ['no', 'da-DK']), ['nb-DK', 'nb'])
    assert.deepEqual(formatLocales('da', ['da-DK']), ['da-DK', 'da'])
    assert.deepEqual(formatLocales('en', ['en']), ['en'])
    assert.deepEqual(formatLocales('en', []), ['en'])
    assert.deepEqual(formatLocales('en', ['not a tag', 'de-AT']), ['en-AT', 'en'])
  })

  it('lays out an English date as the person\'s region does', () => {
    const at = 1_800_000_000
    // A British or Norwegian reader gets day-month and a 24-hour clock, an American one does not.
    assert.match(formatTime(at, 'en', ['en-GB']), /^\d{1,2} Jan 2027, \d{2}:\d{2}$/)
    assert.match(formatTime(at, 'en', ['nb-NO']), /^\d{1,2} Jan 2027, \d{2}:\d{2}$/)
    assert.match(formatTime(at, 'en', ['en-US']), /^Jan \d{1,2}, 2027, \d{1,2}:\d{2}\s[AP]M$/)
    assert.match(formatTime(at, 'nb', ['nb-NO']), /^\d{1,2}\. jan\. 2027, \d{2}:\d{2}$/)
  })
})

describe('the meeting status line', () => {
  const joined = withMeetingJoined({ ...initialState('en'), screen: 'lobby' }, 'ses', ['me'])
  const status = (state: AppState) => (state.meeting === null ? null : meetingStatus(state.meeting))
  const ready = withSendReady(withEpoch(joined, 1, ['me']), 1)

  it('says keys are being set up until this client may send, then that the person can write', () => {
    assert.equal(status(joined), 'keys')
    assert.equal(joined.meeting?.canSend, false)
    assert.equal(status(withEpoch(joined, 1, ['me'])), 'keys')
    assert.equal(status(ready), 'ready')
    assert.equal(ready.meeting?.canSend, true)
    // A ready signal for an older epoch does not count.
    assert.equal(status(withSendReady(withEpoch(ready, 2, ['me']), 1)), 'keys')
  })

  it('says the person listens, not that they can write, while the floor does not let them', () => {
    const [keys, keysReady] = [joined.meeting, ready.meeting]
    assert.ok(keys !== null && keysReady !== null)
    assert.equal(meetingStatus(keysReady, false), 'listening')
    assert.equal(meetingStatus(keysReady, true), 'ready')
    assert.equal(meetingStatus(keys, false), 'keys', 'keys being set up are said first')
  })

  it('pauses sending when a participant leaves, until the next epoch is ready', () => {
    const paused = withSendPaused(ready)
    assert.equal(paused.meeting?.canSend, false)
    assert.equal(status(paused), 'keys')
    assert.equal(status(withSendReady(withEpoch(paused, 2, ['me']), 2)), 'ready')
  })

  it('says a held message is waiting, never "you can write", and then that it was sent', () => {
    let state = withMessage(ready, { from: 'me', kind: 'text', body: 'held', mine: true, waiting: true })
    assert.equal(status(state), 'waiting', 'even though keys are ready, a held message is said first')
    const id = state.meeting?.messages[0]?.id ?? -1
    const before = state.meeting?.messages
    state = withHeldSent(state, [id])
    assert.equal(status(state), 'sent')
    assert.equal(state.meeting?.messages[0]?.waiting, false)
    assert.notEqual(state.meeting?.messages, before, 'a new list, so the view sees the change')
    // The next message of one's own ends "sent"; another's does not.
    assert.equal(status(withMessage(state, { from: 'ola', kind: 'text', body: 'hi', mine: false })), 'sent')
    assert.equal(status(withMessage(state, { from: 'me', kind: 'text', body: 'next', mine: true })), 'ready')
  })

  it('keeps saying "waiting" while any held message has not gone', () => {
    let state = withMessage(joined, { from: 'me', kind: 'text', body: 'one', mine: true, waiting: true })
    state = withMessage(state, { from: 'me', kind: 'reaction', body: 'heart', mine: true, waiting: true })
    const first = state.meeting?.messages[0]?.id ?? -1
    assert.equal(status(withHeldSent(state, [first])), 'waiting')
    assert.equal(status(withHeldSent(state, [])), 'waiting', 'nothing sent changes nothing')
  })
})

describe('one approve per request', () => {
  const request = (memberId: string): RequestView => ({
    memberId,
    name: 'Ola',
    at: 1,
    expiresAt: 2,
    safety: null,
    compared: false,
    declines: [],
  })
  const proposal = (kind: ProposalView['kind'], subject: string | null): ProposalView => ({
    rh: 'rh',
    by: 'kari',
    kind,
    subject,
    roles: [],
    frame: [],
    textChanged: false,
    approvals: ['kari'],
    objections: [],
    missing: 1,
    expiresAt: 2,
    text: null,
  })

  it('answers the open ADD at its request, so the proposal has no approve of its own', () => {
    assert.equal(requestOfOpenAdd({ requests: [request('ola')], proposal: proposal('add', 'ola') }), 'ola')
  })

  it('keeps the proposal\'s own approve when no request on screen is its subject', () => {
    assert.equal(requestOfOpenAdd({ requests: [request('per')], proposal: proposal('add', 'ola') }), null)
    assert.equal(requestOfOpenAdd({ requests: [], proposal: proposal('add', 'ola') }), null)
    assert.equal(requestOfOpenAdd({ requests: [request('ola')], proposal: proposal('remove', 'ola') }), null)
    assert.equal(requestOfOpenAdd({ requests: [request('ola')], proposal: proposal('add', null) }), null)
    assert.equal(requestOfOpenAdd({ requests: [request('ola')], proposal: null }), null)
  })
})
