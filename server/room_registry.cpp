#include "room_registry.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

namespace sirkel
{

room& room_registry::open(protocol::id16 const& group)
{
    auto& slot = rooms_[group];
    if (!slot)
        slot = std::make_unique<room>(protocol::random_array<protocol::id16>(), stats_);
    return *slot;
}

void room_registry::close_if_empty(protocol::id16 const& group)
{
    auto const found = rooms_.find(group);
    if (found != rooms_.end() && found->second->empty())
        rooms_.erase(found);
}

} // namespace sirkel
