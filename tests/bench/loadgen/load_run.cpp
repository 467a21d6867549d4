#include "load_run.hpp"

#include "bench_identity.hpp"
#include "frame_fields.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/psg1_ekey.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace sirkel::bench
{
namespace
{

/// The last 4 bytes of a load generator's nonce: a msg that does not carry it is not ours.
constexpr std::uint32_t nonce_magic = 0x4c47'4231; // "LGB1"
/// How often the scheduler looks at the run's progress when no send is due sooner.
constexpr std::int64_t control_interval_ns = 10'000'000;
/// PSG1.md §8.4: an skd box's nonce and ciphertext sizes.
constexpr std::size_t box_nonce_bytes = 24;
constexpr std::size_t box_ciphertext_bytes = 228;

void put_u32(protocol::byte* at, std::uint32_t value) noexcept
{
    std::memcpy(at, &value, sizeof value);
}

std::uint32_t get_u32(protocol::byte const* at) noexcept
{
    std::uint32_t value = 0;
    std::memcpy(&value, at, sizeof value);
    return value;
}

std::string b64_random(std::size_t size)
{
    return protocol::base64url_encode(test::random_bytes(size));
}

double seconds_of(std::int64_t ns)
{
    return static_cast<double>(ns) / 1e9;
}

double ms_of(std::uint64_t ns)
{
    return static_cast<double>(ns) / 1e6;
}

double own_cpu_seconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

load_run::load_run(loadgen_options const& options, std::vector<bench_group> const& groups)
    : options_(options), pool_({options.port, options.plain, options.origin}, *this),
      random_(std::random_device{}())
{
    auto const count = options_.meetings.value_or(static_cast<std::uint32_t>(groups.size()));
    if (count > groups.size())
        throw std::invalid_argument("--meetings " + std::to_string(count) +
                                    " but the groups file has " + std::to_string(groups.size()));
    for (std::uint32_t slot = 0; slot < count; ++slot)
    {
        auto const& group = groups[slot];
        auto const first = static_cast<std::uint32_t>(members_.size());
        for (std::uint32_t index = 0; index < group.members; ++index)
        {
            auto& m = members_.emplace_back();
            m.meeting = group.meeting;
            m.index = index;
            m.first = first;
            m.meeting_size = group.members;
            m.group = group.id;
            m.identity = derive_bench_identity(options_.seed, group.meeting, index);
            m.id_text = protocol::base64url_encode(m.identity.member);
            m.next_seq_from.assign(group.members, 0);
        }
    }
    if (options_.slow_member && !members_.empty() && members_.front().meeting_size > 1)
        slow_ = 1;
    if (options_.server_pid)
        server_.emplace(*options_.server_pid);
    message_tail_ = R"(","ct":")" + b64_random(options_.ciphertext_bytes()) + R"(","sig":")" +
                    b64_random(64) + R"("})";
    box_tail_ = R"(","n":")" + b64_random(box_nonce_bytes) + R"(","c":")" +
                b64_random(box_ciphertext_bytes) + R"("})";

    results_.transport = options_.plain ? "plain" : "tls";
    results_.meetings = count;
    results_.members = static_cast<std::uint32_t>(members_.size());
    results_.rate = options_.rate;
    results_.busy_rate = options_.busy_rate.value_or(options_.rate);
    results_.message_bytes = options_.message_bytes;
    results_.ciphertext_bytes = options_.ciphertext_bytes();
    results_.warmup_s = options_.warmup_s;
    results_.duration_s = options_.duration_s;
    results_.connect_rate = options_.connect_rate;
    results_.source_addresses = options_.source_addresses;
    results_.slow_member = slow_.has_value();
}

run_results load_run::run()
{
    results_.sockets_before = socket_snapshot::read();
    if (server_)
        results_.server_rss_before_kib = server_->rss_kib();
    if (server_)
        server_cpu_at_start_ = server_->cpu_seconds();
    own_cpu_at_start_ = own_cpu_seconds();
    start_ = clock::now();
    pool_.run(start_);

    results_.loadgen_cpu_s = own_cpu_seconds();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    results_.loadgen_max_rss_kib = static_cast<std::uint64_t>(usage.ru_maxrss);
    return results_;
}

