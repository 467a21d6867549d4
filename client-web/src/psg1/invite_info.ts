// The invite info (protocol/PSG1.md §4.2): what a person holding the link reads before asking to
// join: the group's name, the creator's name and the ground-rules text, encrypted under
// ik = KDF(3, "PSGinvit", invite_secret) so the server never sees them.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlDecodeRange, base64urlEncode } from './base64url.ts'
import { ByteReader, concat, expectLength, lp, utf8Bytes } from './bytes.ts'
import {
  aeadDecrypt,
  aeadEncrypt,
  aeadTagBytes,
  idBytes,
  nonceBytes,
  pad,
  randomBytes,
  unpad,
  wipe,
} from './psg1_crypto.ts'
import { groundRulesBytes, groundRulesFromBytes, textPadBlock } from './ground_rules.ts'
import { checkName, name64, name64Bytes, openName64 } from './name64.ts'

const infoLabel = 'PSG1-invinfo'
const maxGroupNameBytes = 64
const minInfoBytes = textPadBlock + aeadTagBytes // 272
const maxInfoBytes = 33 * textPadBlock + aeadTagBytes // 8464
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export interface InviteInfo {
  groupName: string
  creatorName: string
  text: string
}

/** {"n","c"} as bytes. */
export interface SealedInviteInfo {
  n: Uint8Array
  c: Uint8Array
}

// The group name follows the name rules of §1 with up to 64 bytes, as protocol/src/invite_info.cpp
// checks it.
function groupNameBytes(groupName: string): Uint8Array {
  checkName(groupName, maxGroupNameBytes)
  return utf8Bytes(groupName)
}

function infoAd(roomId: Uint8Array, inviteId: Uint8Array): Uint8Array {
  return concat(lp(infoLabel), expectLength(roomId, idBytes), expectLength(inviteId, idBytes))
}

/**
 * info.c = AEAD(PAD(LP(group_name) || NAME64(creator) || LP(text), 256), LP("PSG1-invinfo") ||
 * room_id || invite_id, n, ik). n is random unless given (test vectors).
 */
export function sealInviteInfo(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  ik: Uint8Array,
  info: InviteInfo,
  nonce?: Uint8Array,
): SealedInviteInfo {
  const pt = pad(
    concat(
      lp(groupNameBytes(info.groupName)),
      name64(info.creatorName),
      lp(groundRulesBytes(info.text)),
    ),
    textPadBlock,
  )
  const n = nonce ? expectLength(nonce, nonceBytes).slice() : randomBytes(nonceBytes)
  const c = aeadEncrypt(pt, infoAd(roomId, inviteId), n, ik)
  wipe(pt)
  return { n, c }
}

/**
 * Decrypt and parse the info, in this order: aead_failed, bad_padding, bad_encoding (layout),
 * bad_name (group name, then creator name), doc_invalid (text). The caller then checks the text
 * against the pinned chain's pledge_hash with checkGroundRules.
 */
export function openInviteInfo(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  ik: Uint8Array,
  sealed: SealedInviteInfo,
): InviteInfo {
  const padded = aeadDecrypt(sealed.c, infoAd(roomId, inviteId), sealed.n, ik)
  const pt = unpad(padded, textPadBlock)
  wipe(padded)
  // The whole layout first (bad_encoding), then its fields, in the order of the C++ reader.
  const in_ = new ByteReader(pt, 'bad_encoding')
  const groupBytes = in_.lp()
  const creatorBytes = in_.take(name64Bytes)
  const textBytes = in_.lp()
  in_.end()
  let groupName: string
  try {
    groupName = strictUtf8.decode(groupBytes)
  } catch {
    throw new Psg1Error('bad_name')
  }
  groupNameBytes(groupName)
  const creatorName = openName64(creatorBytes)
  const text = groundRulesFromBytes(textBytes)
  return { groupName, creatorName, text }
}

export function inviteInfoToWire(sealed: SealedInviteInfo): { n: string; c: string } {
  return { n: base64urlEncode(sealed.n), c: base64urlEncode(sealed.c) }
}

/** {"n","c"} from parsed JSON; bad_encoding for any field of the wrong form or length. */
export function inviteInfoFromWire(json: unknown): SealedInviteInfo {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { n, c } = json as Record<string, unknown>
  if (typeof n !== 'string' || typeof c !== 'string') throw new Psg1Error('bad_encoding')
  const cBytes = base64urlDecodeRange(c, minInfoBytes, maxInfoBytes)
  if ((cBytes.length - aeadTagBytes) % textPadBlock !== 0) throw new Psg1Error('bad_encoding')
  return { n: base64urlDecodeExact(n, nonceBytes), c: cBytes }
}
