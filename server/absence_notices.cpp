#include "absence_notices.hpp"

#include <algorithm>
#include <utility>

namespace sirkel
{

bool absence_notices::set(protocol::id16 const& member, bool away, bool meeting_open)
{
    if (!away)
        // Taken back: whichever meeting the notice was for, the member means to come.
        return (std::erase(away_, member) + std::erase(away_next_, member)) > 0;
    auto& notices = meeting_open ? away_next_ : away_;
    if (std::find(notices.begin(), notices.end(), member) != notices.end())
        return false;
    notices.push_back(member);
    return true;
}

bool absence_notices::came(protocol::id16 const& member)
{
    return std::erase(away_, member) > 0;
}

void absence_notices::meeting_ended()
{
    away_ = std::exchange(away_next_, {});
}

} // namespace sirkel
