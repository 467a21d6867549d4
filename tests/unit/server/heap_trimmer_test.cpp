// The heap trim after a burst of TLS handshakes (server/heap_trimmer.hpp): once, a quiet period
// after the last handshake in flight ended, never while one is in flight.
#include "heap_trimmer.hpp"

#include <doctest/doctest.h>

using namespace sirkel;
using namespace std::chrono_literals;

namespace
{

constexpr auto quiet = 20ms;

/// Run every handler that is due or becomes due (the trimmer's timer at most).
void run_until_idle(net::io_context& ioc)
{
    ioc.restart();
    ioc.run();
}

} // namespace

TEST_CASE("a burst of handshakes is followed by one trim, after the quiet period")
{
    net::io_context ioc;
    heap_trimmer trimmer(ioc.get_executor(), quiet);
    for (int i = 0; i < 3; ++i)
        trimmer.handshake_started();
    trimmer.handshake_ended();
    trimmer.handshake_ended();
    // Still one in flight: nothing is armed, nothing trims.
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 0);

    // Taken before the call that arms the timer, so that the time measured below can only be
    // longer than the quiet period the trimmer waited.
    auto const ended_at = std::chrono::steady_clock::now();
    trimmer.handshake_ended();
    // Not at once: the storm's next handshake may be a moment away.
    CHECK(ioc.poll() == 0);
    CHECK(trimmer.trims() == 0);
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 1);
    CHECK(std::chrono::steady_clock::now() - ended_at >= quiet);
}

TEST_CASE("a handshake still in flight when the quiet period passes defers the trim to its end")
{
    net::io_context ioc;
    heap_trimmer trimmer(ioc.get_executor(), quiet);
    trimmer.handshake_started();
    trimmer.handshake_ended();
    trimmer.handshake_started();
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 0);

    trimmer.handshake_ended();
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 1);
}

TEST_CASE("handshakes that end within the quiet period of each other make one burst, one trim")
{
    net::io_context ioc;
    heap_trimmer trimmer(ioc.get_executor(), quiet);
    for (int i = 0; i < 5; ++i)
    {
        trimmer.handshake_started();
        trimmer.handshake_ended();
    }
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 1);

    // A later burst gets its own.
    trimmer.handshake_started();
    trimmer.handshake_ended();
    run_until_idle(ioc);
    CHECK(trimmer.trims() == 2);
}

TEST_CASE("a trimmer destroyed with its quiet period running trims nothing and touches nothing")
{
    net::io_context ioc;
    {
        heap_trimmer trimmer(ioc.get_executor(), quiet);
        trimmer.handshake_started();
        trimmer.handshake_ended();
    }
    // The cancelled wait's handler runs after the trimmer is gone (ASan would see a touch).
    CHECK(ioc.run() == 1);
}
