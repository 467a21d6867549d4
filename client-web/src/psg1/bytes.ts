// The byte layouts of protocol/PSG1.md §1: concatenation, big-endian integers, LP(x), hex, and a
// reader for fixed layouts. u64 values are JS numbers, integers 0..2^53−1, as on the wire (§8):
// one type for every version number, so the UI never mixes number and bigint.

import sodium from 'libsodium-wrappers'
import { Psg1Error, type Psg1Code } from './psg1_error.ts'

const utf8 = new TextEncoder()

/** a || b || …, as one new array. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

function beBytes(value: number | bigint, width: number): Uint8Array {
  const out = new Uint8Array(width)
  let v = BigInt(value)
  for (let i = width - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

function checkInteger(value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new Psg1Error('out_of_range')
}

export function u8(value: number): Uint8Array {
  checkInteger(value, 0xff)
  return Uint8Array.of(value)
}

export function u16be(value: number): Uint8Array {
  checkInteger(value, 0xffff)
  return beBytes(value, 2)
}

export function u32be(value: number): Uint8Array {
  checkInteger(value, 0xffffffff)
  return beBytes(value, 4)
}

/** u64be of an integer 0..2^53−1 (out_of_range otherwise). */
export function u64be(value: number): Uint8Array {
  checkInteger(value, Number.MAX_SAFE_INTEGER)
  return beBytes(value, 8)
}

/** UTF-8 bytes of a string (ill-formed UTF-16 becomes U+FFFD; check names and texts first). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text)
}

/** LP(x) = u32be(len(x)) || x; a string is taken as its UTF-8 bytes (labels are ASCII). */
export function lp(x: Uint8Array | string): Uint8Array {
  const bytes = typeof x === 'string' ? utf8Bytes(x) : x
  return concat(u32be(bytes.length), bytes)
}

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return sodium.to_hex(bytes)
}

/** Strict hex: even length, 0-9a-f only (bad_encoding otherwise). */
export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) throw new Psg1Error('bad_encoding')
  return sodium.from_hex(text)
}

/** Constant-time equality for equal lengths (sodium memcmp); false for different lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && (a.length === 0 || sodium.memcmp(a, b))
}

/** Bytewise order, as ids are sorted (§1): negative, zero or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number)
    if (d !== 0) return d
  }
  return a.length - b.length
}

/** Throws bad_encoding unless x has exactly n bytes: the guard for every fixed-size input. */
export function expectLength(x: Uint8Array, n: number): Uint8Array {
  if (x.length !== n) throw new Psg1Error('bad_encoding')
  return x
}

/**
 * Reads fixed fields from the front of a byte array. A read past the end throws `code`: the
 * caller picks the code of the layout it parses (roster_invalid, bad_encoding, ...).
 */
export class ByteReader {
  readonly #data: Uint8Array
  readonly #code: Psg1Code
  #pos = 0

  constructor(data: Uint8Array, code: Psg1Code) {
    this.#data = data
    this.#code = code
  }

  /** The next n bytes, as a copy. */
  take(n: number): Uint8Array {
    if (this.#pos + n > this.#data.length) throw new Psg1Error(this.#code)
    const out = this.#data.slice(this.#pos, this.#pos + n)
    this.#pos += n
    return out
  }

  /** A big-endian unsigned integer of width bytes, exact as a bigint. */
  beBig(width: number): bigint {
    let v = 0n
    for (const b of this.take(width)) v = (v << 8n) | BigInt(b)
    return v
  }

  /** A big-endian unsigned integer of 1..6 bytes (always exact as a number). */
  be(width: number): number {
    return Number(this.beBig(width))
  }

  /** LP(x): a u32be length, then that many bytes. */
  lp(): Uint8Array {
    return this.take(this.be(4))
  }

  get remaining(): number {
    return this.#data.length - this.#pos
  }

  /** Throws unless every byte was read: trailing bytes make a layout malformed. */
  end(): void {
    if (this.remaining !== 0) throw new Psg1Error(this.#code)
  }
}
