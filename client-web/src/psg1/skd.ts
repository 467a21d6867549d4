// Sender-key distribution (protocol/PSG1.md §5.3): participant i sends its chain key CK_i,0, its
// SK_msg_i.pk and its name to each other participant j in a box under the epoch keys EK_i, EK_j.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlEncode } from './base64url.ts'
import { ByteReader, concat, equalBytes, expectLength, lp, u32be } from './bytes.ts'
import {
  box,
  boxOpen,
  boxOverheadBytes,
  idBytes,
  keyBytes,
  nonceBytes,
  randomBytes,
  wipe,
} from './psg1_crypto.ts'
import { name64, name64Bytes, openName64 } from './name64.ts'

const skdLabel = 'PSG1-skd'
export const skdPayloadBytes = 212
export const skdBoxBytes = skdPayloadBytes + boxOverheadBytes // 228

/** Where a box is: meeting, epoch, sender i and recipient j. */
export interface SkdAddress {
  roomId: Uint8Array
  sessionId: Uint8Array
  ep: number
  from: Uint8Array
  to: Uint8Array
}

/** What i distributes: its chain start, its message-signing public key and its name. */
export interface SenderKey {
  chainKey: Uint8Array
  skMsgPk: Uint8Array
  name: string
}

/** One {"to","n","c"} of an skd, as bytes. */
export interface SkdBox {
  to: Uint8Array
  n: Uint8Array
  c: Uint8Array
}

/**
 * P_ij = LP("PSG1-skd") || room_id || session_id || u32be(ep) || i || j || CK_i,0 || SK_msg_i.pk ||
 * LP(NAME64(name_i)) (212 B).
 */
export function skdPayload(at: SkdAddress, key: SenderKey): Uint8Array {
  return concat(
    lp(skdLabel),
    expectLength(at.roomId, idBytes),
    expectLength(at.sessionId, idBytes),
    u32be(at.ep),
    expectLength(at.from, idBytes),
    expectLength(at.to, idBytes),
    expectLength(key.chainKey, keyBytes),
    expectLength(key.skMsgPk, keyBytes),
    lp(name64(key.name)),
  )
}

/** c = BOX(P_ij, n, EK_j.pk, EK_i.sk); n random unless given (test vectors). */
export function sealSkdBox(
  at: SkdAddress,
  key: SenderKey,
  recipientEkPk: Uint8Array,
  ownEkSk: Uint8Array,
  nonce?: Uint8Array,
): SkdBox {
  const payload = skdPayload(at, key)
  const n = nonce ? expectLength(nonce, nonceBytes).slice() : randomBytes(nonceBytes)
  const c = box(payload, n, recipientEkPk, ownEkSk)
  wipe(payload)
  return { to: at.to.slice(), n, c }
}

/**
 * Open i's box to j with EK_i.pk from i's verified ekey and check every field: the length, the
 * label, room_id, session_id, ep, from = i, to = j, LP(NAME64) of 64 bytes and a valid name.
 * Any failure is skd_invalid: i's messages in this epoch are then unreadable.
 */
export function openSkdBox(
  at: SkdAddress,
  b: { n: Uint8Array; c: Uint8Array },
  senderEkPk: Uint8Array,
  ownEkSk: Uint8Array,
): SenderKey {
  if (b.c.length !== skdBoxBytes) throw new Psg1Error('skd_invalid')
  const payload = boxOpen(b.c, b.n, senderEkPk, ownEkSk)
  if (payload === null) throw new Psg1Error('skd_invalid')
  try {
    const in_ = new ByteReader(payload, 'skd_invalid')
    const label = lp(skdLabel)
    if (
      !equalBytes(in_.take(label.length), label) ||
      !equalBytes(in_.take(idBytes), at.roomId) ||
      !equalBytes(in_.take(idBytes), at.sessionId) ||
      in_.be(4) !== at.ep ||
      !equalBytes(in_.take(idBytes), at.from) ||
      !equalBytes(in_.take(idBytes), at.to)
    ) {
      throw new Psg1Error('skd_invalid')
    }
    const chainKey = in_.take(keyBytes)
    const skMsgPk = in_.take(keyBytes)
    const nameField = in_.lp()
    in_.end()
    if (nameField.length !== name64Bytes) {
      wipe(chainKey)
      throw new Psg1Error('skd_invalid')
    }
    let name: string
    try {
      name = openName64(nameField)
    } catch {
      wipe(chainKey)
      throw new Psg1Error('skd_invalid')
    }
    return { chainKey, skMsgPk, name }
  } finally {
    wipe(payload)
  }
}

export function skdBoxToWire(b: SkdBox): { to: string; n: string; c: string } {
  return { to: base64urlEncode(b.to), n: base64urlEncode(b.n), c: base64urlEncode(b.c) }
}

/** One box from parsed JSON: to 16 B, n 24 B, c 228 B (bad_encoding). */
export function skdBoxFromWire(json: unknown): SkdBox {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { to, n, c } = json as Record<string, unknown>
  if (typeof to !== 'string' || typeof n !== 'string' || typeof c !== 'string')
    throw new Psg1Error('bad_encoding')
  return {
    to: base64urlDecodeExact(to, idBytes),
    n: base64urlDecodeExact(n, nonceBytes),
    c: base64urlDecodeExact(c, skdBoxBytes),
  }
}
