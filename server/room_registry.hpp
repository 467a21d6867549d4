// The live meetings, by group. A meeting opens with its first participant and is dropped, with
// all its state, when the last one leaves.
#pragma once

#include "room.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <map>
#include <memory>

namespace sirkel
{

class room_registry
{
public:
    explicit room_registry(metrics& stats) : stats_(stats) {}

    /// The group's live meeting, opened with a fresh random meeting id if there is none.
    [[nodiscard]] room& open(protocol::id16 const& group);

    /// Drop the group's meeting if nobody is left in it.
    void close_if_empty(protocol::id16 const& group);

private:
    metrics& stats_;
    std::map<protocol::id16, std::unique_ptr<room>> rooms_;
};

} // namespace sirkel
