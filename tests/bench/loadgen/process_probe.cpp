#include "process_probe.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace sirkel::bench
{

socket_snapshot socket_snapshot::read()
{
    std::ifstream in("/proc/net/sockstat");
    if (!in)
        throw std::runtime_error("/proc/net/sockstat cannot be read");
    socket_snapshot snapshot;
    std::string line;
    while (std::getline(in, line))
    {
        std::istringstream fields(line);
        std::string protocol;
        fields >> protocol;
        std::string key;
        std::uint64_t value = 0;
        while (fields >> key >> value)
        {
            if (protocol == "sockets:" && key == "used")
                snapshot.sockets_used = value;
            else if (protocol == "TCP:" && key == "inuse")
                snapshot.tcp_inuse = value;
            else if (protocol == "TCP:" && key == "alloc")
                snapshot.tcp_alloc = value;
            else if (protocol == "TCP:" && key == "mem")
                snapshot.tcp_mem_bytes =
                    value * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        }
    }
    return snapshot;
}

std::optional<double> process_probe::cpu_seconds() const
{
    std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
    std::string text;
    if (!std::getline(in, text))
        return std::nullopt;
    // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
    auto const close = text.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string skip;
    // Fields 3..13, then utime (14) and stime (15).
    for (int field = 3; field <= 13; ++field)
        fields >> skip;
    std::uint64_t user = 0;
    std::uint64_t system = 0;
    if (!(fields >> user >> system))
        return std::nullopt;
    return static_cast<double>(user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::optional<std::uint64_t> process_probe::rss_kib() const
{
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmRSS:"))
        {
            std::istringstream fields(line.substr(6));
            std::uint64_t kib = 0;
            if (fields >> kib)
                return kib;
        }
    return std::nullopt;
}

} // namespace sirkel::bench
