// Two members in one meeting with keys of its first epoch, the starting point of every test of
// what happens inside a meeting.
#pragma once

#include "psg1_participant.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <memory>

namespace sirkel::test
{

struct meeting_of_two
{
    /** Start server with a group (start_with_group), found it as alice, admit bob (PSG1.md §4),
        have alice then bob join, and let both set up epoch 1 (ekey, skd) with their PSG1
        participants. Alice's presence frame for bob is consumed and both are ready to send,
        so both connections start with nothing left to read.
        @throws std::runtime_error if any step is answered otherwise.
    */
    explicit meeting_of_two(server_process& server);

    device_identity alice = device_identity::generate();
    device_identity bob = device_identity::generate();
    std::unique_ptr<test_client> a;       ///< alice's connection
    std::unique_ptr<test_client> b;       ///< bob's connection
    std::unique_ptr<psg1_participant> pa; ///< alice's PSG1 client, over a
    std::unique_ptr<psg1_participant> pb; ///< bob's PSG1 client, over b
    protocol::id16 group{};
    protocol::id16 ses{}; ///< the meeting both joined
    std::uint32_t ep = 0; ///< the epoch both hold keys of
};

} // namespace sirkel::test
