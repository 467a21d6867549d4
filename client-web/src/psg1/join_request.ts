// The join request (protocol/PSG1.md §4.4) and a member's check of it (§4.5). The joiner signs
// its pledge and the whole request with its fresh IK_sig, encrypts it under jk (only holders of the
// link and members have it), and proves possession of the key on its connection.

import { Psg1Error } from './psg1_error.ts'
import { base64urlDecodeExact, base64urlEncode } from './base64url.ts'
import { ByteReader, concat, equalBytes, expectLength, lp, u8 } from './bytes.ts'
import { kdfInviteJoinKey, kdfInviteToken } from './kdf.ts'
import {
  aeadDecrypt,
  aeadEncrypt,
  aeadTagBytes,
  idBytes,
  keyBytes,
  nonceBytes,
  randomBytes,
  sign,
  signatureBytes,
  verify,
  wipe,
} from './psg1_crypto.ts'
import { name64, name64Bytes, openName64 } from './name64.ts'
import { approvalFromWire } from './roster.ts'
import type { RosterApproval } from './roster.ts'
import { sealedJoinKeyBytes } from './join_key.ts'

const pledgeLabel = 'PSG1-pledge'
const joinSigLabel = 'PSG1-joinsig'
const joinLabel = 'PSG1-join'
const requestLabel = 'PSG1-request'
export const requestPlaintextBytes = 305
export const requestCiphertextBytes = requestPlaintextBytes + aeadTagBytes // 321
const adultConfirmed = 1

/** A joiner's fresh identity for the group (§2). */
export interface JoinerIdentity {
  memberId: Uint8Array
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
}

/** What join_request (and the request frame members get) carries in clear, besides tok and sig. */
export interface JoinRequestClear {
  inviteId: Uint8Array
  memberId: Uint8Array
  sigPk: Uint8Array
  dhPk: Uint8Array
  pledgeHash: Uint8Array
  pledgeSig: Uint8Array
  n: Uint8Array
  c: Uint8Array
}

/** The join_request frame's fields as bytes. */
export interface JoinRequest extends JoinRequestClear {
  tok: Uint8Array
  /** possession */
  sig: Uint8Array
}

/** What a member learns from a request that passed every check. */
export interface OpenedJoinRequest {
  memberId: Uint8Array
  sigPk: Uint8Array
  dhPk: Uint8Array
  name: string
}

/** LP("PSG1-pledge") || room_id || pledge_hash || u8(adult_confirmed). */
export function pledgeMessage(
  roomId: Uint8Array,
  pledgeHash: Uint8Array,
  adult: number,
): Uint8Array {
  return concat(
    lp(pledgeLabel),
    expectLength(roomId, idBytes),
    expectLength(pledgeHash, keyBytes),
    u8(adult),
  )
}

/**
 * Throws pledge_invalid unless pledgeSig is sigPk's adult pledge over pledgeHash (§4.6 receipt).
 */
export function checkPledge(
  roomId: Uint8Array,
  pledgeHash: Uint8Array,
  pledgeSig: Uint8Array,
  sigPk: Uint8Array,
): void {
  if (!verify(sigPk, pledgeMessage(roomId, pledgeHash, adultConfirmed), pledgeSig))
    throw new Psg1Error('pledge_invalid')
}

/**
 * LP("PSG1-joinsig") || room_id || invite_id || member_id || IK_sig.pk || IK_dh.pk || pledge_hash
 * || u8(adult) || pledge_sig || NAME64.
 */
export function joinSigMessage(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  memberId: Uint8Array,
  sigPk: Uint8Array,
  dhPk: Uint8Array,
  pledgeHash: Uint8Array,
  adult: number,
  pledgeSig: Uint8Array,
  nameBytes: Uint8Array,
): Uint8Array {
  return concat(
    lp(joinSigLabel),
    expectLength(roomId, idBytes),
    expectLength(inviteId, idBytes),
    expectLength(memberId, idBytes),
    expectLength(sigPk, keyBytes),
    expectLength(dhPk, keyBytes),
    expectLength(pledgeHash, keyBytes),
    u8(adult),
    expectLength(pledgeSig, signatureBytes),
    expectLength(nameBytes, name64Bytes),
  )
}