std::int64_t load_run::now_ns() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - start_).count();
}

std::uint32_t load_run::index_of(simulated_member const& m) const
{
    return static_cast<std::uint32_t>(&m - members_.data());
}

bool load_run::in_window(std::int64_t intended) const noexcept
{
    return all_talking_at_ && intended >= window_start_ && intended < window_end_;
}

std::int64_t load_run::period_of(simulated_member const& m) const noexcept
{
    return m.first == 0 ? busy_period_ns_ : period_ns_;
}

void load_run::send(simulated_member const& m, std::string frame)
{
    pool_.send(index_of(m), std::move(frame));
}

void load_run::on_open(std::size_t connection)
{
    auto& m = members_[connection];
    ++results_.connected;
    m.state = simulated_member::stage::hello_sent;
    send(m, R"({"t":"hello","v":1})");
}

void load_run::on_frame(std::size_t connection, std::string_view frame)
{
    auto& m = members_[connection];
    auto const type = frame_type(frame);
    // By far the most frequent first.
    if (type == "msg")
        on_msg(m, frame);
    else if (type == "ekey")
        on_ekey(m, frame);
    else if (type == "skd")
        on_skd(m, frame);
    else if (type == "epoch")
        on_epoch(m, frame);
    else if (type == "challenge")
        on_challenge(m, frame);
    else if (type == "authed")
        on_authed(m);
    else if (type == "joined")
        on_joined(m);
    else if (type == "error")
        on_error(m, frame);
    // presence, meeting_state, floor, roster, …: nothing the load depends on.
}

void load_run::on_challenge(simulated_member& m, std::string_view frame)
{
    auto const nonce = protocol::base64url_decode_array<32>(string_field(frame, "nonce"));
    if (!nonce)
        return ++results_.errors["loadgen: challenge without a nonce"], void();
    m.state = simulated_member::stage::auth_sent;
    send(m, test::make_auth_frame(m.identity.member, m.identity.sig_sk, options_.origin, *nonce,
                                  m.group));
}

void load_run::on_authed(simulated_member& m)
{
    ++results_.authed;
    --pending_;
    last_authed_ns_ = now_ns();
    last_progress_ns_ = last_authed_ns_;
    m.state = simulated_member::stage::authed;
    // Only the facilitator opens the meeting (PROTOCOL.md §8.1); the others join once it has.
    if (m.index == 0 || members_[m.first].state == simulated_member::stage::joined)
        send_join(m);
}

void load_run::send_join(simulated_member& m)
{
    m.state = simulated_member::stage::join_sent;
    send(m, R"({"t":"join"})");
}

void load_run::on_joined(simulated_member& m)
{
    m.state = simulated_member::stage::joined;
    if (m.index != 0)
        return;
    for (std::uint32_t index = 1; index < m.meeting_size; ++index)
        if (auto& other = members_[m.first + index]; other.state == simulated_member::stage::authed)
            send_join(other);
}

