#include "address_connections.hpp"

namespace sirkel
{

std::size_t address_connections::count(net::ip::address const& address) const
{
    auto const found = open_.find(address);
    return found == open_.end() ? 0 : found->second;
}

void address_connections::remove(net::ip::address const& address)
{
    auto const found = open_.find(address);
    if (found == open_.end())
        return;
    if (--found->second == 0)
        open_.erase(found);
}

} // namespace sirkel
