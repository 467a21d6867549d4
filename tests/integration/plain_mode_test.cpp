// `sirkel serve --insecure-plain`, for a reverse proxy on the same machine that terminates TLS
// (certs/README.md): refused on any address other machines could reach, and on loopback a plain
// HTTP and ws:// server that works like the TLS one.
#include "test_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <sstream>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// The "reason" of the first {"event":"startup_failed"} log line in output, or "" if none.
std::string startup_failure(std::string const& output)
{
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
    {
        boost::system::error_code ec;
        auto const value = boost::json::parse(line, ec);
        if (!ec && value.is_object() &&
            field_string(value.as_object(), "event") == "startup_failed")
            return field_string(value.as_object(), "reason");
    }
    return {};
}

} // namespace

TEST_CASE("plain mode: refused unless it listens on loopback")
{
    server_process server;
    // A server that wrongly starts would serve until killed: the timeout turns that into a
    // failure instead of a hang.
    auto const result = run_program(sirkel_binary(),
                                    {"serve", "--insecure-plain", "--listen", "0.0.0.0", "--port",
                                     "0", "--db", server.db_path().string()},
                                    {}, server.temp_dir(), std::chrono::seconds{5});
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == 1);
    CHECK(startup_failure(result.out + result.err).find("loopback") != std::string::npos);
}

TEST_CASE("plain mode: on loopback it serves plain HTTP and WebSocket")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server);

    auto const health = http_get(server, "/healthz");
    CHECK(health.result_int() == 200);
    CHECK(health.body() == "ok\n");
    // Pinning browsers to HTTPS is for whatever terminates TLS (the proxy) to decide.
    CHECK(health.find(http::field::strict_transport_security) == health.end());

    auto const alice = device_identity::generate();
    test_client first(server, group);
    auto const redeemed = first.redeem(alice, server.invite_facilitator(group));
    INFO(boost::json::serialize(redeemed));
    CHECK(field_string(redeemed, "t") == "authed");

    test_client second(server, group);
    auto const authed = second.auth(alice);
    INFO(boost::json::serialize(authed));
    CHECK(field_string(authed, "t") == "authed");
}
