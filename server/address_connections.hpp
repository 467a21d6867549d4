// How many connections each client address holds open, for the per-address connection cap. An
// address leaves the table with its last connection, so the table never holds more entries than
// there are open connections (max_connections).
#pragma once

#include "net.hpp"

#include <cstddef>
#include <map>

namespace sirkel
{

class address_connections
{
public:
    [[nodiscard]] std::size_t count(net::ip::address const& address) const;
    void add(net::ip::address const& address) { ++open_[address]; }
    void remove(net::ip::address const& address);
    /// Addresses with at least one open connection.
    [[nodiscard]] std::size_t size() const noexcept { return open_.size(); }

private:
    std::map<net::ip::address, std::size_t> open_;
};

} // namespace sirkel
