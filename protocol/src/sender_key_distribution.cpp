#include "sirkel/protocol/sender_key_distribution.hpp"

#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view skd_label = "PSG1-skd";

// Everything of P_ij before CK: fixed for a route, so opening compares it whole.
bytes route_prefix(sender_key_route const& route)
{
    bytes out;
    append_lp(out, skd_label);
    append(out, route.room_id);
    append(out, route.session_id);
    append_be(out, route.ep, 4);
    append(out, route.from);
    append(out, route.to);
    return out;
}

// LP(NAME64): a u32be length of 64.
bytes name_length_prefix()
{
    bytes out;
    append_be(out, std::tuple_size_v<name64>, 4);
    return out;
}

} // namespace

psg1_error seal_sender_key(sender_key_route const& route, sender_key const& key, nonce24 const& n,
                           key32 const& to_ek_pk, key32 const& from_ek_sk, bytes& out)
{
    name64 name{};
    if (auto const e = pad_name64(key.name, name); e != psg1_error::ok)
        return e;
    auto pt = route_prefix(route);
    append(pt, key.chain_key);
    append(pt, key.sk_msg_pk);
    append_lp(pt, name);
    out = box_easy(pt, n, to_ek_pk, from_ek_sk);
    sodium_memzero(pt);
    return psg1_error::ok;
}

psg1_error open_sender_key(sender_key_route const& route, byte_view c, nonce24 const& n,
                           key32 const& from_ek_pk, key32 const& to_ek_sk, sender_key& out)
{
    if (c.size() != sender_key_box_bytes)
        return psg1_error::skd_invalid;
    bytes pt;
    if (!box_open_easy(pt, c, n, from_ek_pk, to_ek_sk))
        return psg1_error::skd_invalid;

    auto const prefix = route_prefix(route);
    auto const name_prefix = name_length_prefix();
    std::size_t const chain_at = prefix.size();
    std::size_t const pk_at = chain_at + std::tuple_size_v<key32>;
    std::size_t const name_prefix_at = pk_at + std::tuple_size_v<key32>;
    std::size_t const name_at = name_prefix_at + name_prefix.size();
    auto const at = [&](std::size_t offset)
    { return pt.begin() + static_cast<std::ptrdiff_t>(offset); };

    sender_key key;
    bool const fields_hold =
        pt.size() == sender_key_plaintext_bytes &&
        std::equal(prefix.begin(), prefix.end(), at(0)) &&
        std::equal(name_prefix.begin(), name_prefix.end(), at(name_prefix_at)) &&
        unpad_name64(byte_view(pt).subspan(name_at), key.name) == psg1_error::ok;
    if (fields_hold)
    {
        std::copy_n(at(chain_at), key.chain_key.size(), key.chain_key.begin());
        std::copy_n(at(pk_at), key.sk_msg_pk.size(), key.sk_msg_pk.begin());
        out = std::move(key);
        sodium_memzero(key.chain_key);
    }
    sodium_memzero(pt);
    return fields_hold ? psg1_error::ok : psg1_error::skd_invalid;
}

} // namespace sirkel::protocol
