// The group's one text (PSG1.md §3.7) as the client reads and changes it: ground rules and crisis
// lines composed into one text and split again, and a new text proposed as a CHANGE with its
// sealed doc, opened and checked by the other member, approved, and kept by both on commit; a doc
// that does not match the proposal is refused. The real PSG1 library (libsodium), no server.

import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { AppContext, type ClientFrame } from '../src/app/context.ts'
import {
  changedLines,
  composeGroundRules,
  composeProblem,
  crisisLineText,
  crisisMark,
  readCrisisLines,
  splitGroundRules,
} from '../src/app/ground_rules_text.ts'
import { IdentityStore } from '../src/app/identity_store.ts'
import { LibraryPort } from '../src/app/psg1_port.ts'
import type { Identity, SealedDoc, VerifiedRoster, WireVersion } from '../src/app/psg1_types.ts'
import { RosterModule } from '../src/app/roster.ts'
import { initialState, type AppState } from '../src/app/state.ts'
import { Store } from '../src/app/store.ts'
import { readOrganisationCrisisLines } from '../src/app/organisation_crisis_lines.ts'
import { crisisLinesTemplate, defaultCrisisLines, groundRulesTemplate } from '../src/app/templates.ts'
import { langs } from '../src/i18n.ts'
import type { ServerFrame } from '../src/net/connection.ts'
import { base64urlEncode } from '../src/psg1/index.ts'

const port = new LibraryPort()
await port.ready()
const roomId = base64urlEncode(Uint8Array.from({ length: 16 }, (_, i) => 100 + i))
const frame = { sizeCap: 8, admission: 0 as const, opening: 0 as const, facTerm: 0, turnS: 0 }
const oldText = composeGroundRules('We listen.\nWhat is said here stays here.', [{ label: 'Norway, Mental Helse', contact: '116 123' }])
const newText = composeGroundRules('We listen.\nWhat is said here stays here.\nWe begin on time.', [
  { label: 'Norway, Mental Helse', contact: '116 123' },
  { label: 'Denmark, Livslinien', contact: '70 201 201' },
])