void load_run::on_epoch(simulated_member& m, std::string_view frame)
{
    ++results_.epochs;
    auto const ses = protocol::base64url_decode_array<16>(string_field(frame, "ses"));
    auto const ep = integer_field(frame, "ep");
    auto const rv = integer_field(frame, "rv");
    auto const rh = protocol::base64url_decode_array<32>(string_field(frame, "rh"));
    auto const part_texts = string_array_field(frame, "parts");
    std::vector<protocol::id16> parts;
    for (auto const& text : part_texts)
        if (auto const id = protocol::base64url_decode_array<16>(text))
            parts.push_back(*id);
    if (!ses || !ep || !rv || !rh || parts.empty() || parts.size() != part_texts.size())
        return ++results_.errors["loadgen: malformed epoch"], void();

    if (m.talking)
    {
        m.talking = false;
        --talking_now_;
    }
    m.ses_text = string_field(frame, "ses");
    m.ep = static_cast<std::uint32_t>(*ep);
    m.parts = static_cast<std::uint32_t>(parts.size());
    m.ekeys_seen = 0;
    m.skds_seen = 0;
    m.skd_sent = false;
    m.ctr = 0;

    // EK is random bytes: nobody opens the boxes (the server cannot, and the boxes are random
    // too), but the signature over it is real, since the server checks it (PSG1.md §8.4).
    protocol::psg1_ekey ekey{
        *ses, m.ep, m.identity.member, *rv, *rh, protocol::random_array<protocol::key32>(), {}};
    ekey.sig = protocol::sign_ekey(m.group, ekey, protocol::parts_hash(parts), m.identity.sig_sk);
    std::string const ep_text = std::to_string(m.ep);
    send(m, R"({"t":"ekey","ses":")" + m.ses_text + R"(","ep":)" + ep_text + R"(,"from":")" +
                m.id_text + R"(","rv":)" + std::to_string(*rv) + R"(,"rh":")" +
                std::string(string_field(frame, "rh")) + R"(","ek":")" +
                protocol::base64url_encode(ekey.ek) + R"(","sig":")" +
                protocol::base64url_encode(ekey.sig) + R"("})");

    m.pending_skd = R"({"t":"skd","ses":")" + m.ses_text + R"(","ep":)" + ep_text + R"(,"from":")" +
                    m.id_text + R"(","boxes":[)";
    bool first = true;
    for (auto const& text : part_texts)
    {
        if (text == m.id_text)
            continue;
        if (!first)
            m.pending_skd += ',';
        first = false;
        m.pending_skd += R"({"to":")";
        m.pending_skd += text;
        m.pending_skd += box_tail_;
    }
    m.pending_skd += "]}";
    send_skd_when_ready(m);
}

void load_run::on_ekey(simulated_member& m, std::string_view frame)
{
    if (integer_field(frame, "ep") != m.ep || string_field(frame, "ses") != m.ses_text)
        return;
    ++m.ekeys_seen;
    send_skd_when_ready(m);
}

void load_run::send_skd_when_ready(simulated_member& m)
{
    // PSG1.md §5.3: with a valid ekey from every other participant.
    if (m.skd_sent || m.ekeys_seen + 1 < m.parts)
        return;
    m.skd_sent = true;
    send(m, std::move(m.pending_skd));
    m.pending_skd.clear();
    // §5.2: messages due meanwhile waited for the skd; their intended times stay what they were.
    while (!m.backlog.empty())
    {
        send_message(m, m.backlog.front());
        m.backlog.pop_front();
    }
    update_talking(m);
}

void load_run::on_skd(simulated_member& m, std::string_view frame)
{
    if (integer_field(frame, "ep") != m.ep || string_field(frame, "ses") != m.ses_text)
        return;
    ++m.skds_seen;
    update_talking(m);
}

void load_run::update_talking(simulated_member& m)
{
    bool const talking =
        m.skd_sent && m.skds_seen + 1 >= m.parts && m.parts == m.meeting_size && !m.slow;
    if (talking == m.talking)
        return;
    m.talking = talking;
    if (!talking)
    {
        --talking_now_;
        return;
    }
    ++talking_now_;
    last_progress_ns_ = now_ns();
    if (!m.was_talking)
    {
        m.was_talking = true;
        ++results_.talking;
    }
    if (!all_talking_at_ && talking_now_ == members_.size())
        start_sending();
}

void load_run::start_sending()
{
    auto const now = now_ns();
    all_talking_at_ = now;
    results_.all_talking = true;
    results_.time_to_all_talking_s = seconds_of(now);
    results_.loadgen_setup_cpu_s = own_cpu_seconds() - own_cpu_at_start_;
    if (server_)
        if (auto const cpu = server_->cpu_seconds(); cpu && server_cpu_at_start_)
            results_.server_setup_cpu_s = *cpu - *server_cpu_at_start_;
    window_start_ = now + static_cast<std::int64_t>(options_.warmup_s * 1e9);
    window_end_ = window_start_ + static_cast<std::int64_t>(options_.duration_s * 1e9);
    if (slow_)
    {
        auto& slow = members_[*slow_];
        slow.slow = true;
        pool_.stop_reading(*slow_);
    }
    auto const period = [](double rate)
    { return rate > 0 ? std::max<std::int64_t>(1, static_cast<std::int64_t>(1e9 / rate)) : 0; };
    period_ns_ = period(options_.rate);
    busy_period_ns_ = period(options_.busy_rate.value_or(options_.rate));
    for (auto const& m : members_)
        if (!m.slow && period_of(m) > 0)
            due_.emplace(
                now + std::uniform_int_distribution<std::int64_t>(0, period_of(m) - 1)(random_),
                index_of(m));
    if (!in_wake_ && !due_.empty())
        pool_.wake_at(start_ + std::chrono::nanoseconds(due_.top().first));
}

