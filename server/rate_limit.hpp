// A rate as the settings give it: burst at once, then one more each interval.
#pragma once

#include <chrono>
#include <cstdint>

namespace sirkel
{

struct rate_limit
{
    std::uint32_t burst = 1;
    std::chrono::milliseconds interval{1000};
};

} // namespace sirkel
