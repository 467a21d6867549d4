#include "sirkel/protocol/join_request_check.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

namespace sirkel::protocol
{

bytes pledge_message(id16 const& room_id, key32 const& pledge_hash, std::uint8_t adult_confirmed)
{
    bytes out;
    append_lp(out, std::string_view("PSG1-pledge"));
    append(out, room_id);
    append(out, pledge_hash);
    append_be(out, adult_confirmed, 1);
    return out;
}

bytes possession_message(std::string_view origin, key32 const& challenge, id16 const& room_id,
                         id16 const& invite_id, id16 const& member_id, key32 const& sig_pk,
                         key32 const& dh_pk)
{
    bytes out;
    append_lp(out, std::string_view("PSG1-request"));
    append_lp(out, origin);
    append(out, challenge);
    append(out, room_id);
    append(out, invite_id);
    append(out, member_id);
    append(out, sig_pk);
    append(out, dh_pk);
    return out;
}

bytes decline_message(id16 const& room_id, id16 const& invite_id, id16 const& joiner_member_id,
                      key32 const& joiner_sig_pk)
{
    bytes out;
    append_lp(out, std::string_view("PSG1-decline"));
    append(out, room_id);
    append(out, invite_id);
    append(out, joiner_member_id);
    append(out, joiner_sig_pk);
    return out;
}

} // namespace sirkel::protocol
