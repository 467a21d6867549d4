// A real server in plain mode with a tampering relay in front of it, for tests of what clients
// do when the server lies (PSG1.md §11).
#pragma once

#include "server_process.hpp"
#include "tampering_relay_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <optional>
#include <string_view>

namespace sirkel::test
{

class relayed_server
{
public:
    /** Start a plain server with a group (start_with_group), and the relay in mode in front
        of it on the port of entrance().
        @throws std::runtime_error if either does not start.
    */
    explicit relayed_server(std::string_view mode);

    /// The real server: admin commands, its log, and direct connections that bypass the relay.
    [[nodiscard]] server_process& upstream() { return upstream_; }
    /** What test clients and http_get connect to: the relay. test_client and http_get reach
        the port a server_process names and nothing else, so this is a plain server_process
        that was started once to learn a free port, then stopped and its port handed to the
        relay. Its own database is unused: admin commands go to upstream().
    */
    [[nodiscard]] server_process const& entrance() const { return entrance_; }
    [[nodiscard]] tampering_relay_process& relay() { return *relay_; }
    /// Options that make a test_client of upstream() connect through the relay.
    [[nodiscard]] client_options through_relay() const
    {
        client_options options;
        options.port = relay_->port();
        return options;
    }
    [[nodiscard]] protocol::id16 const& group() const { return group_; }

private:
    server_process upstream_{server_process::transport::insecure_plain};
    server_process entrance_{server_process::transport::insecure_plain};
    protocol::id16 group_{};
    std::optional<tampering_relay_process> relay_;
};

} // namespace sirkel::test
