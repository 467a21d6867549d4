// The group's decisions with the real PSG1 library (PSG1.md §3.4, §3.6): the builders for REMOVE
// and CHANGE (leaving, removing another, handing the facilitator role over, stepping down, a
// self-run group, other rules), each checked by verify_step; the plain words the lobby shows for
// each kind and each closing; the shared frame rules; objecting and withdrawing; and a
// facilitator whose term is over counted as a member for who may open a meeting.

import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { AppContext, type ClientFrame } from '../src/app/context.ts'
import { closingSentence, decisionLines, frameLines } from '../src/app/decisions.ts'
import { mayChair } from '../src/app/floor.ts'
import { frameChangeProblem, frameProblem } from '../src/app/group_frame.ts'
import { IdentityStore } from '../src/app/identity_store.ts'
import { MeetingModule } from '../src/app/meeting.ts'
import { LibraryPort, type BuiltProposal, type ChangeSpec } from '../src/app/psg1_port.ts'
import type { Identity, VerifiedRoster, WireVersion } from '../src/app/psg1_types.ts'
import { RosterModule } from '../src/app/roster.ts'
import { initialState, type AppState, type ClosedProposalView, type ProposalView } from '../src/app/state.ts'
import { Store } from '../src/app/store.ts'
import { stringsFor } from '../src/i18n.ts'
import type { ServerFrame } from '../src/net/connection.ts'
import { base64urlEncode } from '../src/psg1/index.ts'

const port = new LibraryPort()
await port.ready()
const roomId = base64urlEncode(Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i))
const frame = { sizeCap: 8, admission: 0 as const, opening: 0 as const, facTerm: 0, turnS: 0 }
const en = stringsFor('en')
const nb = stringsFor('nb')

let kari: Identity // the first member and facilitator
let ola: Identity
let nora: Identity
let r3: VerifiedRoster // the three of them, Kari with role 1

function version(v: number, built: BuiltProposal, ...approvers: Identity[]): WireVersion {
  const [first, ...others] = approvers
  assert.ok(first !== undefined)
  return {
    v,
    tbs: built.tbs,
    approvals: [{ m: first.memberId, sig: built.sig }, ...others.map((a) => ({ m: a.memberId, sig: port.approvalSig(a, roomId, v, built.rh) }))],
  }
}

before(() => {
  kari = port.newIdentity()
  ola = port.newIdentity()
  nora = port.newIdentity()
  const v1 = version(1, port.buildFirst(roomId, kari, frame, 'Ground rules'), kari)
  const r1 = port.verifyForward(roomId, null, [v1])
  assert.ok(r1.ok)
  const v2 = version(2, port.buildAdd(roomId, r1.value, { ...ola, role: 0 }, kari), kari)
  const r2 = port.verifyForward(roomId, r1.value, [v2])
  assert.ok(r2.ok)
  const v3 = version(3, port.buildAdd(roomId, r2.value, { ...nora, role: 0 }, kari), kari, ola)
  const verified = port.verifyForward(roomId, r2.value, [v3])
  assert.ok(verified.ok)
  r3 = verified.value
})

/** Kari's view of the group: her own name, and the names she learned of the others. */
function stateOf(me: Identity, roster: VerifiedRoster): AppState {
  return {
    ...initialState('en'),
    memberId: me.memberId,
    myName: me === kari ? 'Kari' : me === ola ? 'Ola' : 'Nora',
    roster,
    names: { [kari.memberId]: 'Kari', [ola.memberId]: 'Ola', [nora.memberId]: 'Nora' },
  }
}

/** The proposal as the lobby holds it, read from the built version and its approvals. */
function viewOf(built: BuiltProposal, by: Identity, approvals: WireVersion['approvals']): ProposalView {
  const meaning = port.describeProposal(roomId, r3, built.tbs, approvals)
  assert.ok(meaning.ok, meaning.ok ? '' : meaning.code)
  const m = meaning.value
  return { rh: built.rh, by: by.memberId, kind: m.kind, subject: m.subject, approvals: approvals.map((a) => a.m), objections: [], missing: m.missing, expiresAt: 9, roles: m.roles, frame: m.frame, textChanged: m.textChanged, text: null }
}