void load_run::send_or_hold(simulated_member& m, std::int64_t intended)
{
    if (m.state != simulated_member::stage::joined)
        return;
    if (m.skd_sent)
        send_message(m, intended);
    else
        m.backlog.push_back(intended);
}

void load_run::send_message(simulated_member& m, std::int64_t intended)
{
    // The nonce carries what the receiver needs, so that it reads no JSON: the intended send
    // time, the sender and its sequence number over the whole run (ctr restarts each epoch).
    std::array<protocol::byte, 24> nonce{};
    std::memcpy(nonce.data(), &intended, sizeof intended);
    put_u32(nonce.data() + 8, m.meeting);
    put_u32(nonce.data() + 12, m.index);
    put_u32(nonce.data() + 16, m.seq);
    put_u32(nonce.data() + 20, nonce_magic);
    std::string frame;
    frame.reserve(160 + message_tail_.size());
    frame += R"({"t":"msg","ses":")";
    frame += m.ses_text;
    frame += R"(","ep":)";
    frame += std::to_string(m.ep);
    frame += R"(,"from":")";
    frame += m.id_text;
    frame += R"(","ctr":)";
    frame += std::to_string(m.ctr);
    frame += R"(,"k":1,"n":")";
    frame += protocol::base64url_encode(nonce);
    frame += message_tail_;
    send(m, std::move(frame));
    ++m.ctr;
    ++m.seq;
    if (in_window(intended))
    {
        ++results_.sent;
        auto receivers = m.meeting_size - 1;
        if (slow_ && m.first == members_[*slow_].first)
            --receivers;
        results_.expected += receivers;
    }
}

void load_run::on_msg(simulated_member& m, std::string_view frame)
{
    if (m.slow)
        return;
    auto const now = now_ns();
    std::array<protocol::byte, 24> nonce{};
    if (!protocol::base64url_decode_exact(string_field(frame, "n"), nonce) ||
        get_u32(nonce.data() + 20) != nonce_magic || get_u32(nonce.data() + 8) != m.meeting ||
        get_u32(nonce.data() + 12) >= m.meeting_size)
        return ++results_.errors["loadgen: msg not from this meeting's generator"], void();
    std::int64_t intended = 0;
    std::memcpy(&intended, nonce.data(), sizeof intended);
    auto const sender = get_u32(nonce.data() + 12);
    auto const seq = get_u32(nonce.data() + 16);

    if (in_window(intended))
    {
        ++results_.delivered;
        auto const latency = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now - intended));
        latencies_.record(latency);
        // The same pairs with or without --slow-member: member 1 neither receives nor sends.
        if (m.first == 0 && m.index != 1 && sender != 1)
            mates_latencies_.record(latency);
    }
    auto& next = m.next_seq_from[sender];
    if (next == 0 || seq >= next)
    {
        if (next != 0)
            results_.gaps += seq - next;
        next = seq + 1;
    }
    else if (seq + 1 == next)
        ++results_.duplicates;
    else
        ++results_.reorders;
}

void load_run::on_error(simulated_member&, std::string_view frame)
{
    auto const code = string_field(frame, "code");
    ++results_.errors[code.empty() ? std::string("(no code)") : std::string(code)];
}

void load_run::on_closed(std::size_t connection, std::string const& reason)
{
    auto& m = members_[connection];
    if (m.state < simulated_member::stage::authed)
        --pending_;
    m.state = simulated_member::stage::closed;
    if (m.talking)
    {
        m.talking = false;
        --talking_now_;
    }
    ++results_.closes[reason];
    if (!all_talking_at_ && !results_.failure)
        results_.failure = "a connection ended before everyone was talking: " + reason;
}

