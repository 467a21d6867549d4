// The invite link (PSG1.md §invite):
// https://HOST/j/<group>#1.<b64u(invite_id||secret||roster_hash)>. The fragment never reaches the
// server (RFC 3986 §3.5); only the client reads it.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

struct invite_link
{
    id16 group{};
    id16 invite{};
    key32 secret{};
    key32 roster_hash{}; ///< all zero for a group that has no roster yet

    /// public_origin like "https://localhost:8443" (no trailing slash).
    [[nodiscard]] std::string to_url(std::string_view public_origin) const;

    /// Parse a full link; std::nullopt unless every part has its exact form.
    [[nodiscard]] static std::optional<invite_link> parse(std::string_view url);
};

} // namespace sirkel::protocol
