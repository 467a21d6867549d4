#include "meeting_of_two.hpp"

#include "admitted_group.hpp"

namespace sirkel::test
{

meeting_of_two::meeting_of_two(server_process& server)
{
    group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    alice = members.members()[0].identity;
    bob = members.members()[1].identity;
    a = std::move(members.members()[0].client);
    b = std::move(members.members()[1].client);
    pa = std::make_unique<psg1_participant>(group, alice, members.roster(), *a, "alice");
    pb = std::make_unique<psg1_participant>(group, bob, members.roster(), *b, "bob");
    ses = pa->join();
    pb->join();
    a->expect("presence");
    // Both joined within the coalescing window: one epoch with both of them.
    pa->pump_until([&] { return pa->current_ep() > 0 && pa->parts().size() == 2; });
    ep = pa->current_ep();
    psg1_participant::await_all_ready({pa.get(), pb.get()}, ep);
}

} // namespace sirkel::test
