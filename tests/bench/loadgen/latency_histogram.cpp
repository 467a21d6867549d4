#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sirkel::bench
{

std::size_t latency_histogram::bucket_of(std::uint64_t value) noexcept
{
    if (value < (std::uint64_t{1} << linear_bits))
        return static_cast<std::size_t>(value);
    // value = mantissa << shift with mantissa in [64, 128).
    auto const shift = static_cast<unsigned>(std::bit_width(value)) - linear_bits;
    auto const mantissa = static_cast<std::size_t>(value >> shift);
    return (std::size_t{1} << linear_bits) + (shift - 1) * sub_buckets + (mantissa - sub_buckets);
}

std::uint64_t latency_histogram::highest_in(std::size_t bucket) noexcept
{
    if (bucket < (std::size_t{1} << linear_bits))
        return bucket;
    auto const above = bucket - (std::size_t{1} << linear_bits);
    auto const shift = static_cast<unsigned>(above / sub_buckets) + 1;
    auto const mantissa = static_cast<std::uint64_t>(above % sub_buckets + sub_buckets);
    return ((mantissa + 1) << shift) - 1;
}

void latency_histogram::record(std::uint64_t nanoseconds) noexcept
{
    ++counts_[bucket_of(nanoseconds)];
    ++count_;
    max_ = std::max(max_, nanoseconds);
}

std::uint64_t latency_histogram::percentile(double percent) const noexcept
{
    if (count_ == 0)
        return 0;
    auto const wanted = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(percent / 100.0 * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t bucket = 0; bucket < bucket_count; ++bucket)
    {
        seen += counts_[bucket];
        if (seen >= wanted)
            return std::min(highest_in(bucket), max_);
    }
    return max_;
}

} // namespace sirkel::bench
