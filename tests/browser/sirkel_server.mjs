// Run the real sirkel binary for a browser test: admin commands on a temporary database, then
// `sirkel serve` on a free loopback port with the development certificate.

import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'

const run = promisify(execFile)

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const buildDir = path.resolve(repoRoot, process.env.SIRKEL_BUILD_DIR ?? 'build')
export const binary = process.env.SIRKEL_BINARY ?? path.join(buildDir, 'server', 'sirkel')
const certDir = path.resolve(repoRoot, process.env.SIRKEL_CERT_DIR ?? 'certs/out')
export const staticDir = path.join(repoRoot, 'client-web', 'dist')
/** Where the browser tests leave their screenshots and the servers' logs (git-ignored). */
export const screenshots = path.join(repoRoot, 'tests', 'browser', 'screenshots')

/** Ask the kernel for a free TCP port on 127.0.0.1, then give it back. */
export async function freePort() {
  return await new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function admin(db, ...args) {
  try {
    const { stdout } = await run(binary, ['admin', ...args, '--db', db], { timeout: 30_000 })
    return stdout
  } catch (err) {
    throw new Error(`sirkel admin ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`)
  }
}

/**
 * Start a server with one group "demo" and a facilitator invite; serveArgs are more settings
 * for `sirkel serve`, such as ['--crisis-lines', file].
 * Returns { origin, inviteLink, group, stop(), restart(), log() }; restart() stops the server
 * (SIGTERM, as an operator's restart does) and starts it again on the same port and database.
 */
export async function startServer({ serveArgs = [] } = {}) {
  for (const [what, file] of [
    ['the sirkel binary (run ./test or scripts/setup.sh)', binary],
    ['the client build (npm run build in client-web)', path.join(staticDir, 'index.html')],
    ['the development certificate (certs/make-dev-cert.sh)', path.join(certDir, 'server.pem')],
  ]) {
    if (!existsSync(file)) throw new Error(`missing ${what}: ${file}`)
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'sirkel-browser-'))
  const db = path.join(dir, 'sirkel.db')
  let child = null
  let output = ''
  let exited = null
  let exitedPromise = null

  // Ask for SIGTERM, then SIGKILL after 10 s; wait at most 5 s more.
  async function halt() {
    if (child !== null && exited === null) {
      child.kill('SIGTERM')
      const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'))
      if ((await Promise.race([exitedPromise, timeout])) === 'timeout') {
        child.kill('SIGKILL')
        await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 5_000))])
      }
    }
  }

  async function stop() {
    await halt()
    await rm(dir, { recursive: true, force: true })
  }

  async function launch(port, origin) {
    exited = null
    child = spawn(binary, [
      'serve',
      '--listen', '127.0.0.1',
      '--port', String(port),
      '--tls-cert', path.join(certDir, 'server.pem'),
      '--tls-key', path.join(certDir, 'server.key'),
      '--db', db,
      '--static-dir', staticDir,
      '--public-origin', origin,
      ...serveArgs,
    ], { stdio: ['ignore', 'pipe', 'pipe'] })
    const started = child
    exitedPromise = new Promise((resolve) => {
      started.once('exit', (code, signal) => {
        exited = { code, signal }
        resolve(exited)
      })
    })

    // Wait for the JSON log line {"event":"listening",...}, the process's exit, or 20 s.
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not log "listening" within 20 s:\n${output}`)), 20_000)
      started.stdout.setEncoding('utf8')
      started.stderr.setEncoding('utf8')
      started.stderr.on('data', (chunk) => { output += chunk })
      started.stdout.on('data', (chunk) => { output += chunk })
      readline.createInterface({ input: started.stdout }).on('line', (line) => {
        try {
          if (JSON.parse(line).event === 'listening') {
            clearTimeout(timer)
            resolve()
          }
        } catch {
          // Not a JSON log line; kept in output for the failure message.
        }
      })
      exitedPromise.then(({ code, signal }) => {
        clearTimeout(timer)
        reject(new Error(`server exited (code ${code}, signal ${signal}) before listening:\n${output}`))
      })
    })
  }

  try {
    const port = await freePort()
    const origin = `https://localhost:${port}`

    await admin(db, 'init')
    await admin(db, 'create-group', 'demo')
    const invited = await admin(db, 'invite-facilitator', 'demo', '--public-origin', origin)
    const link = invited.match(/https:\/\/\S+\/j\/([A-Za-z0-9_-]{22})#\S+/)
    if (link === null) throw new Error(`no invite link in the output of invite-facilitator:\n${invited}`)

    await launch(port, origin)

    /** Stop the server, wait `downMs` with nothing listening, and start it again as it was. */
    async function restart(downMs = 0) {
      await halt()
      if (exited === null) throw new Error(`the server did not stop:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, downMs))
      await launch(port, origin)
    }

    return { origin, inviteLink: link[0], group: link[1], stop, restart, log: () => output }
  } catch (err) {
    // Leave nothing behind when the server could not be started.
    await stop()
    throw err
  }
}