function change(spec: ChangeSpec, by: Identity = kari): { built: BuiltProposal; view: ProposalView } {
  const built = port.buildChange(roomId, r3, spec, by)
  return { built, view: viewOf(built, by, [{ m: by.memberId, sig: built.sig }]) }
}

describe('building a REMOVE (§3.4)', () => {
  it('leaving: a self-REMOVE commits with the leaver\'s approval alone, said as leaving', () => {
    const built = port.buildRemove(roomId, r3, nora.memberId, nora)
    const view = viewOf(built, nora, [{ m: nora.memberId, sig: built.sig }])
    assert.equal(view.kind, 'remove')
    assert.equal(view.subject, nora.memberId)
    assert.equal(view.missing, 0)
    const next = port.verifyForward(roomId, r3, [version(4, built, nora)])
    assert.ok(next.ok)
    assert.deepEqual(next.value.entries.map((e) => e.memberId).sort(), [kari.memberId, ola.memberId].sort())
    assert.deepEqual(decisionLines(stateOf(kari, r3), view, en), ['Nora leaves the group'])
    assert.deepEqual(decisionLines(stateOf(kari, r3), view, nb), ['Nora forlater gruppa'])
  })

  it('removing another needs the others\' approvals, not only the proposer\'s', () => {
    const built = port.buildRemove(roomId, r3, nora.memberId, kari)
    const view = viewOf(built, kari, [{ m: kari.memberId, sig: built.sig }])
    assert.equal(view.kind, 'remove')
    assert.equal(view.missing, 1, 'every member but Nora approves, under admission 0')
    const alone = port.verifyForward(roomId, r3, [version(4, built, kari)])
    assert.deepEqual(alone, { ok: false, code: 'approvals_missing' })
    assert.ok(port.verifyForward(roomId, r3, [version(4, built, kari, ola)]).ok)
    assert.deepEqual(decisionLines(stateOf(ola, r3), view, en), ['Remove Nora from the group'])
  })
})

