// The two KDF contexts of protocol/PSG1.md §1: "PSGinvit" turns the invite secret into the
// token the server sees, the join key and the info key (§4.1); "PSGratch" is the message ratchet
// (§6.1).

import sodium from 'libsodium-wrappers'
import { expectLength } from './bytes.ts'
import { keyBytes } from './psg1_crypto.ts'

const inviteContext = 'PSGinvit'
const ratchetContext = 'PSGratch'

function kdf(id: number, context: string, key: Uint8Array): Uint8Array {
  return sodium.crypto_kdf_derive_from_key(keyBytes, id, context, expectLength(key, keyBytes))
}

/** tok = KDF(1, "PSGinvit", invite_secret): proves the link to the server. */
export function kdfInviteToken(inviteSecret: Uint8Array): Uint8Array {
  return kdf(1, inviteContext, inviteSecret)
}

/** jk = KDF(2, "PSGinvit", invite_secret): encrypts the join request. */
export function kdfInviteJoinKey(inviteSecret: Uint8Array): Uint8Array {
  return kdf(2, inviteContext, inviteSecret)
}

/** ik = KDF(3, "PSGinvit", invite_secret): encrypts the invite info. */
export function kdfInviteInfoKey(inviteSecret: Uint8Array): Uint8Array {
  return kdf(3, inviteContext, inviteSecret)
}

/** MK_n = KDF(1, "PSGratch", CK_n). */
export function ratchetMessageKey(chainKey: Uint8Array): Uint8Array {
  return kdf(1, ratchetContext, chainKey)
}

/** CK_{n+1} = KDF(2, "PSGratch", CK_n). */
export function ratchetChainKey(chainKey: Uint8Array): Uint8Array {
  return kdf(2, ratchetContext, chainKey)
}
