// The server does not write a frame the moment it is queued: it flushes each connection's queue
// once per turn of its io loop, so that the frames of one turn go out in one write. Many senders
// at once towards one receiver must still reach it complete and, per sender, in order.
#include "meeting_members.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <charconv>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

TEST_CASE("write flush: frames of many senders reach one receiver complete and in order")
{
    server_process server;
    constexpr std::size_t members = 6;
    constexpr std::uint32_t per_sender = 100;
    // Every sender sends far faster than a person types.
    meeting_members m(server, members, {"--frame-burst", "100000"});
    m.join_all();
    m.await_ready();

    // Round robin, each sender's frames written back to back without reading anything in
    // between: the server reads them in batches, and the receiver's queue gets frames of several
    // senders in one turn of the loop.
    for (std::uint32_t i = 0; i < per_sender; ++i)
        for (std::size_t sender = 1; sender < members; ++sender)
            m[sender].send_text(std::to_string(i));

    std::map<std::string, std::uint32_t> next_of; // by the sender's base64url id
    std::uint32_t received = 0;
    std::uint32_t out_of_order = 0;
    std::uint32_t const expected_total = per_sender * static_cast<std::uint32_t>(members - 1);
    while (received < expected_total)
    {
        auto const msg = m[0].next_text();
        if (!msg)
            break;
        REQUIRE(msg->code == protocol::psg1_error::ok);
        REQUIRE(msg->text);
        std::uint32_t index = 0;
        auto const& text = *msg->text;
        REQUIRE(std::from_chars(text.data(), text.data() + text.size(), index).ec == std::errc{});
        auto& next = next_of[protocol::base64url_encode(msg->from)];
        if (index != next)
            ++out_of_order;
        next = index + 1;
        ++received;
    }
    INFO("received " << received << " of " << expected_total);
    CHECK(received == expected_total);
    CHECK(out_of_order == 0);
    CHECK(next_of.size() == members - 1);
    for (auto const& [sender, next] : next_of)
    {
        INFO("sender " << sender);
        CHECK(next == per_sender);
    }
}
