// Every screen of the client, in Norwegian, Danish and English, against the REAL server: axe-core
// (WCAG 2.0–2.2 A and AA, and axe's best practices) finds no violation on any of them; no piece of
// another language's words is left on a screen after the language is switched; the crisis link
// is in view at the top of every screen, even scrolled to the bottom, and one click on it brings
// the crisis lines into view with the focus on them; a screenshot of each screen in each language
// goes to screenshots/. The main screens fit a 390 × 844 phone and a 200 % zoom (a 1280 × 800
// window at 200 % is 640 × 400 CSS pixels) without sideways scrolling. One person, Ola, asks to
// join and takes part in the meeting with the keyboard alone (Tab, Enter, Space and typing): he
// raises his hand, speaks when given the floor, and passes in a round; the floor's live region
// says each change in words.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { launchChromium, stepsInOrder, until, waitForText } from './chromium.mjs'
import { foreignPieces, loadCatalogue } from './catalogue.mjs'
import { groupOfThree } from './group_of_three.mjs'
import { screenshots, startServer } from './sirkel_server.mjs'

const names = { fac: 'Kari Lund', p2: 'Nora Berg', p3: 'Ola Dahl', p4: 'Per Holm' }
const groupName = 'Onsdag, sirkel'
const said = { granted: 'Tak, jeg vil gerne sige noget.' }
/** Each person's own language, which the page is set back to after each screen's round of languages. */
const own = { fac: 'en', p2: 'nb', p3: 'da', p4: 'en' }
const locales = { fac: 'en-GB', p2: 'nb-NO', p3: 'da-DK', p4: 'en-GB' }
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

