// The members of a benchmark's groups, derived from the run's seed exactly as
// tests/bench/bench_identity.hpp documents it, so that the peer knows the public keys the seeding
// tool stored and the load generator signs with, and no key file is needed.
//
// For a label L in {"id", "sig", "dh"}: material(L) = BLAKE2b-256 (crypto_generichash, 32 bytes,
// no key) of "sirkel-bench|<seed>|<meeting>|<index>|<L>", the numbers in decimal. The member id is
// the first 16 bytes of material("id"); the Ed25519 pair is crypto_sign_seed_keypair(material
// ("sig")); the X25519 pair crypto_box_seed_keypair(material("dh")). Member 0 is the facilitator.
import sodium from 'libsodium-wrappers';

export async function sodiumReady() {
    await sodium.ready;
    return sodium;
}

function material(runSeed, meeting, index, label) {
    return sodium.crypto_generichash(32, `sirkel-bench|${runSeed}|${meeting}|${index}|${label}`);
}

/**
 * Call after sodiumReady(). Buffers throughout, so callers can base64url them directly. Without
 * the X25519 pair when withDh is false: a server verifying signatures needs only the rest.
 */
export function deriveBenchIdentity(runSeed, meeting, index, { withDh = true } = {}) {
    const member = Buffer.from(material(runSeed, meeting, index, 'id').subarray(0, 16));
    const sig = sodium.crypto_sign_seed_keypair(material(runSeed, meeting, index, 'sig'));
    const identity = { member, sigPk: Buffer.from(sig.publicKey), sigSk: Buffer.from(sig.privateKey) };
    if (withDh) {
        const dh = sodium.crypto_box_seed_keypair(material(runSeed, meeting, index, 'dh'));
        identity.dhPk = Buffer.from(dh.publicKey);
        identity.dhSk = Buffer.from(dh.privateKey);
    }
    return identity;
}
