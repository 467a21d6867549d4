// Closes what has run out on time (PSG1.md §3.6, §4.2, §4.4, §4.5): join requests, proposals,
// member invites and tombstones. One timer for the whole server, armed at the earliest deadline
// of any group and left unarmed when nothing waits, so an idle server sleeps. Without it a
// request whose time passed would be closed only at its group's next frame, and its joiner and
// the members told only then.
#pragma once

#include "net.hpp"

#include <cstdint>
#include <optional>

namespace sirkel
{

class server_state;

class expiry_timer
{
public:
    /// Listens to state's deadlines until destroyed; destroy it before the io_context.
    expiry_timer(net::any_io_executor const& executor, server_state& state);
    ~expiry_timer();
    expiry_timer(expiry_timer const&) = delete;
    expiry_timer& operator=(expiry_timer const&) = delete;

    /// Something falls due at unix second at: wake then, unless already due to wake earlier.
    void arm(std::int64_t at);

private:
    void fire();

    net::steady_timer timer_;
    server_state& state_;
    std::optional<std::int64_t> armed_at_;
};

} // namespace sirkel
