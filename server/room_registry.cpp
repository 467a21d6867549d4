#include "room_registry.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

namespace sirkel
{

room& room_registry::open(protocol::id16 const& group, protocol::roster const& roster,
                          floor_policy policy, protocol::id16 const& chair,
                          net::any_io_executor const& executor)
{
    auto& slot = rooms_[group];
    slot = std::make_unique<room>(*this, group, protocol::random_array<protocol::id16>(), roster,
                                  std::move(policy), chair, epoch_setup_, reaction_rate_, executor,
                                  stats_);
    return *slot;
}

room* room_registry::find(protocol::id16 const& group)
{
    auto const found = rooms_.find(group);
    return found == rooms_.end() ? nullptr : found->second.get();
}

void room_registry::close_if_empty(protocol::id16 const& group)
{
    auto const found = rooms_.find(group);
    if (found == rooms_.end() || !found->second->empty())
        return;
    rooms_.erase(found);
    if (listener_)
        listener_(group);
}

void room_registry::end(protocol::id16 const& group)
{
    auto const found = rooms_.find(group);
    if (found == rooms_.end())
        return;
    found->second->dismiss_all();
    rooms_.erase(found);
    if (listener_)
        listener_(group);
}

} // namespace sirkel
