// Message plaintexts (protocol/PSG1.md §6.4): canonical JSON, exactly the bytes JSON.stringify
// gives with the keys in the order shown. A receiver parses, re-serialises and compares bytes,
// which refuses whitespace, duplicate keys, unknown keys and wrong shapes in one rule, as
// is_canonical_plaintext in protocol/src/psg1_message.cpp does.

import { Psg1Error } from './psg1_error.ts'
import { utf8Bytes } from './bytes.ts'
import { maxPlaintextBytes, messageKind } from './psg1_message.ts'

export const reactions = ['recognise', 'thanks', 'heart'] as const
export type Reaction = (typeof reactions)[number]

export type Plaintext =
  { kind: 1; text: string } | { kind: 2; reaction: Reaction } | { kind: 3; typing: boolean }

const loneSurrogate = /\p{Surrogate}/u
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function canonicalText(text: string): string {
  return `{"text":${JSON.stringify(text)}}`
}

/** {"text":"…"}: non-empty, well-formed, at most 16383 bytes in all (bad_plaintext). */
export function textPlaintext(text: string): Uint8Array {
  if (text.length === 0 || loneSurrogate.test(text)) throw new Psg1Error('bad_plaintext')
  const bytes = utf8Bytes(canonicalText(text))
  if (bytes.length > maxPlaintextBytes) throw new Psg1Error('bad_plaintext')
  return bytes
}

/** {"r":"recognise"|"thanks"|"heart"}. */
export function reactionPlaintext(reaction: Reaction): Uint8Array {
  if (!reactions.includes(reaction)) throw new Psg1Error('bad_plaintext')
  return utf8Bytes(`{"r":"${reaction}"}`)
}

/** {"typing":true|false}: "I'm still writing". */
export function typingPlaintext(typing: boolean): Uint8Array {
  return utf8Bytes(`{"typing":${typing ? 'true' : 'false'}}`)
}

/**
 * The plaintext of kind, or bad_plaintext unless pt is exactly its canonical JSON (step 7 of §6.3).
 */
export function parsePlaintext(kind: number, pt: Uint8Array): Plaintext {
  if (pt.length > maxPlaintextBytes) throw new Psg1Error('bad_plaintext')
  let text: string
  try {
    text = strictUtf8.decode(pt)
  } catch {
    throw new Psg1Error('bad_plaintext')
  }
  switch (kind) {
    case messageKind.text: {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        throw new Psg1Error('bad_plaintext')
      }
      const s =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>).text
          : undefined
      // JSON.stringify escapes a lone surrogate, so its output could match: refuse it first.
      if (
        typeof s !== 'string' ||
        s.length === 0 ||
        loneSurrogate.test(s) ||
        canonicalText(s) !== text
      ) {
        throw new Psg1Error('bad_plaintext')
      }
      return { kind: 1, text: s }
    }
    case messageKind.reaction: {
      const reaction = reactions.find((r) => text === `{"r":"${r}"}`)
      if (reaction === undefined) throw new Psg1Error('bad_plaintext')
      return { kind: 2, reaction }
    }
    case messageKind.control:
      if (text === '{"typing":true}') return { kind: 3, typing: true }
      if (text === '{"typing":false}') return { kind: 3, typing: false }
      throw new Psg1Error('bad_plaintext')
    default:
      throw new Psg1Error('bad_plaintext')
  }
}

/** True if pt is the canonical plaintext of kind. */
export function isCanonicalPlaintext(kind: number, pt: Uint8Array): boolean {
  try {
    parsePlaintext(kind, pt)
    return true
  } catch {
    return false
  }
}