describe('building a CHANGE (§3.4)', () => {
  it('a handover: one role 1 → 0 and one 0 → 1, approved by all', () => {
    const { built, view } = change({ roles: { [kari.memberId]: 0, [ola.memberId]: 1 } })
    assert.equal(view.kind, 'change')
    assert.equal(view.subject, null)
    assert.equal(view.missing, 2)
    assert.deepEqual(
      [...view.roles].sort((a, b) => a.to - b.to),
      [
        { member: kari.memberId, from: 1, to: 0 },
        { member: ola.memberId, from: 0, to: 1 },
      ],
    )
    assert.deepEqual(view.frame, [])
    const next = port.verifyForward(roomId, r3, [version(4, built, kari, ola, nora)])
    assert.ok(next.ok)
    assert.equal(next.value.entries.find((e) => e.role === 1)?.memberId, ola.memberId)
    assert.deepEqual(decisionLines(stateOf(nora, r3), view, en), ['The facilitator role passes from Kari to Ola'])
  })

  it('a STEP-DOWN commits with the holder\'s approval alone', () => {
    const { built, view } = change({ roles: { [kari.memberId]: 0 } })
    assert.equal(view.subject, kari.memberId)
    assert.equal(view.missing, 0)
    assert.ok(port.verifyForward(roomId, r3, [version(4, built, kari)]).ok)
    assert.deepEqual(decisionLines(stateOf(ola, r3), view, en), ['Kari steps down as facilitator'])
    assert.deepEqual(decisionLines(stateOf(kari, r3), view, nb), ['Kari trer ned som igangsetter'])
  })

  it('a self-run group: every role 0 and any member opens, proposed by a member', () => {
    const { built, view } = change({ roles: { [kari.memberId]: 0 }, frame: { opening: 1 } }, ola)
    assert.equal(view.subject, null, 'not a STEP-DOWN: the frame changes too')
    assert.equal(view.missing, 2)
    assert.deepEqual(view.frame, [{ field: 'opening', from: 0, to: 1 }])
    assert.deepEqual(port.verifyForward(roomId, r3, [version(4, built, ola, kari)]), { ok: false, code: 'approvals_missing' })
    const next = port.verifyForward(roomId, r3, [version(4, built, ola, kari, nora)])
    assert.ok(next.ok)
    assert.ok(next.value.entries.every((e) => e.role === 0))
    assert.deepEqual(decisionLines(stateOf(nora, r3), view, en), [
      'The group runs itself, with no facilitator',
      'Who opens meetings: the facilitators → any member',
    ])
    assert.ok(frameLines(next.value, en).includes('The group runs itself: it has no facilitator.'))
  })

  it('other rules: each frame field said old → new, in the frame\'s order', () => {
    const { built, view } = change({ frame: { sizeCap: 6, admission: 1, facTerm: 4, turnS: 120 } })
    assert.equal(view.missing, 2)
    assert.equal(view.textChanged, false)
    const next = port.verifyForward(roomId, r3, [version(4, built, kari, ola, nora)])
    assert.ok(next.ok)
    assert.deepEqual(
      { sizeCap: next.value.frame.sizeCap, admission: next.value.frame.admission, facTerm: next.value.frame.facTerm, turnS: next.value.frame.turnS },
      { sizeCap: 6, admission: 1, facTerm: 4, turnS: 120 },
    )
    assert.deepEqual(decisionLines(stateOf(ola, r3), view, en), [
      'Most members: 8 → 6',
      'A decision needs: every member → more than half',
      'Facilitator’s term: no set term → 4 meetings',
      'Time per turn: none → 2 minutes',
    ])
    assert.deepEqual(decisionLines(stateOf(ola, r3), change({ frame: { turnS: 45 } }).view, nb), ['Tid per tur: fra ingen til 45 sekunder'])
  })

  it('refuses a size below the members the group has, and an empty change', () => {
    assert.throws(() => port.buildChange(roomId, r3, { frame: { sizeCap: 2 } }, kari))
    assert.throws(() => port.buildChange(roomId, r3, {}, kari))
  })
})

describe('the frame rules shared by the setup form and the change form', () => {
  const current = { sizeCap: 8, admission: 0 as const, opening: 0 as const, facTerm: 0, turnS: 0 }
  it('accepts the ranges of §3.1 and names the first field out of them', () => {
    assert.equal(frameProblem({ sizeCap: 2, turnS: 30, facTerm: 65535 }), null)
    assert.equal(frameProblem({ sizeCap: 12, turnS: 3600, facTerm: 0 }), null)
    assert.equal(frameProblem({ sizeCap: 13, turnS: 0, facTerm: 0 }), 'sizeCap')
    assert.equal(frameProblem({ sizeCap: 1, turnS: 0, facTerm: 0 }), 'sizeCap')
    assert.equal(frameProblem({ sizeCap: 8, turnS: 29, facTerm: 0 }), 'turn')
    assert.equal(frameProblem({ sizeCap: 8, turnS: 3601, facTerm: 0 }), 'turn')
    assert.equal(frameProblem({ sizeCap: 8, turnS: 0, facTerm: -1 }), 'term')
    assert.equal(frameProblem({ sizeCap: 8, turnS: 0, facTerm: 1.5 }), 'term')
  })

  it('refuses a size below the members now, and a proposal that changes nothing', () => {
    assert.equal(frameChangeProblem(current, { ...current, sizeCap: 3 }, 3), null)
    assert.equal(frameChangeProblem(current, { ...current, sizeCap: 2 }, 3), 'belowMembers')
    assert.equal(frameChangeProblem(current, current, 3), 'unchanged')
    assert.equal(frameChangeProblem(current, { ...current, opening: 1 }, 3), null)
    assert.equal(frameChangeProblem(current, { ...current, turnS: 10 }, 3), 'turn')
  })
})

