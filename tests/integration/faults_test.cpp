// Faults against the real binary: the server killed in the middle of a burst of roster commits,
// restarted during a meeting, started on a database it may not write or whose stored roster
// chain was tampered with, run out of disk and out of file descriptors. Each case checks what
// members and the operator see, and that the database file is whole afterwards (PRAGMA
// integrity_check).
#include "admitted_group.hpp"
#include "meeting_members.hpp"
#include "participant_frames.hpp"
#include "psg1_participant.hpp"
#include "server_process.hpp"
#include "sqlite_integrity.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

using namespace std::chrono_literals;
using steady_clock = std::chrono::steady_clock;

/// A CHANGE of current that moves only fac_term on (kept far above any count of meetings, so
/// no facilitator's term ends): the cheapest roster change a lone founder commits at once.
protocol::roster next_change(protocol::roster const& current)
{
    auto frame = current.frame();
    frame.fac_term = static_cast<std::uint16_t>(std::max<std::uint16_t>(frame.fac_term, 999) + 1);
    return with_change(current, frame);
}

/// The version a roster frame announces last; 0 for a frame without versions.
std::uint64_t last_version_of(boost::json::object const& roster_frame)
{
    std::uint64_t last = 0;
    for (auto const& version : roster_frame.at("versions").as_array())
        last = std::max(last, static_cast<std::uint64_t>(version.as_object().at("v").as_int64()));
    return last;
}

/** p asks for the chain above the version it holds, page by page, each verified (verify_chain)
    and adopted; the version it ends at, the server's latest.
*/
std::uint64_t fetch_whole_chain(psg1_participant& p)
{
    for (;;)
    {
        auto const checks = p.roster_checks().size();
        p.fetch_roster();
        auto const page = next_of(p, "roster");
        REQUIRE(p.roster_checks().size() == checks + 1);
        REQUIRE(p.roster_checks().back() == protocol::psg1_error::ok);
        if (!page.at("more").as_bool())
            return p.roster().version();
    }
}

/// A start on port, where the last server listened.
launch_options on_port(std::uint16_t port)
{
    launch_options launch;
    launch.port = port;
    return launch;
}

/// A start under one resource limit.
launch_options limited_to(int resource, rlim_t value)
{
    launch_options launch;
    launch.limits.push_back({resource, value});
    return launch;
}

/// The ephemeral public keys ("ek") of the ekey frames among frames, in order.
std::vector<std::string> ephemeral_keys_of(std::vector<std::string> const& frames)
{
    std::vector<std::string> keys;
    for (auto const& text : frames)
        if (auto const frame = boost::json::parse(text).as_object();
            field_string(frame, "t") == "ekey")
            keys.push_back(field_string(frame, "ek"));
    return keys;
}

/// Whether the server's log has a line of event, waiting up to timeout for it.
bool log_has_event(server_process const& server, std::string_view event,
                   std::chrono::milliseconds timeout)
{
    auto const needle = R"("event":")" + std::string(event) + '"';
    auto const deadline = steady_clock::now() + timeout;
    for (;;)
    {
        if (server.log_text().find(needle) != std::string::npos)
            return true;
        if (steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(20ms);
    }
}

/// The CPU time (user and system) process pid has used, from /proc/<pid>/stat.
std::chrono::milliseconds cpu_time(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string const stat{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // Fields 14 and 15 (utime, stime) in clock ticks; the name in field 2 may hold spaces, so
    // count from the ')' that ends it, after which field 3 begins.
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string skipped;
    for (int field = 3; field < 14; ++field)
        fields >> skipped;
    long user = 0;
    long system = 0;
    fields >> user >> system;
    if (!fields)
        throw std::runtime_error("cannot read the CPU time of process " + std::to_string(pid));
    auto const ticks_per_second = ::sysconf(_SC_CLK_TCK);
    return std::chrono::milliseconds((user + system) * 1000 / ticks_per_second);
}

/// A TCP connection to 127.0.0.1:port that sends nothing, closed when it goes out of scope.
class idle_connection
{
public:
    explicit idle_connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0))
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 ||
            ::connect(fd_, reinterpret_cast<sockaddr const*>(&address), sizeof address) != 0)
        {
            close_fd();
            throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
        }
    }
    ~idle_connection() { close_fd(); }
    idle_connection(idle_connection&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    idle_connection& operator=(idle_connection&&) = delete;
    idle_connection(idle_connection const&) = delete;
    idle_connection& operator=(idle_connection const&) = delete;

private:
    void close_fd() noexcept
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
    }

    int fd_;
};

