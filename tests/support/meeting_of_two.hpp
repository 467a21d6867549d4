// Two members in one meeting, the starting point of every test of what happens inside a meeting.
#pragma once

#include "server_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <memory>

namespace sirkel::test
{

struct meeting_of_two
{
    /** Start server with a group (start_with_group), found it as alice, admit bob (PSG1.md §4),
        and have alice then bob join. Alice's presence
        frame for bob is consumed, so both connections start with nothing left to read.
        @throws std::runtime_error if any step is answered otherwise.
    */
    explicit meeting_of_two(server_process& server);

    device_identity alice = device_identity::generate();
    device_identity bob = device_identity::generate();
    std::unique_ptr<test_client> a; ///< alice's connection
    std::unique_ptr<test_client> b; ///< bob's connection
    protocol::id16 ses{};           ///< the meeting both joined
};

} // namespace sirkel::test
