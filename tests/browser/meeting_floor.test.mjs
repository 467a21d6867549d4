// A meeting with its floor in three browsers against the REAL server (PROTOCOL.md §8): the
// facilitator opens the meeting and the others join; an opening round where one speaks and is
// done, one passes and one runs out of time; an open floor with raised hands, where every page
// shows the same queue and the one given the floor speaks and gives it back; a break, where
// nobody can write but a reaction still goes through; a closing round; the chair taking one
// person out of the meeting; and the end of the meeting, after which every page is back in the
// lobby with nothing of the meeting left.

import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { stepsInOrder, until, waitForText } from './chromium.mjs'
import { groupOfThree, threePeopleInChromium } from './group_of_three.mjs'
import { screenshots } from './sirkel_server.mjs'

// Names and texts hold a space or punctuation, so a hit in the capture is a real leak.
const names = { fac: 'Kari Lund', p2: 'Nora Berg', p3: 'Ola Dahl' }
const groupName = 'Torsdag, sirkel'
const said = {
  opening: 'Hello, I am Kari. Glad you came.',
  granted: 'Jeg vil gjerne si noe om uka mi.',
  closing: 'Thank you all, see you next week.',
}
/** The group's time per turn: the opening round uses it, so Ola's turn runs out in the test. */
const turnS = 30

