// SIGTERM (systemctl stop, docker stop): every member is told the server is going away, with the
// close code browsers show as a restart (1001), and the process exits 0 within a bound, also when
// a member never answers the close.
#include "meeting_of_two.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// Read what client has left until the connection has ended; its close code.
std::uint16_t close_code_after_draining(test_client& client)
{
    while (!client.is_closed() && client.receive_raw(default_timeout))
    {
    }
    REQUIRE(client.is_closed());
    return client.close_code();
}

} // namespace

TEST_CASE("shutdown: SIGTERM tells a meeting's members 1001 and exits 0 within the grace period, "
          "also when a member does not answer")
{
    server_process server;
    meeting_of_two meeting(server);

    // Neither client is read while the server stops, so neither answers the close: the server
    // must not wait for them past its grace period (2 s).
    auto const started = std::chrono::steady_clock::now();
    CHECK(server.stop() == 0);
    auto const took = std::chrono::steady_clock::now() - started;
    CHECK(took < std::chrono::seconds{5});

    CHECK(close_code_after_draining(*meeting.a) == 1001);
    CHECK(close_code_after_draining(*meeting.b) == 1001);
    auto const log = server.log_text();
    CHECK(log.find(R"("event":"shutting_down","signal":15,"websockets":2)") != std::string::npos);
    CHECK(log.find(R"("event":"stopped")") != std::string::npos);
}
