// The invite info (PSG1.md §4.2, §4.3): what a person holding the link reads before deciding to
// ask: the group's name, the creator's name and the ground rules. Encrypted under ik, which only
// the link yields, so the server never sees any of it.
//
//   info.pt = PAD(LP(utf8(group_name)) || NAME64(creator) || LP(utf8(text)), 256)
//   info.c  = AEAD(info.pt, LP("PSG1-invinfo") || room_id || invite_id, info.n, ik)
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"

#include <string>

namespace sirkel::protocol
{

struct invite_info
{
    std::string group_name;   ///< 1..64 bytes, the name rules of §1 otherwise
    std::string creator_name; ///< a member name, §1
    std::string text;         ///< the ground rules and pledge, 1..8192 bytes of UTF-8 (§3.7)

    friend bool operator==(invite_info const&, invite_info const&) = default;
};

/// The longest group name in bytes (§4.2).
inline constexpr std::size_t group_name_max_bytes = 64;

/// LP("PSG1-invinfo") || room_id || invite_id.
[[nodiscard]] bytes invite_info_ad(id16 const& room_id, id16 const& invite_id);

/**
 * info.c for info under ik with nonce n. bad_name for a group or creator name that breaks §1's
 * rules, doc_invalid for a text that breaks §3.7's; out is then untouched.
 */
[[nodiscard]] psg1_error seal_invite_info(invite_info const& info, id16 const& room_id,
                                          id16 const& invite_id, nonce24 const& n, key32 const& ik,
                                          bytes& out);

/**
 * Decrypt, unpad and parse info.c, checking every field. aead_failed (wrong ik, room, invite or
 * a changed byte), bad_padding, bad_encoding (the LP fields do not fill the plaintext exactly),
 * bad_name, doc_invalid. The caller then checks the text against the pinned chain's
 * pledge_hash (check_ground_rules_text, §3.8 step 4).
 */
[[nodiscard]] psg1_error open_invite_info(byte_view c, id16 const& room_id, id16 const& invite_id,
                                          nonce24 const& n, key32 const& ik, invite_info& out);

} // namespace sirkel::protocol
