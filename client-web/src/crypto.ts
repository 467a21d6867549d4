// Start libsodium (WebAssembly) and say so. Every cryptographic operation of the client goes
// through libsodium-wrappers; nothing may run before sodium.ready has resolved.

import sodium from 'libsodium-wrappers'
import type { Strings } from './i18n.ts'

export async function setupCrypto(status: HTMLElement, text: Strings): Promise<boolean> {
  status.dataset.state = 'loading'
  status.textContent = text.cryptoLoading
  try {
    await sodium.ready
  } catch (err) {
    console.warn('libsodium failed to start', err)
    status.dataset.state = 'failed'
    status.textContent = text.cryptoFailed
    return false
  }
  status.dataset.state = 'ready'
  status.textContent = text.cryptoReady
  return true
}
