// Interop: the C++ test client (tests/interop's sirkel_interop_peer, PSG1 in C++ over libsodium)
// and a browser (PSG1 in TypeScript over libsodium-wrappers) through the real server over TLS.
// The peer founds the group and makes a real member invite; the browser opens it, reads and asks;
// the peer opens the request and approves; both meet, show each other's names (from the skd
// boxes) and read each other's messages.

import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium, stepsInOrder, until, waitForText, watchPage } from './chromium.mjs'
import { startPeer } from './interop_peer.mjs'
import { startServer } from './sirkel_server.mjs'

const names = { peer: 'Cpp Peer', browser: 'Nora Berg' }
const groupName = 'Interop, Thursdays'
const said = {
  peer: 'Hello from C++, can you read me?',
  browser: 'Yes, and hello from the browser!',
}

describe('the C++ test client and a browser through the real server', { timeout: 90_000 }, () => {
  let server
  let browser
  let peer
  let page
  let watched
  const step = stepsInOrder()
  const sent = (t) => watched.frames.filter((f) => f.dir === 'sent' && f.frame?.t === t).map((f) => f.frame)

  before(async () => {
    server = await startServer()
    browser = await launchChromium()
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' })
    context.setDefaultTimeout(15_000)
    page = await context.newPage()
    watched = watchPage(page)
  })

  after(async () => {
    await peer?.stop()
    await browser?.close().catch(() => {})
    await server?.stop()
  })

  step('the C++ peer founds the group and makes a member invite', async () => {
    const port = Number(new URL(server.origin).port)
    peer = await startPeer({ port, origin: server.origin, link: server.inviteLink, name: names.peer, groupName })
    assert.match(peer.link, new RegExp(`^${server.origin}/j/${server.group}#1\\.`))
  })

  step('the browser reads the C++ invite, asks, and the C++ peer opens the request and approves', async () => {
    await page.goto(peer.link)
    await page.getByTestId('screen-knock').waitFor()
    await waitForText(page, 'knock-group-name', groupName)
    await waitForText(page, 'knock-creator', names.peer)
    await waitForText(page, 'knock-text', 'We keep what is said here to ourselves.')
    // Shown once the chain from the link's pin is verified (PSG1 §3.8), one per member.
    await page.getByTestId('safety-number').first().waitFor()
    const safety = []
    for (const item of await page.getByTestId('safety-number').all()) safety.push((await item.textContent()).replace(/\D/g, ''))
    await page.getByTestId('join-name').fill(names.browser)
    await page.getByTestId('join-adult').check()
    await page.getByTestId('join-pledge').check()
    await page.getByTestId('join-submit').click()
    await page.getByTestId('screen-pending').waitFor()

    const member = sent('join_request')[0]?.member
    assert.ok(member, 'the browser sent a join request')
    const request = await peer.next('request', (e) => e.member === member)
    assert.equal(request.check, 'ok', 'the C++ member opened and checked the request (PSG1 §4.5)')
    assert.equal(request.name, names.browser, 'the name sealed in the request')
    assert.deepEqual(safety, [request.safety], 'both show the same safety number (PSG1 §7)')
    peer.send({ cmd: 'approve' })
    await peer.next('admitted', (e) => e.member === member && e.v === 2)

    await page.getByTestId('screen-lobby').waitFor()
    await waitForText(page, 'lobby-group-name', groupName)
    await waitForText(page, 'members-list', names.peer)
    await waitForText(page, 'members-list', names.browser)
  })

  step('both meet and show each other\'s names from the sender keys', async () => {
    peer.send({ cmd: 'join' })
    await peer.next('joined')
    await page.getByTestId('join-meeting-button').click()
    await page.getByTestId('screen-meeting').waitFor()
    const member = sent('join_request')[0].member
    const keys = await peer.next('keys', (e) => e.names[member] !== undefined)
    assert.equal(keys.names[member], names.browser, 'the C++ peer read the browser\'s name in its skd box')
    await until(() => sent('skd').some((f) => f.ep === keys.ep), `the browser's skd of epoch ${keys.ep}`)
    await waitForText(page, 'meeting-present', names.peer)
  })

  step('C++ → browser: the browser shows the text and the C++ peer\'s name', async () => {
    peer.send({ cmd: 'say', text: said.peer })
    await peer.next('said')
    await waitForText(page, 'message-log', said.peer)
    const item = page.getByTestId('message-item').filter({ hasText: said.peer })
    assert.match(await item.first().textContent(), new RegExp(names.peer), 'shown under the name from the skd box')
  })

  step('browser → C++: the C++ peer reads the text and the browser\'s name', async () => {
    const member = sent('join_request')[0].member
    await page.getByTestId('message-input').fill(said.browser)
    await page.getByTestId('message-send').click()
    const heard = await peer.next('heard', (e) => e.text === said.browser)
    assert.equal(heard.from, member)
    assert.equal(heard.name, names.browser)
    assert.ok(!peer.events.some((e) => e.event === 'refused' || e.event === 'key_refused' || e.event === 'error'), 'the C++ peer refused nothing')
    assert.deepEqual(watched.problems, [], 'no console errors in the browser')
    assert.equal(await page.getByTestId('alert-item').count(), 0, 'the browser raised no alert')
    for (const secret of [...Object.values(said), ...Object.values(names)]) {
      assert.ok(!peer.stderr().includes(secret), 'the peer logs no text and no name on stderr')
      assert.ok(!server.log().includes(secret), 'the server logs no text and no name')
    }
  })
})
