// Serialises the frames the server sends (PROTOCOL.md §4). Each returns one line of JSON
// without the trailing line feed; the connection's write queue joins frames with '\n'.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/error.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

enum class member_role : std::uint8_t
{
    member = 0,
    facilitator = 1,
};

[[nodiscard]] std::string_view role_name(member_role role) noexcept;

[[nodiscard]] std::string make_challenge_frame(id16 const& group, key32 const& nonce,
                                               std::uint32_t expires_in_ms);
[[nodiscard]] std::string make_authed_frame(id16 const& member, member_role role);
[[nodiscard]] std::string make_joined_frame(id16 const& session, std::span<id16 const> present);
[[nodiscard]] std::string make_presence_frame(id16 const& member, bool present);
/// ref is the refused frame's "t", or empty.
[[nodiscard]] std::string make_error_frame(error code, std::string_view ref);

} // namespace sirkel::protocol
