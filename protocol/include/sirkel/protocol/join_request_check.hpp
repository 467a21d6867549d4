// The signed byte layouts of a join request and a decline (PSG1.md §4.4, §4.5) that the server
// checks: the pledge, possession of the new identity key on this connection, and a member's
// decline. The encrypted part (req.c) is the members' business, not the server's.
// The declarations match protocol/join_request.hpp of the fuller PSG1 implementation written
// alongside, so that this file can give way to it.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>
#include <string_view>

namespace sirkel::protocol
{

/// LP("PSG1-pledge") || room_id || pledge_hash || u8(adult_confirmed).
[[nodiscard]] bytes pledge_message(id16 const& room_id, key32 const& pledge_hash,
                                   std::uint8_t adult_confirmed);

/// LP("PSG1-request") || LP(origin) || challenge || room_id || invite_id || member_id || IK_sig.pk
/// || IK_dh.pk: what a join request's possession signature signs.
[[nodiscard]] bytes possession_message(std::string_view origin, key32 const& challenge,
                                       id16 const& room_id, id16 const& invite_id,
                                       id16 const& member_id, key32 const& sig_pk,
                                       key32 const& dh_pk);

/// LP("PSG1-decline") || room_id || invite_id || joiner_member_id || joiner_IK_sig.pk.
[[nodiscard]] bytes decline_message(id16 const& room_id, id16 const& invite_id,
                                    id16 const& joiner_member_id, key32 const& joiner_sig_pk);

} // namespace sirkel::protocol
