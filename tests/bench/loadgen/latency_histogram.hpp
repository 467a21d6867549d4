// Delivery latencies in a log-linear histogram (HDR-style): values below 128 ns are counted
// exactly, every larger power of two is split into 64 equal buckets, so any value is known to
// within 1/64 (1.6 %) with a fixed 30 KiB array, whatever the number of samples. Recording is
// an add, which matters at hundreds of thousands of deliveries a second.
#pragma once

#include <array>
#include <cstdint>

namespace sirkel::bench
{

class latency_histogram
{
public:
    void record(std::uint64_t nanoseconds) noexcept;
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
    /** The smallest bucket bound at or below which `percent` % of the samples lie (its highest
        value, so a percentile is never understated); 0 without samples. The largest sample
        itself is max().
    */
    [[nodiscard]] std::uint64_t percentile(double percent) const noexcept;

private:
    static constexpr unsigned linear_bits = 7;
    static constexpr std::size_t sub_buckets = std::size_t{1} << (linear_bits - 1);
    static constexpr std::size_t bucket_count =
        (std::size_t{1} << linear_bits) + (64 - linear_bits) * sub_buckets;

    [[nodiscard]] static std::size_t bucket_of(std::uint64_t value) noexcept;
    [[nodiscard]] static std::uint64_t highest_in(std::size_t bucket) noexcept;

    std::array<std::uint64_t, bucket_count> counts_{};
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
};

} // namespace sirkel::bench
