#include "meeting_of_two.hpp"

#include "admitted_group.hpp"

namespace sirkel::test
{

meeting_of_two::meeting_of_two(server_process& server)
{
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    alice = members.members()[0].identity;
    bob = members.members()[1].identity;
    a = std::move(members.members()[0].client);
    b = std::move(members.members()[1].client);
    ses = session_of(a->join());
    b->join();
    a->expect("presence");
}

} // namespace sirkel::test
