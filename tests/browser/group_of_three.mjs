// Three people in their own chromium contexts who form one group against the real server: the
// first redeems the server's first-member invite and writes version 1, then lets in the second
// alone (a group of one admits by itself, PSG1.md §3.4) and the third with both approvals.
// Shared by the browser tests that need a group of three, so its set-up is written once.

import { after, before } from 'node:test'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { launchChromium, until, waitForText, watchPage } from './chromium.mjs'
import { screenshots, startServer } from './sirkel_server.mjs'

export const three = ['fac', 'p2', 'p3']

/**
 * people: who → { context, page, frames, problems }. names: who → the name each person types.
 * The helpers read what each page sent and received over its WebSocket.
 */
export function groupOfThree(names) {
  const people = {}
  const page = (who) => people[who].page
  const sent = (who, t) => people[who].frames.filter((f) => f.dir === 'sent' && f.frame?.t === t).map((f) => f.frame)
  const received = (who, t) => people[who].frames.filter((f) => f.dir === 'received' && f.frame?.t === t).map((f) => f.frame)
  const memberId = (who) => (sent(who, 'redeem')[0] ?? sent(who, 'join_request')[0])?.member

  async function person(browser, who, locale) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale })
    context.setDefaultTimeout(15_000)
    const p = await context.newPage()
    people[who] = { context, page: p, ...watchPage(p) }
  }

  async function createInvite(who) {
    await page(who).getByTestId('invite-create').click()
    const link = await page(who).getByTestId('invite-link').inputValue()
    await page(who).getByTestId('invite-done').click()
    return link
  }

  async function askToJoin(who, link) {
    const p = page(who)
    await p.goto(link)
    await p.getByTestId('knock-verifying').filter({ hasText: /checked|sjekket|tjekket/ }).waitFor()
    await p.getByTestId('join-name').fill(names[who])
    await p.getByTestId('join-adult').check()
    await p.getByTestId('join-pledge').check()
    await p.getByTestId('join-submit').click()
    await p.getByTestId('screen-pending').waitFor()
  }

  /** fac starts the group from the server's invite, then p2 and p3 are let in. */
  async function form(server, { groupName, turnS = 0 }) {
    const fac = page('fac')
    await fac.goto(server.inviteLink)
    await fac.getByTestId('start-group-button').click()
    await fac.getByTestId('setup-group-name').fill(groupName)
    await fac.getByTestId('setup-my-name').fill(names.fac)
    await fac.getByTestId('setup-turn').fill(String(turnS))
    await fac.getByTestId('setup-submit').click()
    await fac.getByTestId('screen-lobby').waitFor()

    await askToJoin('p2', await createInvite('fac'))
    await waitForText(fac, 'request-name', names.p2)
    await fac.getByTestId('request-approve').click()
    await page('p2').getByTestId('screen-lobby').waitFor()

    await askToJoin('p3', await createInvite('fac'))
    await waitForText(fac, 'request-name', names.p3)
    await waitForText(page('p2'), 'request-name', names.p3)
    await fac.getByTestId('request-approve').click()
    await waitForText(page('p2'), 'request-approvals', names.fac)
    await page('p2').getByTestId('request-approve').click()
    await page('p3').getByTestId('screen-lobby').waitFor()
    for (const who of three) {
      await until(async () => (await page(who).getByTestId('member-item').count()) === 3, `three members on ${who}'s list`)
    }
  }

  /** Types a message into who's page and sends it. */
  async function say(who, text) {
    await page(who).getByTestId('message-input').fill(text)
    await page(who).getByTestId('message-send').click()
  }

  return { people, page, sent, received, memberId, person, createInvite, askToJoin, form, say }
}

/**
 * The before and after of a test file with three people: its own real server, one chromium, Kari
 * (fac) and Ola (p3) in English, Nora (p2) in Norwegian; afterwards the server's log is kept as
 * screenshots/<logName>-server.log. The returned object's server is there once before has run.
 */
export function threePeopleInChromium(group, logName) {
  const run = { server: undefined, browser: undefined }
  before(async () => {
    await mkdir(screenshots, { recursive: true })
    run.server = await startServer()
    run.browser = await launchChromium()
    await group.person(run.browser, 'fac', 'en-GB')
    await group.person(run.browser, 'p2', 'nb-NO')
    await group.person(run.browser, 'p3', 'en-GB')
  })
  after(async () => {
    await run.browser?.close().catch(() => {})
    await run.server?.stop()
    if (run.server) await writeFile(path.join(screenshots, `${logName}-server.log`), run.server.log())
  })
  return run
}
