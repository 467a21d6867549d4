// The organisation's own crisis lines (sirkel serve --crisis-lines) and a language switch that
// keeps what the person typed: the real server with a crisis-lines file, the real client build,
// Debian's chromium.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { launchChromium, waitForText, watchPage } from './chromium.mjs'
import { screenshots, startServer } from './sirkel_server.mjs'

const organisationLines = ['☎ Kirkens SOS: 22 40 00 40', '☎ SOS-chat: https://www.soschat.no']

describe('the organisation\'s crisis lines and the language switch', { timeout: 120_000 }, () => {
  let dir
  let server
  let browser
  let context

  before(async () => {
    await mkdir(screenshots, { recursive: true })
    dir = await mkdtemp(path.join(os.tmpdir(), 'sirkel-crisis-lines-'))
    const file = path.join(dir, 'crisis-lines')
    await writeFile(file, `# The organisation's helplines\n${organisationLines.join('\n')}\n`)
    server = await startServer({ serveArgs: ['--crisis-lines', file] })
    browser = await launchChromium()
    context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' })
    context.setDefaultTimeout(15_000)
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await server?.stop()
    if (server) await writeFile(path.join(screenshots, 'crisis-lines-server.log'), server.log())
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  test('a page with no group shows the organisation\'s lines, in every language', async () => {
    const page = await context.newPage()
    const { problems } = watchPage(page)
    await page.goto(`${server.origin}/`)
    const lines = page.getByTestId('crisis-lines')
    await waitForText(page, 'crisis-lines', 'Kirkens SOS')
    // The built-in helplines give way to the organisation's.
    assert.deepEqual(await lines.locator('li').allInnerTexts(), ['Kirkens SOS: 22\u00a040\u00a000\u00a040', 'SOS-chat: https://www.soschat.no'])
    for (const lang of ['nb', 'da']) {
      await page.getByTestId('lang-select').selectOption(lang)
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang)
      assert.equal(await lines.locator('li').count(), 2, lang)
      assert.match(await lines.innerText(), /Kirkens SOS/, lang)
      assert.doesNotMatch(await lines.innerText(), /Livslinien/, lang)
    }
    await page.screenshot({ path: path.join(screenshots, 'crisis-lines-organisation.png'), fullPage: true })
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('a new group is offered the organisation\'s lines, and a language switch keeps what was typed', async () => {
    const page = await context.newPage()
    const { problems } = watchPage(page)
    await page.goto(server.inviteLink)
    await page.getByTestId('start-group-button').click()
    await page.getByTestId('screen-setup-group').waitFor()
    const crisis = page.getByTestId('setup-crisis')
    assert.equal(await crisis.inputValue(), 'Kirkens SOS: 22 40 00 40\nSOS-chat: https://www.soschat.no')
    // The suggested text in Danish while the page is in English: the crisis lines stay the organisation's.
    await page.getByTestId('setup-template-lang').selectOption('da')
    assert.match(await page.getByTestId('setup-text').inputValue(), /Tavshedserklæring/)
    assert.equal(await crisis.inputValue(), 'Kirkens SOS: 22 40 00 40\nSOS-chat: https://www.soschat.no')

    await page.getByTestId('setup-group-name').fill('Tirsdagsgruppa')
    const text = page.getByTestId('setup-text')
    await text.fill(`${await text.inputValue()}\n• Vi drikker kaffe i pausen.`)
    await page.getByTestId('setup-size-cap').fill('6')
    await page.getByTestId('setup-admission').selectOption('1')
    // The switch at the top, set without moving the focus (as a screen reader can from its own
    // cursor): the form comes back in Norwegian with everything typed still there, and the focus
    // still in the field last typed in.
    await page.getByTestId('lang-select').selectOption('nb')
    await waitForText(page, 'screen-setup-group', 'Sett opp gruppa')
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'setup-size-cap')
    assert.equal(await page.getByTestId('setup-group-name').inputValue(), 'Tirsdagsgruppa')
    assert.match(await text.inputValue(), /Tavshedserklæring[\s\S]*Vi drikker kaffe i pausen\.$/)
    assert.equal(await page.getByTestId('setup-template-lang').inputValue(), 'da')
    assert.equal(await page.getByTestId('setup-size-cap').inputValue(), '6')
    assert.equal(await page.getByTestId('setup-admission').inputValue(), '1')
    assert.equal(await crisis.inputValue(), 'Kirkens SOS: 22 40 00 40\nSOS-chat: https://www.soschat.no')

    // The caret stays where it was: typing goes on at the same place.
    const name = page.getByTestId('setup-my-name')
    await name.click()
    await page.keyboard.type('Kari')
    await page.keyboard.press('ArrowLeft')
    await page.getByTestId('lang-select').selectOption('da')
    await waitForText(page, 'screen-setup-group', 'Sæt gruppen op')
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'setup-my-name')
    await page.keyboard.type('N')
    assert.equal(await name.inputValue(), 'KarNi')

    // With the keyboard alone the focus is on the switch itself, and stays there.
    await page.getByTestId('lang-select').focus()
    await page.keyboard.press('ArrowUp')
    await waitForText(page, 'screen-setup-group', 'Sett opp gruppa')
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'lang-select')
    assert.equal(await name.inputValue(), 'KarNi')
    await page.screenshot({ path: path.join(screenshots, 'language-switch-keeps-input.png'), fullPage: true })
    assert.deepEqual(problems, [])
    await page.close()
  })
})
