// The ekey frame (protocol/PSG1.md §5.2): a participant's epoch key EK for this epoch, signed
// with its IK_sig over the meeting, the epoch, the roster and the participants as it sees them.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlEncode } from './base64url.ts'
import { concat, equalBytes, expectLength, lp, u32be, u64be } from './bytes.ts'
import { idBytes, keyBytes, sign, signatureBytes, verify } from './psg1_crypto.ts'
import type { Roster } from './roster.ts'

const ekeyLabel = 'PSG1-ekey'

/** The ekey frame's fields as bytes. */
export interface Ekey {
  sessionId: Uint8Array
  ep: number
  from: Uint8Array
  rv: number
  rh: Uint8Array
  ek: Uint8Array
  sig: Uint8Array
}

/**
 * LP("PSG1-ekey") || room_id || session_id || u32be(ep) || member_id || u64be(rv) || roster_hash ||
 * parts_hash || EK.pk.
 */
export function ekeyMessage(
  roomId: Uint8Array,
  sessionId: Uint8Array,
  ep: number,
  memberId: Uint8Array,
  rv: number,
  rosterHash: Uint8Array,
  partsHash: Uint8Array,
  ekPk: Uint8Array,
): Uint8Array {
  return concat(
    lp(ekeyLabel),
    expectLength(roomId, idBytes),
    expectLength(sessionId, idBytes),
    u32be(ep),
    expectLength(memberId, idBytes),
    u64be(rv),
    expectLength(rosterHash, keyBytes),
    expectLength(partsHash, keyBytes),
    expectLength(ekPk, keyBytes),
  )
}

/** This participant's ekey for the epoch it checked (partsHash from checkEpoch). */
export function signEkey(
  roomId: Uint8Array,
  epoch: { sessionId: Uint8Array; ep: number; roster: Roster; partsHash: Uint8Array },
  self: { memberId: Uint8Array; sigSk: Uint8Array },
  ekPk: Uint8Array,
): Ekey {
  const { sessionId, ep, roster, partsHash } = epoch
  const sig = sign(
    self.sigSk,
    ekeyMessage(roomId, sessionId, ep, self.memberId, roster.version, roster.hash, partsHash, ekPk),
  )
  return {
    sessionId: sessionId.slice(),
    ep,
    from: self.memberId.slice(),
    rv: roster.version,
    rh: roster.hash.slice(),
    ek: ekPk.slice(),
    sig,
  }
}

/**
 * A receiver's checks (§5.2), in order: ses and ep are its own (wrong_epoch); from is in parts
 * (not_a_participant); rv and rh are its roster's (roster_stale: fetch the chain, alert if it
 * still differs); the signature holds with from's IK_sig over its own parts_hash (ekey_invalid).
 */
export function verifyEkey(
  roomId: Uint8Array,
  ekey: Ekey,
  view: {
    sessionId: Uint8Array
    ep: number
    parts: readonly Uint8Array[]
    partsHash: Uint8Array
    roster: Roster
  },
): void {
  if (!equalBytes(ekey.sessionId, view.sessionId) || ekey.ep !== view.ep)
    throw new Psg1Error('wrong_epoch')
  if (!view.parts.some((p) => equalBytes(p, ekey.from))) throw new Psg1Error('not_a_participant')
  if (ekey.rv !== view.roster.version || !equalBytes(ekey.rh, view.roster.hash))
    throw new Psg1Error('roster_stale')
  const entry = view.roster.find(ekey.from)
  const message = ekeyMessage(
    roomId,
    view.sessionId,
    view.ep,
    ekey.from,
    view.roster.version,
    view.roster.hash,
    view.partsHash,
    ekey.ek,
  )
  if (entry === undefined || !verify(entry.sigPk, message, ekey.sig))
    throw new Psg1Error('ekey_invalid')
}

export function ekeyToWire(ekey: Ekey): Record<string, string | number> {
  return {
    t: 'ekey',
    ses: base64urlEncode(ekey.sessionId),
    ep: ekey.ep,
    from: base64urlEncode(ekey.from),
    rv: ekey.rv,
    rh: base64urlEncode(ekey.rh),
    ek: base64urlEncode(ekey.ek),
    sig: base64urlEncode(ekey.sig),
  }
}

/** The ekey frame from parsed JSON; bad_encoding or out_of_range. */
export function ekeyFromWire(json: unknown): Ekey {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { ses, ep, from, rv, rh, ek, sig } = json as Record<string, unknown>
  if ([ses, from, rh, ek, sig].some((v) => typeof v !== 'string'))
    throw new Psg1Error('bad_encoding')
  if (typeof ep !== 'number' || !Number.isInteger(ep) || ep < 1 || ep > 0xffffffff)
    throw new Psg1Error('out_of_range')
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv < 1)
    throw new Psg1Error('out_of_range')
  return {
    sessionId: base64urlDecodeExact(ses as string, idBytes),
    ep,
    from: base64urlDecodeExact(from as string, idBytes),
    rv,
    rh: base64urlDecodeExact(rh as string, keyBytes),
    ek: base64urlDecodeExact(ek as string, keyBytes),
    sig: base64urlDecodeExact(sig as string, signatureBytes),
  }
}
