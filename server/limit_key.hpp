// The address a client counts as for the per-address limits (max-connections-per-address,
// invite-attempts-per-minute), whether it is the TCP peer or named by a trusted proxy.
#pragma once

#include "net.hpp"

namespace sirkel
{

/// An IPv4 address as itself (also when it arrives mapped into IPv6), an IPv6 address by its
/// /64, the least a provider gives one customer, so a host cannot escape the limits by walking
/// its own prefix.
[[nodiscard]] net::ip::address limit_key(net::ip::address const& address);

} // namespace sirkel
