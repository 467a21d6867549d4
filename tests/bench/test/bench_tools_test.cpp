// The benchmark's own tools against the real server, briefly, so that they never rot: the
// seeded groups are accepted as groups admitted over the wire are, and a short load over plain
// and TLS is delivered in full (tests/bench/README.md).
#include "bench_group.hpp"
#include "bench_identity.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

constexpr std::string_view run_seed = "bench-test";

/// sirkel_bench_seed with args, in server's directory; its result.
command_result seed(server_process const& server, std::vector<std::string> args)
{
    return run_program(SIRKEL_BENCH_SEED_BINARY, std::move(args), {}, server.temp_dir(),
                       std::chrono::seconds{60});
}

/// Seed meetings groups of sizes into server's database; the groups file. Requires success.
std::filesystem::path seed_groups(server_process const& server, int meetings,
                                  std::string const& sizes)
{
    auto const groups = server.temp_dir() / "groups.txt";
    auto const result = seed(server, {"--db", server.db_path().string(), "--seed",
                                      std::string(run_seed), "--meetings", std::to_string(meetings),
                                      "--sizes", sizes, "--groups-out", groups.string()});
    INFO(result.out, result.err);
    REQUIRE(result.exit_code == 0);
    return groups;
}

struct loadgen_run
{
    command_result result;
    boost::json::object json;
};

/// sirkel_loadgen against server with the groups file and extra args; its exit and JSON.
loadgen_run run_loadgen(server_process const& server, std::filesystem::path const& groups,
                        std::vector<std::string> extra)
{
    auto const json = server.temp_dir() / "results.json";
    std::filesystem::remove(json);
    std::vector<std::string> args = {"--port",       std::to_string(server.port()),
                                     "--origin",     std::string(server_process::public_origin),
                                     "--groups",     groups.string(),
                                     "--server-pid", std::to_string(server.pid()),
                                     "--json",       json.string()};
    if (server.plain())
        args.emplace_back("--plain");
    args.insert(args.end(), extra.begin(), extra.end());
    loadgen_run run{
        run_program(SIRKEL_LOADGEN_BINARY, args, {}, server.temp_dir(), std::chrono::seconds{60}),
        {}};
    std::ifstream in(json);
    std::stringstream text;
    text << in.rdbuf();
    INFO(run.result.out, run.result.err);
    REQUIRE(!text.str().empty());
    run.json = boost::json::parse(text.str()).as_object();
    return run;
}

/// A short load of 3 meetings of 8 at 5 msg/s per member must arrive in full, without errors.
void check_full_delivery(server_process::transport mode)
{
    server_process server(mode);
    auto const groups = seed_groups(server, 3, "8");
    server.start();
    auto const run = run_loadgen(
        server, groups,
        {"--seed", std::string(run_seed), "--rate", "5", "--warmup", "0.5", "--duration", "2"});
    INFO(run.result.out, run.result.err);
    CHECK(run.result.exit_code == 0);
    CHECK(run.json.at("ok").as_bool());
    CHECK(run.json.at("talking").as_int64() == 24);
    CHECK(run.json.at("transport").as_string() ==
          (mode == server_process::transport::tls ? "tls" : "plain"));
    // 24 members at 5/s for 2 s, each message to 7 others: about 1,680 deliveries.
    auto const expected = run.json.at("expected").as_int64();
    CHECK(expected > 1000);
    CHECK(run.json.at("delivered").as_int64() == expected);
    CHECK(run.json.at("gaps").as_int64() == 0);
    CHECK(run.json.at("errors").as_object().empty());
    CHECK(run.json.at("latency_ms").at("max").as_double() > 0);
    CHECK(run.json.at("server").at("cpu_s").is_double());
    // The setup's CPU: a TLS handshake, auth and key exchange per member cost something.
    CHECK(run.json.at("server").at("setup_cpu_s").as_double() >= 0);
    CHECK(run.json.at("loadgen").at("setup_cpu_s").as_double() > 0);
}

} // namespace

TEST_CASE("bench seed: sizes A-B, and the members authenticate as admitted members")
{
    server_process server;
    auto const groups_file = seed_groups(server, 3, "2-4");
    auto const groups = bench::bench_group::read_file(groups_file);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].members == 2);
    CHECK(groups[1].members == 3);
    CHECK(groups[2].members == 4);
    server.start();

    // The last member of meeting 2, admitted by three approvals, is a member...
    test_client member(server, groups[2].id);
    auto const authed = member.auth(bench::derive_bench_identity(run_seed, 2, 3));
    CHECK(field_string(authed, "t") == "authed");
    CHECK(field_string(authed, "role") == "member");
    // ...and its facilitator may open the meeting.
    test_client facilitator(server, groups[2].id);
    CHECK(field_string(facilitator.auth(bench::derive_bench_identity(run_seed, 2, 0)), "role") ==
          "facilitator");
    CHECK(field_string(facilitator.join(), "t") == "joined");

    // Keys of another seed are nobody's.
    test_client stranger(server, groups[2].id);
    auto const refused = stranger.auth(bench::derive_bench_identity("another seed", 2, 3));
    CHECK(field_string(refused, "code") == "auth_failed");
}

TEST_CASE("bench seed: refuses a database that exists")
{
    server_process server;
    (void)seed_groups(server, 1, "3");
    auto const again =
        seed(server, {"--db", server.db_path().string(), "--seed", std::string(run_seed),
                      "--meetings", "1", "--groups-out", (server.temp_dir() / "again").string()});
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("exists") != std::string::npos);
}

TEST_CASE("loadgen: a short load over plain WebSocket is delivered in full")
{
    check_full_delivery(server_process::transport::insecure_plain);
}

TEST_CASE("loadgen: a short load over TLS is delivered in full")
{
    check_full_delivery(server_process::transport::tls);
}

TEST_CASE("loadgen: keys of another seed fail the run with auth_failed")
{
    server_process server(server_process::transport::insecure_plain);
    auto const groups = seed_groups(server, 1, "3");
    server.start();
    auto const run = run_loadgen(
        server, groups,
        {"--seed", "another seed", "--rate", "5", "--duration", "1", "--setup-timeout", "2"});
    CHECK(run.result.exit_code == 1);
    CHECK_FALSE(run.json.at("ok").as_bool());
    CHECK(run.json.at("failure").is_string());
    CHECK(run.json.at("errors").at("auth_failed").as_int64() == 3);
    CHECK(run.json.at("talking").as_int64() == 0);
    // Nobody talked, so there was no setup to measure.
    CHECK(run.json.at("loadgen").at("setup_cpu_s").is_null());
}
