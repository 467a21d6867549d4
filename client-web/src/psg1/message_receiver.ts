// The receive state for one sender in one epoch (protocol/PSG1.md §5.3, §6.3): its chain, next
// counter, SK_msg.pk and the keys of messages passed over. open() runs §6.3's checks in order
// and changes the state only once a message has passed all of them, as
// protocol/src/message_receiver.cpp does.

import { Psg1Error } from './psg1_error.ts'
import { equalBytes, expectLength } from './bytes.ts'
import { ratchetChainKey, ratchetMessageKey } from './kdf.ts'
import { aeadDecrypt, aeadTagBytes, idBytes, keyBytes, unpad, verify, wipe } from './psg1_crypto.ts'
import {
  messageAd,
  messageCtrLimit,
  messageMaxBlocks,
  messagePadBlock,
  messageSignedBytes,
  type Psg1Message,
} from './psg1_message.ts'
import { parsePlaintext, type Plaintext } from './plaintext.ts'

/** The largest ctr − next_ctr accepted: bounds the KDF work one message can cause. */
export const maxJump = 1000
/** The most skipped keys kept per sender and epoch; the lowest ctr goes first. */
export const maxSkipped = 1000

export class MessageReceiver {
  readonly #roomId: Uint8Array
  readonly #sessionId: Uint8Array
  readonly #ep: number
  readonly #from: Uint8Array
  #chainKey: Uint8Array
  readonly #skMsgPk: Uint8Array
  #nextCtr = 0
  // ctr → MK_ctr. Keys are only ever added above every key present, so the Map's insertion
  // order is ascending ctr and its first entry is the lowest.
  readonly #skipped = new Map<number, Uint8Array>()

  /** From sender `from`'s opened skd: CK_0 (copied, wiped by wipe()) and SK_msg.pk. */
  constructor(
    roomId: Uint8Array,
    sessionId: Uint8Array,
    ep: number,
    from: Uint8Array,
    chainKey: Uint8Array,
    skMsgPk: Uint8Array,
  ) {
    this.#roomId = expectLength(roomId, idBytes).slice()
    this.#sessionId = expectLength(sessionId, idBytes).slice()
    this.#ep = ep
    this.#from = expectLength(from, idBytes).slice()
    this.#chainKey = expectLength(chainKey, keyBytes).slice()
    this.#skMsgPk = expectLength(skMsgPk, keyBytes).slice()
  }

  get nextCtr(): number {
    return this.#nextCtr
  }

  get skippedCount(): number {
    return this.#skipped.size
  }

  /**
   * Check and decrypt m (§6.3, steps 1..8) and return its plaintext. On any failure it throws the
   * step's code and the state is unchanged. Step 1's "current epoch or the previous within 10 s"
   * and "not self" are the caller's: it picks the receiver for (ses, ep, from); here a mismatch
   * is wrong_epoch or not_a_participant.
   */
  open(m: Psg1Message): Plaintext {
    // 1. The meeting, epoch, sender, counter range and ciphertext length.
    if (!equalBytes(m.sessionId, this.#sessionId) || m.ep !== this.#ep)
      throw new Psg1Error('wrong_epoch')
    if (!equalBytes(m.from, this.#from)) throw new Psg1Error('not_a_participant')
    if (!Number.isInteger(m.ctr) || m.ctr < 0 || m.ctr >= messageCtrLimit)
      throw new Psg1Error('out_of_range')
    const body = m.ct.length - aeadTagBytes
    if (
      m.ct.length <= aeadTagBytes ||
      body % messagePadBlock !== 0 ||
      body / messagePadBlock > messageMaxBlocks
    ) {
      throw new Psg1Error('bad_encoding')
    }

    // 2. The sender's signature over ad, n and ct, before any key is touched.
    const ad = messageAd(this.#roomId, m.sessionId, m.ep, m.from, m.ctr, m.kind)
    if (!verify(this.#skMsgPk, messageSignedBytes(ad, m.n, m.ct), m.sig))
      throw new Psg1Error('sig_invalid')

    // 3. Not seen before. A key already evicted from the skipped set is a replay too: its
    // message can no longer be read.
    const skippedKey = this.#skipped.get(m.ctr)
    if (m.ctr < this.#nextCtr && skippedKey === undefined) throw new Psg1Error('replay')

    // 4. The jump is bounded before any derivation, so one message cannot make us derive 2^20
    // keys. Derive on scratch copies: nothing is committed until step 8.
    let messageKey: Uint8Array
    let scratchChain: Uint8Array | null = null
    const passedOver: [number, Uint8Array][] = []
    if (skippedKey !== undefined) {
      messageKey = skippedKey.slice()
    } else {
      if (m.ctr - this.#nextCtr > maxJump) throw new Psg1Error('jump_too_far')
      let chain: Uint8Array = this.#chainKey.slice()
      for (let c = this.#nextCtr; c < m.ctr; c++) {
        passedOver.push([c, ratchetMessageKey(chain)])
        const next = ratchetChainKey(chain)
        wipe(chain)
        chain = next
      }
      messageKey = ratchetMessageKey(chain)
      scratchChain = ratchetChainKey(chain)
      wipe(chain)
    }

    // 5. Decrypt; 6. unpad; 7. the schema of kind.
    let plaintext: Plaintext
    try {
      const padded = aeadDecrypt(m.ct, ad, m.n, messageKey)
      try {
        const pt = unpad(padded, messagePadBlock)
        plaintext = parsePlaintext(m.kind, pt)
        wipe(pt)
      } finally {
        wipe(padded)
      }
    } catch (err) {
      wipe(messageKey, scratchChain, ...passedOver.map(([, key]) => key))
      throw err
    }

    // 8. Commit: use up the skipped key, or advance the chain keeping the keys passed over.
    wipe(messageKey)
    if (skippedKey !== undefined) {
      wipe(skippedKey)
      this.#skipped.delete(m.ctr)
    } else {
      for (const [c, key] of passedOver) this.#skipped.set(c, key)
      wipe(this.#chainKey)
      this.#chainKey = scratchChain as Uint8Array
      this.#nextCtr = m.ctr + 1
      while (this.#skipped.size > maxSkipped) {
        const [lowest, key] = this.#skipped.entries().next().value as [number, Uint8Array]
        wipe(key)
        this.#skipped.delete(lowest)
      }
    }
    return plaintext
  }

  /** Wipe the chain and every skipped key: 10 s after the next epoch, or when the meeting ends. */
  wipe(): void {
    wipe(this.#chainKey)
    for (const key of this.#skipped.values()) wipe(key)
    this.#skipped.clear()
  }
}
