// --trusted-proxy: behind a reverse proxy on 127.0.0.1 the per-address limits count the client
// the proxy names in X-Forwarded-For (its last entry), never the proxy itself; from any other
// peer the header is ignored. The test clients play the proxy: they connect from 127.0.0.1 and
// send the header themselves.
#include "admitted_group.hpp"
#include "metric_value.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// The serve flags of a server behind a trusted proxy on 127.0.0.1 that lets each client address
/// hold two connections.
std::vector<std::string> const behind_proxy = {"--trusted-proxy", "127.0.0.1",
                                               "--max-connections-per-address", "2"};

/// A connection from 127.0.0.1 whose upgrade carries X-Forwarded-For: forwarded_for.
client_options forwarding(std::string const& forwarded_for)
{
    client_options options;
    options.headers = {{"X-Forwarded-For", forwarded_for}};
    return options;
}

std::string upgrade_target(protocol::id16 const& group)
{
    return "/ws/" + protocol::base64url_encode(group);
}

/// The value of one series in /metrics, e.g. `sirkel_refusals_total{reason="bad_path"}`.
double metric(server_process const& server, std::string_view series)
{
    auto const value = metric_value(server, series);
    REQUIRE_MESSAGE(value, "no series " << series);
    return *value;
}

} // namespace

TEST_CASE("forwarded address: from a trusted proxy the cap counts each forwarded client")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server, behind_proxy);

    // Four WebSockets from 127.0.0.1, more than its two: the proxy's own address is not counted.
    auto first = std::make_unique<test_client>(server, group, forwarding("203.0.113.7"));
    test_client second(server, group, forwarding("203.0.113.7"));
    CHECK(test_client::upgrade_status(server, upgrade_target(group), forwarding("203.0.113.7")) ==
          429);
    test_client other(server, group, forwarding("203.0.113.8"));
    other.hello();
    test_client other_again(server, group, forwarding("203.0.113.8"));
    other_again.hello();
    CHECK_FALSE(first->is_closed());

    // /metrics from the proxy's address needs no X-Forwarded-For: only upgrades count.
    CHECK(metric(server, "sirkel_refusals_total{reason=\"connections_per_address\"}") == 1);
    CHECK(metric(server, "sirkel_limit_hits_total{limit=\"max_connections_per_address\"}") == 1);

    // A WebSocket closed frees its client's slot (once the server has read the close).
    first.reset();
    unsigned status = 0;
    for (int attempt = 0; attempt < 50 && status != 101; ++attempt)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds{100});
        status =
            test_client::upgrade_status(server, upgrade_target(group), forwarding("203.0.113.7"));
    }
    CHECK(status == 101);
}

TEST_CASE("forwarded address: the proxy's entry is the last; what a client put before it is not")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server, behind_proxy);

    // A client that sent its own X-Forwarded-For to a proxy that appends still counts as the
    // address the proxy appended.
    test_client first(server, group, forwarding("1.2.3.4, 203.0.113.7"));
    test_client second(server, group, forwarding("192.0.2.1, 203.0.113.7"));
    CHECK(test_client::upgrade_status(server, upgrade_target(group), forwarding("203.0.113.7")) ==
          429);
    CHECK(test_client::upgrade_status(server, upgrade_target(group),
                                      forwarding("198.51.100.9, 203.0.113.7")) == 429);
    // The addresses a client listed first count for nothing.
    test_client named_first(server, group, forwarding("203.0.113.7, 1.2.3.4"));
    named_first.hello();
}

TEST_CASE("forwarded address: a trusted proxy's upgrade that names no client is refused 400")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server, behind_proxy);

    CHECK(test_client::upgrade_status(server, upgrade_target(group)) == 400);
    CHECK(test_client::upgrade_status(server, upgrade_target(group), forwarding("unknown")) == 400);
    CHECK(test_client::upgrade_status(server, upgrade_target(group), forwarding("203.0.113.7, ")) ==
          400);
    CHECK(metric(server, "sirkel_refusals_total{reason=\"no_forwarded_client\"}") == 3);
    // The refusals harmed nothing: a proper request still gets in.
    test_client named(server, group, forwarding("203.0.113.7"));
    named.hello();
}

TEST_CASE("forwarded address: without --trusted-proxy X-Forwarded-For is ignored")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(server, {"--max-connections-per-address", "2"});

    // Each claims another address, yet all three come from 127.0.0.1, which holds two.
    test_client first(server, group, forwarding("203.0.113.7"));
    test_client second(server, group, forwarding("203.0.113.8"));
    CHECK_THROWS_AS(test_client(server, group, forwarding("203.0.113.9")), std::runtime_error);
    // No header needed either: a direct client counts as its peer.
    client_options elsewhere;
    elsewhere.source_address = "127.0.0.2";
    test_client other(server, group, elsewhere);
    other.hello();
}

TEST_CASE("forwarded address: invite attempts count per forwarded client behind a trusted proxy")
{
    server_process server(server_process::transport::insecure_plain);
    auto const group = start_with_group(
        server, {"--trusted-proxy", "127.0.0.1", "--invite-attempts-per-minute", "2"});

    // Knocks with invites that do not exist: each is an attempt, refused invite_invalid.
    test_client guesser(server, group, forwarding("203.0.113.7"));
    for (int i = 0; i < 2; ++i)
    {
        guesser.send_text(make_knock_frame(member_invite{}));
        CHECK(error_code_of(guesser.expect("error")) == "invite_invalid");
    }
    guesser.send_text(make_knock_frame(member_invite{}));
    CHECK(error_code_of(guesser.expect("error")) == "too_many_attempts");

    // Another client behind the same proxy has its own budget.
    test_client newcomer(server, group, forwarding("203.0.113.8"));
    newcomer.send_text(make_knock_frame(member_invite{}));
    CHECK(error_code_of(newcomer.expect("error")) == "invite_invalid");
}
