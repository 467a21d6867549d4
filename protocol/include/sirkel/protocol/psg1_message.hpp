// The bytes of one end-to-end message (PSG1.md §6.2): its associated data and what SK_msg signs.
// message_sender makes them, message_receiver checks them.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>

namespace sirkel::protocol
{

/// The fields of a "msg" frame that PSG1 defines (the room is the connection's group).
struct psg1_message
{
    id16 session_id{};
    std::uint32_t ep = 0;
    id16 from{};
    std::uint32_t ctr = 0;
    std::uint8_t kind = 0; // 1 text, 2 reaction, 3 control
    nonce24 n{};
    bytes ct;
    signature64 sig{};
};

/// ctr < 2^20 always (§5.4).
inline constexpr std::uint32_t message_ctr_limit = 1u << 20;
/// The plaintext is padded to 256-byte blocks, 1..64 of them.
inline constexpr std::size_t message_pad_block = 256;
inline constexpr std::size_t message_max_blocks = 64;

/// ad = LP("PSG1-msg") || room_id || session_id || u32be(ep) || member_id || u32be(ctr) || u8(kind)
[[nodiscard]] bytes message_ad(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                               id16 const& member_id, std::uint32_t ctr, std::uint8_t kind);

/// LP("PSG1-sig") || ad || n || ct: what SK_msg signs.
[[nodiscard]] bytes message_signed_bytes(byte_view ad, nonce24 const& n, byte_view ct);

/// Step 7 of §6.3: pt is exactly the canonical JSON (§6.4) of a schema of kind: parse,
/// re-serialise as JSON.stringify would, compare bytes. Refuses whitespace, duplicate and unknown
/// keys, needless escapes and ill-formed Unicode.
[[nodiscard]] bool is_canonical_plaintext(std::uint8_t kind, byte_view pt);

} // namespace sirkel::protocol
