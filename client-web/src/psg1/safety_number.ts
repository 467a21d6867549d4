// Safety numbers (protocol/PSG1.md §7): 30 digits per member from its two public keys, and the
// 60-digit number two people compare outside Sirkel before a joiner is admitted.

import { concat, expectLength, lp } from './bytes.ts'
import { hash, keyBytes } from './psg1_crypto.ts'

const fpLabel = 'PSG1-fp'
const groups = 6
const groupBytes = 5
const groupDigits = 5

/** fp(m) = H(LP("PSG1-fp") || IK_sig.pk || IK_dh.pk). */
export function safetyFingerprint(sigPk: Uint8Array, dhPk: Uint8Array): Uint8Array {
  return hash(concat(lp(fpLabel), expectLength(sigPk, keyBytes), expectLength(dhPk, keyBytes)))
}

/** digits(m): for k = 0..5, u40be(fp[5k..5k+5]) mod 100000 as 5 digits; 30 in all. */
export function safetyDigits(fingerprint: Uint8Array): string {
  expectLength(fingerprint, keyBytes)
  let out = ''
  for (let k = 0; k < groups; k++) {
    let v = 0
    // 40 bits fit a double exactly.
    for (let i = 0; i < groupBytes; i++) v = v * 256 + (fingerprint[groupBytes * k + i] as number)
    out += String(v % 100000).padStart(groupDigits, '0')
  }
  return out
}

/**
 * pair(a, b): the two digit strings sorted as ASCII and concatenated (60 digits), the same for both
 * people.
 */
export function safetyNumber(
  a: { sigPk: Uint8Array; dhPk: Uint8Array },
  b: { sigPk: Uint8Array; dhPk: Uint8Array },
): string {
  const da = safetyDigits(safetyFingerprint(a.sigPk, a.dhPk))
  const db = safetyDigits(safetyFingerprint(b.sigPk, b.dhPk))
  return da <= db ? da + db : db + da
}

/** Digits shown in groups of 5 separated by spaces: 12 groups for a pair. */
export function formatSafetyNumber(digits: string): string {
  return (digits.match(/.{1,5}/g) ?? []).join(' ')
}
