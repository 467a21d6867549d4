// The pairwise box that hands a participant's sender key to one other participant of an epoch
// (PSG1.md §5.3), boxed between the two epoch keys EK so that it is forward secret:
//
//   P_ij = LP("PSG1-skd") || room_id || session_id || u32be(ep) || member_id_i || member_id_j
//          || CK_i,0(32) || SK_msg_i.pk(32) || LP(NAME64(name_i))                      (212 B)
//   c    = BOX(P_ij, n = RAND(24), EK_j.pk, EK_i.sk)                                   (228 B)
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

/// Where a box belongs: the meeting, the epoch and the pair (from i, to j).
struct sender_key_route
{
    id16 room_id{};
    id16 session_id{};
    std::uint32_t ep = 0;
    id16 from{};
    id16 to{};
};

/// What j installs for i from an opened box: the receive state of §5.3.
struct sender_key
{
    key32 chain_key{}; ///< CK_i,0
    key32 sk_msg_pk{}; ///< SK_msg_i.pk
    std::string name;  ///< i's name, as it shows in this meeting
};

inline constexpr std::size_t sender_key_plaintext_bytes = 212;
inline constexpr std::size_t sender_key_box_bytes = 228;

/**
 * P_ij for route, boxed with nonce n from i's EK.sk to j's EK.pk. bad_name for a name that
 * breaks §1 (out untouched). The plaintext is wiped: it holds CK.
 */
[[nodiscard]] psg1_error seal_sender_key(sender_key_route const& route, sender_key const& key,
                                         nonce24 const& n, key32 const& to_ek_pk,
                                         key32 const& from_ek_sk, bytes& out);

/**
 * j's opening of i's box with EK_i.pk from i's verified ekey and j's own EK.sk: the box, its
 * length, and every field (label, room, meeting, epoch, from, to, the LP length 64, the name)
 * against route. Any failure is skd_invalid: i's messages of this epoch are unreadable.
 */
[[nodiscard]] psg1_error open_sender_key(sender_key_route const& route, byte_view c,
                                         nonce24 const& n, key32 const& from_ek_pk,
                                         key32 const& to_ek_sk, sender_key& out);

} // namespace sirkel::protocol
