// The server's TLS configuration, as testssl.sh (Debian's package) sees it from outside: the real
// binary with the development certificate (ECDSA P-256, like the one certs/README.md recommends
// for production) on a loopback port. The settings under test are the server's own
// (server/tls_context.cpp), the same whichever certificate is loaded.
//
// What must hold: nothing below TLS 1.2; no NULL, anonymous, export, LOW, 3DES/IDEA or CBC cipher
// category; and every cipher the server accepts, listed one by one, has an ephemeral (EC)DH key
// exchange and an AEAD cipher, so every session has forward secrecy.

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { promisify } from 'node:util'

import { startServer } from '../browser/sirkel_server.mjs'

const run = promisify(execFile)

let server
let scan

before(async () => {
  server = await startServer()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sirkel-testssl-'))
  const report = path.join(dir, 'testssl.json')
  try {
    // -p protocols, -s cipher categories, -e every cipher; the address is 127.0.0.1, so no DNS.
    await run('testssl', [
      '--quiet', '--color', '0', '--warnings', 'off', '--jsonfile-pretty', report,
      '-p', '-s', '-e', new URL(server.origin).host.replace('localhost', '127.0.0.1'),
    ], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 })
    scan = JSON.parse(await readFile(report, 'utf8')).scanResult[0]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

after(async () => {
  await server?.stop()
})

/** The finding of testssl's check `id` in a section of the scan. */
function finding(section, id) {
  const entry = scan[section].find((e) => e.id === id)
  assert.ok(entry, `testssl reported no ${id} in ${section}`)
  return entry.finding
}

test('TLS: no protocol below TLS 1.2, and TLS 1.2 and 1.3 offered', () => {
  for (const old of ['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1']) {
    assert.equal(finding('protocols', old), 'not offered', old)
  }
  assert.match(finding('protocols', 'TLS1_2'), /^offered/)
  assert.match(finding('protocols', 'TLS1_3'), /^offered/)
})

test('TLS: no weak cipher category is offered', () => {
  for (const category of ['NULL', 'aNULL', 'EXPORT', 'LOW', '3DES_IDEA', 'AVERAGE']) {
    assert.equal(finding('ciphers', `cipherlist_${category}`), 'not offered', category)
  }
  assert.equal(finding('ciphers', 'cipherlist_STRONG'), 'offered')
})

test('TLS: every accepted cipher has forward secrecy and is AEAD', () => {
  const accepted = scan.cipherTests.filter((e) => e.id.startsWith('cipher_'))
  assert.ok(accepted.length >= 3, `testssl listed ${accepted.length} ciphers`)
  for (const { finding: line } of accepted) {
    // "xc02b   ECDHE-ECDSA-AES128-GCM-SHA256   ECDH 253   AESGCM   128   TLS_ECDHE_...":
    // hexcode, OpenSSL name, key exchange, encryption, bits, IANA name.
    const [, name, kx, , enc] = line.trim().split(/\s+/)
    assert.match(kx, /^(ECDH|DH)$/, `${name} has key exchange ${kx}, not ephemeral`)
    assert.match(enc, /^(AESGCM|ChaCha20|AESCCM)$/, `${name} encrypts with ${enc}, not an AEAD`)
  }
})
