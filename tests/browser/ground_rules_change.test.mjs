// The group's ground rules and crisis lines (PSG1.md §3.7) in two real browsers against the REAL
// server: the crisis lines set when the group starts show on a joiner's knock screen; a member of
// the group of two proposes new rules with a changed crisis line, the other reads what changes and
// approves, and both then show the new text and crisis line; an objection ends a further proposal
// and the agreed text stays. The text never crosses in clear.

import { after, before, describe } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { launchChromium, stepsInOrder, until, waitForText, watchPage } from './chromium.mjs'
import { screenshots, startServer } from './sirkel_server.mjs'

const names = { fac: 'Kari Lund', p2: 'Nora Berg' }
// A line of the rules and a crisis line that no template has, each with spaces and punctuation so
// that neither turns up by chance in base64url ciphertext.
const groupLine = 'Kirkens SOS, day and night: 22 40 00 40'
const changedLine = 'Kirkens SOS, day and night: 22 40 00 41'
const newRule = 'We start at 19:00 sharp, and end on time.'

const flat = (text) => (text ?? '').replace(/\u00a0/g, ' ')

describe('the ground rules and crisis lines, changed by the group', { timeout: 90_000 }, () => {
  let server
  let browser
  const people = {}
  const step = stepsInOrder()

  async function person(who, locale) {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    people[who] = { context, page, ...watchPage(page) }
  }

  const sent = (who, t) => people[who].frames.filter((f) => f.dir === 'sent' && f.frame?.t === t).map((f) => f.frame)
  const footer = async (who) => flat(await people[who].page.getByTestId('crisis-lines').textContent())
  const rulesShown = async (who) => {
    const rules = people[who].page.getByTestId('ground-rules')
    return flat(await rules.locator('.rules-text').textContent())
  }

  before(async () => {
    await mkdir(screenshots, { recursive: true })
    server = await startServer()
    browser = await launchChromium()
    await person('fac', 'en-GB')
    await person('p2', 'nb-NO')
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await server?.stop()
    if (server) await writeFile(path.join(screenshots, 'ground-rules-server.log'), server.log())
  })

  step('the first member starts the group with a crisis line of its own', async () => {
    const { page } = people.fac
    await page.goto(server.inviteLink)
    await page.getByTestId('start-group-button').click()
    await page.getByTestId('screen-setup-group').waitFor()
    // The organisation's lines for the language are offered first.
    assert.match(flat(await page.getByTestId('setup-crisis').inputValue()), /Norway, Mental Helse’s helpline: 116 123/)
    await page.getByTestId('setup-group-name').fill('Torsdagsgruppa')
    await page.getByTestId('setup-my-name').fill(names.fac)
    await page.getByTestId('setup-crisis').fill('Kirkens SOS day and night 22 40 00 40')
    await page.getByTestId('setup-submit').click()
    await waitForText(page, 'setup-problem', 'Write each crisis line as')
    await page.getByTestId('setup-crisis').fill(`${groupLine}\nNorway, Mental Helse’s helpline: 116 123`)
    await page.getByTestId('setup-submit').click()
    await page.getByTestId('screen-lobby').waitFor()
    await until(async () => (await footer('fac')).includes(groupLine), 'the group’s crisis line in the lobby’s footer')
  })

  step('a joiner sees the group’s crisis line while reading the invite, and is let in', async () => {
    const fac = people.fac.page
    await fac.getByTestId('invite-create').click()
    const link = await fac.getByTestId('invite-link').inputValue()
    await fac.getByTestId('invite-done').click()

    const p2 = people.p2.page
    await p2.goto(link)
    await p2.getByTestId('screen-knock').waitFor()
    await waitForText(p2, 'knock-text', 'Confidentiality pledge')
    await until(async () => (await footer('p2')).includes(groupLine), 'the group’s crisis line on the knock screen')
    assert.doesNotMatch(flat(await p2.getByTestId('knock-text').textContent()), /☎/, 'crisis lines are shown as crisis lines, not in the rules')
    await p2.screenshot({ path: path.join(screenshots, 'ground-rules-knock-nb.png'), fullPage: true })
    await p2.getByTestId('knock-verifying').filter({ hasText: /sjekket/ }).waitFor()
    await p2.getByTestId('join-name').fill(names.p2)
    await p2.getByTestId('join-adult').check()
    await p2.getByTestId('join-pledge').check()
    await p2.getByTestId('join-submit').click()
    await waitForText(fac, 'request-name', names.p2)
    await fac.getByTestId('request-approve').click()
    await p2.getByTestId('screen-lobby').waitFor()
    await until(async () => (await p2.getByTestId('member-item').count()) === 2, 'two members')
    assert.ok((await footer('p2')).includes(groupLine))
  })

  step('a member proposes new rules with a changed crisis line; the other reads the change and approves', async () => {
    const p2 = people.p2.page
    await p2.getByTestId('text-change-open').click()
    const rules = p2.getByTestId('text-change-rules')
    const crisis = p2.getByTestId('text-change-crisis')
    assert.match(await rules.inputValue(), /Confidentiality pledge/, 'the editor starts from the current rules')
    assert.equal(flat(await crisis.inputValue()), `${groupLine}\nNorway, Mental Helse’s helpline: 116 123`)
    await p2.getByTestId('text-change-submit').click()
    await waitForText(p2, 'text-change-problem', 'Ingenting er endret')
    await rules.fill(`${await rules.inputValue()}\n\n${newRule}`)
    await crisis.fill(`${changedLine}\nNorway, Mental Helse’s helpline: 116 123`)
    // A switch of language builds the lobby again: the open editor and its drafts stay.
    const draft = await rules.inputValue()
    for (const lang of ['da', 'nb']) {
      await p2.getByTestId('lang-select').selectOption(lang)
      assert.equal(await p2.locator('html').getAttribute('lang'), lang)
      assert.ok(await p2.getByTestId('text-change-form').isVisible(), `${lang}: the editor is still open`)
      assert.ok(await p2.getByTestId('text-change-open').isHidden(), `${lang}: and its open button still hidden`)
      assert.equal(await rules.inputValue(), draft, `${lang}: the rules typed are kept`)
      assert.equal(flat(await crisis.inputValue()), `${changedLine}\nNorway, Mental Helse’s helpline: 116 123`, `${lang}: the crisis lines typed are kept`)
    }
    await p2.getByTestId('text-change-submit').click()
    await p2.getByTestId('text-change-sent').filter({ hasText: 'Foreslått' }).waitFor()
    const proposed = sent('p2', 'roster_propose').at(-1)
    assert.ok(proposed?.doc?.keys?.length === 2, 'the new text is sealed to both members')

    const fac = people.fac.page
    await waitForText(fac, 'proposal-summary', 'New ground rules and crisis lines')
    await waitForText(fac, 'text-proposal-added', newRule)
    await waitForText(fac, 'text-proposal-added', '22 40 00 41')
    await waitForText(fac, 'text-proposal-removed', '22 40 00 40')
    assert.ok(await fac.getByTestId('proposal-object').isEnabled(), 'the other member may object')
    // Until the group agrees, both keep the old text.
    assert.ok(!(await footer('fac')).includes(changedLine))
    await fac.screenshot({ path: path.join(screenshots, 'ground-rules-proposal.png'), fullPage: true })
    await fac.getByTestId('proposal-approve').click()
  })

  step('both show the new rules and the changed crisis line', async () => {
    for (const who of ['fac', 'p2']) {
      await until(async () => (await footer(who)).includes(changedLine), `the changed crisis line in ${who}’s footer`)
      assert.ok(!(await footer(who)).includes(groupLine), `the old crisis line is gone from ${who}’s footer`)
      await until(async () => (await rulesShown(who)).includes(newRule), `the new rule in ${who}’s ground rules`)
      assert.doesNotMatch(await rulesShown(who), /☎/)
      await waitForText(people[who].page, 'proposal', /No decision is open|Ingen avgjørelse er åpen/)
      // The device holds the text the group agreed to, so it may invite with it.
      assert.ok(await people[who].page.getByTestId('text-outdated').isHidden())
      assert.ok(await people[who].page.getByTestId('invite-create').isEnabled())
    }
    assert.equal(await people.p2.page.getByTestId('text-change-sent').textContent(), '', '"proposed" is gone once the group decided')
    assert.ok(await people.p2.page.getByTestId('text-change-open').isEnabled(), 'a new proposal can be made')
    await people.p2.page.screenshot({ path: path.join(screenshots, 'ground-rules-after-nb.png'), fullPage: true })
  })

  step('an objection ends another proposal, and both keep the text the group agreed to', async () => {
    const p2 = people.p2.page
    await p2.getByTestId('text-change-open').click()
    await p2.getByTestId('text-change-crisis').fill('Nobody: 000')
    await p2.getByTestId('text-change-submit').click()
    const fac = people.fac.page
    await waitForText(fac, 'text-proposal-removed', '22 40 00 41')
    await fac.getByTestId('proposal-object').click()
    // With everyone's approval needed, one objection decides (PSG1 §3.6 rejected).
    for (const who of ['fac', 'p2']) {
      await waitForText(people[who].page, 'proposal', /No decision is open|Ingen avgjørelse er åpen/)
      assert.ok((await footer(who)).includes(changedLine), `${who} keeps the agreed crisis line`)
      assert.ok(!(await footer(who)).includes('Nobody'))
    }
    assert.ok(people.fac.frames.some((f) => f.dir === 'received' && f.frame?.t === 'proposal_closed' && f.frame.reason === 'rejected'))
  })

  step('no page showed an error, and no frame carried the text in clear', async () => {
    // The text crossed the server only encrypted, in every frame either browser sent or got.
    for (const who of ['fac', 'p2']) {
      for (const f of people[who].frames) {
        assert.ok(!f.raw.includes('19:00 sharp') && !f.raw.includes('22 40 00'), `no text in clear in ${who}'s ${f.frame?.t}`)
      }
      assert.deepEqual(people[who].problems, [], `no errors on ${who}'s page`)
    }
  })
})
