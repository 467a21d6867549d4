// Browser tests: Debian's chromium, driven by playwright-core, against the real sirkel server
// serving the real client build. Screenshots of each screen, and the server's log, go to
// tests/browser/screenshots/.

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { launchChromium, waitForNoStoredIdentity, waitForText, watchPage } from './chromium.mjs'
import { screenshots, startServer, staticDir } from './sirkel_server.mjs'

/** A page that records console errors and uncaught exceptions. */
async function watchedPage(context) {
  const page = await context.newPage()
  const { problems } = watchPage(page)
  return { page, problems }
}

async function cspViolations(page) {
  return await page.evaluate(() => window.__sirkelCspViolations ?? [])
}

test('the client build has no inline script, style or event handler', async () => {
  const html = await readFile(path.join(staticDir, 'index.html'), 'utf8')
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    assert.match(tag, /\ssrc=/, `inline script in dist/index.html: ${tag}`)
  }
  assert.doesNotMatch(html, /<style\b/i, 'inline <style> in dist/index.html')
  assert.doesNotMatch(html, /\sstyle=/i, 'style attribute in dist/index.html')
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler in dist/index.html')
})

describe('sirkel in chromium', { timeout: 120_000 }, () => {
  let server
  let browser
  let context

  before(async () => {
    await mkdir(screenshots, { recursive: true })
    server = await startServer()
    browser = await launchChromium()
    context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' })
    context.setDefaultTimeout(15_000)
    // Runs before the page's own scripts, through the DevTools protocol, so the CSP does not block it.
    await context.addInitScript(() => {
      window.__sirkelCspViolations = []
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__sirkelCspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`)
      })
    })
  })

  after(async () => {
    await browser?.close().catch(() => {})
    await server?.stop()
    // The server's JSON log, for reading after a failure (git-ignored, like the screenshots).
    if (server) await writeFile(path.join(screenshots, 'server.log'), server.log())
  })

  test('the landing page loads under the CSP and libsodium starts', async () => {
    const { page, problems } = await watchedPage(context)
    const response = await page.goto(`${server.origin}/`)
    assert.equal(response.status(), 200)
    const csp = response.headers()['content-security-policy']
    assert.ok(csp, 'the landing page has a Content-Security-Policy header')
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/)

    await waitForText(page, 'crypto-status', 'Encryption is ready.')
    assert.equal(await page.getByTestId('product-name').textContent(), 'Sirkel')
    assert.match(await page.getByTestId('description').textContent(), /self-help groups/)
    await page.screenshot({ path: path.join(screenshots, 'landing.png'), fullPage: true })

    assert.deepEqual(await cspViolations(page), [])
    assert.deepEqual(problems, [])
    await page.close()
  })

  test('an invite link opens the group, hides its secret and gets a challenge', async () => {
    const { page, problems } = await watchedPage(context)
    const secret = server.inviteLink.split('#')[1]
    const leaks = []
    page.on('request', (req) => {
      if (req.url().includes(secret)) leaks.push(`request ${req.url()}`)
    })
    const sockets = []
    page.on('websocket', (ws) => {
      const record = { url: ws.url(), sent: [] }
      sockets.push(record)
      ws.on('framesent', ({ payload }) => {
        record.sent.push(String(payload))
        if (String(payload).includes(secret)) leaks.push(`websocket frame ${payload}`)
      })
    })

    await page.goto(server.inviteLink)
    await waitForText(page, 'connection-status', 'Connected.')
    // The protocol's words stay off the screen: a participant reads "Connected".
    assert.doesNotMatch(await page.locator('body').innerText(), /challenge|nonce|epoch|roster/i)

    const url = new URL(page.url())
    assert.equal(url.pathname, `/j/${server.group}`)
    assert.equal(url.hash, '')
    assert.ok(!page.url().includes('#'), `the fragment is gone from ${page.url()}`)
    assert.equal(await page.getByTestId('invite-status').getAttribute('data-state'), 'read')

    assert.equal(sockets.length, 1)
    assert.equal(sockets[0].url, `${server.origin.replace('https:', 'wss:')}/ws/${server.group}`)
    assert.deepEqual(sockets[0].sent, ['{"t":"hello","v":1}'])
    assert.deepEqual(leaks, [])
    await page.screenshot({ path: path.join(screenshots, 'invite.png'), fullPage: true })

    assert.deepEqual(await cspViolations(page), [])
    assert.deepEqual(problems, [])
    await page.close()
  })

  // Last in this suite: it redeems the one facilitator invite, and the page keeps the identity.
  test('a first-member invite starts the group: redeem, then the setup form and version 1', async () => {
    const { page, problems } = await watchedPage(context)
    const sent = []
    page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sent.push(JSON.parse(String(payload)))))

    await page.goto(server.inviteLink)
    await page.getByTestId('screen-start-group').waitFor()
    await waitForText(page, 'connection-status', 'Connected.')
    assert.doesNotMatch(await page.locator('body').innerText(), /challenge/i)
    assert.deepEqual(sent.map((f) => f.t), ['hello'], 'nothing but hello before the person chooses')
    await page.screenshot({ path: path.join(screenshots, 'start-group.png'), fullPage: true })

    await page.getByTestId('start-group-button').click()
    await page.getByTestId('screen-setup-group').waitFor()
    const redeem = sent.find((f) => f.t === 'redeem')
    assert.ok(redeem, `a redeem was sent: ${JSON.stringify(sent.map((f) => f.t))}`)
    assert.ok(!JSON.stringify(sent).includes(server.inviteLink.split('#')[1]), 'the invite secret never leaves the page')
    assert.match(await page.getByTestId('setup-text').inputValue(), /Confidentiality pledge/)
    await page.getByTestId('setup-template-lang').selectOption('nb')
    assert.match(await page.getByTestId('setup-text').inputValue(), /Taushetserklæring/)

    await page.getByTestId('setup-submit').click()
    await waitForText(page, 'setup-problem', 'Give the group a name')
    await page.getByTestId('setup-group-name').fill('Tirsdagsgruppa')
    await page.getByTestId('setup-my-name').fill('Kari')
    await page.screenshot({ path: path.join(screenshots, 'setup-group.png'), fullPage: true })
    await page.getByTestId('setup-submit').click()
    for (let i = 0; i < 50 && !sent.some((f) => f.t === 'roster_propose'); i++) await page.waitForTimeout(100)
    const propose = sent.find((f) => f.t === 'roster_propose')
    assert.ok(propose, 'version 1 was proposed')
    assert.match(propose.tbs, /^[A-Za-z0-9_-]+$/)
    assert.match(propose.sig, /^[A-Za-z0-9_-]{86}$/)

    await page.getByTestId('lang-select').selectOption('da')
    assert.match(await page.getByTestId('description').textContent(), /selvhjælpsgrupper/)
    assert.equal(await page.locator('html').getAttribute('lang'), 'da')

    assert.deepEqual(await cspViolations(page), [])
    assert.deepEqual(problems, [])
    await page.close()
  })

  // The server does not speak PSG1's new frames yet (roster, invites, epochs): this test serves
  // the real page from the real server and answers its WebSocket with a short script of those
  // frames, so the lobby and meeting screens run in chromium with the real PSG1 code.
  test('a group of one: lobby, an invite shown once, a meeting with text and a reaction, then wiped', async () => {
    const sodium = (await import('../../client-web/node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs')).default
    await sodium.ready
    const b64 = (bytes) => Buffer.from(bytes).toString('base64url')
    const fragment = `1.${b64(Buffer.concat([Buffer.alloc(16, 1), Buffer.alloc(32, 2), Buffer.alloc(32, 0)]))}`
    const ses = b64(Buffer.alloc(16, 0x5e))
    const sent = []
    let member = null
    let version1 = null
    let socket = null
    let epoch = null

    const ctx = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' })
    try {
      const { page, problems } = await watchedPage(ctx)
      await page.routeWebSocket(/\/ws\//, (ws) => {
        socket = ws
        const reply = (frame) => ws.send(JSON.stringify(frame))
        ws.onMessage((text) => {
          const f = JSON.parse(String(text))
          sent.push(f)
          switch (f.t) {
            case 'hello':
              return reply({ t: 'challenge', v: 1, group: server.group, nonce: b64(sodium.randombytes_buf(32)), expires_in_ms: 30000 })
            case 'redeem':
              member = f.member
              return reply({ t: 'authed', member, role: 'facilitator' })
            case 'roster_propose':
              version1 = { v: 1, tbs: f.tbs, approvals: [{ m: member, sig: f.sig }] }
              return reply({ t: 'roster', versions: [version1], more: false })
            case 'invite_create':
              return reply({ t: 'invite', invite: f.invite, by: member, expires_at: 1_900_000_000, uses_left: 1 })
            case 'invite_revoke':
              return reply({ t: 'invite_closed', invite: f.invite, reason: 'revoked' })
            case 'join': {
              // The epoch is held back until the test sends it: keys are "being set up" meanwhile.
              const rh = b64(sodium.crypto_generichash(32, Buffer.from(version1.tbs, 'base64url'), null))
              epoch = { t: 'epoch', ses, ep: 1, rv: 1, rh, parts: [member] }
              return reply({ t: 'joined', ses, present: [member] })
            }
            default:
              return undefined
          }
        })
      })

      await page.goto(`${server.origin}/j/${server.group}#${fragment}`)
      await page.getByTestId('start-group-button').click()
      await page.getByTestId('setup-group-name').fill('Tirsdagsgruppa')
      await page.getByTestId('setup-my-name').fill('Kari')
      await page.getByTestId('setup-submit').click()

      await page.getByTestId('screen-lobby').waitFor()
      await waitForText(page, 'lobby-group-name', 'Tirsdagsgruppa')
      await waitForText(page, 'members-list', 'Kari')
      await waitForText(page, 'requests-empty', 'Nobody is asking to join.')

      await page.getByTestId('invite-create').click()
      const link = await page.getByTestId('invite-link').inputValue()
      assert.match(link, new RegExp(`^${server.origin}/j/${server.group}#1\\.[A-Za-z0-9_-]{107}$`))
      const create = sent.find((f) => f.t === 'invite_create')
      assert.ok(create && !JSON.stringify(create).includes(link.split('#')[1]), 'the secret is not in invite_create')
      assert.equal(create.jks.length, 1)
      await page.getByTestId('invite-item').waitFor()
      await page.screenshot({ path: path.join(screenshots, 'lobby.png'), fullPage: true })
      await page.getByTestId('invite-done').click()
      assert.equal(await page.getByTestId('invite-link').count(), 0, 'the link is gone from the page')
      assert.ok(!(await page.content()).includes(link.split('#')[1]), 'the secret is gone from the DOM')
      await page.getByTestId('invite-revoke').click()
      await page.getByTestId('invite-item').waitFor({ state: 'detached' })

      await page.getByTestId('join-meeting-button').click()
      await page.getByTestId('screen-meeting').waitFor()
      // While keys are set up, Send is off and the status says why; what is typed is kept.
      await waitForText(page, 'meeting-status', 'Setting up encryption for everyone present… You can start typing')
      assert.ok(await page.getByTestId('message-send').isDisabled(), 'Send is disabled before the sender key exists')
      await waitForText(page, 'send-hint', 'Send works as soon as encryption is ready.')
      const hintId = await page.getByTestId('send-hint').getAttribute('id')
      assert.equal(await page.getByTestId('message-send').getAttribute('aria-describedby'), hintId, 'the reason is tied to the button')
      await page.getByTestId('message-input').fill('Skrevet mens nøklene lages')
      await page.getByTestId('message-input').press('Enter')
      assert.equal(await page.getByTestId('message-input').inputValue(), 'Skrevet mens nøklene lages', 'Enter keeps the text')
      // A switch of language builds the meeting screen again: the message being written stays.
      await page.getByTestId('lang-select').selectOption('nb')
      assert.equal(await page.locator('html').getAttribute('lang'), 'nb')
      assert.equal(await page.getByTestId('message-input').inputValue(), 'Skrevet mens nøklene lages', 'a language switch keeps the text')
      await page.getByTestId('lang-select').selectOption('en')
      // The chosen language is kept in localStorage (README.md); the wipe checked below is of
      // what the group leaves, so it goes.
      await page.evaluate(() => localStorage.removeItem('sirkel-lang'))
      // A reaction given now waits, and the status says so instead of "You can write".
      await page.getByTestId('reaction-heart').click()
      await waitForText(page, 'message-waiting', 'waiting to be sent')
      await waitForText(page, 'meeting-status', 'Your message is waiting while encryption is set up.')
      assert.ok(!(await page.getByTestId('meeting-status').textContent()).includes('You can write'))
      assert.equal(sent.filter((f) => f.t === 'msg').length, 0, 'nothing goes out before the sender key')
      await page.screenshot({ path: path.join(screenshots, 'meeting-keys.png'), fullPage: true })

      socket.send(JSON.stringify(epoch))
      await waitForText(page, 'meeting-status', 'Your message has been sent.')
      await page.getByTestId('message-waiting').waitFor({ state: 'detached' })
      assert.ok(await page.getByTestId('message-send').isEnabled(), 'Send is enabled once the sender key is out')
      assert.ok(await page.getByTestId('send-hint').isHidden(), 'and the reason is gone')
      assert.equal(await page.getByTestId('message-input').inputValue(), 'Skrevet mens nøklene lages', 'the text typed meanwhile is still there')
      assert.deepEqual(sent.filter((f) => f.t === 'skd').map((f) => f.boxes), [[]])
      await page.getByTestId('message-send').click()
      await waitForText(page, 'message-log', 'Skrevet mens nøklene lages')
      await waitForText(page, 'meeting-status', 'You can write.')
      await page.getByTestId('message-input').fill('<b>Hei</b> alle sammen')
      await page.getByTestId('message-input').press('Enter')
      await waitForText(page, 'message-log', '<b>Hei</b> alle sammen')
      assert.equal(await page.getByTestId('message-log').locator('b').count(), 0, 'text is never markup')
      const msgs = sent.filter((f) => f.t === 'msg')
      // The held reaction, the text typed meanwhile, then "is writing" (kind 3, only once keys
      // are out) before the second text.
      assert.deepEqual(msgs.map((f) => [f.k, f.ctr, f.ep, f.ses]), [[2, 0, 1, ses], [1, 1, 1, ses], [3, 2, 1, ses], [1, 3, 1, ses]])
      assert.ok(!JSON.stringify(msgs).includes('alle sammen'), 'only ciphertext goes to the server')
      await page.screenshot({ path: path.join(screenshots, 'meeting.png'), fullPage: true })
      // A phone's width: nothing is wider than the screen.
      await page.setViewportSize({ width: 360, height: 740 })
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling at 360 px')
      await page.screenshot({ path: path.join(screenshots, 'meeting-phone.png'), fullPage: true })

      await page.getByTestId('leave-meeting-button').click()
      await page.getByTestId('screen-lobby').waitFor()
      assert.equal(sent.at(-1).t, 'leave')
      assert.ok(!(await page.content()).includes('alle sammen'), 'the meeting is wiped from the page')
      const stored = await page.evaluate(async () => {
        const names = await indexedDB.databases()
        return { names: names.map((d) => d.name), local: localStorage.length, session: sessionStorage.length }
      })
      assert.deepEqual(stored, { names: ['sirkel'], local: 0, session: 0 })

      // A second version 1 with another hash (its size cap changed): a fork, said plainly, and
      // kept on screen until the person dismisses it.
      const forked = Buffer.from(version1.tbs, 'base64url')
      forked[4 + 'PSG1-roster'.length + 16 + 8 + 32] = 7
      socket.send(JSON.stringify({ t: 'roster', versions: [{ ...version1, tbs: b64(forked) }], more: false }))
      const alert = page.getByTestId('alert-item')
      await waitForText(page, 'alert-item', 'two different versions')
      assert.equal(await alert.getAttribute('data-code'), 'fork')
      await page.screenshot({ path: path.join(screenshots, 'alert-fork.png'), fullPage: true })
      await page.getByTestId('alert-dismiss').click()
      await alert.waitFor({ state: 'detached' })
      assert.deepEqual(problems, [])
    } finally {
      await ctx.close()
    }
  })

  /**
   * A scripted stand-in for the server's PSG1 frames (the server does not speak them yet): it
   * answers a member's and a joiner's page, relays admission frames between them, commits what
   * a group of one decides, and relays a meeting's ekey, skd and msg to the other participant.
   */
  async function scriptedGroup() {
    const sodium = (await import('../../client-web/node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs')).default
    await sodium.ready
    const b64 = (bytes) => Buffer.from(bytes).toString('base64url')
    const ses = b64(Buffer.alloc(16, 0x5e))
    const sockets = {}
    const sent = { member: [], joiner: [] }
    const group = { member: null, joiner: null, versions: [], create: null, present: [], ep: 0 }
    const current = () => group.versions.at(-1)
    const fragment = `1.${b64(Buffer.concat([sodium.randombytes_buf(16), sodium.randombytes_buf(32), Buffer.alloc(32, 0)]))}`
    const sortedIds = (ids) => [...ids].sort((a, b) => Buffer.compare(Buffer.from(a, 'base64url'), Buffer.from(b, 'base64url')))

    const script = (who) => (ws) => {
      sockets[who] = ws
      const reply = (frame) => ws.send(JSON.stringify(frame))
      const tell = (to, frame) => sockets[to]?.send(JSON.stringify(frame))
      const other = who === 'member' ? 'joiner' : 'member'
      ws.onMessage((text) => {
        const f = JSON.parse(String(text))
        sent[who].push(f)
        switch (f.t) {
          case 'hello':
            return reply({ t: 'challenge', v: 1, group: server.group, nonce: b64(sodium.randombytes_buf(32)), expires_in_ms: 30000 })
          case 'redeem':
            group.member = f.member
            return reply({ t: 'authed', member: f.member, role: 'facilitator' })
          case 'roster_propose': {
            // Everything a group of one proposes commits with its one approval (§3.4).
            const version = { v: group.versions.length + 1, tbs: f.tbs, approvals: [{ m: group.member, sig: f.sig }] }
            group.versions.push(version)
            reply({ t: 'roster', versions: [version], more: false })
            if (version.v === 1) return undefined
            reply({ t: 'request_closed', member: group.joiner, reason: 'admitted' })
            tell('joiner', { t: 'roster', versions: [version], more: false })
            return tell('joiner', { t: 'join_status', state: 'admitted' })
          }
          case 'invite_create':
            group.create = f
            return reply({ t: 'invite', invite: f.invite, by: group.member, expires_at: 1_900_000_000, uses_left: 1 })
          case 'knock':
            return reply({ t: 'invite_info', invite: f.invite, info: group.create.info, expires_at: 1_900_000_000 })
          case 'roster_get':
            return reply({ t: 'roster', versions: f.rh !== undefined ? [current()] : group.versions.filter((v) => v.v >= f.from), more: false })
          case 'join_request': {
            group.joiner = f.member
            reply({ t: 'join_status', state: 'pending', expires_at: 1_900_000_000 })
            const { t: _t, tok: _tok, sig: _sig, ...clear } = f
            return tell('member', { t: 'request', ...clear, at: 1_800_000_000, expires_at: 1_900_000_000, jk: group.create.jks[0].k, declines: [] })
          }
          case 'decline':
            reply({ t: 'request_closed', member: f.member, reason: 'declined' })
            return tell('joiner', { t: 'join_status', state: 'declined', declines: [{ m: group.member, sig: f.sig }] })
          case 'join': {
            const me = who === 'member' ? group.member : group.joiner
            group.present = sortedIds([...new Set([...group.present, me])])
            reply({ t: 'joined', ses, present: group.present })
            tell(other, { t: 'presence', member: me, present: true })
            group.ep += 1
            const rh = b64(sodium.crypto_generichash(32, Buffer.from(current().tbs, 'base64url'), null))
            const epoch = { t: 'epoch', ses, ep: group.ep, rv: current().v, rh, parts: group.present }
            for (const to of ['member', 'joiner']) {
              const id = to === 'member' ? group.member : group.joiner
              if (group.present.includes(id)) tell(to, epoch)
            }
            return undefined
          }
          case 'ekey':
          case 'skd':
          case 'msg':
            return tell(other, f)
          default:
            return undefined
        }
      })
    }
    return { script, sent, group, fragment }
  }

  async function twoBrowsers(run) {
    const memberCtx = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' })
    const joinerCtx = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'nb-NO' })
    try {
      const { page: member, problems: memberProblems } = await watchedPage(memberCtx)
      const { page: joiner, problems: joinerProblems } = await watchedPage(joinerCtx)
      const scripted = await scriptedGroup()
      await member.routeWebSocket(/\/ws\//, scripted.script('member'))
      await joiner.routeWebSocket(/\/ws\//, scripted.script('joiner'))

      // The member starts the group and makes an invite link.
      await member.goto(`${server.origin}/j/${server.group}#${scripted.fragment}`)
      await member.getByTestId('start-group-button').click()
      await member.getByTestId('setup-group-name').fill('Tirsdagsgruppa')
      await member.getByTestId('setup-my-name').fill('Kari')
      await member.getByTestId('setup-submit').click()
      await member.getByTestId('invite-create').click()
      const link = await member.getByTestId('invite-link').inputValue()
      await member.getByTestId('invite-done').click()

      await run({ member, joiner, link, sent: scripted.sent })
      assert.deepEqual([...memberProblems, ...joinerProblems], [])
    } finally {
      await memberCtx.close()
      await joinerCtx.close()
    }
  }

  async function askToJoin(joiner, link, name) {
    await joiner.goto(link)
    await joiner.getByTestId('screen-knock').waitFor()
    await waitForText(joiner, 'knock-verifying', 'Medlemslisten til gruppa er sjekket.')
    await joiner.getByTestId('join-name').fill(name)
    await joiner.getByTestId('join-adult').check()
    await joiner.getByTestId('join-pledge').check()
    await joiner.getByTestId('join-submit').click()
    await joiner.getByTestId('screen-pending').waitFor()
  }

  test('a joiner reads an invite, is approved by a member in another browser, and they meet', async () => {
    await twoBrowsers(async ({ member, joiner, link, sent }) => {
      await joiner.goto(link)
      await joiner.getByTestId('screen-knock').waitFor()
      await waitForText(joiner, 'knock-group-name', 'Tirsdagsgruppa')
      await waitForText(joiner, 'knock-creator', 'Kari')
      // The one member of a group of one made the invite, so the safety number carries its name.
      await waitForText(joiner, 'knock-safety-name', 'Kari')
      await waitForText(joiner, 'knock-text', 'Confidentiality pledge')
      await waitForText(joiner, 'knock-verifying', 'Medlemslisten til gruppa er sjekket.')
      assert.ok(!new URL(joiner.url()).hash, 'the fragment left the address bar')
      const joinerSafety = (await joiner.getByTestId('safety-number').textContent()).replace(/\D/g, '')
      assert.equal(joinerSafety.length, 60)
      await joiner.screenshot({ path: path.join(screenshots, 'knock-nb.png'), fullPage: true })
      assert.equal(sent.joiner.filter((f) => f.t === 'join_request').length, 0, 'nothing is asked before the person chooses')

      await joiner.getByTestId('join-submit').click()
      await waitForText(joiner, 'join-problem', 'Skriv et navn')
      await joiner.getByTestId('join-name').fill('Nora')
      await joiner.getByTestId('join-adult').check()
      await joiner.getByTestId('join-pledge').check()
      await joiner.getByTestId('join-submit').click()
      await joiner.getByTestId('screen-pending').waitFor()

      await waitForText(member, 'request-name', 'Nora')
      // One request, one approve and one decline.
      assert.equal(await member.getByTestId('request-approve').count(), 1)
      assert.equal(await member.getByTestId('request-decline').count(), 1)
      assert.equal(await member.getByTestId('proposal-approve').count(), 0)
      // The time is in English laid out as in Britain (this browser's en-GB), not as in the US.
      assert.match(await member.getByTestId('request-time').textContent(), /^Asked \d{1,2} Jan 2027, \d{2}:\d{2}$/)
      const memberSafety = (await member.getByTestId('request-safety').textContent()).replace(/\D/g, '')
      assert.equal(memberSafety, joinerSafety, 'both see the same pair safety number')
      await waitForText(member, 'request-compared-state', 'Not compared yet.')
      await member.getByTestId('request-compared').check()
      await waitForText(member, 'request-compared-state', 'Compared.')
      assert.ok(await member.getByTestId('request-compared').evaluate((el) => el === document.activeElement), 'focus stays on the checkbox')
      await member.screenshot({ path: path.join(screenshots, 'request.png'), fullPage: true })
      await member.getByTestId('request-approve').click()

      await joiner.getByTestId('screen-lobby').waitFor()
      await waitForText(joiner, 'members-list', 'Nora')
      await waitForText(member, 'members-list', 'Nora')
      await member.getByTestId('request-item').waitFor({ state: 'detached' })

      // The meeting: the member first, then the joiner; a new epoch each time.
      await member.getByTestId('join-meeting-button').click()
      await waitForText(member, 'meeting-status', 'You can write.')
      await joiner.getByTestId('join-meeting-button').click()
      await waitForText(joiner, 'meeting-status', 'Du kan skrive.')
      await waitForText(member, 'meeting-status', 'You can write.')
      await waitForText(member, 'meeting-present', 'Nora')
      await joiner.getByTestId('message-input').fill('Hei, jeg heter Nora.')
      await joiner.getByTestId('message-send').click()
      await waitForText(member, 'message-log', 'Hei, jeg heter Nora.')
      await waitForText(member, 'message-log', 'Nora')
      await member.getByTestId('reaction-recognise').click()
      // Another's reaction is shown for a moment beside the log: "Kari: Jeg kjenner meg igjen".
      await waitForText(joiner, 'reactions-recent', 'Kari: Jeg kjenner meg igjen')
      await member.screenshot({ path: path.join(screenshots, 'meeting-two.png'), fullPage: true })
      assert.ok(!JSON.stringify(sent).includes('jeg heter Nora'), 'the server saw only ciphertext')
    })
  })

  test('a declined joiner is told kindly, with crisis lines, and forgets the group', async () => {
    await twoBrowsers(async ({ member, joiner, link }) => {
      await askToJoin(joiner, link, 'Nora')
      await waitForText(member, 'request-name', 'Nora')
      await member.getByTestId('request-decline').click()
      await joiner.getByTestId('screen-declined').waitFor()
      await waitForText(joiner, 'screen-declined', 'ingen vurdering av deg')
      await waitForText(joiner, 'crisis-lines', '116 123')
      await member.getByTestId('request-item').waitFor({ state: 'detached' })
      await joiner.screenshot({ path: path.join(screenshots, 'declined-nb.png'), fullPage: true })
      // The request's identity is deleted from this browser.
      await waitForNoStoredIdentity(joiner)
    })
  })

  test('the page speaks Norwegian to a Norwegian browser', async () => {
    const nb = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'nb-NO' })
    try {
      const page = await nb.newPage()
      await page.goto(`${server.origin}/`)
      await waitForText(page, 'crypto-status', 'Krypteringen er klar.')
      assert.equal(await page.locator('html').getAttribute('lang'), 'nb')
      assert.match(await page.getByTestId('description').textContent(), /selvhjelpsgrupper/)
      await page.screenshot({ path: path.join(screenshots, 'landing-nb.png'), fullPage: true })
    } finally {
      await nb.close()
    }
  })
})
