// Run the real sirkel binary in plain mode behind tests/relay's tampering relay, for browser tests
// of what the client does when the server lies (tests/relay/README.md). The page is served by the
// relay on http://localhost:<port>, which browsers treat as a secure context.

import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { promisify } from 'node:util'
import { binary, freePort, repoRoot, staticDir as clientBuild } from './sirkel_server.mjs'

const run = promisify(execFile)

const buildDir = path.resolve(repoRoot, process.env.SIRKEL_BUILD_DIR ?? 'build')
export const relayBinary =
  process.env.SIRKEL_TAMPERING_RELAY ?? path.join(buildDir, 'tests', 'sirkel_tampering_relay')

/** Spawn a program; resolve once a stdout line matches ready, reject if it exits first or in 20 s. */
async function startProcess(name, file, args, ready) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const state = { child, output: '', exited: null }
  state.exitedPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      state.exited = { code, signal }
      resolve(state.exited)
    })
  })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => { state.output += chunk })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 20 s:\n${state.output}`)), 20_000)
    child.stdout.on('data', (chunk) => { state.output += chunk })
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (ready(line)) {
        clearTimeout(timer)
        resolve()
      }
    })
    state.exitedPromise.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (code ${code}, signal ${signal}) before it was ready:\n${state.output}`))
    })
  })
  return state
}

/** SIGTERM, then SIGKILL after 10 s. */
async function stopProcess(state) {
  if (state === null || state.exited !== null) return
  state.child.kill('SIGTERM')
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'))
  if ((await Promise.race([state.exitedPromise, timeout])) === 'timeout') {
    state.child.kill('SIGKILL')
    await state.exitedPromise
  }
}

function isListeningEvent(line) {
  try {
    return JSON.parse(line).event === 'listening'
  } catch {
    return false // not a JSON log line; kept in the output for the failure message
  }
}

/**
 * Start `sirkel serve --insecure-plain` with one group "demo" and a facilitator invite, and the
 * tampering relay in front of it in mode (none, msg-kind, msg-epoch, msg-counter, replay,
 * inject-participant, hide-removal, drop-approval). The server's origin is the relay's, so the
 * invite link and the Origin the browser sends both name the relay.
 * Returns { origin, inviteLink, group, serverPort, tampered(frameType), stop(), log() }; serverPort
 * is the real server's, for a client that must bypass the relay.
 */
export async function startRelayedServer({ mode, staticDir = clientBuild, maxSeconds = 600 }) {
  for (const [what, file] of [
    ['the sirkel binary (run ./test or scripts/setup.sh)', binary],
    ['the tampering relay (cmake --build build --target sirkel_tampering_relay)', relayBinary],
    ['the client build (npm run build in client-web)', path.join(staticDir, 'index.html')],
  ]) {
    if (!existsSync(file)) throw new Error(`missing ${what}: ${file}`)
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'sirkel-relayed-'))
  const db = path.join(dir, 'sirkel.db')
  let server = null
  let relay = null
  async function stop() {
    await stopProcess(relay)
    await stopProcess(server)
    await rm(dir, { recursive: true, force: true })
  }
  const admin = async (...args) => {
    try {
      return (await run(binary, ['admin', ...args, '--db', db], { timeout: 30_000 })).stdout
    } catch (err) {
      throw new Error(`sirkel admin ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`)
    }
  }

  try {
    const relayPort = await freePort()
    const serverPort = await freePort()
    const origin = `http://localhost:${relayPort}`

    await admin('init')
    await admin('create-group', 'demo')
    const invited = await admin('invite-facilitator', 'demo', '--public-origin', origin)
    const link = invited.match(/http:\/\/\S+\/j\/([A-Za-z0-9_-]{22})#\S+/)
    if (link === null) throw new Error(`no invite link in the output of invite-facilitator:\n${invited}`)

    server = await startProcess('sirkel serve', binary, [
      'serve', '--listen', '127.0.0.1', '--port', String(serverPort), '--insecure-plain',
      '--db', db, '--static-dir', staticDir, '--public-origin', origin,
    ], isListeningEvent)
    relay = await startProcess('sirkel_tampering_relay', relayBinary, [
      '--upstream-port', String(serverPort), '--port', String(relayPort), '--mode', mode,
      '--max-seconds', String(maxSeconds),
    ], (line) => line === `listening ${relayPort}`)

    return {
      origin,
      inviteLink: link[0],
      group: link[1],
      serverPort,
      /** How many times the relay logged "tampered <mode> <frameType>". */
      tampered: (frameType) =>
        relay.output.split('\n').filter((line) => line === `tampered ${mode} ${frameType}`).length,
      stop,
      log: () => `--- server:\n${server.output}\n--- relay:\n${relay.output}`,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
