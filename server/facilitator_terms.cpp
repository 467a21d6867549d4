#include "facilitator_terms.hpp"

#include "store.hpp"

namespace sirkel
{

facilitator_terms::facilitator_terms(protocol::id16 const& group, store& db)
    : group_(group), db_(db), meetings_opened_(db.meetings_opened(group)),
      granted_at_(db.facilitator_grants(group))
{
}

void facilitator_terms::meeting_opened()
{
    meetings_opened_ = db_.count_meeting_opened(group_);
}

void facilitator_terms::roster_committed()
{
    granted_at_ = db_.facilitator_grants(group_);
}

std::vector<protocol::id16> facilitator_terms::over(protocol::roster const& roster) const
{
    std::vector<protocol::id16> ended;
    auto const term = roster.frame().fac_term;
    if (term == 0)
        return ended;
    for (auto const& e : roster.entries())
    {
        if (e.role != 1)
            continue;
        // Every committed role-1 member has a grant; one without would count from the start.
        auto const grant = granted_at_.find(e.member_id);
        auto const since = grant == granted_at_.end() ? 0 : grant->second;
        if (meetings_opened_ - since >= term)
            ended.push_back(e.member_id);
    }
    return ended;
}

} // namespace sirkel
