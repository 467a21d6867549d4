// The reverse proxies (--trusted-proxy) whose X-Forwarded-For header names the client. From any
// other peer the header is ignored, so a client cannot pick the address it counts as.
#pragma once

#include "net.hpp"

#include <string>
#include <vector>

namespace sirkel
{

class trusted_proxies
{
public:
    /** The addresses in settings, each entry one address or a comma-separated list of them.
        @throws std::invalid_argument naming --trusted-proxy and the entry that is no IP address.
    */
    explicit trusted_proxies(std::vector<std::string> const& settings);

    /// Whether peer is one of them; an IPv4 address mapped into IPv6 (a dual-stack listener's
    /// view of it) counts as the IPv4 address.
    [[nodiscard]] bool contains(net::ip::address const& peer) const;

private:
    std::vector<net::ip::address> addresses_;
};

} // namespace sirkel
