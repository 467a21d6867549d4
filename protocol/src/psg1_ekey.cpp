#include "sirkel/protocol/psg1_ekey.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <string_view>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view parts_label = "PSG1-parts";
constexpr std::string_view ekey_label = "PSG1-ekey";

} // namespace

key32 parts_hash(std::span<id16 const> parts)
{
    bytes data;
    data.reserve(4 + parts_label.size() + 4 + parts.size() * sizeof(id16));
    append_lp(data, parts_label);
    append_be(data, parts.size(), 4);
    for (auto const& id : parts)
        append(data, id);
    return generichash32(data);
}

psg1_error check_epoch_parts(std::span<id16 const> parts, roster const& roster, id16 const& self)
{
    if (parts.empty() || parts.size() > roster::max_members)
        return psg1_error::bad_encoding;
    for (std::size_t i = 1; i < parts.size(); ++i)
        if (!(parts[i - 1] < parts[i]))
            return psg1_error::bad_encoding;
    bool self_present = false;
    for (auto const& id : parts)
    {
        if (roster.find(id) == nullptr)
            return psg1_error::not_a_participant;
        self_present = self_present || id == self;
    }
    return self_present ? psg1_error::ok : psg1_error::not_a_participant;
}

bytes ekey_signed_bytes(id16 const& room_id, psg1_ekey const& ekey, key32 const& parts_hash)
{
    bytes out;
    out.reserve(4 + ekey_label.size() + 16 + 16 + 4 + 16 + 8 + 32 + 32 + 32);
    append_lp(out, ekey_label);
    append(out, room_id);
    append(out, ekey.session_id);
    append_be(out, ekey.ep, 4);
    append(out, ekey.from);
    append_be(out, ekey.rv, 8);
    append(out, ekey.rh);
    append(out, parts_hash);
    append(out, ekey.ek);
    return out;
}

signature64 sign_ekey(id16 const& room_id, psg1_ekey const& ekey, key32 const& parts_hash,
                      std::span<byte const, 64> sig_sk)
{
    return sign_detached(ekey_signed_bytes(room_id, ekey, parts_hash), sig_sk);
}

bool verify_ekey(id16 const& room_id, psg1_ekey const& ekey, key32 const& parts_hash,
                 key32 const& sig_pk)
{
    return sign_verify_detached(ekey.sig, ekey_signed_bytes(room_id, ekey, parts_hash), sig_pk);
}

} // namespace sirkel::protocol
