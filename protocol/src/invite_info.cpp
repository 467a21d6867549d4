#include "sirkel/protocol/invite_info.hpp"

#include "sirkel/protocol/ground_rules_doc.hpp"
#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view invinfo_label = "PSG1-invinfo";
constexpr std::size_t info_pad_block = 256;
constexpr std::size_t lp_prefix_bytes = 4;

// Reads LP(x) from the front of rest; false if the prefix or x runs past the end.
bool take_lp(byte_view& rest, std::string& x)
{
    if (rest.size() < lp_prefix_bytes)
        return false;
    std::size_t len = 0;
    for (std::size_t i = 0; i < lp_prefix_bytes; ++i)
        len = (len << 8) | rest[i];
    if (rest.size() - lp_prefix_bytes < len)
        return false;
    x.assign(rest.begin() + lp_prefix_bytes,
             rest.begin() + static_cast<std::ptrdiff_t>(lp_prefix_bytes + len));
    rest = rest.subspan(lp_prefix_bytes + len);
    return true;
}

} // namespace

bytes invite_info_ad(id16 const& room_id, id16 const& invite_id)
{
    bytes out;
    append_lp(out, invinfo_label);
    append(out, room_id);
    append(out, invite_id);
    return out;
}

psg1_error seal_invite_info(invite_info const& info, id16 const& room_id, id16 const& invite_id,
                            nonce24 const& n, key32 const& ik, bytes& out)
{
    if (auto const e = check_name(info.group_name, group_name_max_bytes); e != psg1_error::ok)
        return e;
    name64 creator{};
    if (auto const e = pad_name64(info.creator_name, creator); e != psg1_error::ok)
        return e;
    if (auto const e = check_ground_rules_text(info.text); e != psg1_error::ok)
        return e;
    bytes pt;
    append_lp(pt, info.group_name);
    append(pt, creator);
    append_lp(pt, info.text);
    out = aead_xchacha20poly1305_ietf_encrypt(sodium_pad(pt, info_pad_block),
                                              invite_info_ad(room_id, invite_id), n, ik);
    return psg1_error::ok;
}

psg1_error open_invite_info(byte_view c, id16 const& room_id, id16 const& invite_id,
                            nonce24 const& n, key32 const& ik, invite_info& out)
{
    bytes pt;
    if (!aead_xchacha20poly1305_ietf_decrypt(pt, c, invite_info_ad(room_id, invite_id), n, ik))
        return psg1_error::aead_failed;
    if (!sodium_unpad(pt, info_pad_block))
        return psg1_error::bad_padding;

    invite_info info;
    byte_view rest(pt);
    if (!take_lp(rest, info.group_name) || rest.size() < std::tuple_size_v<name64>)
        return psg1_error::bad_encoding;
    auto const creator = rest.first(std::tuple_size_v<name64>);
    rest = rest.subspan(creator.size());
    if (!take_lp(rest, info.text) || !rest.empty())
        return psg1_error::bad_encoding;

    if (auto const e = check_name(info.group_name, group_name_max_bytes); e != psg1_error::ok)
        return e;
    if (auto const e = unpad_name64(creator, info.creator_name); e != psg1_error::ok)
        return e;
    if (auto const e = check_ground_rules_text(info.text); e != psg1_error::ok)
        return e;
    out = std::move(info);
    return psg1_error::ok;
}

} // namespace sirkel::protocol
