// The epoch frame of a meeting (protocol/PSG1.md §5.1): who takes part, under which roster
// version, and the parts_hash every ekey signs so that a server showing different participants to
// different people breaks the signatures.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact } from './base64url.ts'
import { compareBytes, concat, equalBytes, expectLength, lp, u32be } from './bytes.ts'
import { hash, idBytes, keyBytes } from './psg1_crypto.ts'
import { rosterMaxMembers, type Roster } from './roster.ts'

const partsLabel = 'PSG1-parts'

/** The epoch frame's fields as bytes. */
export interface EpochFrame {
  sessionId: Uint8Array
  ep: number
  rv: number
  rh: Uint8Array
  parts: Uint8Array[]
}

/** parts_hash = H(LP("PSG1-parts") || u32be(count) || member_id_1 || … || member_id_count). */
export function partsHash(parts: readonly Uint8Array[]): Uint8Array {
  return hash(
    concat(lp(partsLabel), u32be(parts.length), ...parts.map((p) => expectLength(p, idBytes))),
  )
}

/**
 * The client's checks of §5.1, in order: ses is this meeting and ep is larger than any seen
 * (wrong_epoch); rv is the current verified version and rh its hash (roster_stale: a lower rv is
 * a rollback alert, a higher one means fetch and verify first); parts is sorted, unique and
 * 1..12 long (bad_encoding), within the roster and including self (not_a_participant). Any
 * failure: ignore the frame, alert, and send nothing in this epoch. Returns partsHash(parts).
 */
export function checkEpoch(
  epoch: EpochFrame,
  view: { sessionId: Uint8Array; lastEp: number; roster: Roster; self: Uint8Array },
): Uint8Array {
  if (!equalBytes(epoch.sessionId, view.sessionId) || !(epoch.ep > view.lastEp))
    throw new Psg1Error('wrong_epoch')
  if (epoch.rv !== view.roster.version || !equalBytes(epoch.rh, view.roster.hash))
    throw new Psg1Error('roster_stale')
  const { parts } = epoch
  if (parts.length < 1 || parts.length > rosterMaxMembers) throw new Psg1Error('bad_encoding')
  for (let i = 1; i < parts.length; i++) {
    if (compareBytes(parts[i - 1] as Uint8Array, parts[i] as Uint8Array) >= 0)
      throw new Psg1Error('bad_encoding')
  }
  if (
    !parts.every((p) => view.roster.find(p) !== undefined) ||
    !parts.some((p) => equalBytes(p, view.self))
  ) {
    throw new Psg1Error('not_a_participant')
  }
  return partsHash(parts)
}

/** {"t":"epoch","ses","ep","rv","rh","parts"} from parsed JSON; bad_encoding or out_of_range. */
export function epochFrameFromWire(json: unknown): EpochFrame {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const { ses, ep, rv, rh, parts } = json as Record<string, unknown>
  if (typeof ses !== 'string' || typeof rh !== 'string' || !Array.isArray(parts))
    throw new Psg1Error('bad_encoding')
  if (typeof ep !== 'number' || !Number.isInteger(ep) || ep < 1 || ep > 0xffffffff)
    throw new Psg1Error('out_of_range')
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv < 1)
    throw new Psg1Error('out_of_range')
  return {
    sessionId: base64urlDecodeExact(ses, idBytes),
    ep,
    rv,
    rh: base64urlDecodeExact(rh, keyBytes),
    parts: parts.map((p: unknown) => {
      if (typeof p !== 'string') throw new Psg1Error('bad_encoding')
      return base64urlDecodeExact(p, idBytes)
    }),
  }
}
