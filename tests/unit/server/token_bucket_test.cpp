// The token bucket behind every rate limit of the server (README "Configuration").
#include "token_bucket.hpp"

#include <doctest/doctest.h>

using namespace sirkel;
using namespace std::chrono_literals;

namespace
{

auto const t0 = token_bucket::clock::time_point{} + 1h;

} // namespace

TEST_CASE("a token bucket gives its burst at once, then one per interval")
{
    token_bucket bucket({3, 1000ms});
    for (int i = 0; i < 3; ++i)
        CHECK(bucket.take(t0));
    CHECK_FALSE(bucket.take(t0));
    // A refused take spends nothing: the next token still comes after one interval.
    CHECK_FALSE(bucket.take(t0 + 999ms));
    CHECK(bucket.take(t0 + 1000ms));
    CHECK_FALSE(bucket.take(t0 + 1000ms));
    // Full again three intervals after the last take, and no fuller after longer quiet.
    CHECK(bucket.full_at() == t0 + 4000ms);
    for (int i = 0; i < 3; ++i)
        CHECK(bucket.take(t0 + 60s));
    CHECK_FALSE(bucket.take(t0 + 60s));
}

TEST_CASE("a steady pace at the rate is never refused; faster is")
{
    token_bucket steady({1, 100ms});
    for (int i = 0; i < 50; ++i)
        CHECK(steady.take(t0 + i * 100ms));
    token_bucket hurried({1, 100ms});
    CHECK(hurried.take(t0));
    CHECK_FALSE(hurried.take(t0 + 99ms));
}
