// The "can't come" notices of one group (the duty to tell, GROUND-RULES.md; PROTOCOL.md §8.2):
// who said they cannot come to the open meeting (or, while none is open, the next one) and who
// said it during the open meeting for the one after. Member ids only, no reason, in memory.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <vector>

namespace sirkel
{

class absence_notices
{
public:
    /// member says they cannot come (away) or takes it back; meeting_open decides which
    /// meeting a new notice is for. Whether anything changed.
    bool set(protocol::id16 const& member, bool away, bool meeting_open);
    /// member joined the open meeting: their notice for it no longer holds. Whether it had one.
    bool came(protocol::id16 const& member);
    /// The open meeting ended: the notices for the one after are now for the next.
    void meeting_ended();

    [[nodiscard]] std::vector<protocol::id16> const& away() const noexcept { return away_; }
    [[nodiscard]] std::vector<protocol::id16> const& away_next() const noexcept
    {
        return away_next_;
    }

private:
    std::vector<protocol::id16> away_;
    std::vector<protocol::id16> away_next_;
};

} // namespace sirkel
