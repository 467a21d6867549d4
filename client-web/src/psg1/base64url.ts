// Base64url without padding (RFC 4648 §5), the encoding of every binary field on the wire
// (protocol/PSG1.md §1). Decoding is strict: only the URL-safe alphabet, the exact length, and
// re-encoding must give the same text, which refuses '=', '+', '/', whitespace and non-zero
// trailing bits. Every refusal is bad_encoding.

import sodium from 'libsodium-wrappers'
import { Psg1Error } from './psg1_error.ts'

const alphabet = /^[A-Za-z0-9_-]*$/

export function base64urlEncode(bytes: Uint8Array): string {
  return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING)
}

/** The length in characters of n bytes: 16 → 22, 32 → 43, 64 → 86, ... */
export function base64urlLength(n: number): number {
  return Math.floor(n / 3) * 4 + (n % 3 === 0 ? 0 : (n % 3) + 1)
}

function decodeCanonical(text: string): Uint8Array {
  // A length of 4k+1 characters can carry no whole byte in its last group.
  if (!alphabet.test(text) || text.length % 4 === 1) throw new Psg1Error('bad_encoding')
  let bytes: Uint8Array
  try {
    bytes = sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING)
  } catch {
    throw new Psg1Error('bad_encoding')
  }
  if (base64urlEncode(bytes) !== text) throw new Psg1Error('bad_encoding')
  return bytes
}

/** Decode text into exactly n bytes. */
export function base64urlDecodeExact(text: string, n: number): Uint8Array {
  if (text.length !== base64urlLength(n)) throw new Psg1Error('bad_encoding')
  return decodeCanonical(text)
}

/** Decode text of min..max bytes ("b64 a..b B" in the spec). */
export function base64urlDecodeRange(text: string, min: number, max: number): Uint8Array {
  if (text.length > base64urlLength(max)) throw new Psg1Error('bad_encoding')
  const bytes = decodeCanonical(text)
  if (bytes.length < min || bytes.length > max) throw new Psg1Error('bad_encoding')
  return bytes
}
