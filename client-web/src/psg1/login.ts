// The two signatures of protocol/PROTOCOL.md §4 that PSG1 keys make: auth (a member logs in) and
// redeem (the first member turns a facilitator invite into membership).

import { concat, expectLength, lp } from './bytes.ts'
import { idBytes, keyBytes, sign } from './psg1_crypto.ts'

/** LP("PSG1-auth") || LP(origin) || nonce(32) || group_id(16) || member_id(16). */
export function authMessage(
  origin: string,
  nonce: Uint8Array,
  roomId: Uint8Array,
  memberId: Uint8Array,
): Uint8Array {
  return concat(
    lp('PSG1-auth'),
    lp(origin),
    expectLength(nonce, keyBytes),
    expectLength(roomId, idBytes),
    expectLength(memberId, idBytes),
  )
}

/**
 * LP("PSG1-redeem") || LP(origin) || nonce || group_id || invite_id || member_id || sig_pk ||
 * dh_pk.
 */
export function redeemMessage(
  origin: string,
  nonce: Uint8Array,
  roomId: Uint8Array,
  inviteId: Uint8Array,
  memberId: Uint8Array,
  sigPk: Uint8Array,
  dhPk: Uint8Array,
): Uint8Array {
  return concat(
    lp('PSG1-redeem'),
    lp(origin),
    expectLength(nonce, keyBytes),
    expectLength(roomId, idBytes),
    expectLength(inviteId, idBytes),
    expectLength(memberId, idBytes),
    expectLength(sigPk, keyBytes),
    expectLength(dhPk, keyBytes),
  )
}

/** The auth frame's sig, by IK_sig.sk (64 bytes). */
export function signAuth(
  sigSk: Uint8Array,
  origin: string,
  nonce: Uint8Array,
  roomId: Uint8Array,
  memberId: Uint8Array,
): Uint8Array {
  return sign(sigSk, authMessage(origin, nonce, roomId, memberId))
}

/** The redeem frame's sig, by the new member's IK_sig.sk (64 bytes). */
export function signRedeem(
  sigSk: Uint8Array,
  origin: string,
  nonce: Uint8Array,
  roomId: Uint8Array,
  inviteId: Uint8Array,
  memberId: Uint8Array,
  sigPk: Uint8Array,
  dhPk: Uint8Array,
): Uint8Array {
  return sign(sigSk, redeemMessage(origin, nonce, roomId, inviteId, memberId, sigPk, dhPk))
}
