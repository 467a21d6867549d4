#include "sirkel/protocol/join_key_seal.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>
#include <string_view>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view jk_label = "PSG1-jk";
constexpr std::size_t seal_overhead_bytes = 48;
constexpr std::size_t signer_offset = 0;
constexpr std::size_t jk_offset = signer_offset + std::tuple_size_v<id16>;
constexpr std::size_t sig_offset = jk_offset + std::tuple_size_v<key32>;
constexpr std::size_t plaintext_bytes = sig_offset + std::tuple_size_v<signature64>;
static_assert(plaintext_bytes + seal_overhead_bytes == join_key_seal_bytes);

template <typename Array>
Array array_at(bytes const& b, std::size_t offset)
{
    Array a{};
    std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(offset), a.size(), a.begin());
    return a;
}

} // namespace

bytes join_key_signed_bytes(id16 const& room_id, id16 const& invite_id, id16 const& to,
                            key32 const& jk)
{
    bytes out;
    append_lp(out, jk_label);
    append(out, room_id);
    append(out, invite_id);
    append(out, to);
    append(out, jk);
    return out;
}

bytes seal_join_key(id16 const& room_id, id16 const& invite_id, id16 const& signer_id,
                    std::span<byte const, 64> signer_sig_sk, id16 const& to, key32 const& to_dh_pk,
                    key32 const& jk)
{
    auto signed_bytes = join_key_signed_bytes(room_id, invite_id, to, jk);
    bytes pt;
    pt.reserve(plaintext_bytes);
    append(pt, signer_id);
    append(pt, jk);
    append(pt, sign_detached(signed_bytes, signer_sig_sk));
    auto sealed = box_seal(pt, to_dh_pk);
    sodium_memzero(signed_bytes);
    sodium_memzero(pt);
    return sealed;
}

psg1_error open_join_key(byte_view sealed, id16 const& room_id, id16 const& invite_id,
                         id16 const& self_id, key32 const& self_dh_pk, key32 const& self_dh_sk,
                         roster const& verified, key32& jk)
{
    if (sealed.size() != join_key_seal_bytes)
        return psg1_error::bad_encoding;
    bytes pt;
    if (!box_seal_open(pt, sealed, self_dh_pk, self_dh_sk))
        return psg1_error::aead_failed;
    auto const signer_id = array_at<id16>(pt, signer_offset);
    auto candidate = array_at<key32>(pt, jk_offset);
    auto const sig = array_at<signature64>(pt, sig_offset);
    sodium_memzero(pt);

    auto const* signer = verified.find(signer_id);
    auto signed_bytes = join_key_signed_bytes(room_id, invite_id, self_id, candidate);
    bool const holds = signer != nullptr && sign_verify_detached(sig, signed_bytes, signer->sig_pk);
    sodium_memzero(signed_bytes);
    if (holds)
        jk = candidate;
    sodium_memzero(candidate);
    return holds ? psg1_error::ok : psg1_error::approval_invalid;
}

} // namespace sirkel::protocol
