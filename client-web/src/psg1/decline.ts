// Declining a join request (protocol/PSG1.md §4.5): a signature by a member of the current roster
// over the request's identity. It carries no reason and no free text.

import { Psg1Error } from './psg1_error.ts'
import { concat, equalBytes, expectLength, lp } from './bytes.ts'
import { idBytes, keyBytes, sign, verify } from './psg1_crypto.ts'
import type { Roster, RosterApproval } from './roster.ts'

const declineLabel = 'PSG1-decline'

/** The joiner a decline is about. */
export interface DeclinedJoiner {
  inviteId: Uint8Array
  memberId: Uint8Array
  sigPk: Uint8Array
}

/** LP("PSG1-decline") || room_id || invite_id || joiner_member_id || joiner_IK_sig.pk. */
export function declineMessage(roomId: Uint8Array, joiner: DeclinedJoiner): Uint8Array {
  return concat(
    lp(declineLabel),
    expectLength(roomId, idBytes),
    expectLength(joiner.inviteId, idBytes),
    expectLength(joiner.memberId, idBytes),
    expectLength(joiner.sigPk, keyBytes),
  )
}

/** decline_sig by member memberId with IK_sig.sk; {"m","sig"} on the wire, as an approval. */
export function signDecline(
  roomId: Uint8Array,
  joiner: DeclinedJoiner,
  memberId: Uint8Array,
  sigSk: Uint8Array,
): RosterApproval {
  return {
    memberId: expectLength(memberId, idBytes).slice(),
    sig: sign(sigSk, declineMessage(roomId, joiner)),
  }
}

/**
 * Check declines (as the joiner does with join_status declined, or a member with a request):
 * each by a member of roster, once, with a valid signature; approval_invalid otherwise.
 */
export function verifyDeclines(
  roomId: Uint8Array,
  roster: Roster,
  joiner: DeclinedJoiner,
  declines: readonly RosterApproval[],
): void {
  const message = declineMessage(roomId, joiner)
  const seen: Uint8Array[] = []
  for (const d of declines) {
    const entry = roster.find(d.memberId)
    if (
      entry === undefined ||
      seen.some((id) => equalBytes(id, d.memberId)) ||
      !verify(entry.sigPk, message, d.sig)
    ) {
      throw new Psg1Error('approval_invalid')
    }
    seen.push(d.memberId)
  }
}
