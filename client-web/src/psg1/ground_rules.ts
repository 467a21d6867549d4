// The ground-rules text (protocol/PSG1.md §3.7): one UTF-8 text of 1..8192 bytes, the group's
// ground rules and confidentiality pledge, committed to by pledge_hash = H(utf8(text)) in the
// frame. Members get a new text as a `doc`, encrypted under a fresh key sealed to each member.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlDecodeRange, base64urlEncode } from './base64url.ts'
import { concat, equalBytes, expectLength, lp, utf8Bytes } from './bytes.ts'
import {
  aeadDecrypt,
  aeadEncrypt,
  aeadTagBytes,
  hash,
  idBytes,
  keyBytes,
  nonceBytes,
  pad,
  randomBytes,
  seal,
  sealOpen,
  sealOverheadBytes,
  unpad,
  wipe,
} from './psg1_crypto.ts'

const textLabel = 'PSG1-text'
export const textPadBlock = 256
export const maxTextBytes = 8192
const minDocBytes = textPadBlock + aeadTagBytes // 272
const maxDocBytes = textPadBlock * (maxTextBytes / textPadBlock + 1) + aeadTagBytes // 8464
const loneSurrogate = /\p{Surrogate}/u
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A member a doc is sealed to. */
export interface DocRecipient {
  memberId: Uint8Array
  dhPk: Uint8Array
}

/** D = {"n","c","keys":[{"to","k"}]}, as bytes. */
export interface GroundRulesDoc {
  n: Uint8Array
  c: Uint8Array
  keys: { to: Uint8Array; k: Uint8Array }[]
}

export interface GroundRulesDocWire {
  n: string
  c: string
  keys: { to: string; k: string }[]
}

/** Throws doc_invalid unless text is 1..8192 bytes of well-formed UTF-8; returns those bytes. */
export function groundRulesBytes(text: string): Uint8Array {
  if (loneSurrogate.test(text)) throw new Psg1Error('doc_invalid')
  const bytes = utf8Bytes(text)
  if (bytes.length < 1 || bytes.length > maxTextBytes) throw new Psg1Error('doc_invalid')
  return bytes
}

/** pledge_hash = H(utf8(text)). */
export function pledgeHashOf(text: string): Uint8Array {
  return hash(groundRulesBytes(text))
}

/** Throws doc_invalid unless H(utf8(text)) = pledgeHash: a mismatch means do not approve, alert. */
export function checkGroundRules(text: string, pledgeHash: Uint8Array): void {
  if (!equalBytes(pledgeHashOf(text), pledgeHash)) throw new Psg1Error('doc_invalid')
}

/**
 * The text from its padded bytes (unpadded with block 256 by the caller): doc_invalid if malformed.
 */
export function groundRulesFromBytes(bytes: Uint8Array): string {
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    throw new Psg1Error('doc_invalid')
  }
  groundRulesBytes(text)
  return text
}

function docAd(roomId: Uint8Array, pledgeHash: Uint8Array): Uint8Array {
  return concat(lp(textLabel), expectLength(roomId, idBytes), expectLength(pledgeHash, keyBytes))
}

/**
 * doc for a CHANGE that sets text: c = AEAD(PAD(utf8(text), 256), LP("PSG1-text") || room_id ||
 * H(text), n, tk), and tk sealed to each member of the current version. tk and n are random
 * unless given (test vectors); tk is wiped afterwards.
 */
export function sealGroundRules(
  roomId: Uint8Array,
  text: string,
  recipients: readonly DocRecipient[],
  options: { tk?: Uint8Array; nonce?: Uint8Array } = {},
): GroundRulesDoc {
  const bytes = groundRulesBytes(text)
  const tk = options.tk ? expectLength(options.tk, keyBytes).slice() : randomBytes(keyBytes)
  const n = options.nonce
    ? expectLength(options.nonce, nonceBytes).slice()
    : randomBytes(nonceBytes)
  const padded = pad(bytes, textPadBlock)
  const c = aeadEncrypt(padded, docAd(roomId, hash(bytes)), n, tk)
  const keys = recipients.map((r) => ({
    to: expectLength(r.memberId, idBytes).slice(),
    k: seal(tk, r.dhPk),
  }))
  wipe(tk, padded)
  return { n, c, keys }
}

/**
 * Open a doc as member self with its IK_dh and check it against the proposed pledgeHash: no key
 * for self, two of them, or a text that does not hash to pledgeHash is doc_invalid; a key or text
 * that does not decrypt, or a key that is not 32 bytes, is aead_failed; bad padding is
 * bad_padding.
 */
export function openGroundRules(
  roomId: Uint8Array,
  pledgeHash: Uint8Array,
  doc: GroundRulesDoc,
  self: { memberId: Uint8Array; dhPk: Uint8Array; dhSk: Uint8Array },
): string {
  // Exactly one key for self, as protocol/src/ground_rules_doc.cpp requires.
  const mine = doc.keys.filter((key) => equalBytes(key.to, self.memberId))
  if (mine.length !== 1) throw new Psg1Error('doc_invalid')
  const tk = sealOpen((mine[0] as GroundRulesDoc['keys'][number]).k, self.dhPk, self.dhSk)
  let padded: Uint8Array | null = null
  try {
    // A sealed key that opens to anything but 32 bytes did not give a key: as a failed seal.
    if (tk.length !== keyBytes) throw new Psg1Error('aead_failed')
    padded = aeadDecrypt(doc.c, docAd(roomId, pledgeHash), doc.n, tk)
    const text = groundRulesFromBytes(unpad(padded, textPadBlock))
    checkGroundRules(text, pledgeHash)
    return text
  } finally {
    wipe(tk, padded)
  }
}

export function groundRulesDocToWire(doc: GroundRulesDoc): GroundRulesDocWire {
  return {
    n: base64urlEncode(doc.n),
    c: base64urlEncode(doc.c),
    keys: doc.keys.map((key) => ({ to: base64urlEncode(key.to), k: base64urlEncode(key.k) })),
  }
}

/** D from parsed JSON; bad_encoding for any field of the wrong form or length. */
export function groundRulesDocFromWire(json: unknown): GroundRulesDoc {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { n, c, keys } = json as Record<string, unknown>
  if (typeof n !== 'string' || typeof c !== 'string' || !Array.isArray(keys))
    throw new Psg1Error('bad_encoding')
  const cBytes = base64urlDecodeRange(c, minDocBytes, maxDocBytes)
  if ((cBytes.length - aeadTagBytes) % textPadBlock !== 0) throw new Psg1Error('bad_encoding')
  return {
    n: base64urlDecodeExact(n, nonceBytes),
    c: cBytes,
    keys: keys.map((key: unknown) => {
      if (typeof key !== 'object' || key === null) throw new Psg1Error('bad_encoding')
      const { to, k } = key as Record<string, unknown>
      if (typeof to !== 'string' || typeof k !== 'string') throw new Psg1Error('bad_encoding')
      return {
        to: base64urlDecodeExact(to, idBytes),
        k: base64urlDecodeExact(k, keyBytes + sealOverheadBytes),
      }
    }),
  }
}
