import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ByteReader,
  base64urlDecodeExact,
  base64urlDecodeRange,
  base64urlEncode,
  base64urlLength,
  checkName,
  concat,
  fromHex,
  lp,
  name64,
  normalizeName,
  openName64,
  pad,
  toHex,
  u16be,
  u32be,
  u64be,
  u8,
} from '../src/psg1/index.ts'
import { filled, throwsCode } from './fixtures.ts'

describe('base64url (§1)', () => {
  it('has the lengths the spec lists', () => {
    const lengths: [number, number][] = [
      [16, 22],
      [24, 32],
      [32, 43],
      [64, 86],
      [80, 107],
      [160, 214],
      [228, 304],
      [321, 428],
    ]
    for (const [bytes, chars] of lengths) {
      assert.equal(base64urlLength(bytes), chars)
      const x = Uint8Array.from({ length: bytes }, (_, i) => (i * 37) & 0xff)
      const text = base64urlEncode(x)
      assert.equal(text.length, chars)
      assert.deepEqual(base64urlDecodeExact(text, bytes), x)
    }
  })

  it('round-trips every length 0..9 and the URL-safe alphabet', () => {
    for (let n = 0; n < 10; n++) {
      const x = filled(n, 0xfb)
      assert.deepEqual(base64urlDecodeExact(base64urlEncode(x), n), x)
    }
    assert.equal(base64urlEncode(Uint8Array.of(0xfb, 0xff)), '-_8')
  })

  it('refuses padding, +, /, whitespace and non-zero trailing bits', () => {
    throwsCode(() => base64urlDecodeExact('AAE=', 2), 'bad_encoding')
    throwsCode(() => base64urlDecodeRange('AA==', 0, 8), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact('+_8', 2), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact('-/8', 2), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact(' -_8', 2), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact('-_\n8', 2), 'bad_encoding')
    assert.deepEqual(base64urlDecodeExact('AAE', 2), Uint8Array.of(0, 1))
    throwsCode(() => base64urlDecodeExact('AAF', 2), 'bad_encoding') // trailing bits 01
    throwsCode(() => base64urlDecodeExact('AB', 1), 'bad_encoding')
    throwsCode(() => base64urlDecodeRange('A', 0, 8), 'bad_encoding') // a dangling 6-bit group
  })

  it('refuses a 31- or 33-byte key and a 63-byte signature', () => {
    throwsCode(() => base64urlDecodeExact(base64urlEncode(filled(31, 1)), 32), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact(base64urlEncode(filled(33, 1)), 32), 'bad_encoding')
    throwsCode(() => base64urlDecodeExact(base64urlEncode(filled(63, 1)), 64), 'bad_encoding')
  })

  it('bounds a range decode on both sides', () => {
    assert.equal(base64urlDecodeRange(base64urlEncode(filled(114, 2)), 114, 1086).length, 114)
    throwsCode(
      () => base64urlDecodeRange(base64urlEncode(filled(113, 2)), 114, 1086),
      'bad_encoding',
    )
    throwsCode(
      () => base64urlDecodeRange(base64urlEncode(filled(1087, 2)), 114, 1086),
      'bad_encoding',
    )
  })
})

describe('hex, integers and LP (§1)', () => {
  it('hex is strict lowercase', () => {
    assert.equal(toHex(Uint8Array.of(0, 0xab)), '00ab')
    assert.deepEqual(fromHex('00ab'), Uint8Array.of(0, 0xab))
    throwsCode(() => fromHex('00AB'), 'bad_encoding')
    throwsCode(() => fromHex('abc'), 'bad_encoding')
  })

  it('writes big-endian integers and refuses values out of range', () => {
    assert.equal(toHex(u8(0xfe)), 'fe')
    assert.equal(toHex(u16be(0x1234)), '1234')
    assert.equal(toHex(u32be(0xdeadbeef)), 'deadbeef')
    assert.equal(toHex(u64be(Number.MAX_SAFE_INTEGER)), '001fffffffffffff')
    throwsCode(() => u8(256), 'out_of_range')
    throwsCode(() => u16be(-1), 'out_of_range')
    throwsCode(() => u32be(2 ** 32), 'out_of_range')
    throwsCode(() => u64be(2 ** 53), 'out_of_range')
    throwsCode(() => u32be(1.5), 'out_of_range')
  })

  it('LP prefixes the length', () => {
    assert.equal(toHex(lp('PSG1-fp')), '00000007' + toHex(new TextEncoder().encode('PSG1-fp')))
    assert.equal(toHex(lp(new Uint8Array(0))), '00000000')
    assert.equal(toHex(concat(Uint8Array.of(1), Uint8Array.of(2, 3))), '010203')
  })

  it('ByteReader reads fields and refuses short or trailing input with its code', () => {
    const r = new ByteReader(concat(u32be(2), Uint8Array.of(7, 8), u16be(9)), 'roster_invalid')
    assert.deepEqual(r.lp(), Uint8Array.of(7, 8))
    assert.equal(r.be(2), 9)
    r.end()
    throwsCode(() => new ByteReader(Uint8Array.of(1), 'skd_invalid').take(2), 'skd_invalid')
    throwsCode(() => new ByteReader(Uint8Array.of(1), 'bad_encoding').end(), 'bad_encoding')
  })
})

describe('NAME64 (§1)', () => {
  it('pads a name to exactly 64 bytes and opens it', () => {
    assert.equal(name64('Kari').length, 64)
    assert.equal(openName64(name64('Kari')), 'Kari')
    const longest = 'ø'.repeat(31) + 'x' // 63 bytes
    assert.equal(openName64(name64(longest)), longest)
  })

  it('normalises input to NFC and trims it', () => {
    assert.equal(normalizeName('  Åse\u0301 '.normalize('NFD')), 'Åsé')
    checkName(normalizeName(' Kari '))
  })

  it('refuses empty, long, untrimmed, non-NFC and control-character names', () => {
    throwsCode(() => name64(''), 'bad_name')
    throwsCode(() => name64('ø'.repeat(32)), 'bad_name') // 64 bytes
    throwsCode(() => name64(' Kari'), 'bad_name')
    throwsCode(() => name64('Kari\u00a0'), 'bad_name')
    throwsCode(() => name64('A\u030a'), 'bad_name') // NFD of Å
    throwsCode(() => name64('Ka\nri'), 'bad_name')
    throwsCode(() => name64('Ka\u0085ri'), 'bad_name') // C1
    throwsCode(() => name64('Ka\ud800ri'), 'bad_name')
  })

  it('checks the same rules when opening', () => {
    const raw = (bytes: number[]): Uint8Array => pad(Uint8Array.from(bytes), 64)
    throwsCode(() => openName64(raw([0x41, 0x00])), 'bad_name')
    throwsCode(() => openName64(raw([0x20, 0x41])), 'bad_name')
    throwsCode(() => openName64(raw([0xc3, 0x28])), 'bad_name') // invalid UTF-8
    throwsCode(() => openName64(new Uint8Array(64)), 'bad_name') // bad padding
    throwsCode(() => openName64(raw([])), 'bad_name') // empty
  })
})
