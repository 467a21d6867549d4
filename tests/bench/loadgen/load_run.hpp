// One run of the load generator (tests/bench/README.md): every member of the chosen meetings
// connects, authenticates, joins (the facilitator first, since only they open the meeting) and
// does the key exchange of every epoch; once everyone is talking, each sends msg frames on its
// own open-loop schedule. The intended send time travels in the msg's nonce, so the latency a
// receiver computes includes any lag of the generator itself (no coordinated omission).
#pragma once

#include "bench_group.hpp"
#include "latency_histogram.hpp"
#include "loadgen_options.hpp"
#include "process_probe.hpp"
#include "run_results.hpp"
#include "simulated_member.hpp"
#include "websocket_pool.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sirkel::bench
{

class load_run final : public websocket_pool::events
{
public:
    /// The members of the first options.meetings groups (all when unset), keys derived.
    /// @throws std::invalid_argument if the groups file has fewer groups than asked for.
    load_run(loadgen_options const& options, std::vector<bench_group> const& groups);
    load_run(load_run const&) = delete;
    load_run& operator=(load_run const&) = delete;

    /// Run until the window and its drain are over, or setup failed; what was measured.
    run_results run();

private:
    using clock = websocket_pool::clock;
    using due_entry = std::pair<std::int64_t, std::uint32_t>; ///< (intended ns, member)

    void on_open(std::size_t connection) override;
    void on_frame(std::size_t connection, std::string_view frame) override;
    void on_closed(std::size_t connection, std::string const& reason) override;
    clock::time_point on_wake() override;

    void on_challenge(simulated_member& m, std::string_view frame);
    void on_authed(simulated_member& m);
    void on_joined(simulated_member& m);
    void on_epoch(simulated_member& m, std::string_view frame);
    void on_ekey(simulated_member& m, std::string_view frame);
    void on_skd(simulated_member& m, std::string_view frame);
    void on_msg(simulated_member& m, std::string_view frame);
    void on_error(simulated_member& m, std::string_view frame);

    void send(simulated_member const& m, std::string frame);
    void send_join(simulated_member& m);
    void send_skd_when_ready(simulated_member& m);
    void update_talking(simulated_member& m);
    void start_sending();
    void send_or_hold(simulated_member& m, std::int64_t intended);
    void send_message(simulated_member& m, std::int64_t intended);
    /// The window's end: what the server and the kernel hold now, with every connection open.
    void close_window();
    void finish();

    [[nodiscard]] std::int64_t now_ns() const;
    [[nodiscard]] std::uint32_t index_of(simulated_member const& m) const;
    [[nodiscard]] bool in_window(std::int64_t intended) const noexcept;
    [[nodiscard]] std::int64_t period_of(simulated_member const& m) const noexcept;

    loadgen_options options_;
    std::vector<simulated_member> members_;
    websocket_pool pool_;
    std::optional<process_probe> server_;
    std::mt19937_64 random_;
    std::string message_tail_; ///< `","ct":"…","sig":"…"}`: the same random bytes each time
    std::string box_tail_;     ///< `","n":"…","c":"…"}` of every skd box

    clock::time_point start_{};
    std::uint32_t next_to_connect_ = 0;
    std::uint32_t pending_ = 0; ///< started, not yet authed nor closed
    std::uint32_t talking_now_ = 0;
    std::int64_t last_authed_ns_ = 0;
    std::int64_t last_progress_ns_ = 0; ///< a connection started or authed, a member talking
    std::optional<std::int64_t> all_talking_at_;
    std::int64_t window_start_ = 0;
    std::int64_t window_end_ = 0;
    std::int64_t period_ns_ = 0;
    std::int64_t busy_period_ns_ = 0; ///< meeting 0's (--busy-rate)
    std::optional<std::int64_t> drain_until_;
    std::optional<double> cpu_at_window_start_;
    /// CPU seconds of the server and of this process when the first connection started.
    std::optional<double> server_cpu_at_start_;
    double own_cpu_at_start_ = 0;
    std::optional<std::uint32_t> slow_;
    bool in_wake_ = false;
    bool finished_ = false;
    std::priority_queue<due_entry, std::vector<due_entry>, std::greater<>> due_;
    latency_histogram latencies_;
    latency_histogram mates_latencies_; ///< run_results::mates_*
    run_results results_;
};

} // namespace sirkel::bench
