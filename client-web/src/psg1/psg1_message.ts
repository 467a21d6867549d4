// The bytes of one end-to-end message (protocol/PSG1.md §6.2): its associated data, what SK_msg
// signs, and the msg frame. MessageSender makes them, MessageReceiver checks them.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlDecodeRange, base64urlEncode } from './base64url.ts'
import { concat, expectLength, lp, u32be, u8 } from './bytes.ts'
import { aeadTagBytes, idBytes, nonceBytes, signatureBytes } from './psg1_crypto.ts'

const msgLabel = 'PSG1-msg'
const sigLabel = 'PSG1-sig'

/** ctr < 2^20 always (§5.4). */
export const messageCtrLimit = 2 ** 20
/** The plaintext is padded to 256-byte blocks, 1..64 of them. */
export const messagePadBlock = 256
export const messageMaxBlocks = 64
/** The canonical plaintext is at most 16383 bytes, so that the padded one fits 64 blocks. */
export const maxPlaintextBytes = messagePadBlock * messageMaxBlocks - 1

/** The kinds of §6.4, carried in ad. */
export const messageKind = { text: 1, reaction: 2, control: 3 } as const

/** The fields of a msg frame that PSG1 defines (the room is the connection's group). */
export interface Psg1Message {
  sessionId: Uint8Array
  ep: number
  from: Uint8Array
  ctr: number
  kind: number
  n: Uint8Array
  ct: Uint8Array
  sig: Uint8Array
}

/**
 * ad = LP("PSG1-msg") || room_id || session_id || u32be(ep) || member_id || u32be(ctr) || u8(kind).
 */
export function messageAd(
  roomId: Uint8Array,
  sessionId: Uint8Array,
  ep: number,
  memberId: Uint8Array,
  ctr: number,
  kind: number,
): Uint8Array {
  return concat(
    lp(msgLabel),
    expectLength(roomId, idBytes),
    expectLength(sessionId, idBytes),
    u32be(ep),
    expectLength(memberId, idBytes),
    u32be(ctr),
    u8(kind),
  )
}

/** LP("PSG1-sig") || ad || n || ct: what SK_msg signs. */
export function messageSignedBytes(ad: Uint8Array, n: Uint8Array, ct: Uint8Array): Uint8Array {
  return concat(lp(sigLabel), ad, expectLength(n, nonceBytes), ct)
}

export function messageToWire(m: Psg1Message): Record<string, string | number> {
  return {
    t: 'msg',
    ses: base64urlEncode(m.sessionId),
    ep: m.ep,
    from: base64urlEncode(m.from),
    ctr: m.ctr,
    k: m.kind,
    n: base64urlEncode(m.n),
    ct: base64urlEncode(m.ct),
    sig: base64urlEncode(m.sig),
  }
}

function isUint(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max
}

/**
 * A msg frame from parsed JSON: bad_encoding for a binary field of the wrong form (ct at most
 * 16 + 256·64 bytes here; its exact shape is the receiver's step 1), out_of_range for an integer
 * outside u32 (ep, ctr) or u8 (k).
 */
export function messageFromWire(json: unknown): Psg1Message {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { ses, ep, from, ctr, k, n, ct, sig } = json as Record<string, unknown>
  if ([ses, from, n, ct, sig].some((v) => typeof v !== 'string'))
    throw new Psg1Error('bad_encoding')
  if (!isUint(ep, 0xffffffff) || !isUint(ctr, 0xffffffff) || !isUint(k, 0xff))
    throw new Psg1Error('out_of_range')
  return {
    sessionId: base64urlDecodeExact(ses as string, idBytes),
    ep,
    from: base64urlDecodeExact(from as string, idBytes),
    ctr,
    kind: k,
    n: base64urlDecodeExact(n as string, nonceBytes),
    ct: base64urlDecodeRange(ct as string, 0, aeadTagBytes + messagePadBlock * messageMaxBlocks),
    sig: base64urlDecodeExact(sig as string, signatureBytes),
  }
}
