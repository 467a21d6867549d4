// tests/relay's tampering relay, the lying server of the later refusal tests: in mode none it
// must be invisible (HTTP, upgrades, frames and close codes as without it), and each tampering
// must really change what a client receives, and say so in its log.
#include "relayed_meeting_of_two.hpp"
#include "relayed_server.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// A short text's ciphertext: 1 KiB of padded plaintext and the 16-byte tag.
constexpr std::size_t ct_bytes = 1024 + 16;

boost::json::object parsed(std::string const& frame)
{
    return boost::json::parse(frame).as_object();
}

/// Every header of expected is in actual with the same value, and the status and body match.
void check_same_response(http::response<http::string_body> const& actual,
                         http::response<http::string_body> const& expected)
{
    CHECK(actual.result_int() == expected.result_int());
    CHECK(actual.body() == expected.body());
    for (auto const& field : expected)
    {
        INFO("header " << field.name_string());
        CHECK(actual[field.name_string()] == field.value());
    }
}

} // namespace

TEST_CASE("tampering relay: in mode none two members relay msgs as without it")
{
    relayed_server server("none");
    relayed_meeting_of_two meeting(server);

    auto const from_alice =
        make_msg_frame(meeting.ses, 1, meeting.alice.member, 1, random_bytes(ct_bytes));
    meeting.a->send_text(from_alice);
    CHECK(meeting.b->receive_raw(default_timeout) == from_alice);
    CHECK_FALSE(meeting.a->receive_raw(quiet_period)); // no echo

    auto const from_bob =
        make_msg_frame(meeting.ses, 1, meeting.bob.member, 1, random_bytes(16400));
    meeting.b->send_text(from_bob);
    CHECK(meeting.a->receive_raw(default_timeout) == from_bob);
    CHECK_FALSE(meeting.b->receive_raw(quiet_period));

    // The server's refusals come through too, frame for frame.
    meeting.a->send_text(
        make_msg_frame(meeting.ses, 1, meeting.bob.member, 2, random_bytes(ct_bytes)));
    CHECK(field_string(meeting.a->expect("error"), "code") == "wrong_sender");
    CHECK(server.relay().log_text().find("tampered") == std::string::npos);
}

TEST_CASE("tampering relay: HTTP through it equals the server's own answer")
{
    relayed_server server("none");
    for (std::string const target : {"/", "/healthz", "/no-such-file"})
    {
        INFO("GET " << target);
        check_same_response(http_get(server.entrance(), target),
                            http_get(server.upstream(), target));
    }
    CHECK(http_get(server.entrance(), "/").body().find("sirkel-test-index") != std::string::npos);
    CHECK(http_get(server.entrance(), "/no-such-file").result_int() == 404);
}

TEST_CASE("tampering relay: the server's upgrade refusals reach the client unchanged")
{
    relayed_server server("none");
    auto const path = "/ws/" + protocol::base64url_encode(server.group());
    CHECK(test_client::upgrade_status(server.entrance(), path) == 101);
    // Origin is passed on as the client sent it, so the server still judges it.
    client_options foreign;
    foreign.origin = "https://evil.example";
    CHECK(test_client::upgrade_status(server.entrance(), path, foreign) == 403);
    auto const unknown =
        "/ws/" + protocol::base64url_encode(protocol::random_array<protocol::id16>());
    CHECK(test_client::upgrade_status(server.entrance(), unknown) == 404);
}

TEST_CASE("tampering relay: the server's close code reaches the client")
{
    relayed_server server("none");
    relayed_meeting_of_two meeting(server);
    CHECK(server.upstream().stop() == 0);
    while (!meeting.a->is_closed() && meeting.a->receive_raw(default_timeout))
    {
    }
    CHECK(meeting.a->is_closed());
    CHECK(meeting.a->close_code() == 1001);
}