load_run::clock::time_point load_run::on_wake()
{
    in_wake_ = true;
    auto const now = now_ns();
    auto next = now + control_interval_ns;

    // Connections: all at once, or one every 1/connect_rate s from the start.
    auto const total = static_cast<std::uint32_t>(members_.size());
    auto due_connections = total;
    if (options_.connect_rate > 0)
    {
        due_connections = std::min<std::uint32_t>(
            total, static_cast<std::uint32_t>(seconds_of(now) * options_.connect_rate) + 1);
        if (due_connections < total)
            next = std::min(
                next, static_cast<std::int64_t>(due_connections * 1e9 / options_.connect_rate));
    }
    if (options_.max_pending > 0)
        due_connections = std::min(
            due_connections,
            next_to_connect_ + (options_.max_pending - std::min(options_.max_pending, pending_)));
    for (; next_to_connect_ < due_connections; ++next_to_connect_)
    {
        ++pending_;
        last_progress_ns_ = now;
        auto& m = members_[next_to_connect_];
        m.state = simulated_member::stage::connecting;
        std::string source;
        if (options_.source_addresses > 1)
            source = "127.0.0." + std::to_string(1 + next_to_connect_ % options_.source_addresses);
        pool_.open(next_to_connect_, "/ws/" + protocol::base64url_encode(m.group), source);
    }

    // Sends: everything due, each at its own intended time however late this runs.
    while (!due_.empty() && due_.top().first <= now)
    {
        auto const [intended, member] = due_.top();
        due_.pop();
        if (intended >= window_end_)
            continue;
        send_or_hold(members_[member], intended);
        due_.emplace(intended + period_of(members_[member]), member);
    }
    if (!due_.empty())
        next = std::min(next, due_.top().first);

    if (all_talking_at_)
    {
        if (!cpu_at_window_start_ && now >= window_start_ && server_)
            cpu_at_window_start_ = server_->cpu_seconds();
        if (!drain_until_ && now >= window_end_)
        {
            close_window();
            drain_until_ = now + static_cast<std::int64_t>(options_.drain_s * 1e9);
        }
        if (drain_until_ && (results_.delivered >= results_.expected || now >= *drain_until_))
            finish();
    }
    else
    {
        if (!results_.failure && seconds_of(now - last_progress_ns_) > options_.setup_timeout_s)
            results_.failure = "not everyone was talking, and nothing progressed for " +
                               std::to_string(options_.setup_timeout_s) + " s (" +
                               std::to_string(talking_now_) + " of " + std::to_string(total) +
                               " talking)";
        if (results_.failure)
        {
            close_window();
            finish();
        }
    }
    in_wake_ = false;
    return start_ + std::chrono::nanoseconds(next);
}

void load_run::close_window()
{
    if (server_)
    {
        auto const cpu = server_->cpu_seconds();
        if (cpu && cpu_at_window_start_)
            results_.server_cpu_s = *cpu - *cpu_at_window_start_;
        results_.server_rss_after_kib = server_->rss_kib();
    }
    results_.sockets_after = socket_snapshot::read();
}

void load_run::finish()
{
    if (finished_)
        return;
    finished_ = true;
    results_.handshakes_per_s =
        last_authed_ns_ > 0 ? results_.authed / seconds_of(last_authed_ns_) : 0.0;
    results_.p50_ms = ms_of(latencies_.percentile(50));
    results_.p90_ms = ms_of(latencies_.percentile(90));
    results_.p99_ms = ms_of(latencies_.percentile(99));
    results_.p999_ms = ms_of(latencies_.percentile(99.9));
    results_.max_ms = ms_of(latencies_.max());
    results_.deliveries_per_s = static_cast<double>(results_.delivered) / options_.duration_s;
    results_.mates_delivered = mates_latencies_.count();
    results_.mates_p50_ms = ms_of(mates_latencies_.percentile(50));
    results_.mates_p99_ms = ms_of(mates_latencies_.percentile(99));
    results_.mates_max_ms = ms_of(mates_latencies_.max());
    if (results_.server_cpu_s && results_.delivered > 0)
        results_.server_cpu_us_per_delivery =
            *results_.server_cpu_s * 1e6 / static_cast<double>(results_.delivered);
    pool_.stop();
}

} // namespace sirkel::bench