/// The value of a Prometheus counter in text, or std::nullopt if it is not there.
std::optional<std::uint64_t> counter_value(std::string const& text, std::string_view name)
{
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with(std::string(name) + ' '))
            return std::stoull(line.substr(name.size() + 1));
    return std::nullopt;
}

/// p's next frame of either type, pumping for it; the frame. @throws std::runtime_error if
/// neither comes.
boost::json::object next_of_either(psg1_participant& p, std::string_view a, std::string_view b)
{
    auto const is_either = [&](boost::json::object const& f)
    {
        auto const t = field_string(f, "t");
        return t == a || t == b;
    };
    auto& others = p.other_frames();
    p.pump_until([&] { return std::any_of(others.begin(), others.end(), is_either); });
    auto const found = std::find_if(others.begin(), others.end(), is_either);
    if (found == others.end())
        throw std::runtime_error("neither '" + std::string(a) + "' nor '" + std::string(b) +
                                 "' came");
    auto frame = std::move(*found);
    others.erase(found);
    return frame;
}

/** members[0] proposes next and members[1] approves it (a group of two, admission 0). The
    code of the refusal of the approval, or "" once both hold next.
*/
std::string decide_of_two(meeting_members& g, protocol::roster const& next)
{
    for (auto* p : g.participants())
        p->other_frames().clear();
    g.client(0).send_text(make_roster_propose_frame(next, g.members.at(0).identity));
    (void)next_of(g[1], "proposal");
    g.client(1).send_text(make_approve_frame(next, g.members.at(1).identity));
    auto const answer = next_of_either(g[1], "roster", "error");
    if (field_string(answer, "t") == "error")
    {
        CHECK(field_string(answer, "ref") == "approve");
        return field_string(answer, "code");
    }
    for (auto* p : g.participants())
        REQUIRE(p->pump_until([&] { return p->roster().version() == next.version(); }));
    return "";
}

/// Both members pump until the epochs the commits made are behind them, then hold the keys of
/// the current one.
void settle_meeting(meeting_members& g)
{
    for (auto* p : g.participants())
        p->pump_for(2 * quiet_period);
    psg1_participant::await_all_ready(g.participants(), g[0].current_ep());
    for (auto* p : g.participants())
        p->other_frames().clear();
}

} // namespace

