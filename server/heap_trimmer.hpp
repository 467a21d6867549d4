// Hands the heap's free pages back to the system once a burst of TLS handshakes is over. A
// handshake holds some 20 KiB that it frees when done (OpenSSL's 16 KiB handshake message
// buffer, the transcript, key shares). After thousands at once (a meeting hour starting) glibc
// keeps those pages, scattered among the live connections, where a quiet server never needs
// them again: S1 measured 50 KiB per idle TLS connection without a trim, 19.4 KiB with one.
// During the burst a trim would only hand back pages the next handshakes fault in again, and
// each trim walks the whole heap; so there is one, a quiet period after the last handshake of
// the burst ended.
#pragma once

#include "net.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sirkel
{

class heap_trimmer
{
public:
    /// How long no handshake must be in flight before the trim: long enough that the sparse
    /// gaps inside a storm do not count as its end, short enough to follow it closely.
    static constexpr std::chrono::milliseconds default_quiet_period{1500};

    explicit heap_trimmer(net::any_io_executor const& executor,
                          std::chrono::steady_clock::duration quiet_period = default_quiet_period);
    heap_trimmer(heap_trimmer const&) = delete;
    heap_trimmer& operator=(heap_trimmer const&) = delete;

    void handshake_started() noexcept;
    /// The last handshake in flight ending (re)starts the quiet period.
    void handshake_ended();

    /// Trims done so far.
    [[nodiscard]] std::uint64_t trims() const noexcept { return trims_; }

private:
    void on_quiet();

    net::steady_timer timer_;
    std::chrono::steady_clock::duration quiet_period_;
    std::size_t in_flight_ = 0;
    std::uint64_t trims_ = 0;
};

} // namespace sirkel
