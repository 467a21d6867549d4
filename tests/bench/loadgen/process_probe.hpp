// What the kernel says about the server under load: its CPU time and resident memory
// (/proc/PID/stat, /proc/PID/status), and the sockets of the whole machine
// (/proc/net/sockstat), whose buffers are memory the server's RSS does not show.
#pragma once

#include <cstdint>
#include <optional>

namespace sirkel::bench
{

/// /proc/net/sockstat: sockets in use and the pages TCP's buffers hold, machine-wide.
struct socket_snapshot
{
    std::uint64_t sockets_used = 0;
    std::uint64_t tcp_inuse = 0;
    std::uint64_t tcp_alloc = 0;
    std::uint64_t tcp_mem_bytes = 0; ///< "mem" pages times the page size

    /// @throws std::runtime_error if /proc/net/sockstat cannot be read.
    [[nodiscard]] static socket_snapshot read();
};

class process_probe
{
public:
    explicit process_probe(int pid) : pid_(pid) {}

    /// User plus system CPU seconds so far; std::nullopt once the process is gone.
    [[nodiscard]] std::optional<double> cpu_seconds() const;
    /// VmRSS in KiB; std::nullopt once the process is gone.
    [[nodiscard]] std::optional<std::uint64_t> rss_kib() const;

private:
    int pid_;
};

} // namespace sirkel::bench