TEST_CASE("faults: kill -9 amid a burst of roster commits loses no acknowledged version and "
          "leaves the file whole")
{
    server_process server;
    // The founder proposes as fast as the server commits, far faster than a person: the
    // frame-rate limit (limits_test) is not what this test is about.
    std::vector<std::string> const serve_args{"--frame-burst", "100000"};
    auto const group = start_with_group(server, serve_args);
    auto const founder = device_identity::generate();
    protocol::roster v1;
    auto client = founding_member(server, group, founder, v1);
    auto proposed = v1;
    std::uint64_t acknowledged = 1;

    // Three crashes, each after a different number of acknowledgements, with proposals still
    // in flight: the kill lands while the server is committing.
    for (std::uint64_t const acks_before_kill : {40U, 25U, 60U})
    {
        CAPTURE(acks_before_kill);
        constexpr std::uint64_t in_flight = 6;
        std::uint64_t acks = 0;
        auto const send_next = [&]
        {
            proposed = next_change(proposed);
            client->send_text(make_roster_propose_frame(proposed, founder));
        };
        for (std::uint64_t i = 0; i < in_flight; ++i)
            send_next();
        // An acknowledgement is the roster frame the server sends once the version is committed.
        while (acks < acks_before_kill)
        {
            auto const frame = client->receive_frame(default_timeout);
            REQUIRE(frame);
            auto const type = field_string(*frame, "t");
            REQUIRE(type != "error");
            if (type != "roster")
                continue;
            acknowledged = last_version_of(*frame);
            ++acks;
            send_next();
        }
        CHECK(server.kill() == -SIGKILL);
        // Whatever the server sent before it died is acknowledged too.
        while (auto const frame = client->receive_frame(quiet_period))
            if (field_string(*frame, "t") == "roster")
                acknowledged = last_version_of(*frame);
        CHECK(client->is_closed());

        CHECK(integrity_check(server.db_path()) == "ok");

        // A new server on the same file has every acknowledged version, in a chain that
        // verifies, and nothing it was never sent.
        server.start(serve_args);
        client = std::make_unique<test_client>(server, group);
        REQUIRE(field_string(client->auth(founder), "t") == "authed");
        psg1_participant founder_view(group, founder, v1, *client);
        auto const stored = fetch_whole_chain(founder_view);
        CHECK(stored >= acknowledged);
        CHECK(stored <= proposed.version());
        // The founder goes on from what the server has.
        proposed = founder_view.roster();
    }
    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");
}

TEST_CASE("faults: after a restart during a meeting, members reconnect by themselves and a new "
          "meeting with a new epoch and fresh keys begins")
{
    server_process server;
    meeting_members g(server, 3);
    auto const old_meeting = g.join_all();
    g.await_ready();
    auto const old_message = g[1].send_text("before the restart");
    REQUIRE(g[0].next_text());
    auto const old_keys = ephemeral_keys_of(g[0].sent_key_frames());
    REQUIRE_FALSE(old_keys.empty());

    // The operator restarts the server (SIGTERM, then a new process on the same port) while
    // the members' clients notice the drop and keep trying until it is back.
    auto const address = server_address::of(server);
    std::exception_ptr restart_failure;
    std::thread restart(
        [&]
        {
            try
            {
                if (server.stop() != 0)
                    throw std::runtime_error("the server did not stop cleanly");
                std::this_thread::sleep_for(300ms);
                server.start({}, on_port(address.port));
            }
            catch (...)
            {
                restart_failure = std::current_exception();
            }
        });
    try
    {
        g.reconnect_when_back(address, 15s);
    }
    catch (...)
    {
        restart.join();
        throw;
    }
    restart.join();
    if (restart_failure)
        std::rethrow_exception(restart_failure);

    // A meeting lives in the server's memory only (PROTOCOL.md §8.1): after the restart none
    // is open, and only one who may chair (the facilitator, opening 0) opens the next.
    for (auto const& m : g.members)
        CHECK_FALSE(m.after_authed.at("open").as_bool());
    g.client(1).send_text(R"({"t":"join"})");
    CHECK(refusal_code(g[1], "join") == "no_meeting");

    auto const new_meeting = g.join_all();
    CHECK(new_meeting != old_meeting);
    g.await_ready();
    // The new meeting's epochs begin again at 1, under new ephemeral keys.
    auto const& relayed = g[0].relayed_frames();
    auto const first_epoch =
        std::find_if(relayed.begin(), relayed.end(),
                     [](std::string const& f)
                     { return field_string(boost::json::parse(f).as_object(), "t") == "epoch"; });
    REQUIRE(first_epoch != relayed.end());
    CHECK(boost::json::parse(*first_epoch).as_object().at("ep").as_int64() == 1);
    auto const new_keys = ephemeral_keys_of(g[0].sent_key_frames());
    REQUIRE_FALSE(new_keys.empty());
    for (auto const& key : new_keys)
        CHECK(std::find(old_keys.begin(), old_keys.end(), key) == old_keys.end());

    auto const sent = g[2].send_text("after the restart");
    for (std::size_t i : {0U, 1U})
    {
        auto const got = g[i].next_text();
        REQUIRE(got);
        CHECK(got->frame == sent);
        CHECK(got->text == "after the restart");
    }
    // A message of the old meeting is not of this one.
    g.client(1).send_text(old_message);
    CHECK(refusal_code(g[1], "msg") == "wrong_meeting");
}

