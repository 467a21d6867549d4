// The protocol modules end to end with the real PSG1 library (libsodium) and no server: a small
// relay stands in for the server's fan-out, passing each frame a client sends to the others as
// PROTOCOL.md says the server would. Covers the roster chain and its alerts, a join request read
// and approved by a member, and a meeting: epoch, ekey, skd, text, reaction, tampering, wipe.

import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { AdmissionModule } from '../src/app/admission.ts'
import { AppContext, type ClientFrame } from '../src/app/context.ts'
import { IdentityStore } from '../src/app/identity_store.ts'
import { MeetingModule } from '../src/app/meeting.ts'
import { LibraryPort } from '../src/app/psg1_port.ts'
import type { Identity, VerifiedRoster, WireVersion } from '../src/app/psg1_types.ts'
import { RosterModule } from '../src/app/roster.ts'
import { memberName } from '../src/app/member_names.ts'
import { initialState, meetingStatus, type AppState } from '../src/app/state.ts'
import { stringsFor } from '../src/i18n.ts'
import { Store } from '../src/app/store.ts'
import type { ServerFrame } from '../src/net/connection.ts'
import { Roster, base64urlDecodeExact, base64urlEncode, compareBytes, parseInviteLink, signApproval } from '../src/psg1/index.ts'

const port = new LibraryPort()
await port.ready()
const roomId = base64urlEncode(Uint8Array.from({ length: 16 }, (_, i) => i))
const origin = 'https://sirkel.example'
const ses = base64urlEncode(new Uint8Array(16).fill(0x5e))
const frame = { sizeCap: 8, admission: 0 as const, opening: 0 as const, facTerm: 0, turnS: 0 }
const text = 'Ground rules and pledge'

interface Client {
  name: string
  identity: Identity
  ctx: AppContext
  sent: ClientFrame[]
  store: Store<AppState>
  roster: RosterModule
  admission: AdmissionModule
  meeting: MeetingModule
  removed: boolean
}

function client(name: string, identity: Identity, roster: VerifiedRoster | null): Client {
  const store = new Store<AppState>({ ...initialState('en'), myName: name, memberId: identity.memberId, roster })
  const sent: ClientFrame[] = []
  const ctx = new AppContext({
    roomId,
    origin,
    store,
    psg1: port,
    identities: new IdentityStore(),
    send: (f) => {
      sent.push(JSON.parse(JSON.stringify(f)) as ClientFrame)
      return true
    },
    challenge: () => Promise.resolve(base64urlEncode(new Uint8Array(32).fill(7))),
  })
  ctx.identity = identity
  const c: Client = { name, identity, ctx, sent, store, removed: false } as Client
  c.roster = new RosterModule(ctx, { verified: () => c.meeting.rosterUpdated(), removed: () => (c.removed = true) })
  c.admission = new AdmissionModule(ctx, c.roster)
  c.meeting = new MeetingModule(ctx, () => c.roster.fetchNewer())
  return c
}

function asServerFrame(f: ClientFrame | Record<string, unknown>): ServerFrame {
  return JSON.parse(JSON.stringify(f)) as ServerFrame
}

function handle(c: Client, f: ServerFrame): void {
  if (!c.roster.handle(f) && !c.admission.handle(f)) c.meeting.handle(f)
}

/** The server's relay of ekey, skd and msg: each goes to every other participant, in order. */
function relay(clients: Client[]): void {
  for (let round = 0; round < 10; round++) {
    let moved = false
    for (const from of clients) {
      const frames = from.sent.splice(0)
      for (const f of frames) {
        if (f.t !== 'ekey' && f.t !== 'skd' && f.t !== 'msg') continue
        moved = true
        for (const to of clients) if (to !== from) handle(to, asServerFrame(f))
      }
    }
    if (!moved) return
  }
}

function sortedIds(ids: string[]): string[] {
  return [...ids].sort((a, b) => compareBytes(base64urlDecodeExact(a, 16), base64urlDecodeExact(b, 16)))
}

let alice: Identity
let bob: Identity
let v1: WireVersion
let v2: WireVersion
let r2: VerifiedRoster