describe('every screen in every language: axe, the crisis link, reflow, and the keyboard alone', { timeout: 600_000 }, () => {
  const group = groupOfThree(names)
  const { people, page, received, createInvite } = group
  const step = stepsInOrder()
  const run = { server: undefined, browser: undefined, catalogue: undefined, foreign: {} }
  const checked = []

  before(async () => {
    await mkdir(screenshots, { recursive: true })
    run.catalogue = await loadCatalogue()
    for (const lang of run.catalogue.langs) run.foreign[lang] = foreignPieces(run.catalogue, lang)
    run.server = await startServer()
    run.browser = await launchChromium()
    for (const who of Object.keys(names)) await group.person(run.browser, who, locales[who])
  })
  after(async () => {
    await run.browser?.close().catch(() => {})
    await run.server?.stop()
    if (run.server) await writeFile(path.join(screenshots, 'accessibility-server.log'), run.server.log())
  })

  async function axe(who, where) {
    // Only the violations are detailed: the passing nodes are of no use here and cost time.
    const result = await new AxeBuilder({ page: page(who) }).withTags(axeTags).options({ resultTypes: ['violations'] }).analyze()
    const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    assert.deepEqual(found, [], `axe on ${where}`)
  }

  /** The page's own words a person reads or hears: visible text, and names given in attributes. */
  async function pageWords(who) {
    return await page(who).evaluate(() => {
      const labelled = [...document.querySelectorAll('[aria-label],[title],[placeholder]')]
        .filter((el) => el.closest('[hidden]') === null)
        .map((el) => [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder')].filter(Boolean).join('\n'))
      // What the group and its members wrote is in their language, not the page's.
      let text = document.body.innerText
      for (const el of document.querySelectorAll('.rules-text, .crisis li, [data-testid="message-log"] .text')) {
        text = text.replace(el.innerText, '')
      }
      return [text, ...labelled].join('\n')
    })
  }

  async function setLang(who, lang) {
    await page(who).getByTestId('lang-select').selectOption(lang)
    await until(async () => (await page(who).evaluate(() => document.documentElement.lang)) === lang, `${who}: the page in ${lang}`)
  }

  /** The crisis link stays in view scrolled to the bottom, and one click shows the lines, focused. */
  async function crisisOneClickAway(who, where) {
    const p = page(who)
    await p.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const link = p.getByTestId('crisis-link')
    await until(async () => await inViewport(who, link), `${where}: the crisis link in view at the bottom of the page`, 3_000)
    await link.click()
    const lines = p.getByTestId('crisis-lines')
    assert.ok(await lines.evaluate((el) => document.activeElement === el), `${where}: the crisis lines have the focus`)
    assert.ok(await inViewport(who, lines.locator('li').first()), `${where}: the first crisis line is in view`)
    assert.match(await lines.innerText(), /116\u00a0123|116 123/, `${where}: a helpline number is shown`)
    await p.evaluate(() => window.scrollTo(0, 0))
  }

  async function inViewport(who, locator) {
    const box = await locator.boundingBox()
    const { height, width } = page(who).viewportSize()
    return box !== null && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width
  }

  /**
   * A full-page screenshot taken from the top of the page: the header sticks to the top of the
   * window, and a full-page capture of a scrolled page would draw it over the middle of the page.
   */
  async function screenshot(p, name) {
    await p.evaluate(() => window.scrollTo(0, 0))
    await p.screenshot({ path: path.join(screenshots, name), fullPage: true })
  }

  /** No sideways scrolling at a phone's size and at 200 % zoom, each with a screenshot. */
  async function reflows(who, where) {
    const p = page(who)
    const sizes = { phone: { width: 390, height: 844 }, zoom200: { width: 640, height: 400 } }
    for (const [label, size] of Object.entries(sizes)) {
      await p.setViewportSize(size)
      const wide = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
      assert.ok(wide.scroll <= wide.client, `${where} at ${label}: ${wide.scroll} px wide in ${wide.client} px`)
      if (label === 'phone') await crisisOneClickAway(who, `${where} on a phone`)
      await screenshot(p, `a11y-${where}-${own[who]}-${label}.png`)
    }
    await p.setViewportSize({ width: 1280, height: 720 })
  }

  /**
   * One screen as it is now, in each language: axe, no other language's words, a screenshot;
   * then the crisis link, and the person's own language again. once: a state a new language
   * would redraw away (an open confirmation, a form's problem), checked in the language shown.
   */
  async function checkScreen(who, where, { once = false, reflow = false } = {}) {
    for (const lang of once ? [own[who]] : run.catalogue.langs) {
      if (!once) await setLang(who, lang)
      await axe(who, `${where} in ${lang}`)
      const words = await pageWords(who)
      const left = run.foreign[lang].filter((piece) => words.includes(piece))
      assert.deepEqual(left, [], `${where} in ${lang}: words of another language`)
      await screenshot(page(who), `a11y-${where}-${lang}.png`)
    }
    if (!once) await setLang(who, own[who])
    await crisisOneClickAway(who, where)
    if (reflow) await reflows(who, where)
    checked.push(where)
  }

  /** Tab until the control with this data-testid has the focus (the keyboard alone). */
  async function tabTo(who, testid, most = 80) {
    const p = page(who)
    for (let i = 0; i < most; i += 1) {
      if (await p.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testid)) return
      await p.keyboard.press('Tab')
    }
    throw new Error(`${who}: ${most} presses of Tab did not reach ${testid}`)
  }

  /** The floor's live region: polite, and what it says now. */
  async function announced(who) {
    const region = page(who).getByTestId('floor-announcement')
    assert.equal(await region.getAttribute('aria-live'), 'polite')
    return await region.textContent()
  }

  async function announcementChanges(who, from, what) {
    await until(async () => (await announced(who)) !== from && (await announced(who)) !== '', `${who}: the live region says ${what}`)
    return await announced(who)
  }

  step('the pages without a group, without an invite, and with a damaged invite', async () => {
    const fac = page('fac')
    await fac.goto(run.server.origin + '/')
    await fac.getByTestId('crypto-status').filter({ hasText: 'Encryption is ready.' }).waitFor()
    await waitForText(fac, 'connection-status', 'Open the invitation link')
    await checkScreen('fac', 'no-group')
    await fac.goto(`${run.server.origin}/j/${run.server.group}`)
    await fac.getByTestId('screen-unknown').waitFor()
    await checkScreen('fac', 'no-invite')
    // From another page: the same path with only a fragment added would not load the page again.
    await fac.goto('about:blank')
    await fac.goto(`${run.server.origin}/j/${run.server.group}#not-an-invite`)
    await fac.getByTestId('screen-damaged').waitFor()
    await checkScreen('fac', 'damaged-invite')
  })

  step('the language is taken from the browser, switched on the page, and remembered', async () => {
    const p2 = page('p2')
    await p2.goto(run.server.origin + '/')
    await waitForText(p2, 'description', 'selvhjelpsgrupper')
    assert.equal(await p2.evaluate(() => localStorage.length), 0, 'nothing stored before a choice')
    await setLang('p2', 'da')
    await waitForText(p2, 'crypto-status', 'Krypteringen er klar.')
    await waitForText(p2, 'connection-status', 'Åbn det invitationslink')
    await p2.reload()
    await waitForText(p2, 'description', 'selvhjælpsgrupper')
    assert.equal(await p2.getByTestId('lang-select').inputValue(), 'da')
    assert.deepEqual(await p2.evaluate(() => Object.keys(localStorage)), ['sirkel-lang'], 'only the language is stored')
    await setLang('p2', 'nb')
    await p2.reload()
    await waitForText(p2, 'description', 'selvhjelpsgrupper')
  })

  step('starting and setting up the group', async () => {
    const fac = page('fac')
    await fac.goto('about:blank')
    await fac.goto(run.server.inviteLink)
    await fac.getByTestId('screen-start-group').waitFor()
    await checkScreen('fac', 'start-group')
    await fac.getByTestId('start-group-button').click()
    await fac.getByTestId('screen-setup-group').waitFor()
    await checkScreen('fac', 'setup-group', { reflow: true })
    // A problem in the form: said next to it, the field marked invalid.
    await fac.getByTestId('setup-submit').click()
    await waitForText(fac, 'setup-problem', 'Give the group a name')
    await checkScreen('fac', 'setup-group-problem', { once: true })
    await fac.getByTestId('setup-group-name').fill(groupName)
    await fac.getByTestId('setup-my-name').fill(names.fac)
    await fac.getByTestId('setup-submit').click()
    await fac.getByTestId('screen-lobby').waitFor()
    await checkScreen('fac', 'lobby-alone')
  })

  step('Per asks to join and is declined: the invite, waiting, and the answer', async () => {
    const p4 = page('p4')
    await p4.goto(await createInvite('fac'))
    await p4.getByTestId('knock-verifying').filter({ hasText: 'checked' }).waitFor()
    await checkScreen('p4', 'knock', { reflow: true })
    await p4.getByTestId('join-name').fill(names.p4)
    await p4.getByTestId('join-adult').check()
    await p4.getByTestId('join-pledge').check()
    await p4.getByTestId('join-submit').click()
    await p4.getByTestId('screen-pending').waitFor()
    await checkScreen('p4', 'pending')
    await waitForText(page('fac'), 'request-name', names.p4)
    await checkScreen('fac', 'lobby-request', { reflow: true })
    await page('fac').getByTestId('request-decline').click()
    await p4.getByTestId('screen-declined').waitFor()
    await checkScreen('p4', 'declined')
  })

  step('Nora joins; Ola asks to join with the keyboard alone', async () => {
    await group.askToJoin('p2', await createInvite('fac'))
    await waitForText(page('fac'), 'request-name', names.p2)
    await page('fac').getByTestId('request-approve').click()
    await page('p2').getByTestId('screen-lobby').waitFor()

    const p3 = page('p3')
    await p3.goto(await createInvite('fac'))
    await p3.getByTestId('knock-verifying').filter({ hasText: 'tjekket' }).waitFor()
    await tabTo('p3', 'join-name')
    await p3.keyboard.type(names.p3)
    await tabTo('p3', 'join-adult')
    await p3.keyboard.press('Space')
    await tabTo('p3', 'join-pledge')
    await p3.keyboard.press('Space')
    await tabTo('p3', 'join-submit')
    await p3.keyboard.press('Enter')
    await p3.getByTestId('screen-pending').waitFor()
    await waitForText(page('fac'), 'request-name', names.p3)
    await page('fac').getByTestId('request-approve').click()
    await waitForText(page('p2'), 'request-approvals', names.fac)
    await page('p2').getByTestId('request-approve').click()
    await p3.getByTestId('screen-lobby').waitFor()
    for (const who of ['fac', 'p2', 'p3']) {
      await until(async () => (await page(who).getByTestId('member-item').count()) === 3, `three members on ${who}'s list`)
    }
    await checkScreen('p3', 'lobby-member', { reflow: true })
  })

  step('the meeting opens; Ola joins it with the keyboard; the open floor', async () => {
    await page('fac').getByTestId('join-meeting-button').click()
    await page('fac').getByTestId('screen-meeting').waitFor()
    await waitForText(page('p2'), 'join-meeting-button', 'Gå inn i møtet')
    await page('p2').getByTestId('join-meeting-button').click()
    await waitForText(page('p3'), 'join-meeting-button', 'Gå ind i mødet')
    await tabTo('p3', 'join-meeting-button')
    await page('p3').keyboard.press('Enter')
    await page('p3').getByTestId('screen-meeting').waitFor()
    for (const who of ['fac', 'p2', 'p3']) {
      await page(who).getByTestId('meeting-status').filter({ hasText: /You can write|Du kan skrive/ }).waitFor()
      for (const other of ['fac', 'p2', 'p3']) await waitForText(page(who), 'meeting-present', names[other])
    }
    await checkScreen('fac', 'meeting-chair', { reflow: true })
    await checkScreen('p3', 'meeting-open', { reflow: true })
  })

  step('hands: Ola raises his hand, speaks when given the floor, and gives it back, by keyboard', async () => {
    const p3 = page('p3')
    const before = await announced('p3')
    await page('fac').getByTestId('chair-hands').click()
    const handsOn = await announcementChanges('p3', before, 'that hands are on')
    assert.match(handsOn, /Ræk hånden op/)
    await waitForText(p3, 'floor-mode', 'håndsoprækning')
    await tabTo('p3', 'floor-raise')
    await p3.keyboard.press('Space')
    await waitForText(page('fac'), 'floor-announcement', `${names.p3} raised a hand.`)
    await waitForText(page('fac'), 'floor-queue-item', names.p3)
    await checkScreen('fac', 'meeting-hands-chair')
    await checkScreen('p3', 'meeting-hand-raised')

    const raised = await announced('p3')
    await page('fac').getByTestId('floor-queue-item').filter({ hasText: names.p3 }).getByTestId('chair-grant').click()
    assert.match(await announcementChanges('p3', raised, 'that he has the floor'), /Du har ordet\./)
    await tabTo('p3', 'message-input')
    await p3.keyboard.type(said.granted)
    await p3.keyboard.press('Enter')
    for (const who of ['fac', 'p2']) await waitForText(page(who), 'message-log', said.granted)
    await checkScreen('p3', 'meeting-holding-floor', { reflow: true })
    const holding = await announced('p2')
    await tabTo('p3', 'floor-yield')
    await p3.keyboard.press('Enter')
    assert.match(await announcementChanges('p2', holding, 'that the floor was given back'), new RegExp(`^${names.p3} ga fra seg ordet\\.`))
  })

  step('a round: the speaker, a listener, and Ola passing with the keyboard', async () => {
    const fac = page('fac')
    await fac.getByTestId('chair-round-kind').selectOption('opening')
    await fac.getByTestId('chair-round-time').selectOption('0')
    await fac.getByTestId('chair-start-round').click()
    await waitForText(fac, 'floor-announcement', 'It’s your turn.')
    await checkScreen('fac', 'meeting-round-speaking')
    await checkScreen('p2', 'meeting-round-listening', { reflow: true })
    await fac.getByTestId('floor-done').click()
    await waitForText(page('p2'), 'floor-announcement', 'Det er din tur.')
    await page('p2').getByTestId('floor-done').click()
    await waitForText(page('p3'), 'floor-announcement', 'Det er din tur.')
    await tabTo('p3', 'floor-pass')
    await page('p3').keyboard.press('Space')
    await waitForText(fac, 'floor-announcement', `${names.p3} passed. The round is over.`)
    await until(() => received('fac', 'floor').at(-1)?.mode === 'open', 'the floor open after the round')
  })

  step('a break, the end confirmed, and the lobby after the meeting', async () => {
    const fac = page('fac')
    const before = await announced('p2')
    await fac.getByTestId('chair-break').click()
    assert.match(await announcementChanges('p2', before, 'the break'), /Pause/)
    await checkScreen('p2', 'meeting-break')
    await fac.getByTestId('chair-end').click()
    await waitForText(fac, 'chair-confirm-text', 'End the meeting for everyone?')
    await checkScreen('fac', 'meeting-end-confirm', { once: true })
    await fac.getByTestId('chair-confirm-yes').click()
    for (const who of ['fac', 'p2', 'p3']) await page(who).getByTestId('screen-lobby').waitFor()
    await waitForText(page('p2'), 'lobby-notice', 'Møtet er avsluttet.')
    await checkScreen('p2', 'lobby-after-meeting')
  })

  step('Ola leaves the group: the page that says so, and only the language left in localStorage', async () => {
    const p3 = page('p3')
    await p3.getByTestId('group-leave').click()
    await checkScreen('p3', 'leave-confirm', { once: true })
    await p3.getByTestId('group-confirm-yes').click()
    await p3.getByTestId('screen-left').waitFor()
    await checkScreen('p3', 'left')
    assert.deepEqual(await p3.evaluate(() => Object.entries(localStorage)), [['sirkel-lang', 'da']])
  })

  test('every screen was checked, and no page showed an error', () => {
    assert.ok(checked.length >= 20, `${checked.length} screens checked: ${checked.join(', ')}`)
    for (const [who, p] of Object.entries(people)) assert.deepEqual(p.problems, [], `${who}: no console errors`)
  })
})
