// The sealed join key (protocol/PSG1.md §4.2): jk sealed to each member's IK_dh, with the
// signer's id and a PSG1-jk signature inside. A bare seal is anonymous; the signature stops the
// server from slipping a member its own jk' and showing it a fabricated request.

import { Psg1Error } from './psg1_error.ts'
import { concat, expectLength, lp } from './bytes.ts'
import {
  idBytes,
  keyBytes,
  seal,
  sealOpen,
  sealOverheadBytes,
  sign,
  signatureBytes,
  verify,
  wipe,
} from './psg1_crypto.ts'
import type { Roster } from './roster.ts'

const jkLabel = 'PSG1-jk'
const plainBytes = idBytes + keyBytes + signatureBytes // 112
export const sealedJoinKeyBytes = plainBytes + sealOverheadBytes // 160

/** LP("PSG1-jk") || room_id || invite_id || to || jk: what the signer signs. */
export function joinKeyMessage(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  to: Uint8Array,
  jk: Uint8Array,
): Uint8Array {
  return concat(
    lp(jkLabel),
    expectLength(roomId, idBytes),
    expectLength(inviteId, idBytes),
    expectLength(to, idBytes),
    expectLength(jk, keyBytes),
  )
}

/** jks[to].k = SEAL(signer_id || jk || SIG(IK_sig.sk(signer), joinKeyMessage), IK_dh.pk(to)). */
export function sealJoinKey(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  jk: Uint8Array,
  signer: { memberId: Uint8Array; sigSk: Uint8Array },
  to: { memberId: Uint8Array; dhPk: Uint8Array },
): Uint8Array {
  const sig = sign(signer.sigSk, joinKeyMessage(roomId, inviteId, to.memberId, jk))
  const pt = concat(expectLength(signer.memberId, idBytes), jk, sig)
  const sealed = seal(pt, to.dhPk)
  wipe(pt)
  return sealed
}

/**
 * Open this member's sealed jk and check its signature with the signer's IK_sig from the verified
 * chain: rosters are the verified versions from the invite's rv on; the signer must be a member
 * of one of them. bad_encoding (length), aead_failed (does not open), approval_invalid (signer
 * not a member, or a forged signature).
 */
export function openJoinKey(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  sealed: Uint8Array,
  self: { memberId: Uint8Array; dhPk: Uint8Array; dhSk: Uint8Array },
  rosters: readonly Roster[],
): { signerId: Uint8Array; jk: Uint8Array } {
  expectLength(sealed, sealedJoinKeyBytes)
  const pt = sealOpen(sealed, self.dhPk, self.dhSk)
  const signerId = pt.slice(0, idBytes)
  const jk = pt.slice(idBytes, idBytes + keyBytes)
  const sig = pt.slice(idBytes + keyBytes)
  wipe(pt)
  const signerKeys = rosters.map((r) => r.find(signerId)?.sigPk).filter((k) => k !== undefined)
  const message = joinKeyMessage(roomId, inviteId, self.memberId, jk)
  if (!signerKeys.some((pk) => verify(pk, message, sig))) {
    wipe(jk)
    throw new Psg1Error('approval_invalid')
  }
  return { signerId, jk }
}
