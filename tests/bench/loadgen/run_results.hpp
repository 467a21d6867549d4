// What one run of the load generator measured, as the human table on stdout and the JSON object
// of --json (field names in tests/bench/README.md, which the runner reads).
#pragma once

#include "process_probe.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace sirkel::bench
{

struct run_results
{
    // What was asked.
    std::string transport; ///< "tls" or "plain"
    std::uint32_t meetings = 0;
    std::uint32_t members = 0;
    double rate = 0;
    double busy_rate = 0; ///< meeting 0's
    std::uint32_t message_bytes = 0;
    std::size_t ciphertext_bytes = 0;
    double warmup_s = 0;
    double duration_s = 0;
    double connect_rate = 0;
    std::uint32_t source_addresses = 0;
    bool slow_member = false;

    // Setup.
    std::uint32_t connected = 0; ///< WebSocket upgrades that succeeded
    std::uint32_t authed = 0;
    std::uint32_t talking = 0; ///< members that reached talking at least once
    bool all_talking = false;
    double time_to_all_talking_s = 0; ///< from the first connection started
    double handshakes_per_s = 0;      ///< authed connections per second of the connect phase
    std::uint64_t epochs = 0;         ///< epoch frames received, all members

    // The window: messages whose intended send time lies in it.
    std::uint64_t sent = 0;
    std::uint64_t expected = 0;
    std::uint64_t delivered = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t gaps = 0;     ///< missing seqs between two received from one sender
    std::uint64_t reorders = 0; ///< a seq below one already received from that sender
    double p50_ms = 0;
    double p90_ms = 0;
    double p99_ms = 0;
    double p999_ms = 0;
    double max_ms = 0;
    double deliveries_per_s = 0;
    /// Deliveries among meeting 0's members other than member 1, who is the slow member with
    /// --slow-member: what the slow member's own meeting mates see, in a steady run as well.
    std::uint64_t mates_delivered = 0;
    double mates_p50_ms = 0;
    double mates_p99_ms = 0;
    double mates_max_ms = 0;

    std::map<std::string, std::uint64_t> errors; ///< error frames by code
    std::map<std::string, std::uint64_t> closes; ///< connections that ended, by reason
    std::optional<std::string> failure;          ///< why the run failed, if it did

    // The server and the machine.
    std::optional<double> server_cpu_s; ///< in the window
    /// From the first connection started until every member was talking: the storm's cost.
    std::optional<double> server_setup_cpu_s;
    std::optional<double> server_cpu_us_per_delivery;
    std::optional<std::uint64_t> server_rss_before_kib;
    std::optional<std::uint64_t> server_rss_after_kib;
    socket_snapshot sockets_before;
    socket_snapshot sockets_after;
    double loadgen_cpu_s = 0;
    std::optional<double> loadgen_setup_cpu_s; ///< as server_setup_cpu_s, the generator's own
    std::uint64_t loadgen_max_rss_kib = 0;

    [[nodiscard]] double delivered_ratio() const noexcept;
    [[nodiscard]] std::string to_json() const;
    void print_table(std::ostream& out) const;
};

} // namespace sirkel::bench
