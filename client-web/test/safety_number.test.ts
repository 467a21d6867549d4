import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  authMessage,
  concat,
  formatSafetyNumber,
  hash,
  lp,
  redeemMessage,
  safetyDigits,
  safetyFingerprint,
  safetyNumber,
  signAuth,
  signRedeem,
  toHex,
  verify,
} from '../src/psg1/index.ts'
import { A, B, filled, roomId, throwsCode } from './fixtures.ts'

describe('safety numbers (§7)', () => {
  it('match the C++ safety_number for seeded members', () => {
    assert.equal(
      toHex(safetyFingerprint(A.sigPk, A.dhPk)),
      toHex(hash(concat(lp('PSG1-fp'), A.sigPk, A.dhPk))),
    )
    assert.equal(safetyDigits(safetyFingerprint(A.sigPk, A.dhPk)), '956568070350975221432997053238')
    assert.equal(safetyNumber(A, B), '574474250020712831931121733786956568070350975221432997053238')
  })

  it('is the same number for both people', () => {
    assert.equal(safetyNumber(B, A), safetyNumber(A, B))
    assert.equal(safetyNumber(A, B).length, 60)
  })

  it('reads 5 bytes per group modulo 100000, with leading zeros', () => {
    assert.equal(safetyDigits(new Uint8Array(32)), '0'.repeat(30))
    // 0xffffffffff = 1099511627775, mod 100000 = 27775; 0x0000000001 = 1 → 00001.
    const fp = concat(filled(5, 0xff), Uint8Array.of(0, 0, 0, 0, 1), new Uint8Array(22))
    assert.equal(safetyDigits(fp).slice(0, 10), '2777500001')
    throwsCode(() => safetyDigits(new Uint8Array(31)), 'bad_encoding')
  })

  it('is shown as groups of 5 digits', () => {
    assert.equal(
      formatSafetyNumber(safetyNumber(A, B)),
      '57447 42500 20712 83193 11217 33786 95656 80703 50975 22143 29970 53238',
    )
  })
})

describe('auth and redeem signatures (PROTOCOL.md §4)', () => {
  const origin = 'https://sirkel.example'
  const nonce = filled(32, 0x4e)

  it('sign the layouts of PROTOCOL.md', () => {
    const m = authMessage(origin, nonce, roomId, A.memberId)
    assert.equal(toHex(m), toHex(concat(lp('PSG1-auth'), lp(origin), nonce, roomId, A.memberId)))
    assert.ok(verify(A.sigPk, m, signAuth(A.sigSk, origin, nonce, roomId, A.memberId)))
    const invite = filled(16, 0x11)
    const r = redeemMessage(origin, nonce, roomId, invite, A.memberId, A.sigPk, A.dhPk)
    assert.equal(r.length, 4 + 11 + 4 + origin.length + 32 + 16 * 3 + 64)
    assert.ok(
      verify(
        A.sigPk,
        r,
        signRedeem(A.sigSk, origin, nonce, roomId, invite, A.memberId, A.sigPk, A.dhPk),
      ),
    )
    assert.ok(
      !verify(
        B.sigPk,
        r,
        signRedeem(A.sigSk, origin, nonce, roomId, invite, A.memberId, A.sigPk, A.dhPk),
      ),
    )
  })

  it('equal the C++ auth_message and redeem_message signatures', () => {
    assert.equal(
      toHex(signAuth(A.sigSk, origin, nonce, roomId, A.memberId)),
      'f3073a1bdf47f4ee8e54867570887f8ebd02cb907763ce2536880182f3ce8c62c3b43d513ddffbc4e6d6fcd937255eb555a16027d64ba32058c79b9953c7b109',
    )
    assert.equal(
      toHex(
        signRedeem(A.sigSk, origin, nonce, roomId, filled(16, 0x11), A.memberId, A.sigPk, A.dhPk),
      ),
      '15ce56656fc97838187025d88b08cc741eae2e41026fdb2b52833e04d38b607c80ad574ab960fee8d30194d0edd113575269c421733bb82774447cb48182c408',
    )
  })

  it('bad_encoding for a nonce of the wrong length', () => {
    throwsCode(() => authMessage(origin, filled(31, 0), roomId, A.memberId), 'bad_encoding')
  })
})