describe('the group as the lobby says it', () => {
  it('says each frame field of the current group in a sentence', () => {
    assert.deepEqual(frameLines(r3, en), [
      'Room for at most 8 members.',
      'A decision needs every member’s approval.',
      'Facilitators open the meetings.',
      'A facilitator serves with no set term.',
      'No set time per turn.',
    ])
  })

  it('says each closing plainly, naming members as they were when it closed', () => {
    const built = port.buildRemove(roomId, r3, nora.memberId, kari)
    const proposal = viewOf(built, kari, [{ m: kari.memberId, sig: built.sig }])
    // After the commit Nora is no longer in the roster; the sentence still names her.
    const after: AppState = { ...stateOf(ola, r3), roster: null, names: {} }
    const closed = (reason: ClosedProposalView['reason']) => closingSentence(after, { proposal, reason, base: r3 }, en)
    assert.equal(closingSentence(stateOf(ola, r3), { proposal, reason: 'committed', base: r3 }, en), 'Decided: Remove Nora from the group.')
    assert.match(closed('committed'), /^Decided: Remove /)
    assert.equal(closingSentence(stateOf(ola, r3), { proposal, reason: 'rejected', base: r3 }, en), 'Not carried, because of objections: Remove Nora from the group.')
    assert.match(closingSentence(stateOf(ola, r3), { proposal, reason: 'withdrawn', base: r3 }, en), /^Withdrawn by the one who proposed it/)
    assert.match(closingSentence(stateOf(ola, r3), { proposal, reason: 'expired', base: r3 }, en), /^Lapsed/)
    assert.match(closingSentence(stateOf(ola, r3), { proposal, reason: 'stale', base: r3 }, nb), /^Gikk ut fordi gruppa endret seg først/)
  })
})

interface Member {
  sent: ClientFrame[]
  store: Store<AppState>
  roster: RosterModule
  meeting: MeetingModule
}

function member(identity: Identity): Member {
  const store = new Store<AppState>(stateOf(identity, r3))
  const sent: ClientFrame[] = []
  const ctx = new AppContext({
    roomId,
    origin: 'https://sirkel.example',
    store,
    psg1: port,
    identities: new IdentityStore(),
    send: (f) => {
      sent.push(f)
      return true
    },
    challenge: () => Promise.resolve(''),
  })
  ctx.identity = identity
  const roster = new RosterModule(ctx, { verified: () => undefined, removed: () => undefined })
  return { sent, store, roster, meeting: new MeetingModule(ctx, () => undefined) }
}

const asFrame = (f: Record<string, unknown>) => JSON.parse(JSON.stringify(f)) as ServerFrame

