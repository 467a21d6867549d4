#include "meeting_of_two.hpp"

namespace sirkel::test
{

meeting_of_two::meeting_of_two(server_process& server)
{
    auto const group = start_with_group(server);
    a = redeemed_facilitator(server, group, alice);
    b = redeemed_facilitator(server, group, bob);
    ses = session_of(a->join());
    b->join();
    a->expect("presence");
}

} // namespace sirkel::test