/** LP("PSG1-join") || room_id || invite_id: the AD of req.c. */
export function joinRequestAd(roomId: Uint8Array, inviteId: Uint8Array): Uint8Array {
  return concat(lp(joinLabel), expectLength(roomId, idBytes), expectLength(inviteId, idBytes))
}

/**
 * LP("PSG1-request") || LP(origin) || challenge || room_id || invite_id || member_id || IK_sig.pk
 * || IK_dh.pk.
 */
export function possessionMessage(
  origin: string,
  challenge: Uint8Array,
  roomId: Uint8Array,
  inviteId: Uint8Array,
  memberId: Uint8Array,
  sigPk: Uint8Array,
  dhPk: Uint8Array,
): Uint8Array {
  return concat(
    lp(requestLabel),
    lp(origin),
    expectLength(challenge, keyBytes),
    expectLength(roomId, idBytes),
    expectLength(inviteId, idBytes),
    expectLength(memberId, idBytes),
    expectLength(sigPk, keyBytes),
    expectLength(dhPk, keyBytes),
  )
}

/**
 * req.pt = member_id || IK_sig.pk || IK_dh.pk || pledge_hash || u8(adult) || pledge_sig || NAME64
 * || join_sig (305 bytes), signed here with sigSk. adult is 1 for every real request; the
 * parameter exists so that test vectors can show what a receiver does with 0.
 */
export function joinRequestPlaintext(
  roomId: Uint8Array,
  inviteId: Uint8Array,
  identity: JoinerIdentity,
  pledgeHash: Uint8Array,
  name: string,
  adult: number = adultConfirmed,
): Uint8Array {
  const pledgeSig = sign(identity.sigSk, pledgeMessage(roomId, pledgeHash, adult))
  const nameBytes = name64(name)
  const joinSig = sign(
    identity.sigSk,
    joinSigMessage(
      roomId,
      inviteId,
      identity.memberId,
      identity.sigPk,
      identity.dhPk,
      pledgeHash,
      adult,
      pledgeSig,
      nameBytes,
    ),
  )
  return concat(
    identity.memberId,
    identity.sigPk,
    identity.dhPk,
    pledgeHash,
    u8(adult),
    pledgeSig,
    nameBytes,
    joinSig,
  )
}

/**
 * Everything join_request needs: pledge, request encrypted under jk (req.n random unless given),
 * tok, and the possession signature over the server's challenge. jk is wiped afterwards; the
 * caller wipes the invite secret once the request is sent (§5.5).
 */
export function buildJoinRequest(params: {
  roomId: Uint8Array
  origin: string
  challenge: Uint8Array
  inviteId: Uint8Array
  inviteSecret: Uint8Array
  identity: JoinerIdentity
  pledgeHash: Uint8Array
  name: string
  nonce?: Uint8Array
}): JoinRequest {
  const { roomId, inviteId, identity, pledgeHash } = params
  const pt = joinRequestPlaintext(roomId, inviteId, identity, pledgeHash, params.name)
  const pledgeSig = pt.slice(113, 177)
  const n = params.nonce ? expectLength(params.nonce, nonceBytes).slice() : randomBytes(nonceBytes)
  const jk = kdfInviteJoinKey(params.inviteSecret)
  const c = aeadEncrypt(pt, joinRequestAd(roomId, inviteId), n, jk)
  wipe(jk, pt)
  const sig = sign(
    identity.sigSk,
    possessionMessage(
      params.origin,
      params.challenge,
      roomId,
      inviteId,
      identity.memberId,
      identity.sigPk,
      identity.dhPk,
    ),
  )
  return {
    inviteId: inviteId.slice(),
    tok: kdfInviteToken(params.inviteSecret),
    memberId: identity.memberId.slice(),
    sigPk: identity.sigPk.slice(),
    dhPk: identity.dhPk.slice(),
    pledgeHash: pledgeHash.slice(),
    pledgeSig,
    n,
    c,
    sig,
  }
}

