// A token bucket kept as the one time at which it will be full again (the generic cell rate
// algorithm): no timer and no refill loop, so a million of them cost a time point each.
#pragma once

#include "rate_limit.hpp"

#include <chrono>

namespace sirkel
{

class token_bucket
{
public:
    using clock = std::chrono::steady_clock;

    /// A full bucket of rate.burst tokens, one more each rate.interval.
    explicit token_bucket(rate_limit rate) noexcept : rate_(rate) {}

    /// Take one token at now: false, and nothing taken, when the bucket is empty.
    [[nodiscard]] bool take(clock::time_point now) noexcept;
    /// From this time on the bucket is full, and forgetting it loses nothing.
    [[nodiscard]] clock::time_point full_at() const noexcept { return full_at_; }

private:
    rate_limit rate_;
    clock::time_point full_at_{};
};

} // namespace sirkel
