// The libsodium operations of protocol/PSG1.md §1, named after the notation there, with the
// lengths checked on the way in. libsodium-wrappers must be ready (await psg1Ready()) first.

import sodium from 'libsodium-wrappers'
import { Psg1Error } from './psg1_error.ts'
import { expectLength } from './bytes.ts'

export const idBytes = 16
export const keyBytes = 32
export const nonceBytes = 24
export const signatureBytes = 64
export const secretSigningKeyBytes = 64
export const aeadTagBytes = 16
export const boxOverheadBytes = 16
export const sealOverheadBytes = 48

/** A signing or box key pair; privateKey is 64 bytes (seed || pk) for signing, 32 for boxes. */
export interface KeyPair {
  publicKey: Uint8Array
  privateKey: Uint8Array
}

/** Resolves once libsodium's WebAssembly has started; every other function needs it. */
export async function psg1Ready(): Promise<void> {
  await sodium.ready
}

/** RAND(n). */
export function randomBytes(n: number): Uint8Array {
  return sodium.randombytes_buf(n)
}

/** A fresh 16-byte id (member, invite, ...). */
export function randomId(): Uint8Array {
  return randomBytes(idBytes)
}

/** H(x) = crypto_generichash(32, x) without key. */
export function hash(x: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(keyBytes, x, null)
}

/** SIG(sk, m): sk is a 64-byte libsodium signing key. */
export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return sodium.crypto_sign_detached(message, expectLength(secretKey, secretSigningKeyBytes))
}

/** VERIFY(pk, m, s); false for any wrong length instead of throwing. */
export function verify(publicKey: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  if (publicKey.length !== keyBytes || sig.length !== signatureBytes) return false
  return sodium.crypto_sign_verify_detached(sig, message, publicKey)
}

/** AEAD(pt, ad, n, k): XChaCha20-Poly1305-IETF, len(pt) + 16 bytes. */
export function aeadEncrypt(
  pt: Uint8Array,
  ad: Uint8Array,
  n: Uint8Array,
  k: Uint8Array,
): Uint8Array {
  return sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    pt,
    ad,
    null,
    expectLength(n, nonceBytes),
    expectLength(k, keyBytes),
  )
}

/** The AEAD's inverse; aead_failed if ct does not open under ad, n and k. */
export function aeadDecrypt(
  ct: Uint8Array,
  ad: Uint8Array,
  n: Uint8Array,
  k: Uint8Array,
): Uint8Array {
  expectLength(n, nonceBytes)
  expectLength(k, keyBytes)
  if (ct.length < aeadTagBytes) throw new Psg1Error('aead_failed')
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ct, ad, n, k)
  } catch {
    throw new Psg1Error('aead_failed')
  }
}

/** BOX(m, n, pk_recipient, sk_sender). */
export function box(
  m: Uint8Array,
  n: Uint8Array,
  recipientPk: Uint8Array,
  senderSk: Uint8Array,
): Uint8Array {
  return sodium.crypto_box_easy(
    m,
    expectLength(n, nonceBytes),
    expectLength(recipientPk, keyBytes),
    expectLength(senderSk, keyBytes),
  )
}

/** crypto_box_open_easy, or null if the box does not open. */
export function boxOpen(
  c: Uint8Array,
  n: Uint8Array,
  senderPk: Uint8Array,
  recipientSk: Uint8Array,
): Uint8Array | null {
  if (
    c.length < boxOverheadBytes ||
    n.length !== nonceBytes ||
    senderPk.length !== keyBytes ||
    recipientSk.length !== keyBytes
  ) {
    return null
  }
  try {
    return sodium.crypto_box_open_easy(c, n, senderPk, recipientSk)
  } catch {
    return null
  }
}

/** SEAL(m, pk): anonymous, randomised, len(m) + 48 bytes. */
export function seal(m: Uint8Array, recipientPk: Uint8Array): Uint8Array {
  return sodium.crypto_box_seal(m, expectLength(recipientPk, keyBytes))
}

/** crypto_box_seal_open; aead_failed if it does not open with this key pair. */
export function sealOpen(
  c: Uint8Array,
  recipientPk: Uint8Array,
  recipientSk: Uint8Array,
): Uint8Array {
  expectLength(recipientPk, keyBytes)
  expectLength(recipientSk, keyBytes)
  if (c.length < sealOverheadBytes) throw new Psg1Error('aead_failed')
  try {
    return sodium.crypto_box_seal_open(c, recipientPk, recipientSk)
  } catch {
    throw new Psg1Error('aead_failed')
  }
}

/** PAD(x, block): x followed by 1..block bytes of ISO/IEC 7816-4 padding. */
export function pad(x: Uint8Array, block: number): Uint8Array {
  return sodium.pad(x, block)
}

/** UNPAD(x, block); bad_padding if the padding is not valid. */
export function unpad(x: Uint8Array, block: number): Uint8Array {
  if (x.length === 0 || x.length % block !== 0) throw new Psg1Error('bad_padding')
  try {
    return sodium.unpad(x, block)
  } catch {
    throw new Psg1Error('bad_padding')
  }
}

/** Best-effort wiping (§5.5): the garbage collector may have made copies. */
export function wipe(...secrets: readonly (Uint8Array | null | undefined)[]): void {
  for (const s of secrets) if (s) sodium.memzero(s)
}

/** A fresh Ed25519 key pair (IK_sig, SK_msg). */
export function signKeyPair(): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_sign_keypair()
  return { publicKey, privateKey }
}

/** A fresh X25519 key pair (IK_dh, EK). */
export function boxKeyPair(): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_box_keypair()
  return { publicKey, privateKey }
}

/** crypto_sign_seed_keypair: for test vectors only. */
export function signKeyPairFromSeed(seed: Uint8Array): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(expectLength(seed, keyBytes))
  return { publicKey, privateKey }
}

/** crypto_box_seed_keypair: for test vectors only. */
export function boxKeyPairFromSeed(seed: Uint8Array): KeyPair {
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(expectLength(seed, keyBytes))
  return { publicKey, privateKey }
}