describe('crisis lines in the group text (§3.7 client convention)', () => {
  it('composes rules and crisis lines into one text and splits it back', () => {
    const crisis = [
      { label: 'Norway, Mental Helse’s helpline', contact: '116 123' },
      { label: 'Chat', contact: 'https://sidetmedord.no' },
    ]
    const text = composeGroundRules('Rules\r\n\r\nPledge\n\n', crisis)
    assert.equal(text, `Rules\n\nPledge\n\n${crisisMark}Norway, Mental Helse’s helpline: 116 123\n${crisisMark}Chat: https://sidetmedord.no`)
    assert.deepEqual(splitGroundRules(text), { rules: 'Rules\n\nPledge', crisis })
    assert.equal(composeGroundRules('Rules', []), 'Rules', 'no crisis lines: the text is the rules alone')
    assert.deepEqual(splitGroundRules('Rules only'), { rules: 'Rules only', crisis: [] })
  })

  it('keeps a rules line that starts with the mark a rules line', () => {
    const text = composeGroundRules(`${crisisMark}is our sign for helplines`, [])
    assert.deepEqual(splitGroundRules(text).crisis, [])
  })

  it('reads what a person wrote, one "label: number" a line, and refuses a line without both', () => {
    assert.deepEqual(readCrisisLines('\u260e Norway: 116 123\n\n  Denmark, Livslinien: 70 201 201  \n'), [
      { label: 'Norway', contact: '116 123' },
      { label: 'Denmark, Livslinien', contact: '70 201 201' },
    ])
    assert.deepEqual(readCrisisLines(''), [])
    assert.equal(readCrisisLines('Norway 116 123'), null)
    assert.equal(readCrisisLines('Norway: '), null)
    assert.equal(readCrisisLines(': 116 123'), null)
  })

  it('says why rules and crisis lines cannot become the text', () => {
    assert.deepEqual(composeProblem('Rules', 'Norway: 116 123', null), { problem: null, text: `Rules\n\n${crisisMark}Norway: 116 123` })
    assert.equal(composeProblem('  \n', 'Norway: 116 123', null).problem, 'rules')
    assert.equal(composeProblem('Rules', 'Norway 116 123', null).problem, 'crisis')
    assert.equal(composeProblem('x'.repeat(8193), '', null).problem, 'long')
    assert.equal(composeProblem('x'.repeat(8192), '', null).problem, null)
    assert.equal(composeProblem('Rules', 'Norway: 116 123', `Rules\n\n${crisisMark}Norway: 116 123`).problem, 'same')
  })

  it('offers the built-in crisis lines in every language, Norway first, as lines of the text', () => {
    for (const lang of langs) {
      const lines = crisisLinesTemplate(lang)
      assert.equal(lines.length, 2, lang)
      assert.equal(lines[0]?.contact, '116 123', lang)
      assert.equal(lines[1]?.contact, '70 201 201', lang)
      const composed = composeProblem(groundRulesTemplate(lang), lines.map(crisisLineText).join('\n'), null)
      assert.equal(composed.problem, null, lang)
      assert.deepEqual(splitGroundRules(composed.text ?? '').crisis, lines, lang)
    }
  })

  it('offers the organisation\'s crisis lines from its server instead, in every language', () => {
    const served = `${crisisMark}Kirkens SOS: 22 40 00 40\r\n${crisisMark}Chat: https://www.soschat.no\n`
    const organisation = readOrganisationCrisisLines(served)
    assert.deepEqual(organisation, [
      { label: 'Kirkens SOS', contact: '22 40 00 40' },
      { label: 'Chat', contact: 'https://www.soschat.no' },
    ])
    for (const lang of langs) assert.deepEqual(defaultCrisisLines(lang, organisation), organisation, lang)
    // Nothing usable served (an error page, a line without a number): the built-in lines stay.
    assert.equal(readOrganisationCrisisLines('not found\n'), null)
    assert.equal(readOrganisationCrisisLines(`${crisisMark}Kirkens SOS\n`), null)
    assert.deepEqual(defaultCrisisLines('da', null), crisisLinesTemplate('da'))
  })

  it('tells which lines a new text takes out and puts in', () => {
    assert.deepEqual(changedLines('a\nb\nc', 'a\nc\nd'), { removed: ['b'], added: ['d'] })
    assert.deepEqual(changedLines(oldText, newText), {
      removed: [],
      added: ['We begin on time.', `${crisisMark}Denmark, Livslinien: 70 201 201`],
    })
    assert.deepEqual(changedLines('same', 'same'), { removed: [], added: [] })
    assert.deepEqual(changedLines('old line\n', 'new line\n\n'), { removed: ['old line'], added: ['new line'] })
  })
})

interface Client {
  identity: Identity
  sent: ClientFrame[]
  store: Store<AppState>
  roster: RosterModule
}

function client(identity: Identity, roster: VerifiedRoster): Client {
  const store = new Store<AppState>({ ...initialState('en'), memberId: identity.memberId, roster, text: oldText })
  const sent: ClientFrame[] = []
  const ctx = new AppContext({
    roomId,
    origin: 'https://sirkel.example',
    store,
    psg1: port,
    identities: new IdentityStore(),
    send: (f) => {
      sent.push(JSON.parse(JSON.stringify(f)) as ClientFrame)
      return true
    },
    challenge: () => Promise.resolve(base64urlEncode(new Uint8Array(32))),
  })
  ctx.identity = identity
  return { identity, sent, store, roster: new RosterModule(ctx, { verified: () => undefined, removed: () => undefined }) }
}

const asFrame = (f: unknown): ServerFrame => JSON.parse(JSON.stringify(f)) as ServerFrame
const alerts = (c: Client) => c.store.state.alerts.map((a) => a.code)

