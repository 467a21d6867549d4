// What every browser test file shares: Debian's chromium launched for a closed network, a page
// that records its problems and WebSocket frames, and bounded waits that say what they saw.

import { test } from 'node:test'
import { chromium } from 'playwright-core'

export const chromiumPath = process.env.SIRKEL_CHROMIUM ?? '/usr/bin/chromium'

// Flags for a closed network: without the background-networking ones chromium keeps trying to
// reach Google's hosts. localhost is pinned to 127.0.0.1, where the servers listen.
const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP localhost 127.0.0.1',
]

/** Debian's chromium (never a downloaded browser), headless. */
export async function launchChromium() {
  return await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 })
}

/**
 * Record what page shows of itself: console errors and uncaught exceptions in problems, and every
 * WebSocket frame in frames as { dir: 'sent' | 'received', frame (parsed, or null), raw }. The
 * server may put several frames in one message, one a line (PROTOCOL.md §1): each is recorded.
 */
export function watchPage(page) {
  const problems = []
  const frames = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  page.on('websocket', (ws) => {
    const log =
      (dir) =>
      ({ payload }) => {
        for (const raw of String(payload).split('\n')) {
          if (raw === '') continue
          let frame = null
          try {
            frame = JSON.parse(raw)
          } catch {
            // kept raw: a leak check reads raw
          }
          frames.push({ dir, frame, raw })
        }
      }
    ws.on('framesent', log('sent'))
    ws.on('framereceived', log('received'))
  })
  return { problems, frames }
}

/** Wait until an element with this data-testid shows the text; on timeout, say what it showed. */
export async function waitForText(page, testId, text, timeout = 15_000) {
  const el = page.getByTestId(testId)
  try {
    await el.filter({ hasText: text }).first().waitFor({ timeout })
  } catch (err) {
    const shown = await el
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => '(element not found)')
    throw new Error(`[data-testid=${testId}] did not show "${text}" within ${timeout} ms; it shows "${shown}"`, { cause: err })
  }
}

/** Poll cond() every 100 ms for at most timeout ms; throw naming what on timeout. */
export async function until(cond, what, timeout = 15_000) {
  const deadline = Date.now() + timeout
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * A test() for steps that each build on the one before: after a failure the rest are skipped
 * with its name, instead of each timing out on a page left in the wrong state.
 */
export function stepsInOrder() {
  let failed = null
  return (name, fn) =>
    test(name, async (t) => {
      if (failed !== null) return t.skip(`an earlier step failed: ${failed}`)
      try {
        await fn()
      } catch (err) {
        failed = name
        throw err
      }
    })
}

/** Wait until the page's IndexedDB holds no identity (the client's store, database "sirkel"). */
export async function waitForNoStoredIdentity(page, timeout = 10_000) {
  await page.waitForFunction(
    async () => {
      const db = await new Promise((resolve) => {
        const open = indexedDB.open('sirkel')
        open.onsuccess = () => resolve(open.result)
      })
      const count = await new Promise((resolve) => {
        const req = db.transaction('identity').objectStore('identity').count()
        req.onsuccess = () => resolve(req.result)
      })
      db.close()
      return count === 0
    },
    null,
    { timeout },
  )
}