before(() => {
  alice = port.newIdentity()
  bob = port.newIdentity()
  const first = port.buildFirst(roomId, alice, frame, text)
  v1 = { v: 1, tbs: first.tbs, approvals: [{ m: alice.memberId, sig: first.sig }] }
  const verified1 = port.verifyForward(roomId, null, [v1])
  assert.ok(verified1.ok)
  const add = port.buildAdd(roomId, verified1.value, { memberId: bob.memberId, role: 0, sigPk: bob.sigPk, dhPk: bob.dhPk }, alice)
  v2 = { v: 2, tbs: add.tbs, approvals: [{ m: alice.memberId, sig: add.sig }] }
  const verified2 = port.verifyForward(roomId, verified1.value, [v2])
  assert.ok(verified2.ok)
  r2 = verified2.value
})

describe('roster chain (§3.8)', () => {
  it('verifies pushed versions from nothing and stores the newest', () => {
    const a = client('Kari', alice, null)
    handle(a, asServerFrame({ t: 'roster', versions: [v1, v2], more: false }))
    assert.equal(a.store.state.roster?.v, 2)
    assert.deepEqual(a.store.state.alerts, [])
  })

  it('asks for the next page when more is set', () => {
    const a = client('Kari', alice, null)
    handle(a, asServerFrame({ t: 'roster', versions: [v1], more: true }))
    assert.equal(a.store.state.roster?.v, undefined)
    assert.deepEqual(a.sent.at(-1), { t: 'roster_get', from: 2 })
    handle(a, asServerFrame({ t: 'roster', versions: [v2], more: false }))
    assert.equal(a.store.state.roster?.v, 2)
  })

  it('alerts on a fork: a second hash for a number it holds', () => {
    const a = client('Kari', alice, r2)
    const carol = port.newIdentity()
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const other = port.buildAdd(roomId, r1.value, { memberId: carol.memberId, role: 0, sigPk: carol.sigPk, dhPk: carol.dhPk }, alice)
    handle(a, asServerFrame({ t: 'roster', versions: [{ v: 2, tbs: other.tbs, approvals: [{ m: alice.memberId, sig: other.sig }] }], more: false }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['fork'])
    assert.equal(a.store.state.roster, r2, 'keeps its own version')
  })

  it('does not alert when the same version comes again', () => {
    const a = client('Kari', alice, r2)
    handle(a, asServerFrame({ t: 'roster', versions: [v2], more: false }))
    assert.deepEqual(a.store.state.alerts, [])
  })

  it('alerts on a rollback: an older version pushed as news', () => {
    const a = client('Kari', alice, r2)
    handle(a, asServerFrame({ t: 'roster', versions: [v1], more: false }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['rollback'])
  })

  it('alerts on a version without a valid approval and keeps the old one', () => {
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const a = client('Kari', alice, r1.value)
    const forged = { ...v2, approvals: [{ m: alice.memberId, sig: v1.approvals[0]?.sig ?? '' }] }
    handle(a, asServerFrame({ t: 'roster', versions: [forged], more: false }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['roster_invalid'])
    assert.equal(a.store.state.roster?.v, 1)
  })

  it('tells the app when a verified version no longer holds this member', () => {
    const b = client('Ola', bob, r2)
    // Version 3 without Bob: in a group of two, the other member's approval removes him (§3.4).
    const prev = Roster.parse(base64urlDecodeExact(roomId, 16), r2.tbs)
    const kept = prev.entries.filter((e) => base64urlEncode(e.memberId) === alice.memberId)
    const v3 = Roster.build(prev.roomId, 3, prev.hash, prev.frame, kept)
    const approval = signApproval(v3, base64urlDecodeExact(alice.memberId, 16), alice.sigSk)
    handle(b, asServerFrame({ t: 'roster', versions: [{ v: 3, tbs: base64urlEncode(v3.tbs), approvals: [{ m: alice.memberId, sig: base64urlEncode(approval.sig) }] }], more: false }))
    assert.equal(b.removed, true)
    assert.deepEqual(b.store.state.alerts, [])
  })
})

describe('a join request read and approved by a member (§4.4, §4.5)', () => {
  it('opens the request, shows name and safety number, and proposes the ADD', async () => {
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const a = client('Kari', alice, r1.value)
    const created = port.createInvite(alice, roomId, r1.value, { groupName: 'Tirsdagsgruppa', creatorName: 'Kari', text }, origin)
    const link = parseInviteLink(created.link)

    // The joiner reads the info and asks, with keys of its own.
    const joiner = client('Nora', port.newIdentity(), null)
    const info = port.openInviteInfo(roomId, link, created.frame.info.n, created.frame.info.c)
    assert.ok(info.ok)
    assert.deepEqual(info.value, { groupName: 'Tirsdagsgruppa', creatorName: 'Kari', text })
    const fields = port.joinRequest(joiner.identity, roomId, link, origin, base64urlEncode(new Uint8Array(32).fill(7)), r1.value.frame.pledgeHash, 'Nora')

    const jk = created.frame.jks.find((k) => k.to === alice.memberId)?.k
    handle(a, asServerFrame({ t: 'request', ...fields, at: 1_700_000_000, expires_at: 1_700_600_000, jk, declines: [] }))
    const request = a.store.state.requests[0]
    assert.equal(request?.name, 'Nora')
    assert.equal(request?.safety, port.safetyNumber(alice, joiner.identity))
    assert.equal(request?.safety?.length, 60)

    assert.equal(a.admission.approveRequest(joiner.identity.memberId), 'proposed')
    const proposal = a.sent.at(-1)
    assert.equal(proposal?.t, 'roster_propose')
    const meaning = port.describeProposal(roomId, r1.value, String(proposal?.tbs), [{ m: alice.memberId, sig: String(proposal?.sig) }])
    assert.ok(meaning.ok)
    assert.equal(meaning.value.kind, 'add')
    assert.equal(meaning.value.subject, joiner.identity.memberId)
    assert.equal(meaning.value.missing, 0, 'in a group of one, its one member admits the second')
  })

  it('reads a proposal on a newer base again once that version is verified', () => {
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const b = client('Ola', bob, r1.value)
    const carol = port.newIdentity()
    const add = port.buildAdd(roomId, r2, { memberId: carol.memberId, role: 0, sigPk: carol.sigPk, dhPk: carol.dhPk }, alice)
    handle(b, asServerFrame({ t: 'proposal', rh: add.rh, by: alice.memberId, tbs: add.tbs, approvals: [{ m: alice.memberId, sig: add.sig }], objections: [], expires_at: 9 }))
    const open = () => b.store.state.proposal?.rh ?? null
    assert.equal(open(), null)
    assert.deepEqual(b.sent.at(-1), { t: 'roster_get', from: 2 })
    handle(b, asServerFrame({ t: 'roster', versions: [v2], more: false }))
    assert.equal(open(), add.rh)
    assert.deepEqual(b.store.state.alerts, [])
  })

  it('shows who approved an open ADD and how many approvals are still needed', () => {
    const a = client('Kari', alice, r2)
    const b = client('Ola', bob, r2)
    const carol = port.newIdentity()
    const add = port.buildAdd(roomId, r2, { memberId: carol.memberId, role: 0, sigPk: carol.sigPk, dhPk: carol.dhPk }, alice)
    const proposal = { t: 'proposal', rh: add.rh, by: alice.memberId, tbs: add.tbs, approvals: [{ m: alice.memberId, sig: add.sig }], objections: [], expires_at: 9 }
    handle(b, asServerFrame(proposal))
    assert.deepEqual(b.store.state.proposal?.approvals, [alice.memberId])
    assert.equal(b.store.state.proposal?.missing, 1)
    assert.equal(b.store.state.proposal?.kind, 'add')
    // Bob has no readable request for Carol: he may not approve (§4.2).
    assert.equal(b.roster.approveBlocker(b.store.state, () => false), 'unreadable')
    assert.equal(b.roster.approveBlocker(b.store.state, () => true), null)
    b.roster.approveOpen()
    const approve = b.sent.at(-1)
    assert.equal(approve?.t, 'approve')
    assert.equal(approve?.rh, add.rh)
    // Alice proposed it: her own approval is in, so she has nothing left to approve.
    handle(a, asServerFrame(proposal))
    assert.equal(a.roster.approveBlocker(a.store.state, () => true), 'approved')
  })

  it('shows a request it cannot open as unreadable, offers only decline, and alerts', () => {
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const a = client('Kari', alice, r1.value)
    const created = port.createInvite(alice, roomId, r1.value, { groupName: 'G', creatorName: 'Kari', text }, origin)
    const link = parseInviteLink(created.link)
    const joiner = port.newIdentity()
    const fields = port.joinRequest(joiner, roomId, link, origin, base64urlEncode(new Uint8Array(32)), r1.value.frame.pledgeHash, 'Nora')
    // No sealed join key for this member: the request cannot be decrypted here.
    handle(a, asServerFrame({ t: 'request', ...fields, at: 1, expires_at: 2, declines: [] }))
    assert.equal(a.store.state.requests[0]?.name, null)
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['request_unreadable'])
    assert.equal(a.admission.approveRequest(joiner.memberId), 'blocked')
    a.admission.declineRequest(joiner.memberId)
    assert.equal(a.sent.at(-1)?.t, 'decline')
  })
})

describe('safety digits in roster entries (§7)', () => {
  it('carries each member\'s own 30 digits, the halves of the pair numbers people compare', () => {
    const digits = r2.entries.map((e) => e.digits)
    for (const d of digits) assert.match(d, /^\d{30}$/)
    assert.equal(port.safetyNumber(alice, bob), [...digits].sort().join(''))
  })
})

describe('a joiner reads an invite (§4.3, §3.8)', () => {
  function invited(roster: VerifiedRoster, infoText: string) {
    const created = port.createInvite(alice, roomId, roster, { groupName: 'Tirsdagsgruppa', creatorName: 'Kari', text: infoText }, origin)
    const link = parseInviteLink(created.link)
    const joiner = client('Nora', port.newIdentity(), null)
    joiner.admission.knock(link)
    assert.deepEqual(joiner.sent.at(-1), { t: 'knock', invite: created.frame.invite, tok: port.inviteToken(link) })
    handle(joiner, asServerFrame({ t: 'invite_info', invite: created.frame.invite, info: created.frame.info, expires_at: 2 }))
    return { joiner, link }
  }

  it('shows the group, verifies the chain from the pin, and gives a safety number per member', () => {
    const { joiner, link } = invited(r2, text)
    assert.equal(joiner.store.state.screen, 'knock')
    assert.equal(joiner.store.state.knock?.info.groupName, 'Tirsdagsgruppa')
    assert.deepEqual(joiner.sent.at(-1), { t: 'roster_get', rh: base64urlEncode(link.rosterHash) })
    const pinned = () => joiner.store.state.knock?.roster ?? null
    assert.equal(pinned(), null)
    handle(joiner, asServerFrame({ t: 'roster', versions: [v2], more: false }))
    assert.equal(pinned()?.v, 2)
    assert.equal(joiner.store.state.knock?.safety.length, 2)
    // Two members: the info's creator name cannot be given to either of them.
    assert.deepEqual(joiner.store.state.names, {})
    assert.deepEqual(joiner.store.state.alerts, [])
    assert.equal(joiner.admission.problem({ name: ' Nora ', adult: true, pledge: true }), null)
    assert.equal(joiner.admission.problem({ name: '\u0007', adult: true, pledge: true }), 'name')
    assert.equal(joiner.admission.problem({ name: 'Nora', adult: false, pledge: true }), 'adult')
    assert.equal(joiner.admission.problem({ name: 'Nora', adult: true, pledge: false }), 'pledge')
  })

  it('names the one member of a group of one by the creator name the invite gives', () => {
    const r1 = port.verifyForward(roomId, null, [v1])
    assert.ok(r1.ok)
    const { joiner } = invited(r1.value, text)
    handle(joiner, asServerFrame({ t: 'roster', versions: [v1], more: false }))
    assert.deepEqual(joiner.store.state.names, { [alice.memberId]: 'Kari' })
    assert.equal(memberName(joiner.store.state, alice.memberId, stringsFor('en')), 'Kari')
  })

  it('alerts when the chain does not start at the pin', () => {
    const { joiner } = invited(r2, text)
    handle(joiner, asServerFrame({ t: 'roster', versions: [v1, v2], more: false }))
    assert.deepEqual(joiner.store.state.alerts.map((x) => x.code), ['pin_mismatch'])
    assert.equal(joiner.store.state.knock?.roster, null)
  })

  it('alerts when the text shown is not the group\'s ground rules', () => {
    const { joiner } = invited(r2, 'Other rules')
    handle(joiner, asServerFrame({ t: 'roster', versions: [v2], more: false }))
    assert.deepEqual(joiner.store.state.alerts.map((x) => x.code), ['text_mismatch'])
    assert.equal(joiner.store.state.knock?.roster, null)
  })

  it('shows a damaged invite when the info does not open', () => {
    const created = port.createInvite(alice, roomId, r2, { groupName: 'G', creatorName: 'Kari', text }, origin)
    const other = port.createInvite(alice, roomId, r2, { groupName: 'G', creatorName: 'Kari', text }, origin)
    const joiner = client('Nora', port.newIdentity(), null)
    joiner.admission.knock(parseInviteLink(created.link))
    handle(joiner, asServerFrame({ t: 'invite_info', invite: created.frame.invite, info: other.frame.info, expires_at: 2 }))
    assert.equal(joiner.store.state.screen, 'damaged')
  })
})

describe('a meeting of two (§5, §6)', () => {
  function meeting(): [Client, Client] {
    const a = client('Kari', alice, r2)
    const b = client('Ola', bob, r2)
    const present = sortedIds([alice.memberId, bob.memberId])
    for (const c of [a, b]) {
      handle(c, asServerFrame({ t: 'joined', ses, present }))
      handle(c, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: present }))
    }
    relay([a, b])
    return [a, b]
  }

  it('sets up keys and carries text and reactions both ways, with names from skd', () => {
    const [a, b] = meeting()
    assert.equal(a.store.state.meeting?.canSend, true)
    assert.equal(b.store.state.meeting?.canSend, true)
    assert.equal(b.store.state.names[alice.memberId], 'Kari')
    assert.equal(a.store.state.names[bob.memberId], 'Ola')

    assert.ok(a.meeting.sendText('  Hei, jeg heter Kari.  '))
    assert.ok(b.meeting.sendReaction('thanks'))
    relay([a, b])
    const atBob = b.store.state.meeting?.messages ?? []
    assert.deepEqual(
      atBob.map((m) => [m.from, m.kind, m.body, m.mine]),
      [
        [bob.memberId, 'reaction', 'thanks', true],
        [alice.memberId, 'text', 'Hei, jeg heter Kari.', false],
      ],
    )
    // Another's reaction is shown for a moment beside the log, not kept in it.
    assert.deepEqual(
      (a.store.state.meeting?.messages ?? []).map((m) => [m.kind, m.body, m.mine]),
      [['text', 'Hei, jeg heter Kari.', true]],
    )
    assert.deepEqual(
      (a.store.state.meeting?.reactions ?? []).map((r) => [r.from, r.reaction]),
      [[bob.memberId, 'thanks']],
    )
    a.meeting.wipe()
    b.meeting.wipe()
  })

  it('shows who is writing until they send, and ends the meeting on the floor "ended"', () => {
    const [a, b] = meeting()
    const floor = (fv: number, extra: Record<string, unknown>) =>
      asServerFrame({ t: 'floor', fv, cause: 'snapshot', mode: 'open', chair: alice.memberId, hands: false, queue: [], ...extra })
    for (const c of [a, b]) handle(c, floor(1, {}))
    b.meeting.typed()
    relay([a, b])
    assert.deepEqual(a.store.state.meeting?.writing, [bob.memberId])
    assert.ok(b.meeting.sendText('Ferdig skrevet.'))
    relay([a, b])
    assert.deepEqual(a.store.state.meeting?.writing, [], 'the text ends the writing mark')

    // A round where Kari speaks: Ola's text is not offered, and nothing goes to the server.
    const round = { cause: 'round_started', mode: 'round', speaker: alice.memberId, kind: 'opening', order: [{ m: alice.memberId, s: 'speaking' }, { m: bob.memberId, s: 'waiting' }], after: 'open', turn_s: 0, warning: false }
    for (const c of [a, b]) handle(c, floor(2, round))
    const sentBefore = b.sent.length
    assert.equal(b.meeting.sendText('Out of turn'), false)
    b.meeting.typed()
    assert.equal(b.sent.length, sentBefore, 'neither the text nor a writing signal went out')
    assert.ok(!JSON.stringify(b.store.state.meeting).includes('Out of turn'))
    // An older floor arriving late is not shown.
    handle(b, floor(1, {}))
    assert.equal(b.store.state.meeting?.floor?.mode, 'round')

    // The chair takes Kari out: her page wipes the meeting and says so calmly.
    handle(a, floor(3, { cause: 'member_removed', subject: alice.memberId, chair: bob.memberId }))
    assert.equal(a.store.state.meeting, null)
    assert.equal(a.store.state.lobbyNotice, 'removed')

    handle(b, floor(3, { cause: 'meeting_ended', mode: 'ended' }))
    assert.equal(b.store.state.meeting, null)
    assert.equal(b.store.state.screen, 'lobby')
    assert.equal(b.store.state.lobbyNotice, 'ended')
    assert.ok(!JSON.stringify(b.store.state).includes('Ferdig skrevet.'), 'what was said is gone')
    a.meeting.wipe()
  })

  it('queues a message written before its own skd went out, and sends it after', () => {
    const a = client('Kari', alice, r2)
    const b = client('Ola', bob, r2)
    const present = sortedIds([alice.memberId, bob.memberId])
    for (const c of [a, b]) {
      handle(c, asServerFrame({ t: 'joined', ses, present }))
      handle(c, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: present }))
    }
    assert.ok(a.meeting.sendText('early'))
    assert.ok(!a.sent.some((f) => f.t === 'msg'), 'nothing is sent before the skd')
    const status = () => {
      const m = a.store.state.meeting
      return m === null ? null : meetingStatus(m)
    }
    assert.equal(status(), 'waiting', 'the status says the message waits')
    assert.deepEqual(a.store.state.meeting?.messages.map((m) => [m.body, m.waiting]), [['early', true]])
    relay([a, b])
    assert.equal(b.store.state.meeting?.messages[0]?.body, 'early')
    assert.equal(status(), 'sent', 'and then that it went')
    assert.deepEqual(a.store.state.meeting?.messages.map((m) => [m.body, m.waiting]), [['early', false]])
  })

  it('stops sending when a participant leaves, and sends what is written meanwhile under the next epoch', () => {
    const [a] = meeting()
    assert.equal(a.store.state.meeting?.canSend, true)
    handle(a, asServerFrame({ t: 'presence', member: bob.memberId, present: false }))
    assert.equal(a.store.state.meeting?.canSend, false, 'Send is off while keys are set up again')
    assert.equal(meetingStatus(a.store.state.meeting ?? assert.fail()), 'keys')
    a.sent.length = 0
    assert.ok(a.meeting.sendText('after Ola left'))
    assert.ok(!a.sent.some((f) => f.t === 'msg'), 'nothing is sealed under the epoch Ola held keys for')
    assert.equal(meetingStatus(a.store.state.meeting ?? assert.fail()), 'waiting')
    handle(a, asServerFrame({ t: 'epoch', ses, ep: 2, rv: 2, rh: base64urlEncode(r2.hash), parts: [alice.memberId] }))
    assert.equal(a.store.state.meeting?.canSend, true)
    assert.deepEqual(a.sent.filter((f) => f.t === 'msg').map((f) => f.ep), [2])
    assert.equal(meetingStatus(a.store.state.meeting ?? assert.fail()), 'sent')
  })

  it('does not pause for someone leaving who was not in the epoch', () => {
    const [a] = meeting()
    handle(a, asServerFrame({ t: 'presence', member: 'c29tZW9uZS1lbHNlLWlk', present: false }))
    assert.equal(a.store.state.meeting?.canSend, true)
  })

  it('holds a message that comes before its sender\'s skd, and shows it once the skd is in', () => {
    const a = client('Kari', alice, r2)
    const b = client('Ola', bob, r2)
    const present = sortedIds([alice.memberId, bob.memberId])
    for (const c of [a, b]) {
      handle(c, asServerFrame({ t: 'joined', ses, present }))
      handle(c, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: present }))
    }
    // Exchange the ekeys only; both send their skd.
    const ekeyA = a.sent.find((f) => f.t === 'ekey')
    const ekeyB = b.sent.find((f) => f.t === 'ekey')
    assert.ok(ekeyA && ekeyB)
    handle(b, asServerFrame(ekeyA))
    handle(a, asServerFrame(ekeyB))
    a.meeting.sendText('before the key')
    const skdA = a.sent.find((f) => f.t === 'skd')
    const msgA = a.sent.find((f) => f.t === 'msg')
    assert.ok(skdA && msgA)
    const shown = () => (b.store.state.meeting?.messages ?? []).map((m) => m.body)
    handle(b, asServerFrame(msgA))
    assert.deepEqual(shown(), [])
    handle(b, asServerFrame(skdA))
    assert.deepEqual(shown(), ['before the key'])
  })

  it('shows one notice for a tampered message and never its text', () => {
    const [a, b] = meeting()
    a.meeting.sendText('secret words')
    const msg = a.sent.find((f) => f.t === 'msg')
    assert.ok(msg)
    a.sent.length = 0
    const bytes = Buffer.from(String(msg.ct), 'base64url')
    bytes[5] = (bytes[5] ?? 0) ^ 1
    handle(b, asServerFrame({ ...msg, ct: bytes.toString('base64url') }))
    const messages = b.store.state.meeting?.messages ?? []
    assert.deepEqual(
      messages.map((m) => [m.kind, m.body]),
      [['notice', 'message_unverified']],
    )
  })

  it('wipes every message and key on leave', () => {
    const [a, b] = meeting()
    a.meeting.sendText('canary-2b9e')
    relay([a, b])
    const held = b.store.state.meeting?.messages ?? []
    assert.equal(held.length, 1)
    b.meeting.leave()
    assert.equal(b.store.state.meeting, null)
    assert.equal(held.length, 0)
    assert.deepEqual(b.sent.at(-1), { t: 'leave' })
    assert.ok(!JSON.stringify(b.store.state).includes('canary-2b9e'))
    // A message arriving after leaving is not shown.
    a.meeting.sendText('after')
    relay([a, b])
    assert.equal(b.store.state.meeting, null)
  })

  it('alerts and sends no ekey on an epoch with an older roster version (rollback)', () => {
    const a = client('Kari', alice, r2)
    const present = sortedIds([alice.memberId, bob.memberId])
    handle(a, asServerFrame({ t: 'joined', ses, present }))
    handle(a, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 1, rh: base64urlEncode(r2.hash), parts: present }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['rollback'])
    assert.ok(!a.sent.some((f) => f.t === 'ekey'))
  })

  it('alerts and sends no ekey when the participants leave this member out', () => {
    const a = client('Kari', alice, r2)
    handle(a, asServerFrame({ t: 'joined', ses, present: [alice.memberId] }))
    handle(a, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: [bob.memberId] }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['epoch_invalid'])
    assert.ok(!a.sent.some((f) => f.t === 'ekey'))
  })

  it('alerts on an ekey whose signature does not hold, and distributes no sender key', () => {
    const a = client('Kari', alice, r2)
    const b = client('Ola', bob, r2)
    const present = sortedIds([alice.memberId, bob.memberId])
    for (const c of [a, b]) {
      handle(c, asServerFrame({ t: 'joined', ses, present }))
      handle(c, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: present }))
    }
    const ekey = b.sent.find((f) => f.t === 'ekey')
    assert.ok(ekey)
    const sig = Buffer.from(String(ekey.sig), 'base64url')
    sig[0] = (sig[0] ?? 0) ^ 1
    handle(a, asServerFrame({ ...ekey, sig: sig.toString('base64url') }))
    assert.deepEqual(a.store.state.alerts.map((x) => x.code), ['ekey_invalid'])
    assert.ok(!a.sent.some((f) => f.t === 'skd'))
  })

  it('a lone participant sends an empty skd and may write at once', () => {
    const a = client('Kari', alice, r2)
    handle(a, asServerFrame({ t: 'joined', ses, present: [alice.memberId] }))
    handle(a, asServerFrame({ t: 'epoch', ses, ep: 1, rv: 2, rh: base64urlEncode(r2.hash), parts: [alice.memberId] }))
    const skd = a.sent.find((f) => f.t === 'skd')
    assert.deepEqual(skd?.boxes, [])
    assert.equal(a.store.state.meeting?.canSend, true)
  })
})
