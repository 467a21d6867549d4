// A group's decisions in three browsers against the REAL server (PSG1.md §3.4, §3.6, §8.2): the
// facilitator hands the role to another member and the others approve, so every page shows the
// new facilitator and only she may open a meeting; a removal is not carried once the others and
// the member it is about object, said plainly on every page; other rules are checked as the
// setup form checks them, proposed, and withdrawn; and during a meeting one member leaves the
// group: the others' meeting goes on with new keys and their lists show two members, and the
// leaver's page says kindly that she has left and keeps nothing of the group in IndexedDB or
// localStorage; last the facilitator steps down, which needs nobody else.

import { describe } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { stepsInOrder, until, waitForNoStoredIdentity, waitForText } from './chromium.mjs'
import { groupOfThree, three, threePeopleInChromium } from './group_of_three.mjs'
import { screenshots } from './sirkel_server.mjs'

const names = { fac: 'Kari Lund', p2: 'Nora Berg', p3: 'Ola Dahl' }
const groupName = 'Mandag, sirkel'
const said = { before: 'Good to see you, Kari and Nora.', after: 'Ola has left us; we go on, the two of us.' }

describe('the group decides: a handover, a removal objected to, and a member leaving', { timeout: 120_000 }, () => {
  const group = groupOfThree(names)
  const { people, page, sent, received, memberId, say } = group
  const step = stepsInOrder()

  const memberRow = (who, of) => page(who).locator(`[data-testid="member-item"][data-member="${memberId(of)}"]`)

  async function confirmFromRow(who, of, testid) {
    await memberRow(who, of).getByTestId(testid).click()
    await page(who).getByTestId('group-confirm-yes').click()
  }

  const run = threePeopleInChromium(group, 'group-life')

  step('a group of three', async () => {
    await group.form(run.server, { groupName })
    await waitForText(page('fac'), 'group-frame', 'Facilitators open the meetings.')
    await waitForText(page('p2'), 'group-frame', 'Plass til høyst 8 medlemmer.')
  })

  step('Kari hands the facilitator role to Nora; the others approve, and every page shows Nora', async () => {
    const proposed = sent('fac', 'roster_propose').length
    await confirmFromRow('fac', 'p2', 'member-hand-over')
    await until(() => sent('fac', 'roster_propose').length === proposed + 1, 'the handover proposed')
    await waitForText(page('fac'), 'proposal-summary', `The facilitator role passes from ${names.fac} to ${names.p2}`)
    await waitForText(page('p2'), 'proposal-summary', `Igangsetterrollen går fra ${names.fac} til ${names.p2}`)
    await waitForText(page('p3'), 'proposal-approvals', 'approvals still needed: 2')
    await waitForText(page('fac'), 'proposal-meta', `Proposed by ${names.fac}`)
    assert.ok(await page('fac').getByTestId('proposal-withdraw').isVisible(), 'the proposer may withdraw')
    assert.ok(await page('p3').getByTestId('proposal-withdraw').isHidden(), 'the others may not')
    await page('p2').getByTestId('proposal-approve').click()
    await waitForText(page('p3'), 'proposal-approvals', 'approvals still needed: 1')
    await page('p3').getByTestId('proposal-approve').click()

    await waitForText(page('fac'), 'proposal-closed', `Decided: The facilitator role passes from ${names.fac} to ${names.p2}.`)
    await waitForText(page('p2'), 'proposal-closed', 'Bestemt: Igangsetterrollen går fra')
    for (const who of three) {
      await until(async () => (await memberRow(who, 'p2').getByTestId('member-role').count()) === 1, `${who}: Nora is the facilitator`)
      await until(async () => (await memberRow(who, 'fac').getByTestId('member-role').count()) === 0, `${who}: Kari is not`)
    }
    // Only the facilitator may open a meeting now (opening = 0).
    await waitForText(page('p2'), 'join-meeting-button', 'Åpne møtet')
    await waitForText(page('fac'), 'meeting-state', 'The meeting has not been opened yet.')
    assert.ok(await page('fac').getByTestId('join-meeting-button').isHidden(), 'Kari no longer opens meetings')
    assert.ok(await page('p2').getByTestId('group-step-down').isVisible(), 'Nora may step down')
    assert.ok(await page('fac').getByTestId('group-step-down').isHidden())
  })

  step('Kari proposes removing Ola; Nora and Ola object, and every page says it was not carried', async () => {
    await confirmFromRow('fac', 'p3', 'member-remove')
    await waitForText(page('p3'), 'proposal-summary', `Remove ${names.p3} from the group`)
    await waitForText(page('p2'), 'proposal-summary', `Fjerne ${names.p3} fra gruppa`)
    await page('p3').getByTestId('proposal-about-you').waitFor()
    await waitForText(page('p2'), 'proposal-approvals', 'ja som fortsatt mangler: 1')
    await page('p2').getByTestId('proposal-object').click()
    await waitForText(page('fac'), 'proposal-objections', `Objected: ${names.p2}`)
    // Ola's own approval would pass it as her leaving (§3.4): it fails once she objects too.
    await page('p3').getByTestId('proposal-object').click()
    await until(() => sent('p3', 'object').length === 1, 'Ola objected')
    for (const who of three) await until(() => received(who, 'proposal_closed').some((f) => f.reason === 'rejected'), `${who}: rejected`)
    await waitForText(page('fac'), 'proposal-closed', `Not carried, because of objections: Remove ${names.p3} from the group.`)
    await waitForText(page('p3'), 'proposal-closed', 'Not carried, because of objections')
    await waitForText(page('p2'), 'proposal-closed', 'Ikke vedtatt, fordi noen protesterte')
    for (const who of three) assert.equal(await page(who).getByTestId('member-item').count(), 3)
  })

  step('Kari proposes other rules, checked as the setup form checks them, and withdraws them', async () => {
    const fac = page('fac')
    await fac.getByTestId('frame-change').locator('summary').click()
    await fac.getByTestId('frame-size-cap').fill('2')
    await fac.getByTestId('frame-submit').click()
    await waitForText(fac, 'frame-problem', 'Most members cannot be fewer than the group has now (3).')
    await fac.getByTestId('frame-turn').fill('20')
    await fac.getByTestId('frame-size-cap').fill('6')
    await fac.getByTestId('frame-submit').click()
    await waitForText(fac, 'frame-problem', 'Time per turn is 0, or from 30 to 3600 seconds.')
    await fac.getByTestId('frame-turn').fill('120')
    await fac.getByTestId('frame-admission').selectOption('1')
    await fac.getByTestId('frame-submit').click()
    await waitForText(page('p2'), 'proposal-summary', 'Flest medlemmer: fra 8 til 6')
    await waitForText(page('p2'), 'proposal-lines', 'Tid per tur: fra ingen til 2 minutter')
    await waitForText(page('p3'), 'proposal-summary', 'Most members: 8 → 6')
    await waitForText(page('p3'), 'proposal-lines', 'A decision needs: every member → more than half')
    await fac.getByTestId('proposal-withdraw').click()
    await waitForText(page('p3'), 'proposal-closed', 'Withdrawn by the one who proposed it: Most members: 8 → 6;')
    await waitForText(page('p2'), 'group-frame', 'Plass til høyst 8 medlemmer.')
  })

  step('in a meeting Ola leaves the group: the two go on with new keys, and her page keeps nothing', async () => {
    await page('p2').getByTestId('join-meeting-button').click()
    await page('p2').getByTestId('screen-meeting').waitFor()
    for (const who of ['fac', 'p3']) {
      await waitForText(page(who), 'join-meeting-button', 'Join the meeting')
      await page(who).getByTestId('join-meeting-button').click()
      await page(who).getByTestId('screen-meeting').waitFor()
    }
    for (const who of three) await page(who).getByTestId('meeting-status').filter({ hasText: /You can write|Du kan skrive/ }).waitFor()
    await say('p3', said.before)
    for (const who of ['fac', 'p2']) await waitForText(page(who), 'message-log', said.before)

    // Ola leaves the group from inside the meeting.
    const epochs = received('fac', 'epoch').length
    await page('p3').getByTestId('meeting-leave-group').click()
    await waitForText(page('p3'), 'meeting-leave-group-confirm', 'Do you want to leave the group?')
    await page('p3').getByTestId('meeting-leave-group-yes').click()
    await page('p3').getByTestId('screen-left').waitFor()

    // The others: still in the meeting, under keys Ola never had, with her gone from the group.
    const left = (v) => v.approvals.length === 1 && v.approvals[0].m === memberId('p3')
    for (const who of ['fac', 'p2']) {
      await until(() => received(who, 'roster').some((f) => f.versions.some(left)), `${who}: the version without Ola`)
      assert.ok(await page(who).getByTestId('screen-meeting').isVisible(), `${who}: the meeting goes on`)
      await until(async () => !(await page(who).getByTestId('meeting-present').innerText()).includes(names.p3), `${who}: Ola no longer present`)
    }
    await until(() => received('fac', 'epoch').slice(epochs).some((f) => !f.parts.includes(memberId('p3'))), 'new keys without Ola')
    for (const who of ['fac', 'p2']) await page(who).getByTestId('meeting-status').filter({ hasText: /You can write|Du kan skrive/ }).waitFor()
    await say('fac', said.after)
    await waitForText(page('p2'), 'message-log', said.after)
    for (const who of ['fac', 'p2']) {
      await page(who).getByTestId('leave-meeting-button').click()
      await page(who).getByTestId('screen-lobby').waitFor()
      await until(async () => (await page(who).getByTestId('member-item').count()) === 2, `${who}: two members`)
    }

    // The leaver: said kindly, with the crisis lines, and nothing of the group left on the device.
    const leaver = page('p3')
    await waitForText(leaver, 'screen-left', 'You have left the group.')
    assert.ok(await leaver.getByTestId('crisis-lines').isVisible())
    await waitForNoStoredIdentity(leaver)
    assert.equal(await leaver.evaluate(() => localStorage.length), 0, 'nothing in localStorage')
    const shown = await leaver.locator('body').innerText()
    for (const text of [groupName, names.fac, names.p2, said.after]) assert.ok(!shown.includes(text), `the left page does not show "${text}"`)
    await page('p2').screenshot({ path: path.join(screenshots, 'group-life-after-leave-nb.png'), fullPage: true })
    await leaver.screenshot({ path: path.join(screenshots, 'group-life-left.png'), fullPage: true })
  })

  step('Nora steps down: it needs nobody else, and the group of two has no facilitator', async () => {
    const versions = received('fac', 'roster').length
    await page('p2').getByTestId('group-step-down').click()
    await page('p2').getByTestId('group-confirm-yes').click()
    await until(() => received('fac', 'roster').length > versions, 'the step-down committed at once')
    for (const who of ['fac', 'p2']) {
      await until(async () => (await page(who).getByTestId('member-role').count()) === 0, `${who}: nobody holds the role`)
    }
    await waitForText(page('fac'), 'group-frame', 'The group runs itself: it has no facilitator.')
    await waitForText(page('p2'), 'group-frame', 'Gruppa styrer seg selv: den har ingen igangsetter.')
    assert.ok(await page('p2').getByTestId('group-step-down').isHidden())
  })

  step('no page logged an error, and nothing said crossed the wire in clear', async () => {
    for (const who of three) assert.deepEqual(people[who].problems, [], `${who}: no console errors`)
    const raw = Object.values(people).flatMap((p) => p.frames.map((f) => f.raw))
    for (const text of Object.values(said)) assert.ok(!raw.some((r) => r.includes(text)), `"${text}" never in clear`)
  })
})