TEST_CASE("faults: a group whose stored roster chain does not verify is refused from start-up, "
          "and the other groups serve")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit(); // version 2, approved with the founder's signature
    auto const other = server.create_group("another circle");
    auto const other_founder = device_identity::generate();
    protocol::roster other_v1;
    (void)founding_member(server, other, other_founder, other_v1);
    auto const member_of = [&](protocol::id16 const& g, device_identity const& identity)
    {
        test_client client(server, g);
        return field_string(client.auth(identity), "t");
    };
    auto const founder = members.members()[0].identity;

    // Untouched, both chains are verified at start-up and both groups serve.
    CHECK(server.stop() == 0);
    server.start();
    CHECK(server.log_text().find(R"("event":"groups_loaded","groups":2,"refused":0)") !=
          std::string::npos);
    CHECK(member_of(group, founder) == "authed");
    CHECK(member_of(other, other_founder) == "authed");
    CHECK(server.stop() == 0);

    // The founder's approval of version 2, replaced in the file behind the server's back.
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(server.db_path().c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* tamper = nullptr;
        REQUIRE(sqlite3_prepare_v2(db,
                                   "UPDATE roster_approvals SET signature = randomblob(64) "
                                   "WHERE group_id = ?1 AND version = 2",
                                   -1, &tamper, nullptr) == SQLITE_OK);
        sqlite3_bind_blob(tamper, 1, group.data(), static_cast<int>(group.size()), SQLITE_STATIC);
        CHECK(sqlite3_step(tamper) == SQLITE_DONE);
        CHECK(sqlite3_changes(db) == 1);
        sqlite3_finalize(tamper);
        sqlite3_close(db);
    }
    server.start();
    auto const log = server.log_text();
    INFO(log);
    CHECK(log.find(R"("event":"groups_loaded","groups":2,"refused":1)") != std::string::npos);
    CHECK(log.find(R"("event":"store_failed","group":")" + protocol::base64url_encode(group) +
                   R"(","during":"load","reason":"the stored roster chain of a group does not )"
                   R"(verify: approval_invalid")") != std::string::npos);
    // Its connections are closed (1011) as they open, every time; the other group serves.
    for (int attempt = 0; attempt < 2; ++attempt)
    {
        test_client refused(server, group);
        CHECK(await_close(refused) == 1011);
    }
    CHECK(member_of(other, other_founder) == "authed");
    CHECK(server.stop() == 0);
}

