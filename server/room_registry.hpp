// The live meetings, by group. A meeting opens with its first participant, who may chair it, and
// is dropped, with all its state, when the chair ends it or the last participant leaves.
#pragma once

#include "rate_limit.hpp"
#include "room.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>

namespace sirkel
{

class room_registry
{
public:
    /// epoch_setup: the time each participant has for its ekey and skd (--epoch-setup-ms);
    /// reaction_rate: each member's quiet reactions (--reaction-burst, --reaction-interval-ms).
    room_registry(metrics& stats, std::chrono::milliseconds epoch_setup, rate_limit reaction_rate)
        : stats_(stats), epoch_setup_(epoch_setup), reaction_rate_(reaction_rate)
    {
    }

    /// Called with a group whenever its meeting closes (the lobby is told; the opening is told
    /// by the session that opened it, once its opener has joined).
    void on_close(std::function<void(protocol::id16 const&)> listener)
    {
        listener_ = std::move(listener);
    }

    /// Open the group's meeting with a fresh random meeting id under roster (the group's
    /// current version) and policy, chaired by chair; its timer runs on executor. There must be
    /// none.
    [[nodiscard]] room& open(protocol::id16 const& group, protocol::roster const& roster,
                             floor_policy policy, protocol::id16 const& chair,
                             net::any_io_executor const& executor);
    /// The group's live meeting, or nullptr.
    [[nodiscard]] room* find(protocol::id16 const& group);

    /// Drop the group's meeting if nobody is left in it.
    void close_if_empty(protocol::id16 const& group);
    /// Drop the group's meeting now: its chair ended it (everyone has the ending floor).
    void end(protocol::id16 const& group);

private:
    metrics& stats_;
    std::chrono::milliseconds epoch_setup_;
    rate_limit reaction_rate_;
    std::map<protocol::id16, std::unique_ptr<room>> rooms_;
    std::function<void(protocol::id16 const&)> listener_;
};

} // namespace sirkel
