// The load generator's latency histogram: percentiles within its stated 1/64 of the true value,
// never below it, and the maximum exact.
#include "latency_histogram.hpp"

#include <doctest/doctest.h>

using sirkel::bench::latency_histogram;

TEST_CASE("latency histogram: exact below 128 ns")
{
    latency_histogram h;
    for (std::uint64_t v = 1; v <= 100; ++v)
        h.record(v);
    CHECK(h.count() == 100);
    CHECK(h.percentile(50) == 50);
    CHECK(h.percentile(99) == 99);
    CHECK(h.percentile(100) == 100);
    CHECK(h.max() == 100);
}

TEST_CASE("latency histogram: percentiles within 1/64 above the true value")
{
    latency_histogram h;
    // 1 ms .. 1,000 ms in 1 ms steps: p50 is 500 ms, p99 990 ms.
    for (std::uint64_t ms = 1; ms <= 1000; ++ms)
        h.record(ms * 1'000'000);
    auto const p50 = h.percentile(50);
    auto const p99 = h.percentile(99);
    CHECK(p50 >= 500'000'000);
    CHECK(p50 <= 500'000'000 + 500'000'000 / 64);
    CHECK(p99 >= 990'000'000);
    CHECK(p99 <= 990'000'000 + 990'000'000 / 64);
    // The top percentile is the largest sample itself, not its bucket's bound.
    CHECK(h.percentile(100) == 1'000'000'000);
    CHECK(h.max() == 1'000'000'000);
}

TEST_CASE("latency histogram: one slow sample in a thousand moves p99.9, not p99")
{
    latency_histogram h;
    for (int i = 0; i < 999; ++i)
        h.record(1'000'000);
    h.record(5'000'000'000);
    CHECK(h.percentile(99) < 1'020'000);
    CHECK(h.percentile(99.9) < 1'020'000);
    CHECK(h.percentile(99.95) == 5'000'000'000);
    CHECK(latency_histogram{}.percentile(99) == 0);
}
