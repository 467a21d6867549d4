// Fixed inputs shared by the unit tests: members A–E with the seeds of protocol/PSG1.md §9
// (sig_seed = 32 × (0x10+k), dh_seed = 32 × (0x20+k)), ids of 16 × (0xa0+k), a room id 00..0f.
// The C++ cross-check values in the tests were computed from these same inputs.

import assert from 'node:assert/strict'
import {
  boxKeyPairFromSeed,
  hash,
  isPsg1Error,
  psg1Ready,
  signKeyPairFromSeed,
  utf8Bytes,
  type Psg1Code,
} from '../src/psg1/index.ts'

await psg1Ready()

export interface Member {
  label: string
  memberId: Uint8Array
  sigPk: Uint8Array
  sigSk: Uint8Array
  dhPk: Uint8Array
  dhSk: Uint8Array
}

export function filled(n: number, byte: number): Uint8Array {
  return new Uint8Array(n).fill(byte)
}

function member(k: number): Member {
  const sig = signKeyPairFromSeed(filled(32, 0x10 + k))
  const dh = boxKeyPairFromSeed(filled(32, 0x20 + k))
  return {
    label: 'ABCDE'[k] as string,
    memberId: filled(16, 0xa0 + k),
    sigPk: sig.publicKey,
    sigSk: sig.privateKey,
    dhPk: dh.publicKey,
    dhSk: dh.privateKey,
  }
}

export const [A, B, C, D, E] = [0, 1, 2, 3, 4].map(member) as [
  Member,
  Member,
  Member,
  Member,
  Member,
]
export const roomId = Uint8Array.from({ length: 16 }, (_, i) => i)
export const otherRoomId = filled(16, 0x99)
export const sessionId = filled(16, 0x5e)
export const groundRules = 'Ground rules'

/** The group frame of the tests' roster versions: size cap 12, everyone approves, groundRules. */
export const groupFrame = {
  sizeCap: 12,
  admission: 0,
  opening: 0,
  facTerm: 0,
  turnS: 0,
  pledgeHash: hash(utf8Bytes(groundRules)),
}

/** m's roster entry with role (1 facilitator, 0 member). */
export function entryOf(m: Member, role: number) {
  return { memberId: m.memberId, role, sigPk: m.sigPk, dhPk: m.dhPk }
}

/** Asserts that fn throws a Psg1Error with exactly this code. */
export function throwsCode(fn: () => unknown, code: Psg1Code): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isPsg1Error(err), `expected a Psg1Error, got ${String(err)}`)
    assert.equal(err.code, code)
    return true
  })
}

/** A copy of x with byte i xor-ed with 1. */
export function flipped(x: Uint8Array, i: number): Uint8Array {
  const y = x.slice()
  y[i] = (y[i] as number) ^ 1
  return y
}
