// Per-address limits (invite attempts) and the bound on the table that holds them.
#include "address_rate_limiter.hpp"

#include <doctest/doctest.h>

using namespace sirkel;
using namespace std::chrono_literals;

namespace
{

auto const t0 = address_rate_limiter::clock::time_point{} + 1h;

net::ip::address address(char const* text)
{
    return net::ip::make_address(text);
}

} // namespace

TEST_CASE("each address has its own bucket")
{
    address_rate_limiter limiter({2, 30s}, 100);
    CHECK(limiter.take(address("192.0.2.1"), t0));
    CHECK(limiter.take(address("192.0.2.1"), t0));
    CHECK_FALSE(limiter.take(address("192.0.2.1"), t0));
    CHECK(limiter.take(address("192.0.2.2"), t0));
    CHECK_FALSE(limiter.take(address("192.0.2.1"), t0 + 29s));
    CHECK(limiter.take(address("192.0.2.1"), t0 + 30s));
}

TEST_CASE("a flood of distinct addresses never holds more than the capacity")
{
    address_rate_limiter limiter({1, 60s}, 3);
    for (int i = 0; i < 1000; ++i)
    {
        auto const v4 = net::ip::address_v4(0xC6120000u + static_cast<unsigned>(i));
        CHECK(limiter.take(v4, t0));
        CHECK(limiter.size() <= 3);
    }
    CHECK(limiter.size() == 3);
}

TEST_CASE("at capacity the least recently used address is forgotten, not the busy one")
{
    address_rate_limiter limiter({1, 60s}, 2);
    CHECK(limiter.take(address("192.0.2.1"), t0));
    CHECK(limiter.take(address("192.0.2.2"), t0));
    // .1 is used again (refused), so .2 is now the least recently used.
    CHECK_FALSE(limiter.take(address("192.0.2.1"), t0 + 1s));
    CHECK(limiter.take(address("192.0.2.3"), t0 + 2s));
    CHECK(limiter.size() == 2);
    // .1 is still remembered and still limited; .2 was forgotten and starts afresh.
    CHECK_FALSE(limiter.take(address("192.0.2.1"), t0 + 3s));
    CHECK(limiter.take(address("192.0.2.2"), t0 + 3s));
}

TEST_CASE("addresses whose buckets are full again are forgotten")
{
    address_rate_limiter limiter({1, 10s}, 100);
    CHECK(limiter.take(address("192.0.2.1"), t0));
    CHECK(limiter.take(address("2001:db8::1"), t0));
    CHECK(limiter.size() == 2);
    CHECK(limiter.take(address("192.0.2.9"), t0 + 10s));
    CHECK(limiter.size() == 1);
}
