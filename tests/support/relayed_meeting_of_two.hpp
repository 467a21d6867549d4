// Two members in one meeting, both connected through the tampering relay: the starting point of
// tests of what a lying server can do inside a meeting.
#pragma once

#include "psg1_participant.hpp"
#include "relayed_server.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <memory>

namespace sirkel::test
{

struct relayed_meeting_of_two
{
    /** Found server's group as alice and admit bob, each connection through the relay, have
        alice then bob join, and let both set up epoch 1 with their PSG1 participants. Alice's
        presence frame for bob is consumed, so both connections start with nothing left to
        read.
        @throws std::runtime_error if any step is answered otherwise.
    */
    explicit relayed_meeting_of_two(relayed_server& server);

    device_identity alice = device_identity::generate();
    device_identity bob = device_identity::generate();
    std::unique_ptr<test_client> a;       ///< alice's connection, through the relay
    std::unique_ptr<test_client> b;       ///< bob's connection, through the relay
    std::unique_ptr<psg1_participant> pa; ///< alice's PSG1 client, over a
    std::unique_ptr<psg1_participant> pb; ///< bob's PSG1 client, over b
    protocol::id16 ses{};                 ///< the meeting both joined
};

} // namespace sirkel::test