TEST_CASE("tampering relay: msg-counter, msg-epoch and msg-kind change the first msg only")
{
    struct change
    {
        char const* mode;
        char const* field;
        std::uint64_t tampered; // the msgs below are of k 1, ep 1 and the ctr given below
    };
    for (auto const& [mode, field, tampered] :
         {change{"msg-counter", "ctr", 6}, change{"msg-epoch", "ep", 2},
          change{"msg-kind", "k", 2}})
    {
        CAPTURE(mode);
        relayed_server server(mode);
        relayed_meeting_of_two meeting(server);

        auto const sent =
            make_msg_frame(meeting.ses, 1, meeting.alice.member, 5, random_bytes(ct_bytes));
        meeting.a->send_text(sent);
        auto const received = meeting.b->receive_raw(default_timeout);
        REQUIRE(received);
        CHECK(*received != sent);
        auto expected = parsed(sent);
        expected[field] = tampered;
        CHECK(parsed(*received) == expected);
        CHECK(server.relay().tampered_count("msg") == 1);

        // One-shot: the next msg goes through byte for byte.
        auto const next =
            make_msg_frame(meeting.ses, 1, meeting.alice.member, 6, random_bytes(ct_bytes));
        meeting.a->send_text(next);
        CHECK(meeting.b->receive_raw(default_timeout) == next);
        CHECK(server.relay().tampered_count("msg") == 1);
    }
}

TEST_CASE("tampering relay: replay delivers the first msg twice")
{
    relayed_server server("replay");
    relayed_meeting_of_two meeting(server);

    auto const sent =
        make_msg_frame(meeting.ses, 1, meeting.alice.member, 1, random_bytes(ct_bytes));
    meeting.a->send_text(sent);
    CHECK(meeting.b->receive_raw(default_timeout) == sent);
    CHECK(meeting.b->receive_raw(default_timeout) == sent);
    CHECK_FALSE(meeting.b->receive_raw(quiet_period));
    CHECK(server.relay().tampered_count("msg") == 1);

    auto const next =
        make_msg_frame(meeting.ses, 1, meeting.alice.member, 2, random_bytes(ct_bytes));
    meeting.a->send_text(next);
    CHECK(meeting.b->receive_raw(default_timeout) == next);
    CHECK_FALSE(meeting.b->receive_raw(quiet_period));
}

TEST_CASE("tampering relay: a bad command line is refused with the rule, and it stops itself")
{
    auto const unknown_mode = run_program(SIRKEL_TAMPERING_RELAY_BINARY,
                                          {"--upstream-port", "1", "--mode", "msg-everything"});
    CHECK(unknown_mode.exit_code == 2);
    CHECK(unknown_mode.err.find("--mode must be one of") != std::string::npos);

    auto const no_upstream = run_program(SIRKEL_TAMPERING_RELAY_BINARY, {"--mode", "none"});
    CHECK(no_upstream.exit_code == 2);
    CHECK(no_upstream.err.find("upstream-port") != std::string::npos);

    auto const too_long = run_program(SIRKEL_TAMPERING_RELAY_BINARY,
                                      {"--upstream-port", "1", "--max-seconds", "3601"});
    CHECK(too_long.exit_code == 2);
    CHECK(too_long.err.find("--max-seconds must be 1..3600") != std::string::npos);

    auto const help = run_program(SIRKEL_TAMPERING_RELAY_BINARY, {"--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--upstream-port") != std::string::npos);

    auto const bounded =
        run_program(SIRKEL_TAMPERING_RELAY_BINARY, {"--upstream-port", "1", "--max-seconds", "1"},
                    {}, {}, std::chrono::seconds{5});
    CHECK(bounded.exit_code == 0);
    CHECK(bounded.out.starts_with("listening "));
    CHECK(bounded.err.find("stopping max-seconds 1") != std::string::npos);
}

TEST_CASE("tampering relay: SIGTERM stops it at once")
{
    relayed_server server("none");
    CHECK(server.relay().running());
    CHECK(server.relay().stop() == 0);
    CHECK(server.relay().log_text().find("stopping signal 15") != std::string::npos);
}
