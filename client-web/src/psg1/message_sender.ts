// One participant's sending side of one epoch (protocol/PSG1.md §6.1, §6.2): the chain CK_n, the
// counter, and SK_msg. Each seal uses MK_ctr once, then wipes it and steps the chain, as
// protocol/src/message_sender.cpp does.

import { Psg1Error } from './psg1_error.ts'
import { expectLength } from './bytes.ts'
import { ratchetChainKey, ratchetMessageKey } from './kdf.ts'
import {
  aeadEncrypt,
  idBytes,
  keyBytes,
  nonceBytes,
  pad,
  randomBytes,
  secretSigningKeyBytes,
  sign,
  wipe,
} from './psg1_crypto.ts'
import {
  maxPlaintextBytes,
  messageAd,
  messageCtrLimit,
  messagePadBlock,
  messageSignedBytes,
  type Psg1Message,
} from './psg1_message.ts'

export class MessageSender {
  readonly #roomId: Uint8Array
  readonly #sessionId: Uint8Array
  readonly #ep: number
  readonly #memberId: Uint8Array
  #chainKey: Uint8Array
  readonly #skMsg: Uint8Array
  #nextCtr = 0

  /** chainKey is CK_0 and skMsg SK_msg.sk (64 bytes); both are copied and wiped by wipe(). */
  constructor(
    roomId: Uint8Array,
    sessionId: Uint8Array,
    ep: number,
    memberId: Uint8Array,
    chainKey: Uint8Array,
    skMsg: Uint8Array,
  ) {
    this.#roomId = expectLength(roomId, idBytes).slice()
    this.#sessionId = expectLength(sessionId, idBytes).slice()
    this.#ep = ep
    this.#memberId = expectLength(memberId, idBytes).slice()
    this.#chainKey = expectLength(chainKey, keyBytes).slice()
    this.#skMsg = expectLength(skMsg, secretSigningKeyBytes).slice()
  }

  get nextCtr(): number {
    return this.#nextCtr
  }

  /**
   * Encrypt and sign canonical plaintext pt of kind under MK_ctr, with a random nonce unless one
   * is given (test vectors only: never reuse a nonce). out_of_range when ctr reached 2^20 or pt
   * is over 16383 bytes. pt is not checked against the schema: build it with plaintext.ts.
   */
  seal(kind: number, pt: Uint8Array, nonce?: Uint8Array): Psg1Message {
    if (this.#nextCtr >= messageCtrLimit || pt.length > maxPlaintextBytes)
      throw new Psg1Error('out_of_range')
    const n = nonce ? expectLength(nonce, nonceBytes).slice() : randomBytes(nonceBytes)
    const ctr = this.#nextCtr
    const ad = messageAd(this.#roomId, this.#sessionId, this.#ep, this.#memberId, ctr, kind)
    const padded = pad(pt, messagePadBlock)
    const messageKey = ratchetMessageKey(this.#chainKey)
    const ct = aeadEncrypt(padded, ad, n, messageKey)
    const sig = sign(this.#skMsg, messageSignedBytes(ad, n, ct))

    // Step the chain and wipe what was used (§5.5: MK_n and CK_n right after use).
    const nextChainKey = ratchetChainKey(this.#chainKey)
    wipe(messageKey, padded, this.#chainKey)
    this.#chainKey = nextChainKey
    this.#nextCtr = ctr + 1
    return {
      sessionId: this.#sessionId.slice(),
      ep: this.#ep,
      from: this.#memberId.slice(),
      ctr,
      kind,
      n,
      ct,
      sig,
    }
  }

  /** Wipe the chain and SK_msg.sk: when the skd of the next epoch is sent, or the meeting ends. */
  wipe(): void {
    wipe(this.#chainKey, this.#skMsg)
  }
}
