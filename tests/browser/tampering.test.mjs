// The browser against a lying server (PSG1.md §11, tests/relay/README.md): the C++ interop peer
// (tests/interop) founds a group behind the tampering relay and admits one browser; they meet and
// the peer talks. The relay changes what the server sends the browser in one way per run, and the
// browser must refuse the lie: the tampered text is never shown (a replay is shown once), the
// refusal is shown where the client shows one, and the next honest message still comes through.
// For drop-approval a third person asks, so that a version needs two approvals.
//
// The peer connects to the server directly, not through the relay: the relay tampers with the
// first matching frame of the run over all its connections, so only the browser's connection
// passes it and the lie always reaches the browser.

import { after, afterEach, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium, until, waitForText, watchPage } from './chromium.mjs'
import { startPeer } from './interop_peer.mjs'
import { startRelayedServer } from './tampering_relay.mjs'

const names = { peer: 'Cpp Peer', browser: 'Nora Berg' }
const groupName = 'Relayed, Thursdays'
const said = { first: 'The first thing I say, tampered.', next: 'The next thing I say, honest.' }

describe('the browser refuses what a lying server changes', { timeout: 120_000 }, () => {
  let browser
  const running = []

  before(async () => {
    browser = await launchChromium()
  })

  // Each mode's relay, server, peer and browser context go when its test ends.
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop().catch(() => {})
  })

  after(async () => {
    await browser?.close().catch(() => {})
  })

  /** A relay in mode, the peer's group, and one browser admitted to it and in its meeting. */
  async function meeting(mode, { meet = true } = {}) {
    const server = await startRelayedServer({ mode, maxSeconds: 120 })
    running.push(server.stop)
    const peer = await startPeer({
      port: server.serverPort, origin: server.origin, link: server.inviteLink, plain: true,
      name: names.peer, groupName, maxSeconds: 60,
    })
    running.push(peer.stop)
    const context = await browser.newContext({ locale: 'en-GB' })
    running.push(() => context.close())
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    const watched = watchPage(page)
    const sent = (t) => watched.frames.filter((f) => f.dir === 'sent' && f.frame?.t === t).map((f) => f.frame)
    // One WebSocket message may carry several frames, one a line (PROTOCOL.md §1): the relay's
    // replay sends "frame\nframe".
    const received = (t) =>
      watched.frames
        .filter((f) => f.dir === 'received')
        .flatMap((f) => f.raw.split('\n'))
        .map((line) => JSON.parse(line))
        .filter((frame) => frame.t === t)

    await page.goto(peer.link)
    await page.getByTestId('join-name').fill(names.browser)
    await page.getByTestId('join-adult').check()
    await page.getByTestId('join-pledge').check()
    await page.getByTestId('join-submit').click()
    await until(() => sent('join_request').length === 1, 'the join request')
    const member = sent('join_request')[0].member
    assert.equal((await peer.next('request', (e) => e.member === member)).check, 'ok')
    peer.send({ cmd: 'approve' })
    await page.getByTestId('screen-lobby').waitFor()
    if (meet) {
      peer.send({ cmd: 'join' })
      await page.getByTestId('join-meeting-button').click()
      await page.getByTestId('screen-meeting').waitFor()
    }
    return { server, peer, page, member, sent, received }
  }

  /** Wait until the peer and the browser both hold each other's keys of one epoch. */
  async function keysOnBothSides({ peer, member, sent }, from = 0) {
    const keys = await peer.next('keys', (e) => e.names[member] === names.browser, 15_000, from)
    await until(() => sent('skd').some((f) => f.ep === keys.ep), `the browser's skd of epoch ${keys.ep}`)
    return keys
  }

  const texts = async (page, text) => page.getByTestId('message-item').filter({ hasText: text }).count()
  const notices = async (page) => page.locator('[data-testid=message-item][data-kind=notice]').count()

  for (const mode of ['msg-kind', 'msg-counter']) {
    test(`${mode}: a message whose signed header was changed is refused and shown as unverified`, async () => {
      const m = await meeting(mode)
      await keysOnBothSides(m)
      m.peer.send({ cmd: 'say', text: said.first })
      await m.peer.next('said')
      await until(async () => (await notices(m.page)) === 1, 'the notice "a message could not be verified" (PSG1 §6.3 step 2)')
      m.peer.send({ cmd: 'say', text: said.next })
      await waitForText(m.page, 'message-log', said.next)
      assert.equal(m.server.tampered('msg'), 1, 'the relay changed the first msg')
      assert.equal(await texts(m.page, said.first), 0, 'the tampered message is not shown')
      assert.equal(await notices(m.page), 1)
    })
  }

  test('msg-epoch: a message moved to an epoch that was never announced is not shown', async () => {
    const m = await meeting('msg-epoch')
    const keys = await keysOnBothSides(m)
    m.peer.send({ cmd: 'say', text: said.first })
    m.peer.send({ cmd: 'say', text: said.next })
    await waitForText(m.page, 'message-log', said.next)
    assert.equal(m.server.tampered('msg'), 1, 'the relay moved the first msg to the next epoch')
    assert.ok(m.received('msg').some((f) => f.ep === keys.ep + 1), 'the browser received it')
    assert.equal(await texts(m.page, said.first), 0, 'no key of that epoch opens it, so it is never shown')
  })

  test('replay: a message relayed twice is shown once', async () => {
    const m = await meeting('replay')
    await keysOnBothSides(m)
    m.peer.send({ cmd: 'say', text: said.first })
    await waitForText(m.page, 'message-log', said.first)
    m.peer.send({ cmd: 'say', text: said.next })
    await waitForText(m.page, 'message-log', said.next)
    assert.equal(m.server.tampered('msg'), 1, 'the relay sent the first msg twice')
    assert.equal(m.received('msg').filter((f) => f.ctr === 0).length, 2, 'the browser received it twice')
    assert.equal(await texts(m.page, said.first), 1, 'and showed it once')
    assert.equal(await notices(m.page), 0, 'a replay is dropped quietly (PSG1 §6.3)')
  })

  test('inject-participant: an epoch naming a stranger is refused with an alert, and no keys go out in it', async () => {
    const m = await meeting('inject-participant')
    await until(() => m.server.tampered('epoch') === 1, 'the relay adding a participant to the first epoch')
    // The relay logs before the page has the frame.
    await until(() => m.received('epoch').length > 0, 'the epoch in the browser')
    const lie = m.received('epoch')[0]
    assert.equal(lie.parts.length, 3, 'the browser was shown a third participant')
    await m.page.locator('[data-testid=alert-item][data-code=epoch_invalid]').waitFor()
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.ok(!m.sent('ekey').some((f) => f.ep === lie.ep), 'no ekey in the refused epoch (PSG1 §5.1)')
    assert.ok(!m.sent('skd').some((f) => f.ep === lie.ep), 'no skd in the refused epoch')

    // A new epoch, told honestly, brings the meeting back: the peer leaves and comes again.
    const from = m.peer.events.length
    m.peer.send({ cmd: 'leave' })
    m.peer.send({ cmd: 'join' })
    await keysOnBothSides(m, from)
    m.peer.send({ cmd: 'say', text: said.next })
    await waitForText(m.page, 'message-log', said.next)
    assert.equal(m.server.tampered('epoch'), 1)
  })

  test('drop-approval: a version pushed short of its approvals is refused with an alert', async () => {
    const m = await meeting('drop-approval', { meet: false })
    // A third person asks: with two members, the ADD needs both approvals (PSG1 §3.4).
    const newcomer = 'Ola Dahl'
    m.peer.send({ cmd: 'newcomer', name: newcomer })
    const asked = await m.peer.next('newcomer')
    assert.equal(asked.state, 'pending')
    assert.equal((await m.peer.next('request', (e) => e.member === asked.member)).check, 'ok')
    await waitForText(m.page, 'request-name', newcomer)
    m.peer.send({ cmd: 'approve' })
    await waitForText(m.page, 'proposal-summary', newcomer)
    // The open proposal is answered at its request (one approve button per request).
    const approve = m.page.getByTestId('request-approve')
    await until(async () => await approve.isEnabled(), 'approve enabled once the peer has proposed')
    await approve.click()
    // The server committed version 3 with both approvals; the peer, not behind the relay, saw it.
    await m.peer.next('admitted', (e) => e.member === asked.member && e.v === 3)
    await m.page.locator('[data-testid=alert-item][data-code=roster_invalid]').waitFor()
    assert.equal(m.server.tampered('roster'), 1, 'the relay dropped an approval from version 3')
    const v3 = m.received('roster').flatMap((f) => f.versions).filter((v) => v.v === 3)
    assert.equal(v3[0].approvals.length, 1, 'the browser was first shown version 3 with one approval')
    // It asks again, and the honest answer (both approvals) verifies: the lie was refused, the
    // truth is kept.
    await until(async () => (await m.page.getByTestId('member-item').count()) === 3, 'version 3 as the server committed it')
    assert.ok(m.sent('roster_get').some((f) => f.from === 3), 'fetched version 3 again')
    assert.ok(m.received('roster').flatMap((f) => f.versions).some((v) => v.v === 3 && v.approvals.length === 2))
  })
})
