// The process's own CPU, memory and file descriptors for /metrics, under the process_* names
// that Prometheus's client libraries use, so the dashboards and alerts an operator already has
// for them (memory growing, descriptors near the limit) work on Sirkel unchanged.
#pragma once

#include <cstdint>
#include <optional>

namespace sirkel
{

class process_resources
{
public:
    /// This process's figures now, read from /proc/self; nullopt where /proc cannot be read
    /// (then /metrics leaves them out rather than report zeros that look like readings).
    [[nodiscard]] static std::optional<process_resources> read_current();

    double cpu_seconds = 0;           ///< user and system time
    std::uint64_t resident_bytes = 0; ///< resident set size
    std::uint64_t virtual_bytes = 0;  ///< virtual memory size
    std::uint64_t open_fds = 0;       ///< open file descriptors, sockets included
    std::uint64_t max_fds = 0;        ///< the soft RLIMIT_NOFILE
    double start_time_seconds = 0;    ///< when the process started, since 1970 (UTC)
};

} // namespace sirkel
