#include "relayed_meeting_of_two.hpp"

#include "admitted_group.hpp"

namespace sirkel::test
{

relayed_meeting_of_two::relayed_meeting_of_two(relayed_server& server)
{
    // Admitted the real way (PSG1.md §4), every connection through the relay.
    admitted_group members(server.upstream(), server.group(), server.through_relay());
    members.admit(server.through_relay());
    alice = members.members()[0].identity;
    bob = members.members()[1].identity;
    a = std::move(members.members()[0].client);
    b = std::move(members.members()[1].client);
    pa = std::make_unique<psg1_participant>(server.group(), alice, members.roster(), *a, "alice");
    pb = std::make_unique<psg1_participant>(server.group(), bob, members.roster(), *b, "bob");
    ses = pa->join();
    pb->join();
    a->expect("presence");
    pa->pump_until([&] { return pa->current_ep() > 0 && pa->parts().size() == 2; });
    psg1_participant::await_all_ready({pa.get(), pb.get()}, pa->current_ep());
}

} // namespace sirkel::test
