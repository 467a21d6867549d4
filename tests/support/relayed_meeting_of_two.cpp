#include "relayed_meeting_of_two.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace sirkel::test
{
namespace
{

std::unique_ptr<test_client> redeemed_through_relay(relayed_server& server,
                                                    device_identity const& identity)
{
    auto client = std::make_unique<test_client>(server.entrance(), server.group());
    auto const answer =
        client->redeem(identity, server.upstream().invite_facilitator(server.group()));
    if (field_string(answer, "t") != "authed")
        throw std::runtime_error("redeem through the relay was answered " +
                                 boost::json::serialize(answer));
    return client;
}

} // namespace

relayed_meeting_of_two::relayed_meeting_of_two(relayed_server& server)
{
    a = redeemed_through_relay(server, alice);
    b = redeemed_through_relay(server, bob);
    ses = session_of(a->join());
    b->join();
    a->expect("presence");
}

} // namespace sirkel::test
