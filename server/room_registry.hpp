// The live meetings, by group. A meeting opens with its first participant and is dropped, with
// all its state, when the last one leaves.
#pragma once

#include "room.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <chrono>

#include <map>
#include <memory>

namespace sirkel
{

class room_registry
{
public:
    /// epoch_setup: the time each participant has for its ekey and skd (--epoch-setup-ms).
    room_registry(metrics& stats, std::chrono::milliseconds epoch_setup)
        : stats_(stats), epoch_setup_(epoch_setup)
    {
    }

    /// The group's live meeting, opened with a fresh random meeting id under roster (the
    /// group's current version) if there is none; its timer runs on executor.
    [[nodiscard]] room& open(protocol::id16 const& group, protocol::roster const& roster,
                             net::any_io_executor const& executor);
    /// The group's live meeting, or nullptr.
    [[nodiscard]] room* find(protocol::id16 const& group);

    /// Drop the group's meeting if nobody is left in it.
    void close_if_empty(protocol::id16 const& group);

private:
    metrics& stats_;
    std::chrono::milliseconds epoch_setup_;
    std::map<protocol::id16, std::unique_ptr<room>> rooms_;
};

} // namespace sirkel
