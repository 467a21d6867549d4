// The server's named limits (README "Configuration", PROTOCOL.md §5): each, when hit, gets its
// error frame, close code or refusal, harms nobody else, and is counted in /metrics as
// sirkel_limit_hits_total{limit="<name>"}. Each limit is set small through its flag.
#include "admitted_group.hpp"
#include "meeting_members.hpp"
#include "metric_value.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

double limit_hits(server_process const& server, std::string_view limit)
{
    auto const value =
        metric_value(server, "sirkel_limit_hits_total{limit=\"" + std::string(limit) + "\"}");
    REQUIRE_MESSAGE(value, "no limit_hits series for " << limit);
    return *value;
}

/// Read client's frames until the server closes it; the codes of the error frames among them.
std::vector<std::string> errors_until_closed(test_client& client)
{
    std::vector<std::string> codes;
    while (!client.is_closed())
    {
        auto const raw = client.receive_raw(default_timeout);
        if (!raw)
            break;
        auto const frame = boost::json::parse(*raw).as_object();
        if (field_string(frame, "t") == "error")
            codes.push_back(field_string(frame, "code"));
    }
    return codes;
}

/// The texts of kind 1 that participant receives from sender until nothing comes for a while.
std::vector<std::string> frames_received_from(psg1_participant& participant,
                                              protocol::id16 const& sender)
{
    std::vector<std::string> frames;
    while (auto const received = participant.next_text(std::chrono::milliseconds{1000}))
        if (received->from == sender && received->kind == 1)
            frames.push_back(received->frame);
    return frames;
}

/// A plain TCP connection to the server from source (a loopback address), nothing sent.
std::unique_ptr<tcp::socket> raw_connection(net::io_context& io, server_process const& server,
                                            std::string const& source)
{
    auto socket = std::make_unique<tcp::socket>(io);
    socket->open(tcp::v4());
    socket->bind(tcp::endpoint(net::ip::make_address(source), 0));
    socket->connect(tcp::endpoint(net::ip::address_v4::loopback(), server.port()));
    return socket;
}

/// Whether the server closes socket (EOF or reset) within timeout; false if it stays open.
bool closed_by_server(net::io_context& io, tcp::socket& socket, std::chrono::milliseconds timeout)
{
    std::array<char, 256> buffer{};
    bool done = false;
    error_code result;
    socket.async_read_some(net::buffer(buffer),
                           [&](error_code ec, std::size_t)
                           {
                               result = ec;
                               done = true;
                           });
    io.restart();
    io.run_for(timeout);
    if (!done)
    {
        socket.cancel();
        io.restart();
        io.run();
        return false;
    }
    return result == net::error::eof || result == net::error::connection_reset;
}

/// Wait until a connection from 127.0.0.1 gets an answer again: after a test has held the
/// address's (or the server's) connections, the server takes a moment to see them closed.
/// Waits until the server answers again after the test closed its connections, and returns how
/// many tries it refused meanwhile: a server that has not read the closes yet still counts them,
/// refuses the try at its connection limit, and counts that refusal as a limit hit as well.
int await_reachable(server_process const& server)
{
    for (int attempt = 0; attempt < 50; ++attempt)
    {
        try
        {
            (void)http_get(server, "/healthz");
            return attempt;
        }
        catch (std::runtime_error const&)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds{100});
        }
    }
    FAIL("the server did not answer again");
    return 0;
}