describe('changing the text by a decision of the group (§3.4 CHANGE, §3.7)', () => {
  let alice: Identity
  let bob: Identity
  let r2: VerifiedRoster

  before(() => {
    alice = port.newIdentity()
    bob = port.newIdentity()
    const first = port.buildFirst(roomId, alice, frame, oldText)
    const r1 = port.verifyForward(roomId, null, [{ v: 1, tbs: first.tbs, approvals: [{ m: alice.memberId, sig: first.sig }] }])
    assert.ok(r1.ok)
    const add = port.buildAdd(roomId, r1.value, { memberId: bob.memberId, role: 0, sigPk: bob.sigPk, dhPk: bob.dhPk }, alice)
    const verified = port.verifyForward(roomId, r1.value, [{ v: 2, tbs: add.tbs, approvals: [{ m: alice.memberId, sig: add.sig }] }])
    assert.ok(verified.ok)
    r2 = verified.value
  })

  /** Alice proposes newText; returns her roster_propose as sent. */
  function propose(a: Client): ClientFrame {
    assert.equal(a.roster.proposeText(newText), true)
    const sent = a.sent.at(-1)
    assert.equal(sent?.t, 'roster_propose')
    return sent as ClientFrame
  }

  function proposalFrame(p: ClientFrame, doc: unknown = p.doc): ServerFrame {
    const approvals = [{ m: alice.memberId, sig: p.sig }]
    return asFrame({ t: 'proposal', rh: proposedHash(p), by: alice.memberId, tbs: p.tbs, approvals, objections: [], expires_at: 9, ...(doc === undefined ? {} : { doc }) })
  }

  function proposedHash(p: ClientFrame): string {
    const meaning = port.describeProposal(roomId, r2, String(p.tbs), [{ m: alice.memberId, sig: String(p.sig) }])
    assert.ok(meaning.ok)
    return base64urlEncode(meaning.value.next.hash)
  }

  it('proposes a CHANGE of pledge_hash alone, with the text sealed to every member', () => {
    const a = client(alice, r2)
    const p = propose(a)
    const meaning = port.describeProposal(roomId, r2, String(p.tbs), [{ m: alice.memberId, sig: String(p.sig) }])
    assert.ok(meaning.ok)
    assert.equal(meaning.value.kind, 'change')
    assert.equal(meaning.value.missing, 1, 'the other member must agree')
    assert.deepEqual(meaning.value.next.frame, { ...r2.frame, pledgeHash: port.pledgeHash(newText) })
    assert.deepEqual(meaning.value.next.entries.map((e) => e.memberId), r2.entries.map((e) => e.memberId))
    const doc = p.doc as SealedDoc
    assert.deepEqual(doc.keys.map((k) => k.to).sort(), [alice.memberId, bob.memberId].sort())
    assert.ok(!JSON.stringify(p).includes('begin on time'), 'the text travels only encrypted')
    // One decision at a time: nothing more is proposed while this one is open.
    a.store.update((s) => ({ ...s, proposal: { rh: 'open', by: alice.memberId, kind: 'change', subject: null, approvals: [], objections: [], missing: 1, expiresAt: 9, roles: [], frame: [], textChanged: true, text: null } }))
    assert.equal(a.roster.proposeText(newText), false)
  })

  it('opens the doc, checks it against the proposal, approves, and both keep the new text on commit', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    handle(a, proposalFrame(p))
    handle(b, proposalFrame(p))
    assert.equal(b.store.state.proposal?.text, newText, 'Bob reads the new text')
    assert.deepEqual(alerts(b), [])
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), null)
    assert.equal(a.roster.approveBlocker(a.store.state, () => true), 'approved')
    b.roster.approveOpen()
    const approve = b.sent.at(-1)
    assert.equal(approve?.t, 'approve')

    // The server commits version 3 and pushes it with the doc to both.
    const v3: WireVersion = {
      v: 3,
      tbs: String(p.tbs),
      approvals: [
        { m: alice.memberId, sig: String(p.sig) },
        { m: bob.memberId, sig: String(approve?.sig) },
      ],
      doc: p.doc as SealedDoc,
    }
    for (const c of [a, b]) {
      handle(c, asFrame({ t: 'proposal_closed', rh: proposedHash(p), reason: 'committed' }))
      handle(c, asFrame({ t: 'roster', versions: [v3], more: false }))
      assert.equal(c.store.state.roster?.v, 3)
      assert.equal(c.store.state.text, newText)
      assert.deepEqual(splitGroundRules(c.store.state.text ?? '').crisis.map((l) => l.label), ['Norway, Mental Helse', 'Denmark, Livslinien'])
      assert.deepEqual(alerts(c), [])
    }
  })

  it('refuses a doc whose text is not the proposed one: nothing to approve, and an alert', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    // A doc sealed for another text, sent with this proposal.
    const other = port.buildTextChange(roomId, r2, composeGroundRules('Other rules', []), alice)
    handle(b, proposalFrame(p, other.doc))
    assert.equal(b.store.state.proposal?.text, null)
    assert.deepEqual(alerts(b), ['text_change_invalid'])
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), 'text_invalid')
    // Told again of the same proposal (another answer came in): the same refusal, no new alert.
    b.store.update((s) => ({ ...s, alerts: [] }))
    handle(b, proposalFrame(p, other.doc))
    assert.deepEqual(alerts(b), [])
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), 'text_invalid')
  })

  it('refuses a change of the text that comes without its doc', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    const { doc: _doc, ...bare } = p
    handle(b, proposalFrame(bare as ClientFrame))
    assert.deepEqual(alerts(b), ['text_change_invalid'])
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), 'text_invalid')
  })

  it('keeps its text and alerts when a committed version carries a doc that does not open to it', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    const other = port.buildTextChange(roomId, r2, composeGroundRules('Other rules', []), alice)
    handle(b, proposalFrame(p))
    b.roster.approveOpen()
    const approve = b.sent.at(-1)
    const v3 = {
      v: 3,
      tbs: p.tbs,
      approvals: [
        { m: alice.memberId, sig: p.sig },
        { m: bob.memberId, sig: approve?.sig },
      ],
      doc: other.doc,
    }
    handle(b, asFrame({ t: 'roster', versions: [v3], more: false }))
    assert.equal(b.store.state.roster?.v, 3, 'the version itself is valid')
    assert.equal(b.store.state.text, oldText)
    assert.deepEqual(alerts(b), ['text_change_invalid'])
  })

  it('knows when it missed a new text: no invite and no new proposal over a text it has not seen', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    handle(b, proposalFrame(p))
    b.roster.approveOpen()
    const approve = b.sent.at(-1)
    assert.equal(b.roster.textIsCurrent(), true)
    // Version 3 arrives without its doc, as after a server restart (§8.6).
    const v3 = { v: 3, tbs: p.tbs, approvals: [{ m: alice.memberId, sig: p.sig }, { m: bob.memberId, sig: approve?.sig }] }
    handle(b, asFrame({ t: 'proposal_closed', rh: proposedHash(p), reason: 'committed' }))
    handle(b, asFrame({ t: 'roster', versions: [v3], more: false }))
    assert.equal(b.store.state.roster?.v, 3)
    assert.equal(b.store.state.text, oldText)
    assert.deepEqual(alerts(b), [], 'a doc the server no longer holds is no one\'s fault')
    assert.equal(b.roster.textIsCurrent(), false)
    assert.equal(b.roster.proposeText(composeGroundRules('Rules over a text Bob has not seen', [])), false)
    assert.equal(b.sent.at(-1)?.t, 'roster_get', 'no roster_propose went out')
  })

  it('objects to the open proposal, and then offers neither approve nor object again', () => {
    const a = client(alice, r2)
    const b = client(bob, r2)
    const p = propose(a)
    handle(b, proposalFrame(p))
    b.roster.objectOpen()
    assert.deepEqual(b.sent.at(-1), { t: 'object', rh: proposedHash(p) })
    handle(b, asFrame({ ...proposalFrame(p), objections: [bob.memberId] }))
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), 'objected')
  })
})

function handle(c: Client, f: ServerFrame): void {
  assert.equal(c.roster.handle(f), true, `${f.t} is the roster module's`)
}
