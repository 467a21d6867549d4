// Spawn tests/interop's sirkel_interop_peer (a C++ PSG1 member, tests/interop/README.md) and talk
// to it in its JSON lines: events from its stdout, commands to its stdin.

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { repoRoot } from './sirkel_server.mjs'

const buildDir = path.resolve(repoRoot, process.env.SIRKEL_BUILD_DIR ?? 'build')
export const peerBinary = process.env.SIRKEL_INTEROP_PEER ?? path.join(buildDir, 'tests', 'sirkel_interop_peer')
export const devCa = path.resolve(repoRoot, process.env.SIRKEL_CERT_DIR ?? 'certs/out', 'ca.pem')

/**
 * Start the peer on 127.0.0.1:port: it redeems link (a facilitator invite), publishes version 1
 * and makes a member invite. Resolves once it printed the invite's link.
 * Returns { link, member, events, next(event, match, timeout, from), send(command), stop(), output(),
 * stderr() }.
 */
export async function startPeer({ port, origin, link, plain = false, name = 'Cpp Peer', groupName = 'Interop group', maxSeconds = 120 }) {
  if (!existsSync(peerBinary)) throw new Error(`missing the interop peer (cmake --build build --target sirkel_interop_peer): ${peerBinary}`)
  const args = ['--port', String(port), '--origin', origin, '--link', link, '--name', name, '--group-name', groupName, '--max-seconds', String(maxSeconds)]
  args.push(...(plain ? ['--plain'] : ['--ca', devCa]))
  const child = spawn(peerBinary, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const events = []
  let output = ''
  let errors = ''
  let exited = null
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))))
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => {
    output += chunk
    errors += chunk
  })
  child.stdout.on('data', (chunk) => { output += chunk })
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line))
    } catch {
      events.push({ event: 'unparsed', line })
    }
  })

  /** The first event named event (after the from-th) that match accepts; waits at most timeout ms. */
  async function next(event, match = () => true, timeout = 15_000, from = 0) {
    const deadline = Date.now() + timeout
    for (;;) {
      const found = events.slice(from).find((e) => e.event === event && match(e))
      if (found !== undefined) return found
      const failed = events.find((e) => e.event === 'failed')
      if (failed !== undefined) throw new Error(`the interop peer failed: ${failed.what}`)
      if (exited !== null) throw new Error(`the interop peer exited (${JSON.stringify(exited)}) before "${event}":\n${output}`)
      if (Date.now() > deadline) throw new Error(`the interop peer did not report "${event}" within ${timeout} ms:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  function send(command) {
    child.stdin.write(`${JSON.stringify(command)}\n`)
  }

  /** Close its stdin (it exits by itself), then SIGKILL after 5 s. */
  async function stop() {
    if (exited !== null) return
    child.stdin.end()
    const timeout = new Promise((resolve) => setTimeout(resolve, 5_000, 'timeout'))
    if ((await Promise.race([exitedPromise, timeout])) === 'timeout') {
      child.kill('SIGKILL')
      await exitedPromise
    }
  }

  try {
    const ready = await next('ready')
    const { link: memberLink } = await next('link')
    return { link: memberLink, member: ready.member, events, next, send, stop, output: () => output, stderr: () => errors }
  } catch (err) {
    await stop()
    throw err
  }
}