describe('a meeting and its floor in three browsers against the real server', { timeout: 300_000 }, () => {
  const group = groupOfThree(names)
  const { people, page, sent, received, memberId, say } = group
  const step = stepsInOrder()
  const all = ['fac', 'p2', 'p3']

  const lastFloor = (who) => received(who, 'floor').at(-1)

  async function shot(who, name) {
    await page(who).screenshot({ path: path.join(screenshots, `floor-${name}.png`), fullPage: true })
  }

  /** The members of a page's list, in order, by member id. */
  async function membersOf(who, testid) {
    return await page(who).getByTestId(testid).evaluateAll((items) => items.map((item) => item.dataset.member))
  }

  async function turnsOf(who) {
    return await page(who).getByTestId('floor-order-item').evaluateAll((items) => items.map((item) => item.dataset.turn))
  }

  async function textClosed(who, reason) {
    const p = page(who)
    await until(async () => await p.getByTestId('message-input').isDisabled(), `${who}: the text field closed`)
    assert.ok(await p.getByTestId('message-send').isDisabled(), `${who}: Send is disabled`)
    await waitForText(p, 'send-hint', reason)
  }

  async function textOpen(who) {
    const p = page(who)
    await until(async () => await p.getByTestId('message-input').isEnabled(), `${who}: the text field open`)
    await until(async () => await p.getByTestId('message-send').isEnabled(), `${who}: Send enabled`)
  }

  const run = threePeopleInChromium(group, 'floor')

  step('a group of three with 30 seconds per turn', async () => {
    await group.form(run.server, { groupName, turnS })
  })

  step('before the meeting: only the facilitator can open it, and a member says they cannot come', async () => {
    await waitForText(page('fac'), 'meeting-state', 'No meeting is open right now.')
    await waitForText(page('fac'), 'join-meeting-button', 'Open the meeting')
    await waitForText(page('p2'), 'meeting-state', 'Møtet er ikke åpnet ennå.')
    await waitForText(page('p3'), 'meeting-state', 'The meeting has not been opened yet.')
    assert.ok(await page('p2').getByTestId('join-meeting-button').isHidden(), 'a member who may not chair gets no button')
    assert.ok(await page('p3').getByTestId('join-meeting-button').isHidden())

    await page('p3').getByTestId('away-toggle').check()
    await until(() => sent('p3', 'away').at(-1)?.on === true, 'away on from Ola')
    await waitForText(page('fac'), 'away-list', `Can’t come: ${names.p3}`)
    await waitForText(page('p2'), 'away-list', names.p3)
    await shot('p2', 'lobby-away-nb')
    // Taken back: Ola comes after all.
    await page('p3').getByTestId('away-toggle').uncheck()
    await waitForText(page('fac'), 'away-list', 'Nobody has said they can’t come.')
    assert.ok(!(await page('p3').getByTestId('away-toggle').isChecked()))
  })

  step('the facilitator opens the meeting and chairs it; the others join', async () => {
    await page('fac').getByTestId('join-meeting-button').click()
    await page('fac').getByTestId('screen-meeting').waitFor()
    await waitForText(page('p2'), 'meeting-state', 'Et møte er åpent nå.')
    await waitForText(page('p2'), 'join-meeting-button', 'Gå inn i møtet')
    await waitForText(page('p3'), 'join-meeting-button', 'Join the meeting')
    // p2 before p3: the round goes in the order people arrived.
    for (const who of ['p2', 'p3']) {
      await page(who).getByTestId('join-meeting-button').click()
      await page(who).getByTestId('screen-meeting').waitFor()
      await until(() => received('fac', 'presence').some((f) => f.member === memberId(who) && f.present), `${who} present`)
    }
    for (const who of all) {
      await page(who).getByTestId('meeting-status').filter({ hasText: /You can write|Du kan skrive/ }).waitFor()
      for (const other of all) await waitForText(page(who), 'meeting-present', names[other])
    }
    await waitForText(page('fac'), 'floor-mode', 'Open floor')
    await waitForText(page('p2'), 'floor-mode', 'Ordet er fritt')
    for (const who of all) await waitForText(page(who), 'floor-chair', names.fac)
    assert.ok(await page('fac').getByTestId('chair-controls').isVisible(), 'the chair sees the controls')
    for (const who of ['p2', 'p3']) assert.ok(await page(who).getByTestId('chair-controls').isHidden(), `${who} does not`)
    // The group's principles are at hand during the meeting.
    await page('p3').getByTestId('ground-rules').locator('summary').click()
    await waitForText(page('p3'), 'ground-rules', 'Confidentiality pledge')
  })

  step('an opening round: Kari speaks and is done, Nora passes, Ola runs out of time', async () => {
    const fac = page('fac')
    await fac.getByTestId('chair-round-kind').selectOption('opening')
    await fac.getByTestId('chair-round-time').selectOption('')
    await fac.getByTestId('chair-round-after').selectOption('open')
    await fac.getByTestId('chair-start-round').click()
    await until(() => sent('fac', 'floor_round').length === 1, 'floor_round from the chair')
    assert.deepEqual(sent('fac', 'floor_round')[0], { t: 'floor_round', kind: 'opening', after: 'open' }, 'the group default time')

    for (const who of all) {
      await waitForText(page(who), 'floor-mode', who === 'p2' ? 'Åpningsrunde' : 'Opening round')
      await waitForText(page(who), 'floor-speaker', names.fac)
      await until(async () => (await turnsOf(who)).join() === 'speaking,waiting,waiting', `${who}: Kari speaks, two wait`)
      assert.deepEqual(await membersOf(who, 'floor-order-item'), ['fac', 'p2', 'p3'].map(memberId), `${who}: in order of arrival`)
    }
    assert.equal(lastFloor('fac').turn_s, turnS)
    await waitForText(fac, 'floor-announcement', 'Opening round begins. It’s your turn.')
    await waitForText(page('p3'), 'floor-announcement', `Opening round begins. Now speaking: ${names.fac}.`)
    await waitForText(page('p2'), 'floor-announcement', `Åpningsrunde begynner. Nå snakker ${names.fac}.`)
    await waitForText(fac, 'floor-time', /0:[0-3]\d left/)
    await textClosed('p2', 'Du kan skrive når det er din tur.')
    await textClosed('p3', 'You can write when it is your turn.')
    assert.ok(await page('p3').getByTestId('floor-done').isHidden(), 'only the speaker is offered done')
    assert.ok(await page('p3').getByTestId('floor-pass').isHidden())

    // Kari writes: the others see that she is writing, then what she said.
    await fac.getByTestId('message-input').pressSequentially('Hello')
    await waitForText(page('p2'), 'writing-status', `${names.fac} skriver`)
    await waitForText(page('p3'), 'writing-status', `${names.fac} is writing…`)
    await say('fac', said.opening)
    for (const who of ['p2', 'p3']) await waitForText(page(who), 'message-log', said.opening)
    await until(async () => (await page('p3').getByTestId('writing-status').textContent()) === '', 'the writing mark gone')
    // A quiet reaction goes through in a round, from someone whose turn it is not.
    await page('p3').getByTestId('reaction-recognise').click()
    await waitForText(fac, 'reactions-recent', `${names.p3}: I recognise this`)
    await shot('fac', 'round-speaking')
    await shot('p2', 'round-listening-nb')
    await fac.getByTestId('floor-done').click()

    await waitForText(page('p2'), 'floor-announcement', `${names.fac} er ferdig. Det er din tur.`)
    await waitForText(page('p3'), 'floor-announcement', `${names.fac} finished. Now speaking: ${names.p2}.`)
    await textClosed('fac', 'You can write when it is your turn.')
    await textOpen('p2')
    // Nora passes, from the keyboard: the focus is not lost when the button goes.
    await page('p2').getByTestId('floor-pass').focus()
    await page('p2').keyboard.press('Enter')
    await waitForText(page('p3'), 'floor-announcement', `${names.p2} passed. It’s your turn.`)
    await until(
      async () => await page('p2').evaluate(() => document.activeElement?.dataset.testid === 'floor'),
      'the focus moved to the floor, not to the page',
    )
    for (const who of all) await until(async () => (await turnsOf(who)).join() === 'done,passed,speaking', `${who}: done, passed, speaking`)
    await textOpen('p3')
    // The clock counts down on the page between the server's frames.
    const seconds = async () => {
      const [, m, s] = (await page('p3').getByTestId('floor-time').textContent()).match(/(\d+):(\d\d) left/)
      return Number(m) * 60 + Number(s)
    }
    const first = await seconds()
    assert.ok(first <= turnS && first > turnS - 10, `a fresh turn of ${turnS} s shows ${first} s`)
    await page('p3').waitForTimeout(2_500)
    const later = await seconds()
    assert.ok(later < first && later >= first - 4, `${first} s, then ${later} s about 2.5 s later`)
    await shot('p3', 'round-own-turn')

    // Ola says nothing: the server warns, then gives the floor on when the time is up.
    await waitForText(page('p3'), 'floor-announcement', /\d+ seconds left of your turn\./, (turnS + 10) * 1000)
    await waitForText(page('fac'), 'floor-announcement', /\d+ seconds left of this turn\./, 5_000)
    await waitForText(page('fac'), 'floor-announcement', `${names.p3}: the time ran out. The round is over.`, 20_000)
    await waitForText(page('p3'), 'floor-announcement', 'You: the time ran out.')
    const turns = received('fac', 'floor').filter((f) => f.mode === 'round').at(-1).order.map((place) => place.s)
    assert.deepEqual(turns, ['done', 'passed', 'speaking'], 'the last round frame before the timeout')
    assert.equal(lastFloor('fac').cause, 'turn_timed_out')
    assert.equal(lastFloor('fac').mode, 'open')
    for (const who of all) {
      await waitForText(page(who), 'floor-mode', who === 'p2' ? 'Ordet er fritt' : 'Open floor')
      await textOpen(who)
    }
  })

  step('an open floor with hands: the same queue everywhere, the floor given, used and given back', async () => {
    const fac = page('fac')
    await fac.getByTestId('chair-hands').click()
    for (const who of all) await waitForText(page(who), 'floor-mode', who === 'p2' ? 'med håndsopprekking' : 'Open floor with raised hands')
    for (const who of all) await textClosed(who, who === 'p2' ? 'Rekk opp hånden' : 'Raise your hand')

    await page('p3').getByTestId('floor-raise').click()
    await waitForText(fac, 'floor-announcement', `${names.p3} raised a hand.`)
    await page('p2').getByTestId('floor-raise').click()
    await waitForText(fac, 'floor-announcement', `${names.p2} raised a hand.`)
    const order = ['p3', 'p2'].map(memberId)
    for (const who of all) {
      await until(async () => (await membersOf(who, 'floor-queue-item')).join() === order.join(), `${who}: the queue Ola, Nora`)
    }
    assert.deepEqual(lastFloor('fac').queue, order)
    assert.deepEqual(lastFloor('p2').queue, order)
    assert.deepEqual(lastFloor('p3').queue, order)
    assert.ok(await page('p2').getByTestId('floor-lower').isVisible(), 'a raised hand can be lowered')
    assert.equal(await page('p2').getByTestId('chair-grant').count(), 0, 'only the chair grants')
    await shot('fac', 'hands-queue')

    // The chair gives the floor to Nora, the second hand.
    await fac.getByTestId('floor-queue-item').filter({ hasText: names.p2 }).getByTestId('chair-grant').click()
    await waitForText(page('p3'), 'floor-announcement', `The floor goes to ${names.p2}.`)
    await waitForText(page('p2'), 'floor-announcement', 'Du har ordet.')
    await waitForText(page('p3'), 'floor-speaker', names.p2)
    await textOpen('p2')
    await textClosed('p3', 'Raise your hand')
    for (const who of all) {
      await until(async () => (await membersOf(who, 'floor-queue-item')).join() === memberId('p3'), `${who}: Ola still waits`)
    }
    await say('p2', said.granted)
    for (const who of ['fac', 'p3']) await waitForText(page(who), 'message-log', said.granted)
    await shot('p2', 'hands-granted-nb')
    await page('p2').getByTestId('floor-yield').click()
    await waitForText(page('fac'), 'floor-announcement', `${names.p2} gave the floor back.`)
    await waitForText(page('p3'), 'floor-speaker', 'nobody yet')
    await textClosed('p2', 'Rekk opp hånden')
  })

  step('a break: nobody can write, a quiet reaction still goes through', async () => {
    await page('fac').getByTestId('chair-break').click()
    for (const who of all) {
      await waitForText(page(who), 'floor-mode', who === 'p2' ? 'Pause' : 'Break')
      await textClosed(who, who === 'p2' ? 'Pause: ingen skriver nå.' : 'Break: nobody writes now.')
    }
    await waitForText(page('p3'), 'floor-announcement', 'Break: nobody writes now.')
    await page('p2').getByTestId('reaction-thanks').click()
    await waitForText(page('fac'), 'reactions-recent', `${names.p2}: Thank you`)
    await waitForText(page('p3'), 'reactions-recent', `${names.p2}: Thank you`)
    await shot('p3', 'break')
  })

  step('a closing round without a time limit, then the floor is open again', async () => {
    const fac = page('fac')
    await fac.getByTestId('chair-round-kind').selectOption('closing')
    await fac.getByTestId('chair-round-time').selectOption('0')
    await fac.getByTestId('chair-start-round').click()
    await until(() => sent('fac', 'floor_round').length === 2, 'the second floor_round')
    assert.deepEqual(sent('fac', 'floor_round')[1], { t: 'floor_round', kind: 'closing', turn_s: 0, after: 'open' })
    for (const who of all) await waitForText(page(who), 'floor-mode', who === 'p2' ? 'Avslutningsrunde' : 'Closing round')
    assert.ok(await fac.getByTestId('floor-time').isHidden(), 'no clock without a time per turn')
    await textOpen('fac')
    await say('fac', said.closing)
    for (const who of ['p2', 'p3']) await waitForText(page(who), 'message-log', said.closing)
    await fac.getByTestId('floor-done').click()
    await waitForText(page('p3'), 'floor-announcement', `Now speaking: ${names.p2}.`)
    await page('p2').getByTestId('floor-done').click()
    await waitForText(page('p3'), 'floor-announcement', 'It’s your turn.')
    await page('p3').getByTestId('floor-pass').click()
    await waitForText(fac, 'floor-announcement', `${names.p3} passed. The round is over.`)
    for (const who of all) await waitForText(page(who), 'floor-mode', who === 'p2' ? 'Ordet er fritt' : 'Open floor')
  })

  step('the chair takes Ola out of the meeting: his page wipes it, and he cannot come back in', async () => {
    const fac = page('fac')
    const epochs = received('fac', 'epoch').length
    await fac.getByTestId('present-item').filter({ hasText: names.p3 }).getByTestId('chair-remove').click()
    await waitForText(fac, 'chair-confirm-text', `Take ${names.p3} out of this meeting?`)
    await fac.getByTestId('chair-confirm-yes').click()
    await page('p3').getByTestId('screen-lobby').waitFor()
    await waitForText(page('p3'), 'lobby-notice', 'The chair took you out of this meeting. You are still a member of the group.')
    assert.ok(!(await page('p3').content()).includes(said.closing), 'what was said is gone from his page')
    await waitForText(page('p2'), 'floor-announcement', `${names.p3}: tatt ut av møtet av ordstyreren.`)
    for (const who of ['fac', 'p2']) {
      await until(async () => !(await page(who).getByTestId('meeting-present').textContent()).includes(names.p3), `${who}: Ola gone`)
    }
    await until(() => received('fac', 'epoch').slice(epochs).some((f) => !f.parts.includes(memberId('p3'))), 'new keys without Ola')
    // The meeting is still open, but not for him.
    await page('p3').getByTestId('join-meeting-button').click()
    await waitForText(page('p3'), 'server-error', 'You were taken out of this meeting and cannot come back into it.')
    assert.equal(await page('p3').getByTestId('screen-meeting').count(), 0)
    await shot('p3', 'removed')
  })

  step('the chair ends the meeting: every page is back in the lobby and the meeting is gone', async () => {
    const fac = page('fac')
    await fac.getByTestId('chair-end').click()
    await waitForText(fac, 'chair-confirm-text', 'End the meeting for everyone?')
    // Going back ends nothing.
    await fac.getByTestId('chair-confirm-no').click()
    assert.equal(sent('fac', 'meeting_end').length, 0)
    await fac.getByTestId('chair-end').click()
    await shot('fac', 'end-confirm')
    await fac.getByTestId('chair-confirm-yes').click()
    for (const who of ['fac', 'p2']) {
      await page(who).getByTestId('screen-lobby').waitFor()
      await waitForText(page(who), 'lobby-notice', who === 'p2' ? 'Møtet er avsluttet.' : 'The meeting has ended.')
      const html = await page(who).content()
      for (const text of Object.values(said)) assert.ok(!html.includes(text), `${who}: "${text}" is gone from the page`)
      assert.equal(lastFloor(who).mode, 'ended')
    }
    await waitForText(fac, 'meeting-state', 'No meeting is open right now.')
    await waitForText(page('p3'), 'meeting-state', 'The meeting has not been opened yet.')
    await shot('p2', 'ended-nb')
  })

  test('no page showed an error, and no frame carried a text or a name', async () => {
    const frames = Object.entries(people).flatMap(([who, p]) => p.frames.map((f) => ({ who, ...f })))
    for (const secret of [...Object.values(names), groupName, ...Object.values(said)]) {
      const hits = frames.filter((f) => f.raw.includes(secret))
      assert.deepEqual(hits.map((f) => `${f.who} ${f.dir} ${f.raw.slice(0, 80)}`), [], `"${secret}" is not in any frame`)
    }
    // Ola's only refusals: being taken out, and the join he tried after it.
    const refusals = { fac: [], p2: [], p3: ['removed_from_meeting', 'removed_from_meeting'] }
    for (const who of all) {
      assert.deepEqual(received(who, 'error').map((f) => f.code), refusals[who], `${who}: the server refused nothing the client offered`)
      assert.deepEqual(people[who].problems, [], `${who}: no console errors`)
    }
  })
})
