// Names (pseudonyms), protocol/PSG1.md §1: 1..63 bytes of UTF-8, NFC, trimmed, no control
// character, always carried as NAME64 = PAD(utf8(name), 64) so that the wire hides the length.

import { Psg1Error } from './psg1_error.ts'
import { pad, unpad } from './psg1_crypto.ts'
import { expectLength, utf8Bytes } from './bytes.ts'

export const name64Bytes = 64
const maxNameBytes = 63
// \p{Cc} is C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F).
const control = /\p{Cc}/u
const loneSurrogate = /\p{Surrogate}/u
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** What a name field becomes before it is checked: NFC and trimmed. */
export function normalizeName(input: string): string {
  return input.normalize('NFC').trim()
}

/**
 * Throws bad_name unless name follows every rule (a name is never silently changed). maxBytes is
 * 63 for a member's name; a group name (§4.2) allows 64, as protocol/src/name64.cpp does.
 */
export function checkName(name: string, maxBytes: number = maxNameBytes): void {
  if (loneSurrogate.test(name) || control.test(name)) throw new Psg1Error('bad_name')
  if (name !== name.normalize('NFC') || name !== name.trim()) throw new Psg1Error('bad_name')
  const length = utf8Bytes(name).length
  if (length < 1 || length > maxBytes) throw new Psg1Error('bad_name')
}

/** NAME64 of a valid name (bad_name otherwise). */
export function name64(name: string): Uint8Array {
  checkName(name)
  return pad(utf8Bytes(name), name64Bytes)
}

/** The name inside 64 bytes of NAME64: unpadded and checked with the same rules (bad_name). */
export function openName64(bytes: Uint8Array): string {
  expectLength(bytes, name64Bytes)
  let name: string
  try {
    name = strictUtf8.decode(unpad(bytes, name64Bytes))
  } catch {
    throw new Psg1Error('bad_name')
  }
  checkName(name)
  return name
}
