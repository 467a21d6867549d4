// The facilitator's term of one group (PSG1.md §3.1 fac_term): a member's facilitator rights end
// once the group has opened fac_term meetings since the version that gave them role 1. Only the
// server can count meetings, so the count and each facilitator's grant live in the store and
// survive a restart; this class keeps a copy of them in memory for the group's ledger.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace sirkel
{

class store;

class facilitator_terms
{
public:
    /// The group's count and grants as stored. @throws store_error.
    facilitator_terms(protocol::id16 const& group, store& db);

    /// A meeting of the group opened: it counts at once, in the store first. Counting at the
    /// opening means that with fac_term = N a facilitator opens N meetings and chairs the N-th.
    void meeting_opened();
    /// The store committed a roster version (and with it who holds role 1 since when).
    void roster_committed();

    [[nodiscard]] std::uint64_t meetings_opened() const noexcept { return meetings_opened_; }
    /// The members of roster with role 1 whose term has ended, in ascending order (the order of
    /// the roster's entries); none while the frame's fac_term is 0.
    [[nodiscard]] std::vector<protocol::id16> over(protocol::roster const& roster) const;

private:
    protocol::id16 group_;
    store& db_;
    std::uint64_t meetings_opened_ = 0;
    /// For each role-1 member: the count when the version that gave them role 1 was committed.
    std::map<protocol::id16, std::uint64_t> granted_at_;
};

} // namespace sirkel
