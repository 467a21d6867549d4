// A server restart during a meeting, in three browsers against the REAL server: the server is
// stopped (SIGTERM) and started again on the same port and database. Without a click, each page
// says calmly that it is trying again, logs in again with its device key, and is back in the
// meeting (a restart ends every meeting: the facilitator's client opens it again, the member's
// joins once it is open), under a new meeting and epoch with fresh keys; a message sent after
// the restart is read, and nothing from before it is shown. A device that left the group does
// not try to connect at all.

import { before, describe } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { stepsInOrder, until, waitForText } from './chromium.mjs'
import { groupOfThree, three, threePeopleInChromium } from './group_of_three.mjs'
import { screenshots } from './sirkel_server.mjs'

const names = { fac: 'Kari Lund', p2: 'Nora Berg', p3: 'Ola Dahl' }
const said = {
  before: 'Before the restart, Kari says this.',
  after: 'Etter omstarten sier Nora dette.',
}
const canWrite = /You can write|Du kan skrive/

describe('a server restart during a meeting: the pages reconnect and rejoin by themselves', { timeout: 300_000 }, () => {
  const group = groupOfThree(names)
  const { people, page, sent, received, memberId, say } = group
  const step = stepsInOrder()
  const stayed = ['fac', 'p2']
  /** Every WebSocket each page opened, counted from the page's own events. */
  const sockets = { fac: 0, p2: 0, p3: 0 }
  /** What each page had seen before the restart: its meeting, and the ekeys it had sent. */
  const beforeRestart = {}

  const run = threePeopleInChromium(group, 'reconnect')
  before(() => {
    for (const who of three) page(who).on('websocket', () => (sockets[who] += 1))
  })

  step('a group of three meets; Ola leaves the group during the meeting', async () => {
    await group.form(run.server, { groupName: 'Mandag, sirkel' })
    await page('fac').getByTestId('join-meeting-button').click()
    await page('fac').getByTestId('screen-meeting').waitFor()
    for (const who of ['p2', 'p3']) {
      await until(async () => await page(who).getByTestId('join-meeting-button').isVisible(), `${who}: the meeting can be joined`)
      await page(who).getByTestId('join-meeting-button').click()
      await page(who).getByTestId('screen-meeting').waitFor()
    }
    for (const who of three) await page(who).getByTestId('meeting-status').filter({ hasText: canWrite }).waitFor()

    await page('p3').getByTestId('meeting-leave-group').click()
    await page('p3').getByTestId('meeting-leave-group-yes').click()
    await page('p3').getByTestId('screen-left').waitFor()
    for (const who of stayed) {
      await until(async () => !(await page(who).getByTestId('meeting-present').innerText()).includes(names.p3), `${who}: Ola gone`)
      await page(who).getByTestId('meeting-status').filter({ hasText: canWrite }).waitFor()
    }
    await say('fac', said.before)
    await waitForText(page('p2'), 'message-log', said.before)
    for (const who of stayed) {
      beforeRestart[who] = {
        ses: received(who, 'joined').at(-1).ses,
        ekeys: sent(who, 'ekey').map((f) => f.ek),
        epochs: received(who, 'epoch').length,
        joins: sent(who, 'join').length,
        auths: sent(who, 'auth').length,
      }
    }
    beforeRestart.p3Sockets = sockets.p3
  })

  step('the server stops: each page says it is trying again, calmly, in its language', async () => {
    const restarting = run.server.restart(4_000)
    try {
      await waitForText(page('fac'), 'connection-status', 'Connection lost — trying again…', 10_000)
      await waitForText(page('p2'), 'connection-status', 'Forbindelsen ble brutt — prøver igjen …', 10_000)
      for (const who of stayed) {
        // The meeting's keys and messages went with the connection (PSG1.md §5.5).
        await page(who).getByTestId('screen-lobby').waitFor({ timeout: 10_000 })
        assert.ok(!(await page(who).locator('body').innerText()).includes(said.before), `${who}: nothing of the meeting is left`)
      }
      // Whether a meeting is open is not known while disconnected: the lobby does not claim it.
      for (const who of stayed) await until(async () => await page(who).getByTestId('meeting-state').isHidden(), `${who}: no stale meeting line`, 10_000)
      await page('p2').screenshot({ path: path.join(screenshots, 'reconnect-trying-nb.png'), fullPage: true })
    } finally {
      await restarting
    }
  })

  step('without a click, both are logged in again and back in the meeting, under new keys', async () => {
    for (const who of stayed) {
      await page(who).getByTestId('screen-meeting').waitFor({ timeout: 60_000 })
      await until(() => sent(who, 'auth').length > beforeRestart[who].auths, `${who}: a new auth with the device key`, 5_000)
      await until(() => sent(who, 'join').length > beforeRestart[who].joins, `${who}: a join sent by the client itself`, 5_000)
      await page(who).getByTestId('meeting-status').filter({ hasText: canWrite }).waitFor({ timeout: 30_000 })
    }
    await waitForText(page('fac'), 'meeting-rejoined', 'Messages sent while you were away are not shown: the server keeps none.')
    await waitForText(page('p2'), 'meeting-rejoined', 'Meldinger som ble sendt mens du var borte, vises ikke')
    await page('p2').screenshot({ path: path.join(screenshots, 'reconnect-rejoined-nb.png'), fullPage: true })

    for (const who of stayed) {
      const ses = received(who, 'joined').at(-1).ses
      // The restart ended the meeting: the one rejoined is a new one, with its own epochs.
      assert.notEqual(ses, beforeRestart[who].ses, `${who}: a new meeting`)
      const epochs = received(who, 'epoch').slice(beforeRestart[who].epochs)
      assert.ok(epochs.some((e) => e.ses === ses && e.parts.includes(memberId('fac')) && e.parts.includes(memberId('p2'))), `${who}: an epoch of both`)
      // Fresh ekeys: no key of before the restart is used again.
      const fresh = sent(who, 'ekey').filter((f) => f.ses === ses)
      assert.ok(fresh.length > 0, `${who}: sent an ekey for the new meeting`)
      for (const f of fresh) assert.ok(!beforeRestart[who].ekeys.includes(f.ek), `${who}: the ekey is new`)
      assert.ok(sent(who, 'skd').some((f) => f.ses === ses), `${who}: sent an skd for the new meeting`)
    }
  })

  step('a message sent after the restart is read, in the epoch now in use', async () => {
    await say('p2', said.after)
    await waitForText(page('fac'), 'message-log', said.after)
    const msg = sent('p2', 'msg').at(-1)
    const epoch = received('p2', 'epoch').filter((e) => e.ses === msg.ses).at(-1)
    assert.equal(msg.ses, received('p2', 'joined').at(-1).ses, 'sent in the new meeting')
    assert.equal(msg.ep, epoch.ep, 'under the latest epoch')
    assert.ok(!(await page('fac').getByTestId('message-log').innerText()).includes(said.before), 'nothing from before the restart')
    // Leaving the rejoined meeting by hand is still the person's own choice.
    await page('p2').getByTestId('leave-meeting-button').click()
    await page('p2').getByTestId('screen-lobby').waitFor()
  })

  step('the device that left the group does not connect again', async () => {
    // The others have been back for a while; the left page has had every chance to try.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    assert.equal(sockets.p3, beforeRestart.p3Sockets, 'no WebSocket opened after leaving')
    await waitForText(page('p3'), 'screen-left', 'You have left the group.')
    assert.ok(await page('p3').getByTestId('connection-status').evaluate((el) => el.dataset.reconnect === ''), 'not trying again')
    // A failed attempt while the server was down is the only console error allowed.
    for (const who of three) {
      assert.deepEqual(
        people[who].problems.filter((p) => !/WebSocket connection to .* failed/.test(p)),
        [],
        `${who}: no other console errors`,
      )
    }
  })
})
