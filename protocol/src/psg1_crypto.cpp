#include "sirkel/protocol/psg1_crypto.hpp"

#include <sodium.h>

#include <stdexcept>

namespace sirkel::protocol
{
namespace
{

// crypto_kdf contexts are exactly crypto_kdf_CONTEXTBYTES characters, without a terminator.
constexpr char invite_kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "PSGinvit";
constexpr std::uint64_t invite_token_subkey_id = 1;
constexpr std::uint64_t invite_join_key_subkey_id = 2;
constexpr std::uint64_t invite_info_key_subkey_id = 3;
constexpr char ratchet_kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "PSGratch";
constexpr std::uint64_t ratchet_message_key_subkey_id = 1;
constexpr std::uint64_t ratchet_chain_key_subkey_id = 2;

constexpr std::string_view auth_label = "PSG1-auth";
constexpr std::string_view redeem_label = "PSG1-redeem";
constexpr std::size_t lp_prefix_bytes = 4;

static_assert(sizeof(invite_kdf_context) == crypto_kdf_CONTEXTBYTES + 1);
static_assert(std::tuple_size_v<key32> == crypto_kdf_KEYBYTES);
static_assert(std::tuple_size_v<signature64> == crypto_sign_BYTES);
static_assert(std::tuple_size_v<key32> == crypto_sign_PUBLICKEYBYTES);
static_assert(64 == crypto_sign_SECRETKEYBYTES); // sign_detached's sk
static_assert(std::tuple_size_v<key32> == crypto_box_PUBLICKEYBYTES);
static_assert(std::tuple_size_v<key32> == crypto_box_SECRETKEYBYTES);
static_assert(std::tuple_size_v<nonce24> == crypto_box_NONCEBYTES);

key32 kdf_invite(std::uint64_t subkey_id, key32 const& invite_secret) noexcept
{
    key32 out{};
    // Cannot fail: the output length is within crypto_kdf_BYTES_MIN..MAX.
    crypto_kdf_derive_from_key(out.data(), out.size(), subkey_id, invite_kdf_context,
                               invite_secret.data());
    return out;
}

} // namespace

void sodium_init_or_throw()
{
    // 0 on the first call, 1 when already initialised, -1 when the library cannot be used.
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium could not be initialised");
}

void randombytes_buf(std::span<byte> out) noexcept
{
    ::randombytes_buf(out.data(), out.size());
}

void append(bytes& out, byte_view x)
{
    out.insert(out.end(), x.begin(), x.end());
}

void append_be(bytes& out, std::uint64_t value, std::size_t width)
{
    for (std::size_t i = width; i-- > 0;)
        out.push_back(static_cast<byte>(value >> (8 * i)));
}

void append_lp(bytes& out, byte_view x)
{
    // Every LP field here is a label, an origin, a key or a padded name: far below 4 GiB, so
    // the length always fits the u32 prefix.
    append_be(out, x.size(), 4);
    append(out, x);
}

void append_lp(bytes& out, std::string_view x)
{
    append_lp(out, as_byte_view(x));
}

bytes auth_message(std::string_view origin, key32 const& nonce, id16 const& group,
                   id16 const& member)
{
    bytes out;
    out.reserve(2 * lp_prefix_bytes + auth_label.size() + origin.size() + nonce.size() +
                group.size() + member.size());
    append_lp(out, auth_label);
    append_lp(out, origin);
    append(out, nonce);
    append(out, group);
    append(out, member);
    return out;
}

bytes redeem_message(std::string_view origin, key32 const& nonce, id16 const& group,
                     id16 const& invite, id16 const& member, key32 const& sig_pk,
                     key32 const& dh_pk)
{
    bytes out;
    out.reserve(2 * lp_prefix_bytes + redeem_label.size() + origin.size() + nonce.size() +
                group.size() + invite.size() + member.size() + sig_pk.size() + dh_pk.size());
    append_lp(out, redeem_label);
    append_lp(out, origin);
    append(out, nonce);
    append(out, group);
    append(out, invite);
    append(out, member);
    append(out, sig_pk);
    append(out, dh_pk);
    return out;
}

bool sign_verify_detached(signature64 const& sig, byte_view message, key32 const& pk) noexcept
{
    return crypto_sign_verify_detached(sig.data(), message.data(), message.size(), pk.data()) == 0;
}

signature64 sign_detached(byte_view message, std::span<byte const, 64> sk) noexcept
{
    signature64 sig{};
    // Cannot fail for a well-formed secret key; the length pointer is optional.
    crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk.data());
    return sig;
}

key32 generichash32(byte_view data) noexcept
{
    key32 out{};
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
    return out;
}

key32 kdf_invite_token(key32 const& invite_secret) noexcept
{
    return kdf_invite(invite_token_subkey_id, invite_secret);
}

