// The whole path in browsers against the REAL server (no scripted WebSocket): a facilitator
// starts the group, admits a second person alone, then a third person needs both members'
// approvals and a fifth all three members'; three meet and talk; a late joiner does not get what
// was said while away. Every frame the server relayed, in every browser, is captured and checked
// for plaintext.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { launchChromium, stepsInOrder, until, waitForNoStoredIdentity, waitForText, watchPage } from './chromium.mjs'
import { screenshots, startServer } from './sirkel_server.mjs'

// Every name and text holds a space or punctuation, so none can turn up by chance inside
// base64url ciphertext: a hit in the capture is a real leak.
const names = { fac: 'Kari Lund', p2: 'Nora Berg', p3: 'Ola Dahl', p4: 'Per Holm', p5: 'Siv Moe', p6: 'Eva Lie' }
const groupName = 'Tirsdag kveld'
const said = {
  fac: 'Welcome, everyone. Who wants to begin?',
  p2: 'I can begin: it has been a hard week.',
  p3: 'Thank you, that sounds familiar to me.',
  markup: '<b>not bold</b> & <i>not italic</i>',
  away: 'Said while Ola was out of the room.',
}

const digits = async (locator) => (await locator.first().textContent()).replace(/\D/g, '')

describe('three browsers against the real server', { timeout: 150_000 }, () => {
  let server
  let browser
  const people = {} // who → { context, page, frames: [{dir, frame, raw}], problems }
  const step = stepsInOrder()

  async function person(who, locale) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    const record = { context, page, ...watchPage(page) }
    people[who] = record
    return record
  }

  const sent = (who, t) => people[who].frames.filter((f) => f.dir === 'sent' && f.frame?.t === t).map((f) => f.frame)
  const received = (who, t) => people[who].frames.filter((f) => f.dir === 'received' && f.frame?.t === t).map((f) => f.frame)
  const memberId = (who) => (sent(who, 'redeem')[0] ?? sent(who, 'join_request')[0])?.member

  async function shot(who, name) {
    await people[who].page.screenshot({ path: path.join(screenshots, `e2e-${name}.png`), fullPage: true })
  }

  /** The joiner opens the link, reads, checks and asks; returns the safety numbers it shows, one per member. */
  async function askToJoin(who, link, name, creator = names.fac) {
    const { page } = people[who]
    await page.goto(link)
    await page.getByTestId('screen-knock').waitFor()
    await waitForText(page, 'knock-group-name', groupName)
    await waitForText(page, 'knock-creator', creator)
    await waitForText(page, 'knock-text', /Confidentiality pledge|Taushetserklæring/)
    await page.getByTestId('knock-verifying').filter({ hasText: /checked|sjekket|tjekket/ }).waitFor()
    assert.ok(!new URL(page.url()).hash, 'the invite secret left the address bar')
    const safety = []
    for (const item of await page.getByTestId('safety-number').all()) safety.push((await item.textContent()).replace(/\D/g, ''))
    for (const number of safety) assert.equal(number.length, 60, 'a safety number of 60 digits')
    assert.equal(sent(who, 'join_request').length, 0, 'nothing is asked before the person chooses')
    await shot(who, `knock-${who}`)
    await page.getByTestId('join-name').fill(name)
    await page.getByTestId('join-adult').check()
    await page.getByTestId('join-pledge').check()
    await page.getByTestId('join-submit').click()
    await page.getByTestId('screen-pending').waitFor()
    return safety
  }

  async function createInvite(who) {
    const { page } = people[who]
    await page.getByTestId('invite-create').click()
    const link = await page.getByTestId('invite-link').inputValue()
    await page.getByTestId('invite-done').click()
    return link
  }

  async function enterMeeting(who) {
    const { page } = people[who]
    if (await page.getByTestId('screen-meeting').count() === 0) await page.getByTestId('join-meeting-button').click()
    await page.getByTestId('screen-meeting').waitFor()
    await page.getByTestId('meeting-status').filter({ hasText: /You can write|Du kan skrive/ }).waitFor()
  }

  async function say(who, text) {
    const { page } = people[who]
    await page.getByTestId('message-input').fill(text)
    await page.getByTestId('message-send').click()
  }

  before(async () => {
    await mkdir(screenshots, { recursive: true })
    server = await startServer()
    browser = await launchChromium()
    await person('fac', 'en-GB')
    await person('p2', 'nb-NO')
    await person('p3', 'en-GB')
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await server?.stop()
    if (server) await writeFile(path.join(screenshots, 'e2e-server.log'), server.log())
    const capture = Object.fromEntries(Object.entries(people).map(([who, p]) => [who, p.frames.map((f) => `${f.dir} ${f.raw}`)]))
    await writeFile(path.join(screenshots, 'e2e-capture.json'), JSON.stringify(capture, null, 1)).catch(() => {})
  })

  step('the facilitator starts the group from the first-member invite (version 1)', async () => {
    const { page } = people.fac
    await page.goto(server.inviteLink)
    await page.getByTestId('screen-start-group').waitFor()
    await shot('fac', 'start-group')
    await page.getByTestId('start-group-button').click()
    await page.getByTestId('screen-setup-group').waitFor()
    await page.getByTestId('setup-group-name').fill(groupName)
    await page.getByTestId('setup-my-name').fill(names.fac)
    await shot('fac', 'setup-group')
    await page.getByTestId('setup-submit').click()
    await page.getByTestId('screen-lobby').waitFor()
    await waitForText(page, 'lobby-group-name', groupName)
    await waitForText(page, 'members-list', names.fac)
    // The real server committed version 1 and sent it back.
    await until(() => received('fac', 'roster').some((f) => f.versions.some((v) => v.v === 1)), 'roster version 1 from the server')
    assert.deepEqual(received('fac', 'authed').map((f) => f.role), ['facilitator'])
  })

  step('person 2 asks with a member invite and the facilitator alone admits them', async () => {
    const link = await createInvite('fac')
    assert.match(link, new RegExp(`^${server.origin}/j/${server.group}#1\\.`))
    await until(() => received('fac', 'invite').length === 1, 'the server confirming the invite')

    const safety = await askToJoin('p2', link, names.p2)
    await shot('p2', 'pending-nb')
    const fac = people.fac.page
    await waitForText(fac, 'request-name', names.p2)
    assert.deepEqual([await digits(fac.getByTestId('request-safety'))], safety, 'both see the same safety number')
    await fac.getByTestId('request-compared').check()
    await shot('fac', 'request')
    await fac.getByTestId('request-approve').click()

    await people.p2.page.getByTestId('screen-lobby').waitFor()
    await waitForText(people.p2.page, 'members-list', names.p2)
    // Names travel only inside requests and meeting keys (PSG1 §2); but in a group of one the
    // invite's creator is the one member, so the name read in the invite is shown.
    await waitForText(people.p2.page, 'members-list', names.fac)
    assert.equal(await people.p2.page.getByTestId('member-item').count(), 2)
    await waitForText(fac, 'members-list', names.p2)
    await fac.getByTestId('request-item').waitFor({ state: 'detached' })
    assert.ok(received('p2', 'join_status').some((f) => f.state === 'admitted'), 'the server said admitted')
    await shot('p2', 'lobby-nb')
  })

  step('person 3 needs both members: not admitted after one approval, admitted after two', async () => {
    const link = await createInvite('fac')
    const safety = await askToJoin('p3', link, names.p3)
    const fac = people.fac.page
    const p2 = people.p2.page
    await waitForText(fac, 'request-name', names.p3)
    await waitForText(p2, 'request-name', names.p3)
    // One pair number per member: each member sees the one it shares with the joiner.
    assert.equal(safety.length, 2)
    const pairs = [await digits(fac.getByTestId('request-safety')), await digits(p2.getByTestId('request-safety'))]
    assert.notEqual(pairs[0], pairs[1])
    assert.deepEqual([...pairs].sort(), [...safety].sort(), 'the joiner shows the numbers each member shows')

    await fac.getByTestId('request-approve').click()
    // The proposal is open at the server and reaches person 2 with one approval of two.
    await waitForText(p2, 'proposal-summary', names.p3)
    await waitForText(fac, 'proposal-approvals', names.fac)
    await waitForText(fac, 'request-blocker', 'You have approved this.')
    // It is answered at the request: one approve button for one request, none on the proposal.
    await waitForText(p2, 'request-approvals', names.fac)
    for (const page of [fac, p2]) {
      assert.equal(await page.getByTestId('request-approve').count(), 1)
      assert.equal(await page.getByTestId('request-decline').count(), 1)
      assert.equal(await page.getByTestId('proposal-approve').count(), 0)
    }
    assert.ok(await fac.getByTestId('request-approve').isDisabled(), 'the proposer has approved already')
    assert.ok(await p2.getByTestId('request-approve').isEnabled())
    await waitForText(p2, 'proposal-on-request', 'Ber om å bli med')
    await shot('p2', 'proposal-nb')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    assert.equal(await people.p3.page.getByTestId('screen-pending').count(), 1, 'still waiting after one approval')
    assert.ok(!received('p3', 'join_status').some((f) => f.state === 'admitted'), 'not admitted after one approval')
    assert.ok(!received('fac', 'roster').some((f) => f.versions.some((v) => v.v === 3)), 'no version 3 after one approval')

    await p2.getByTestId('request-approve').click()
    await people.p3.page.getByTestId('screen-lobby').waitFor()
    for (const who of ['fac', 'p2', 'p3']) {
      await until(async () => (await people[who].page.getByTestId('member-item').count()) === 3, `three members on ${who}'s list`)
    }
    // Each knows the names it was shown in a request, and its own.
    for (const name of [names.fac, names.p2, names.p3]) await waitForText(people.fac.page, 'members-list', name)
    await waitForText(people.p2.page, 'members-list', names.p3)
    await waitForText(people.p3.page, 'members-list', names.p3)
    // Ola has not learned the others' names yet (they come with the meeting's keys): each is
    // named by the start of its safety digits, never by an id.
    const unnamed = people.p3.page.getByTestId('member-item').filter({ hasText: /^Member \(safety number \d{5}…\)/ })
    await until(async () => (await unnamed.count()) === 2, 'two members named by safety number on Ola\'s list')
    assert.ok(received('p3', 'join_status').some((f) => f.state === 'admitted'))
    await shot('p3', 'lobby')
  })

  step('a member who reloads the page signs in again with the stored keys', async () => {
    const { page } = people.p2
    const before = sent('p2', 'auth').length
    const authedBefore = received('p2', 'authed').length
    await page.reload()
    await page.getByTestId('screen-lobby').waitFor()
    await until(() => received('p2', 'authed').length > authedBefore, 'authed after the reload')
    assert.equal(sent('p2', 'auth').length, before + 1, 'one auth with the stored identity')
    assert.equal(received('p2', 'authed').at(-1).role, 'member')
    assert.equal(received('p2', 'authed').at(-1).member, memberId('p2'))
    await until(async () => (await page.getByTestId('member-item').count()) === 3, 'three members after the reload')
    await waitForText(page, 'members-list', names.p3)
    await waitForText(page, 'lobby-group-name', groupName)
  })

  step('person 4, invited by a member, is declined by one member and told kindly', async () => {
    await person('p4', 'nb-NO')
    const link = await createInvite('p2')
    const safety = await askToJoin('p4', link, names.p4, names.p2)
    assert.equal(safety.length, 3, 'one safety number per member')
    const fac = people.fac.page
    await waitForText(fac, 'request-name', names.p4)
    await waitForText(people.p3.page, 'request-name', names.p4)
    // A phone's width: the request card with its safety number fits without sideways scrolling.
    await people.p3.page.setViewportSize({ width: 360, height: 740 })
    assert.ok(await people.p3.page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px')
    const helpline = await people.p3.page.getByTestId('crisis-lines').locator('li').first().textContent()
    assert.match(helpline, /116\u00a0123/, 'the helpline number does not break across lines')
    await shot('p3', 'request-phone')
    await people.p3.page.setViewportSize({ width: 1280, height: 720 })
    // Under "everyone in the group" one decline decides (PSG1 §4.6).
    await fac.getByTestId('request-decline').click()
    const p4 = people.p4.page
    await p4.getByTestId('screen-declined').waitFor()
    await waitForText(p4, 'crisis-lines', '116 123')
    for (const who of ['fac', 'p2', 'p3']) await people[who].page.getByTestId('request-item').waitFor({ state: 'detached' })
    assert.ok(received('p4', 'join_status').some((f) => f.state === 'declined'))
    await shot('p4', 'declined-nb')
    // The declined request's keys are deleted from the browser, and it does not knock again.
    await waitForNoStoredIdentity(p4)
    const hellos = sent('p4', 'hello').length
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    assert.equal(sent('p4', 'hello').length, hellos, 'no reconnect after the server closed the declined request')
    await people.p4.context.close()
  })

  step('person 5 needs all three members: still waiting after two approvals, in after the last', async () => {
    await person('p5', 'da-DK')
    const link = await createInvite('p3')
    const safety = await askToJoin('p5', link, names.p5, names.p3)
    assert.equal(safety.length, 3, 'one safety number per member')
    const p5 = people.p5.page
    await shot('p5', 'pending-da')
    const members = ['fac', 'p2', 'p3']
    for (const who of members) await waitForText(people[who].page, 'request-name', names.p5)
    const versionFour = (who) => received(who, 'roster').some((f) => f.versions.some((v) => v.v === 4))

    await people.fac.page.getByTestId('request-approve').click()
    await waitForText(people.p2.page, 'request-approvals', names.fac)
    await people.p2.page.getByTestId('request-approve').click()
    // Two of three: the third member's page counts the two (it learns their names only in a
    // meeting, so it names them by safety digits), and still offers its own approval.
    await waitForText(people.p3.page, 'request-approvals', /approvals still needed: 1$/)
    assert.equal((await people.p3.page.getByTestId('request-approvals').textContent()).match(/safety number/g)?.length, 2)
    assert.ok(await people.p3.page.getByTestId('request-approve').isEnabled(), 'the last member can still approve')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    assert.equal(await p5.getByTestId('screen-pending').count(), 1, 'still waiting after two approvals of three')
    assert.equal(await p5.getByTestId('join-meeting-button').count(), 0, 'no way into a meeting while waiting')
    assert.ok(!received('p5', 'join_status').some((f) => f.state === 'admitted'), 'not admitted after two approvals')
    for (const who of members) assert.ok(!versionFour(who), `no version 4 at ${who} after two approvals`)
    assert.deepEqual(sent('p5', 'join'), [], 'the waiting page never asked to join a meeting')

    await people.p3.page.getByTestId('request-approve').click()
    await p5.getByTestId('screen-lobby').waitFor()
    assert.ok(received('p5', 'join_status').some((f) => f.state === 'admitted'), 'admitted after the last approval')
    for (const who of [...members, 'p5']) {
      await until(async () => (await people[who].page.getByTestId('member-item').count()) === 4, `four members on ${who}'s list`)
    }
    // The version that admitted person 5 carries all three members' approvals.
    const admitting = received('fac', 'roster').flatMap((f) => f.versions).find((v) => v.v === 4)
    assert.deepEqual(admitting.approvals.map((a) => a.m).sort(), [memberId('fac'), memberId('p2'), memberId('p3')].sort())
    await shot('p5', 'lobby-da')
  })

  step('all three meet and each reads the others, text as text', async () => {
    await people.fac.page.getByTestId('join-meeting-button').click()
    await until(() => received('fac', 'joined').length > 0, 'joined from the server')
    await until(() => received('fac', 'epoch').length > 0, 'an epoch from the server (PSG1 §5.4: the meeting opens with epoch 1)', 10_000)
    for (const who of ['fac', 'p2', 'p3']) await enterMeeting(who)
    for (const who of ['fac', 'p2', 'p3']) {
      for (const name of [names.fac, names.p2, names.p3]) await waitForText(people[who].page, 'meeting-present', name)
    }
    // Every page must hold the newest epoch's keys before it is addressed.
    await until(async () => {
      for (const who of ['fac', 'p2', 'p3']) {
        const status = await people[who].page.getByTestId('meeting-status').textContent()
        if (!/You can write|Du kan skrive/.test(status)) return false
      }
      return true
    }, 'every page ready to write')

    await say('fac', said.fac)
    await say('p2', said.p2)
    await say('p3', said.p3)
    await say('p3', said.markup)
    for (const [who, others] of [['fac', ['p2', 'p3']], ['p2', ['fac', 'p3']], ['p3', ['fac', 'p2']]]) {
      const { page } = people[who]
      for (const other of others) {
        await waitForText(page, 'message-log', said[other])
      }
      await waitForText(page, 'message-log', said.markup)
      assert.equal(await page.getByTestId('message-log').locator('b, i').count(), 0, `${who}: text is never markup`)
    }
    await shot('fac', 'meeting-three')
    await shot('p2', 'meeting-three-nb')
  })

  step('a request that comes during the meeting is seen and answered in the meeting', async () => {
    for (const who of ['fac', 'p2', 'p3']) assert.ok(await people[who].page.getByTestId('meeting-decisions').isHidden(), `${who}: nothing to decide yet`)
    await person('p6', 'en-GB')
    await askToJoin('p6', await createInvite('p5'), names.p6, names.p5)
    for (const who of ['fac', 'p2', 'p3']) {
      const { page } = people[who]
      await page.getByTestId('meeting-decisions').waitFor()
      await waitForText(page, 'request-name', names.p6)
      assert.equal(await page.getByTestId('screen-meeting').count(), 1, `${who} is still in the meeting`)
    }
    await shot('fac', 'meeting-request')
    await people.fac.page.getByTestId('request-decline').click()
    await people.p6.page.getByTestId('screen-declined').waitFor()
    for (const who of ['fac', 'p2', 'p3']) await people[who].page.getByTestId('meeting-decisions').waitFor({ state: 'hidden' })
    await people.p6.context.close()
  })

  step('a late joiner does not get what was said while they were away', async () => {
    const p3 = people.p3.page
    const epochsBefore = { fac: received('fac', 'epoch').length, p2: received('p2', 'epoch').length }
    await p3.getByTestId('leave-meeting-button').click()
    await p3.getByTestId('screen-lobby').waitFor()
    await until(async () => !(await people.fac.page.getByTestId('meeting-present').textContent()).includes(names.p3), 'Ola gone from the present list')
    const ola = memberId('p3')
    // Said at once, before the server's new epoch (it may wait 2 s to coalesce triggers, §5.4):
    // the client must not seal it under the epoch whose keys Ola had.
    const msgsBefore = sent('fac', 'msg').length
    await say('fac', said.away)
    // PSG1 §5.4: a participant leaving MUST start a new epoch, so the leaver's keys open nothing later.
    await until(
      () => ['fac', 'p2'].every((who) => received(who, 'epoch').slice(epochsBefore[who]).some((f) => !f.parts.includes(ola))),
      'a new epoch without Ola after the leave (PSG1 §5.4)',
      10_000,
    )
    await waitForText(people.p2.page, 'message-log', said.away)
    // The text (kind 1), not a writing signal that may go before it.
    const awayFrame = sent('fac', 'msg').slice(msgsBefore).find((f) => f.k === 1)
    assert.ok(awayFrame, 'the message went out')
    const epochWithoutOla = received('fac', 'epoch').slice(epochsBefore.fac).find((f) => !f.parts.includes(ola))
    assert.equal(awayFrame.ep, epochWithoutOla.ep, 'sent under the first epoch without Ola, not the one Ola held keys for')

    await enterMeeting('p3')
    await waitForText(people.fac.page, 'meeting-present', names.p3)
    await say('fac', 'Welcome back.')
    await waitForText(p3, 'message-log', 'Welcome back.')
    assert.ok(!(await p3.getByTestId('message-log').textContent()).includes(said.away), 'Ola does not see it')
    assert.ok(!(await p3.content()).includes(said.away))

    // And cannot: it was sent under an epoch whose keys never reached Ola.
    const ep = awayFrame.ep
    assert.ok(!received('p3', 'msg').some((f) => f.sig === awayFrame.sig), 'the frame was never relayed to Ola')
    assert.ok(!received('p3', 'epoch').some((f) => f.ep === ep && f.ses === awayFrame.ses), 'Ola was never in that epoch')
    assert.ok(!received('p3', 'ekey').some((f) => f.ep === ep && f.ses === awayFrame.ses), 'no epoch key of that epoch reached Ola')
    assert.ok(!received('p3', 'skd').some((f) => f.ep === ep && f.ses === awayFrame.ses), 'no sender keys of that epoch reached Ola')
    await shot('p3', 'meeting-rejoined')
  })

  test('the capture of every relayed frame holds no plaintext and no pseudonym', async () => {
    const all = Object.entries(people).flatMap(([who, p]) => p.frames.map((f) => ({ who, ...f })))
    assert.ok(all.length > 30, `a real capture (${all.length} frames)`)
    for (const secret of [...Object.values(names), groupName, ...Object.values(said), 'Welcome back.', 'Confidentiality pledge']) {
      const hits = all.filter((f) => f.raw.includes(secret))
      assert.deepEqual(hits.map((f) => `${f.who} ${f.dir} ${f.raw.slice(0, 80)}`), [], `"${secret}" is not in any frame`)
    }
    for (const [who, p] of Object.entries(people)) assert.deepEqual(p.problems, [], `${who}: no console errors`)
  })
})
