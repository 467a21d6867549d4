// The command line of sirkel_loadgen (tests/bench/README.md, issue 6's contract).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sirkel::bench
{

struct loadgen_options
{
    std::uint16_t port = 0;
    bool plain = false;                         ///< else TLS, certificate not verified
    std::string origin = "https://sirkel.test"; ///< the Origin header and the origin signed in auth
    std::string groups;                         ///< the groups file of sirkel_bench_seed
    std::string seed;                           ///< the run's seed the members' keys derive from
    std::optional<std::uint32_t> meetings;      ///< the first N of the groups file; all if unset
    double rate = 1.0;                          ///< messages per second per member; 0: hold only
    /// Meeting 0's rate per member (the slow member's meeting, S6's busy one); unset: rate.
    std::optional<double> busy_rate;
    std::uint32_t message_bytes = 200; ///< plaintext size before padding
    double warmup_s = 2.0;
    double duration_s = 5.0;
    double connect_rate = 0.0;     ///< new connections per second; 0: all at once
    std::uint32_t max_pending = 0; ///< connections started but not authed at once; 0: no limit
    std::uint32_t source_addresses = 1;
    bool slow_member = false; ///< member 1 of meeting 0 stops reading once everyone talks
    std::optional<int> server_pid;
    std::string json;              ///< where the results go as one JSON object; empty: nowhere
    double setup_timeout_s = 30.0; ///< without progress before everyone talks
    double drain_s = 5.0;          ///< the longest wait for deliveries after the window
    bool help = false;

    /** Parse argv. @throws std::invalid_argument naming the rule a value breaks; its message is
        meant for stderr, followed by usage().
    */
    [[nodiscard]] static loadgen_options parse(int argc, char const* const* argv);
    [[nodiscard]] static std::string usage();

    /// The ciphertext's bytes for message_bytes of plaintext: 16 + 256 * ceil(B / 256).
    [[nodiscard]] std::size_t ciphertext_bytes() const noexcept;
};

} // namespace sirkel::bench