/// One raw HTTP/1.1 request to a plain server; the status line of its answer.
std::string status_line_of(server_process const& server, std::string const& request)
{
    net::io_context io;
    auto socket = raw_connection(io, server, "127.0.0.1");
    net::write(*socket, net::buffer(request));
    net::streambuf answer;
    error_code ec;
    net::read_until(*socket, answer, "\r\n", ec);
    REQUIRE_MESSAGE(!ec, "no answer: " << ec.message());
    std::istream in(&answer);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

/// The bytes of a file, or nothing if it does not exist.
std::string file_bytes(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("limits: a member flooding frames is refused too_many_frames, then closed 1008; the "
          "others are unaffected")
{
    server_process server;
    meeting_members m(server, 3, {"--frame-burst", "30", "--frame-interval-ms", "10000"});
    m.join_all();
    m.await_ready();

    // A burst of a real meeting: ten messages at once reach everyone, with no error.
    std::vector<std::string> burst;
    for (int i = 0; i < 10; ++i)
        burst.push_back(m[1].send_text("line " + std::to_string(i)));
    CHECK(frames_received_from(m[2], m.id(1)) == burst);
    CHECK(frames_received_from(m[0], m.id(1)) == burst);
    CHECK(limit_hits(server, "frame_rate") == 0);

    // Alice floods: 200 messages as fast as she can.
    std::vector<std::string> flood;
    try
    {
        for (int i = 0; i < 200; ++i)
            flood.push_back(m[0].send_text("flood " + std::to_string(i)));
    }
    catch (std::runtime_error const&)
    {
        // The server closed the connection under the flood: the write failed.
    }
    CHECK(flood.size() > 60);
    auto const errors = errors_until_closed(m.client(0));
    CHECK(m.client(0).close_code() == 1008);
    // Each refusal is too_many_frames (the server counts exactly the burst of them, below);
    // the test client may lose those still unread when its own write fails on the close.
    CHECK(errors.size() <= 30);
    CHECK(std::all_of(errors.begin(), errors.end(),
                      [](std::string const& code) { return code == "too_many_frames"; }));

    // Bob and carol got each message the server let through, in order: the first of the flood.
    auto const to_bob = frames_received_from(m[1], m.id(0));
    auto const to_carol = frames_received_from(m[2], m.id(0));
    CHECK(to_bob == to_carol);
    REQUIRE(!to_bob.empty());
    CHECK(to_bob.size() <= 30);
    CHECK(std::equal(to_bob.begin(), to_bob.end(), flood.begin()));

    // Bob and carol go on: a new epoch without alice, and bob's words reach carol.
    m[1].pump_until([&] { return m[1].parts().size() == 2; });
    psg1_participant::await_all_ready({&m[1], &m[2]}, m[1].current_ep());
    auto const after = m[1].send_text("still here");
    auto const received = m[2].next_text();
    REQUIRE(received);
    CHECK(received->frame == after);
    CHECK(received->text == "still here");
    CHECK_FALSE(m.client(1).is_closed());

    CHECK(limit_hits(server, "frame_rate") == 30);
    CHECK(limit_hits(server, "frame_flood") == 1);
    CHECK(*metric_value(server, "sirkel_frame_errors_total{code=\"too_many_frames\"}") == 30);
}

TEST_CASE("limits: reactions over --reaction-burst are rate_limited and reach nobody")
{
    server_process server;
    meeting_members m(server, 2, {"--reaction-burst", "3", "--reaction-interval-ms", "60000"});
    m.join_all();
    m.await_ready();

    for (int i = 0; i < 3; ++i)
    {
        auto const sent = m[1].send_reaction("heart");
        auto const received = m[0].next_text();
        REQUIRE(received);
        CHECK(received->frame == sent);
    }
    CHECK(limit_hits(server, "reaction_rate") == 0);

    m[1].send_reaction("heart");
    auto const refused = expect_skipping(m.client(1), "error");
    CHECK(field_string(refused, "code") == "rate_limited");
    CHECK(field_string(refused, "ref") == "msg");
    CHECK_FALSE(m[0].next_text(quiet_period).has_value());
    // Only reactions are limited: bob's text goes on, and his connection stays.
    auto const text = m[1].send_text("thank you");
    auto const received = m[0].next_text();
    REQUIRE(received);
    CHECK(received->frame == text);
    CHECK_FALSE(m.client(1).is_closed());
    CHECK(limit_hits(server, "reaction_rate") == 1);
}

TEST_CASE("limits: invite guessing is limited per address; the invite stays usable from another")
{
    server_process server;
    auto const group = start_with_group(server, {"--invite-attempts-per-minute", "5"});
    // The founder's redeem is the first of 127.0.0.1's five attempts.
    admitted_group members(server, group);
    auto& inviter = *members.members().front().client;
    member_invite const invite;
    inviter.send_text(make_invite_create_frame(invite, members.roster()));
    expect_skipping(inviter, "invite");

    test_client guesser(server, group);
    for (int i = 0; i < 4; ++i)
    {
        member_invite guess;
        guess.id = invite.id;
        guesser.send_text(make_knock_frame(guess));
        CHECK(error_code_of(guesser.expect("error")) == "invite_invalid");
    }
    CHECK(limit_hits(server, "invite_attempts") == 0);
    // The sixth attempt from 127.0.0.1 is refused, even with the right token, even on a new
    // connection: the limit counts the address.
    member_invite guess;
    guess.id = invite.id;
    guesser.send_text(make_knock_frame(guess));
    auto const limited = guesser.expect("error");
    CHECK(error_code_of(limited) == "too_many_attempts");
    CHECK(field_string(limited, "ref") == "knock");
    guesser.send_text(make_knock_frame(invite));
    CHECK(error_code_of(guesser.expect("error")) == "too_many_attempts");
    test_client again(server, group);
    again.send_text(make_knock_frame(invite));
    CHECK(error_code_of(again.expect("error")) == "too_many_attempts");
    CHECK_FALSE(guesser.is_closed());
    CHECK(limit_hits(server, "invite_attempts") == 3);

    // From 127.0.0.2 the invite works: the refused attempts did not consume its one use.
    client_options elsewhere;
    elsewhere.source_address = "127.0.0.2";
    test_client joiner(server, group, elsewhere);
    joiner.send_text(make_knock_frame(invite));
    joiner.expect("invite_info");
    auto const nonce = joiner.hello();
    auto const identity = device_identity::generate();
    joiner.send_text(make_join_request_frame(group, invite, identity, test_pledge_hash(),
                                             joiner.origin(), nonce));
    CHECK(field_string(joiner.expect("join_status"), "state") == "pending");
    CHECK(limit_hits(server, "invite_attempts") == 3);
}

TEST_CASE("limits: the store holds no invite token or secret in clear")
{
    server_process server;
    auto const group = start_with_group(server);
    // A facilitator invite left unused, and the one the founding member redeems.
    auto const link = server.invite_facilitator(group);
    admitted_group members(server, group);
    member_invite const invite;
    auto& inviter = *members.members().front().client;
    inviter.send_text(make_invite_create_frame(invite, members.roster()));
    expect_skipping(inviter, "invite");
    (void)ask_to_join(server, group, invite, device_identity::generate());
    server.stop();

    auto const stored =
        file_bytes(server.db_path()) + file_bytes(server.db_path().string() + "-wal");
    REQUIRE(stored.size() > 0);
    auto const facilitator_token = protocol::kdf_invite_token(link.secret);
    for (auto const& secret : {facilitator_token, link.secret, invite.token(), invite.secret})
    {
        std::string const raw(reinterpret_cast<char const*>(secret.data()), secret.size());
        CHECK(stored.find(raw) == std::string::npos);
        CHECK(stored.find(protocol::base64url_encode(secret)) == std::string::npos);
        CHECK(stored.find(to_hex(secret)) == std::string::npos);
    }
    // The failing case of the scan: what the store does keep of the unused link, H(token), is
    // found.
    auto const hash = protocol::generichash32(facilitator_token);
    CHECK(stored.find(std::string(reinterpret_cast<char const*>(hash.data()), hash.size())) !=
          std::string::npos);
}

TEST_CASE("limits: connections per address are capped at accept; another address gets in")
{
    server_process server;
    auto const group = start_with_group(server, {"--max-connections-per-address", "3"});
    net::io_context io;
    std::vector<std::unique_ptr<tcp::socket>> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(raw_connection(io, server, "127.0.0.1"));
    auto extra = raw_connection(io, server, "127.0.0.1");
    CHECK(closed_by_server(io, *extra, default_timeout));
    for (auto& socket : held)
        CHECK_FALSE(closed_by_server(io, *socket, quiet_period));

    // Another address is not affected: a whole WebSocket from 127.0.0.2.
    client_options elsewhere;
    elsewhere.source_address = "127.0.0.2";
    test_client other(server, group, elsewhere);
    other.hello();

    // A slot freed is a slot again.
    held.pop_back();
    // The server learns of the close when it reads it.
    std::this_thread::sleep_for(quiet_period);
    auto next = raw_connection(io, server, "127.0.0.1");
    CHECK_FALSE(closed_by_server(io, *next, quiet_period));
    held.clear();
    next.reset();
    extra.reset();

    // /metrics comes from 127.0.0.1 too: wait until the server has seen the closes.
    auto const refused_while_closing = await_reachable(server);
    CHECK(limit_hits(server, "max_connections_per_address") == 1 + refused_while_closing);
    CHECK(*metric_value(server, "sirkel_refusals_total{reason=\"connections_per_address\"}") ==
          1 + refused_while_closing);
}

TEST_CASE("limits: the total connection cap refuses at accept and counts its limit")
{
    server_process server;
    (void)start_with_group(server,
                           {"--max-connections", "2", "--max-connections-per-address", "2"});
    net::io_context io;
    auto first = raw_connection(io, server, "127.0.0.1");
    auto second = raw_connection(io, server, "127.0.0.2");
    CHECK_FALSE(closed_by_server(io, *first, quiet_period));
    auto third = raw_connection(io, server, "127.0.0.3");
    CHECK(closed_by_server(io, *third, default_timeout));
    first.reset();
    second.reset();
    third.reset();
    auto const refused_while_closing = await_reachable(server);
    CHECK(limit_hits(server, "max_connections") == 1 + refused_while_closing);
    CHECK(limit_hits(server, "max_connections_per_address") == 0);
}

TEST_CASE("limits: HTTP headers and bodies over their limits get 431 and 413")
{
    server_process server(server_process::transport::insecure_plain);
    (void)start_with_group(server, {"--http-header-bytes", "2048", "--http-body-bytes", "100"});

    auto const request = [](std::size_t header_bytes)
    {
        return "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: " +
               std::string(header_bytes, 'a') + "\r\nConnection: close\r\n\r\n";
    };
    CHECK(status_line_of(server, request(1500)) == "HTTP/1.1 200 OK");
    CHECK(status_line_of(server, request(3000)) == "HTTP/1.1 431 Request Header Fields Too Large");

    auto const post = [](std::size_t body_bytes)
    {
        return "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
               std::to_string(body_bytes) + "\r\nConnection: close\r\n\r\n" +
               std::string(body_bytes, 'b');
    };
    // Within the limit the request is read, and refused for its method.
    CHECK(status_line_of(server, post(100)) == "HTTP/1.1 405 Method Not Allowed");
    CHECK(status_line_of(server, post(101)) == "HTTP/1.1 413 Payload Too Large");

    CHECK(limit_hits(server, "http_header_bytes") == 1);
    CHECK(limit_hits(server, "http_body_bytes") == 1);
}