key32 kdf_invite_join_key(key32 const& invite_secret) noexcept
{
    return kdf_invite(invite_join_key_subkey_id, invite_secret);
}

key32 kdf_invite_info_key(key32 const& invite_secret) noexcept
{
    return kdf_invite(invite_info_key_subkey_id, invite_secret);
}

key32 kdf_ratchet_message_key(key32 const& chain_key) noexcept
{
    key32 out{};
    crypto_kdf_derive_from_key(out.data(), out.size(), ratchet_message_key_subkey_id,
                               ratchet_kdf_context, chain_key.data());
    return out;
}

key32 kdf_ratchet_chain_key(key32 const& chain_key) noexcept
{
    key32 out{};
    crypto_kdf_derive_from_key(out.data(), out.size(), ratchet_chain_key_subkey_id,
                               ratchet_kdf_context, chain_key.data());
    return out;
}

bytes aead_xchacha20poly1305_ietf_encrypt(byte_view pt, byte_view ad, nonce24 const& n,
                                          key32 const& k)
{
    bytes ct(pt.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long ct_len = 0;
    // Cannot fail for messages below the primitive's 256 GiB limit.
    crypto_aead_xchacha20poly1305_ietf_encrypt(ct.data(), &ct_len, pt.data(), pt.size(), ad.data(),
                                               ad.size(), nullptr, n.data(), k.data());
    return ct;
}

bool aead_xchacha20poly1305_ietf_decrypt(bytes& pt, byte_view ct, byte_view ad, nonce24 const& n,
                                         key32 const& k)
{
    pt.clear();
    if (ct.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return false;
    pt.resize(ct.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long pt_len = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt.data(), &pt_len, nullptr, ct.data(),
                                                   ct.size(), ad.data(), ad.size(), n.data(),
                                                   k.data()) != 0)
    {
        pt.clear();
        return false;
    }
    return true;
}

bytes box_easy(byte_view m, nonce24 const& n, key32 const& recipient_pk, key32 const& sender_sk)
{
    bytes c(m.size() + crypto_box_MACBYTES);
    // Fails only for a public key of low order, which no honest peer sends; the box is then
    // unusable, so hand back nothing rather than a box nobody can open.
    if (crypto_box_easy(c.data(), m.data(), m.size(), n.data(), recipient_pk.data(),
                        sender_sk.data()) != 0)
        c.clear();
    return c;
}

bool box_open_easy(bytes& m, byte_view c, nonce24 const& n, key32 const& sender_pk,
                   key32 const& recipient_sk)
{
    m.clear();
    if (c.size() < crypto_box_MACBYTES)
        return false;
    m.resize(c.size() - crypto_box_MACBYTES);
    if (crypto_box_open_easy(m.data(), c.data(), c.size(), n.data(), sender_pk.data(),
                             recipient_sk.data()) != 0)
    {
        m.clear();
        return false;
    }
    return true;
}

bytes box_seal(byte_view m, key32 const& recipient_pk)
{
    bytes c(m.size() + crypto_box_SEALBYTES);
    // As box_easy: only a low-order public key fails.
    if (crypto_box_seal(c.data(), m.data(), m.size(), recipient_pk.data()) != 0)
        c.clear();
    return c;
}

bool box_seal_open(bytes& m, byte_view c, key32 const& recipient_pk, key32 const& recipient_sk)
{
    m.clear();
    if (c.size() < crypto_box_SEALBYTES)
        return false;
    m.resize(c.size() - crypto_box_SEALBYTES);
    if (crypto_box_seal_open(m.data(), c.data(), c.size(), recipient_pk.data(),
                             recipient_sk.data()) != 0)
    {
        m.clear();
        return false;
    }
    return true;
}

bytes sodium_pad(byte_view x, std::size_t block)
{
    bytes out(x.begin(), x.end());
    out.resize(x.size() + block);
    std::size_t padded = 0;
    // Cannot fail: out has room for a whole block more than x.
    ::sodium_pad(&padded, out.data(), x.size(), block, out.size());
    out.resize(padded);
    return out;
}

bool sodium_unpad(bytes& x, std::size_t block) noexcept
{
    // libsodium's own check reads only the last block, so it takes any length of at least one
    // block, and an empty x would hand it a null pointer. PAD makes whole blocks only, and the
    // TypeScript client's unpad refuses every other length: so does this one.
    if (x.empty() || block == 0 || x.size() % block != 0)
        return false;
    std::size_t unpadded = 0;
    if (::sodium_unpad(&unpadded, x.data(), x.size(), block) != 0)
        return false;
    x.resize(unpadded);
    return true;
}

void sodium_memzero(std::span<byte> x) noexcept
{
    ::sodium_memzero(x.data(), x.size());
}

bool equal_constant_time(key32 const& a, key32 const& b) noexcept
{
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace sirkel::protocol
