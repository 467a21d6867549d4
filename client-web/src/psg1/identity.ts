// Fresh keys (protocol/PSG1.md §2): a membership's identity, made once per group (never shared
// across groups, so the server cannot link memberships by key), and a participant's keys for one
// epoch of a meeting.

import {
  boxKeyPair,
  keyBytes,
  randomBytes,
  randomId,
  signKeyPair,
  wipe,
  type KeyPair,
} from './psg1_crypto.ts'

/**
 * member_id, IK_sig and IK_dh of one membership (device × group), flat, so that it can be passed
 * wherever a function asks for some of these fields (buildJoinRequest, openJoinKey, signEkey, ...).
 */
export interface Identity {
  memberId: Uint8Array
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
  dhSk: Uint8Array
}

/** EK, SK_msg and CK_0 of one participant in one epoch (§5.2). */
export interface EpochKeys {
  ek: KeyPair
  skMsg: KeyPair
  chainKey: Uint8Array
}

export function createIdentity(): Identity {
  const sig = signKeyPair()
  const dh = boxKeyPair()
  return {
    memberId: randomId(),
    sigPk: sig.publicKey,
    sigSk: sig.privateKey,
    dhPk: dh.publicKey,
    dhSk: dh.privateKey,
  }
}

export function createEpochKeys(): EpochKeys {
  return { ek: boxKeyPair(), skMsg: signKeyPair(), chainKey: randomBytes(keyBytes) }
}

/** Wipe an epoch's secrets (§5.5); EK.sk may go earlier, once every expected box is opened. */
export function wipeEpochKeys(keys: EpochKeys): void {
  wipe(keys.ek.privateKey, keys.skMsg.privateKey, keys.chainKey)
}
