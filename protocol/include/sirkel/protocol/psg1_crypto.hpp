// The libsodium operations the server and the C++ test client need, named after the primitive
// (style-anchors lesson 4). PSG1.md and PROTOCOL.md give the byte layouts built here.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>
#include <string_view>

namespace sirkel::protocol
{

/// Call once before any other function here; safe to call again. Throws if libsodium fails.
void sodium_init_or_throw();

/// Fill out with random bytes (randombytes_buf).
void randombytes_buf(std::span<byte> out) noexcept;

template <typename Array>
[[nodiscard]] Array random_array() noexcept
{
    Array a{};
    randombytes_buf(a);
    return a;
}

/// x appended to out.
void append(bytes& out, byte_view x);

/// The low width bytes of value, big-endian (u8, u16be, u32be, u64be), appended to out.
void append_be(bytes& out, std::uint64_t value, std::size_t width);

/// LP(x) = u32be(len(x)) || x, appended to out.
void append_lp(bytes& out, byte_view x);
void append_lp(bytes& out, std::string_view x);

/// LP("PSG1-auth") || LP(origin) || nonce || group || member  (PROTOCOL.md §4 auth).
[[nodiscard]] bytes auth_message(std::string_view origin, key32 const& nonce, id16 const& group,
                                 id16 const& member);

/// LP("PSG1-redeem") || LP(origin) || nonce || group || invite || member || sig_pk || dh_pk.
[[nodiscard]] bytes redeem_message(std::string_view origin, key32 const& nonce, id16 const& group,
                                   id16 const& invite, id16 const& member, key32 const& sig_pk,
                                   key32 const& dh_pk);

/// crypto_sign_verify_detached: true only if sig is pk's signature over message.
[[nodiscard]] bool sign_verify_detached(signature64 const& sig, byte_view message,
                                        key32 const& pk) noexcept;

/// crypto_sign_detached with a 64-byte libsodium secret key (seed || pk).
[[nodiscard]] signature64 sign_detached(byte_view message, std::span<byte const, 64> sk) noexcept;

/// crypto_generichash with a 32-byte output and no key.
[[nodiscard]] key32 generichash32(byte_view data) noexcept;

/// tok = crypto_kdf_derive_from_key(32, 1, "PSGinvit", invite_secret): what the server sees.
[[nodiscard]] key32 kdf_invite_token(key32 const& invite_secret) noexcept;

/// jk = crypto_kdf_derive_from_key(32, 2, "PSGinvit", invite_secret): stays with the client.
[[nodiscard]] key32 kdf_invite_join_key(key32 const& invite_secret) noexcept;

/// ik = crypto_kdf_derive_from_key(32, 3, "PSGinvit", invite_secret): encrypts the invite info.
[[nodiscard]] key32 kdf_invite_info_key(key32 const& invite_secret) noexcept;

/// MK_n = crypto_kdf_derive_from_key(32, 1, "PSGratch", CK_n): the message key (PSG1.md §6.1).
[[nodiscard]] key32 kdf_ratchet_message_key(key32 const& chain_key) noexcept;

/// CK_{n+1} = crypto_kdf_derive_from_key(32, 2, "PSGratch", CK_n): the next chain key.
[[nodiscard]] key32 kdf_ratchet_chain_key(key32 const& chain_key) noexcept;

/// crypto_aead_xchacha20poly1305_ietf_encrypt: len(pt) + 16 bytes.
[[nodiscard]] bytes aead_xchacha20poly1305_ietf_encrypt(byte_view pt, byte_view ad,
                                                        nonce24 const& n, key32 const& k);

/// crypto_aead_xchacha20poly1305_ietf_decrypt into pt (resized). On failure pt is empty.
[[nodiscard]] bool aead_xchacha20poly1305_ietf_decrypt(bytes& pt, byte_view ct, byte_view ad,
                                                       nonce24 const& n, key32 const& k);

/// crypto_box_easy: m boxed from sender_sk to recipient_pk, len(m) + 16 bytes.
[[nodiscard]] bytes box_easy(byte_view m, nonce24 const& n, key32 const& recipient_pk,
                             key32 const& sender_sk);

/// crypto_box_open_easy into m (resized). On failure m is empty.
[[nodiscard]] bool box_open_easy(bytes& m, byte_view c, nonce24 const& n, key32 const& sender_pk,
                                 key32 const& recipient_sk);

/// crypto_box_seal: anonymous and randomised, len(m) + 48 bytes.
[[nodiscard]] bytes box_seal(byte_view m, key32 const& recipient_pk);

/// crypto_box_seal_open into m (resized). On failure m is empty.
[[nodiscard]] bool box_seal_open(bytes& m, byte_view c, key32 const& recipient_pk,
                                 key32 const& recipient_sk);

/// sodium_pad: x followed by 1..block bytes of ISO/IEC 7816-4 padding.
[[nodiscard]] bytes sodium_pad(byte_view x, std::size_t block);

/// sodium_unpad in place; false (x unchanged) if the padding is bad or x is not 1 or more whole
/// blocks.
[[nodiscard]] bool sodium_unpad(bytes& x, std::size_t block) noexcept;

/// sodium_memzero.
void sodium_memzero(std::span<byte> x) noexcept;

/// sodium_memcmp: constant-time equality of two 32-byte values.
[[nodiscard]] bool equal_constant_time(key32 const& a, key32 const& b) noexcept;

} // namespace sirkel::protocol
