// Which address a connection's requests count as for the per-address limits
// (max-connections-per-address, invite-attempts-per-minute). A client that connects directly
// counts as its TCP peer. A trusted reverse proxy (--trusted-proxy) carries many clients, so its
// connection counts as none of them, and each WebSocket upgrade it forwards counts as the client
// its X-Forwarded-For names. From any other peer that header is ignored: a client must not pick
// the address it counts as.
#pragma once

#include "net.hpp"

#include <optional>

namespace sirkel
{

class trusted_proxies;

class client_address
{
public:
    client_address(net::ip::address const& peer, trusted_proxies const& proxies);

    /// Whether the peer is a trusted proxy, whose requests each name their own client.
    [[nodiscard]] bool via_proxy() const noexcept { return !peer_; }
    /// What the TCP connection itself counts as from accept on: the peer's limit_key, or nothing
    /// for a trusted proxy.
    [[nodiscard]] std::optional<net::ip::address> const& connection() const noexcept
    {
        return peer_;
    }
    /** What a request on the connection counts as, reduced by limit_key. For a direct client,
        the peer. For a trusted proxy, the LAST entry of X-Forwarded-For: the one the proxy
        wrote itself (nginx's $remote_addr), while entries before it are whatever the client
        sent. std::nullopt when that entry is missing or no IP address.
    */
    [[nodiscard]] std::optional<net::ip::address> of(http::fields const& request) const;

private:
    std::optional<net::ip::address> peer_;
};

} // namespace sirkel
