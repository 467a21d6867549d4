// The byte layouts PSG1.md signs over (LP, u32be, u64be), shared by the peer and its tests.

/** LP(x) = u32be(len(x)) || x, of a UTF-8 string. */
export function lp(text) {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
}

export function u32be(value) {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(value);
    return out;
}

export function u64be(value) {
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(BigInt(value));
    return out;
}