/**
 * A member's check of a request (§4.5), in the order protocol/src/join_request.cpp uses: req.c
 * decrypts under jk (aead_failed); the plaintext is 305 bytes (bad_encoding); the inner id, keys,
 * pledge_hash and pledge_sig equal the clear ones (request_mismatch); adult_confirmed = 1,
 * pledge_hash is currentPledgeHash and pledge_sig verifies (pledge_invalid); join_sig verifies
 * (sig_invalid); the name is valid (bad_name). A request that fails is shown as unreadable, with
 * only decline offered.
 */
export function openJoinRequest(
  roomId: Uint8Array,
  jk: Uint8Array,
  currentPledgeHash: Uint8Array,
  clear: JoinRequestClear,
): OpenedJoinRequest {
  const pt = aeadDecrypt(clear.c, joinRequestAd(roomId, clear.inviteId), clear.n, jk)
  const in_ = new ByteReader(pt, 'bad_encoding')
  const memberId = in_.take(idBytes)
  const sigPk = in_.take(keyBytes)
  const dhPk = in_.take(keyBytes)
  const pledgeHash = in_.take(keyBytes)
  const adult = in_.be(1)
  const pledgeSig = in_.take(signatureBytes)
  const nameBytes = in_.take(name64Bytes)
  const joinSig = in_.take(signatureBytes)
  in_.end()
  wipe(pt)

  if (
    !equalBytes(memberId, clear.memberId) ||
    !equalBytes(sigPk, clear.sigPk) ||
    !equalBytes(dhPk, clear.dhPk) ||
    !equalBytes(pledgeHash, clear.pledgeHash) ||
    !equalBytes(pledgeSig, clear.pledgeSig)
  ) {
    throw new Psg1Error('request_mismatch')
  }
  if (adult !== adultConfirmed || !equalBytes(pledgeHash, currentPledgeHash))
    throw new Psg1Error('pledge_invalid')
  checkPledge(roomId, pledgeHash, pledgeSig, sigPk)
  const joinMessage = joinSigMessage(
    roomId,
    clear.inviteId,
    memberId,
    sigPk,
    dhPk,
    pledgeHash,
    adult,
    pledgeSig,
    nameBytes,
  )
  if (!verify(sigPk, joinMessage, joinSig)) throw new Psg1Error('sig_invalid')
  return { memberId, sigPk, dhPk, name: openName64(nameBytes) }
}

/** The join_request frame. */
export function joinRequestToWire(req: JoinRequest): Record<string, string> {
  return {
    t: 'join_request',
    invite: base64urlEncode(req.inviteId),
    tok: base64urlEncode(req.tok),
    member: base64urlEncode(req.memberId),
    sig_pk: base64urlEncode(req.sigPk),
    dh_pk: base64urlEncode(req.dhPk),
    ph: base64urlEncode(req.pledgeHash),
    pledge: base64urlEncode(req.pledgeSig),
    n: base64urlEncode(req.n),
    c: base64urlEncode(req.c),
    sig: base64urlEncode(req.sig),
  }
}

/** The binary fields of a `request` frame (§8.3); bad_encoding for any of the wrong form. */
export interface RequestFrame {
  clear: JoinRequestClear
  /** This member's sealed jk, when the server has one. */
  jk: Uint8Array | null
  declines: RosterApproval[]
}

export function requestFrameFromWire(json: unknown): RequestFrame {
  if (typeof json !== 'object' || json === null) throw new Psg1Error('bad_encoding')
  const f = json as Record<string, unknown>
  const field = (name: string, bytes: number): Uint8Array => {
    const v = f[name]
    if (typeof v !== 'string') throw new Psg1Error('bad_encoding')
    return base64urlDecodeExact(v, bytes)
  }
  if (!Array.isArray(f.declines)) throw new Psg1Error('bad_encoding')
  return {
    clear: {
      inviteId: field('invite', idBytes),
      memberId: field('member', idBytes),
      sigPk: field('sig_pk', keyBytes),
      dhPk: field('dh_pk', keyBytes),
      pledgeHash: field('ph', keyBytes),
      pledgeSig: field('pledge', signatureBytes),
      n: field('n', nonceBytes),
      c: field('c', requestCiphertextBytes),
    },
    jk: f.jk === undefined ? null : field('jk', sealedJoinKeyBytes),
    declines: f.declines.map(approvalFromWire),
  }
}
