// What the relay knows about one client connection: enough to keep lying to it consistently.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace sirkel::relay
{

struct client_view
{
    std::uint64_t connection = 0;         ///< the relay's own number for the connection
    protocol::id16 group{};               ///< from the /ws/<group> path: the room_id of its rosters
    std::optional<protocol::id16> member; ///< from the server's authed frame
    /// The newest roster version this client has been shown (parsed from roster frames).
    std::optional<protocol::roster> shown;
    /// hide-removal chose this client: it stays on `shown`, whatever the server commits.
    bool frozen = false;
    /// roster_get frames sent and not yet answered: tells an answer from a commit push.
    std::size_t roster_requests = 0;
};

} // namespace sirkel::relay