describe('answering a decision (§8.2 approve, object, withdraw)', () => {
  it('offers Object to an eligible member once, Withdraw only to the proposer, and says a rejection', () => {
    const built = port.buildRemove(roomId, r3, nora.memberId, kari)
    const proposal = { t: 'proposal', rh: built.rh, by: kari.memberId, tbs: built.tbs, approvals: [{ m: kari.memberId, sig: built.sig }], objections: [], expires_at: 9 }
    const o = member(ola)
    const n = member(nora)
    const k = member(kari)
    for (const m of [o, n, k]) m.roster.handle(asFrame(proposal))
    assert.equal(o.store.state.proposal?.kind, 'remove')
    assert.equal(o.roster.objectBlocker(o.store.state), null)
    assert.equal(n.roster.objectBlocker(n.store.state), null, 'the member it is about may object: its approval alone would pass it')
    assert.equal(k.roster.objectBlocker(k.store.state), 'approved')

    o.roster.objectOpen()
    assert.deepEqual(o.sent.at(-1), { t: 'object', rh: built.rh })
    o.roster.withdrawOpen()
    assert.equal(o.sent.at(-1)?.t, 'object', 'only the proposer may withdraw')
    k.roster.withdrawOpen()
    assert.deepEqual(k.sent.at(-1), { t: 'withdraw', rh: built.rh })

    o.roster.handle(asFrame({ ...proposal, objections: [ola.memberId, nora.memberId] }))
    assert.equal(o.roster.objectBlocker(o.store.state), 'objected')
    assert.equal(o.store.state.proposal?.objections.length, 2)
    o.roster.handle(asFrame({ t: 'proposal_closed', rh: built.rh, reason: 'rejected' }))
    assert.equal(o.store.state.proposal, null)
    const closed = o.store.state.closedProposal
    assert.ok(closed !== null)
    assert.equal(closingSentence(o.store.state, closed, en), 'Not carried, because of objections: Remove Nora from the group.')
  })

  it('keeps the closing said until the next decision opens, and fetches the version a commit made', () => {
    const first = port.buildRemove(roomId, r3, nora.memberId, kari)
    const o = member(ola)
    const frameOf = (built: BuiltProposal) => asFrame({ t: 'proposal', rh: built.rh, by: kari.memberId, tbs: built.tbs, approvals: [{ m: kari.memberId, sig: built.sig }], objections: [], expires_at: 9 })
    o.roster.handle(frameOf(first))
    o.roster.handle(asFrame({ t: 'proposal_closed', rh: 'another', reason: 'withdrawn' }))
    assert.equal(o.store.state.proposal?.rh, first.rh, 'a closing of another proposal changes nothing')
    o.roster.handle(asFrame({ t: 'proposal_closed', rh: first.rh, reason: 'committed' }))
    assert.equal(o.store.state.closedProposal?.reason, 'committed')
    assert.equal(o.store.state.closedProposal?.base, r3)
    assert.deepEqual(o.sent.at(-1), { t: 'roster_get', from: 4 })
    // The next decision to open takes the closing's place.
    const next = change({ frame: { turnS: 60 } }).built
    o.roster.handle(frameOf(next))
    assert.equal(o.store.state.proposal?.rh, next.rh)
    assert.equal(o.store.state.closedProposal, null)
  })

  it('reads the roles and frame of a CHANGE from the proposal frame', () => {
    const { built } = change({ roles: { [kari.memberId]: 0, [ola.memberId]: 1 } })
    const n = member(nora)
    n.roster.handle(asFrame({ t: 'proposal', rh: built.rh, by: kari.memberId, tbs: built.tbs, approvals: [{ m: kari.memberId, sig: built.sig }], objections: [], expires_at: 9 }))
    const view = n.store.state.proposal
    assert.ok(view !== null)
    assert.equal(view.roles.length, 2)
    assert.deepEqual(decisionLines(n.store.state, view, en), ['The facilitator role passes from Kari to Ola'])
    assert.equal(n.roster.approveBlocker(n.store.state, () => true), null)
  })
})

describe('a facilitator whose term is over (§3.1 fac_term)', () => {
  it('reads term_over from meeting_state, and an empty list when a server does not send it', () => {
    const k = member(kari)
    k.meeting.handle(asFrame({ t: 'meeting_state', open: false, away: [], away_next: [], term_over: [kari.memberId] }))
    assert.deepEqual(k.store.state.meetingState?.termOver, [kari.memberId])
    k.meeting.handle(asFrame({ t: 'meeting_state', open: false, away: [], away_next: [] }))
    assert.deepEqual(k.store.state.meetingState?.termOver, [])
  })

  it('counts the holder as a member for who may open a meeting', () => {
    assert.equal(mayChair(r3, kari.memberId), true)
    assert.equal(mayChair(r3, ola.memberId), false)
    // Kari's term is over: nobody holds the role in effect, so any member may open (§3.1).
    assert.equal(mayChair(r3, ola.memberId, [kari.memberId]), true)
    const twoHolders: VerifiedRoster = { ...r3, entries: r3.entries.map((e) => (e.memberId === nora.memberId ? { ...e, role: 1 } : e)) }
    assert.equal(mayChair(twoHolders, kari.memberId, [kari.memberId]), false)
    assert.equal(mayChair(twoHolders, nora.memberId, [kari.memberId]), true)
    assert.equal(mayChair(twoHolders, ola.memberId, [kari.memberId]), false)
  })
})