TEST_CASE("faults: a database the server may not write stops it at startup with a clear reason")
{
    server_process server(server_process::transport::insecure_plain);
    server.init_database();
    (void)server.create_group("circle");
    // Root writes whatever the mode bits say, unless it gives up the capability to.
    launch_options launch;
    launch.obey_file_modes = ::geteuid() == 0;
    namespace fs = std::filesystem;
    fs::permissions(server.db_path(),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(server.temp_dir(), fs::perms::owner_read | fs::perms::owner_exec |
                                           fs::perms::group_read | fs::perms::group_exec |
                                           fs::perms::others_read | fs::perms::others_exec);
    CHECK_THROWS_AS(server.start({}, launch), std::runtime_error);
    CHECK(server.stop() == 1);
    auto const log = server.log_text();
    INFO(log);
    CHECK(log.find(R"("event":"startup_failed")") != std::string::npos);
    CHECK(log.find("the database is read-only to this process") != std::string::npos);

    // Writable again, the same file serves.
    fs::permissions(server.temp_dir(), fs::perms::owner_all);
    fs::permissions(server.db_path(), fs::perms::owner_read | fs::perms::owner_write);
    server.start();
    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");
}

TEST_CASE("faults: on a full disk a commit is refused internal_error, meetings go on, and "
          "nothing acknowledged is lost")
{
    server_process server;
    meeting_members g(server, 2);
    REQUIRE(server.stop() == 0);
    // The disk fills: no file may grow past this size (RLIMIT_FSIZE). The log has room left;
    // the WAL, which starts empty, fills after a few commits.
    auto const limit = static_cast<rlim_t>(server.log_text().size() + 256 * 1024);
    server.start({}, limited_to(RLIMIT_FSIZE, limit));
    g.reconnect(server);
    g.join_all();
    g.await_ready();

    std::string refusal;
    auto committed = g.roster;
    for (int attempt = 0; attempt < 200 && refusal.empty(); ++attempt)
    {
        auto const next = next_change(committed);
        refusal = decide_of_two(g, next);
        if (refusal.empty())
            committed = next;
    }
    CHECK(refusal == "internal_error");
    CHECK(log_has_event(server, "store_failed", 1s));
    for (auto* p : g.participants())
        CHECK(p->roster().version() == committed.version());

    // The server is still up: the open meeting keeps relaying, in a current epoch.
    settle_meeting(g);
    auto const sent = g[0].send_text("the disk is full");
    auto const got = g[1].next_text();
    REQUIRE(got);
    CHECK(got->frame == sent);

    // The chair ends that meeting and opens the next.
    g.client(0).send_text(R"({"t":"meeting_end"})");
    (void)next_of(g[1], "floor");
    g[0].pump_for(quiet_period);
    g[0].other_frames().clear();
    g.client(0).send_text(R"({"t":"join"})");
    CHECK(field_string(next_of_either(g[0], "joined", "error"), "t") == "joined");

    CHECK(server.stop() == 0);
    CHECK(integrity_check(server.db_path()) == "ok");

    // With room again, the file holds exactly what was acknowledged, and the refused change
    // now commits.
    server.start();
    g.reconnect(server);
    {
        psg1_participant from_the_start(g.group, g.members.at(0).identity, g.roster, g.client(0));
        CHECK(fetch_whole_chain(from_the_start) == committed.version());
    }
    CHECK(decide_of_two(g, next_change(committed)).empty());
}

TEST_CASE("faults: out of file descriptors, the server waits without spinning and accepts again "
          "once they free up")
{
    server_process server(server_process::transport::insecure_plain);
    server.init_database();
    auto const group = server.create_group("circle");
    // Far more connections allowed than descriptors: the descriptors run out first.
    server.start({"--max-connections", "1000"}, limited_to(RLIMIT_NOFILE, 64));

    std::vector<idle_connection> held;
    for (int i = 0; i < 120; ++i)
        held.emplace_back(server.port());
    REQUIRE(log_has_event(server, "accept_failed", 5s));
    CHECK(server.log_text().find("Too many open files") != std::string::npos);

    // While out of descriptors, with connections still waiting, it backs off between tries.
    auto const before = cpu_time(server.pid());
    std::this_thread::sleep_for(1s);
    CHECK(cpu_time(server.pid()) - before < 300ms);

    held.clear();
    // New connections are accepted and work: the first member redeems and founds the group.
    auto const founder = device_identity::generate();
    protocol::roster v1;
    auto const client = founding_member(server, group, founder, v1);
    CHECK(v1.version() == 1);
    auto const metrics = http_get(server, "/metrics").body();
    auto const errors = counter_value(metrics, "sirkel_accept_errors_total");
    REQUIRE(errors);
    CHECK(*errors > 0);
    CHECK(server.stop() == 0);
}
