// The server's own TLS stream (server/tls_socket.hpp) as clients see it: messages of several TLS
// records, the end of a connection with and without close_notify, and the TLS handshake's
// failures and time limit with their metrics.
#include "meeting_of_two.hpp"
#include "metric_value.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

using tls_client_websocket = websocket::stream<ssl::stream<tcp::socket>>;

/// The value of an unlabelled metric in the server's /metrics (-1 if it is absent).
double metric(server_process const& server, std::string_view name)
{
    return metric_value(server, name).value_or(-1);
}

/// Whether metric name reaches value within default_timeout.
bool metric_becomes(server_process const& server, std::string_view name, double value)
{
    auto const deadline = std::chrono::steady_clock::now() + default_timeout;
    while (metric(server, name) != value)
    {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return true;
}

/// A WebSocket over TLS (certificate not checked: loopback) to group, upgraded and idle.
void open_websocket(tls_client_websocket& ws, ssl::context& /*tls*/, server_process const& server,
                    protocol::id16 const& group)
{
    beast::get_lowest_layer(ws).connect({net::ip::make_address("127.0.0.1"), server.port()});
    ws.next_layer().handshake(ssl::stream_base::client);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& request)
        { request.set(http::field::origin, server_process::public_origin); }));
    ws.handshake("localhost", "/ws/" + protocol::base64url_encode(group));
}

} // namespace

TEST_CASE("tls: messages of several TLS records go both ways byte for byte")
{
    server_process server;
    meeting_of_two meeting(server);
    // 16,000 characters seal and encode to a frame of some 21 KB: two records of at most 16 KiB
    // each way, which the server reads and writes as two.
    for (auto const& text :
         {std::string(16000, 'a'), std::string("short"), std::string(13000, 'b')})
    {
        auto const sent = meeting.pb->send_text(text);
        auto const received = meeting.pa->next_text();
        REQUIRE(received);
        CHECK(received->frame == sent);
        CHECK(received->text == text);
    }
}

TEST_CASE("tls: a client gone without close_notify is an end of stream; a forged record is an "
          "error")
{
    server_process server;
    auto const group = start_with_group(server);
    net::io_context io;
    ssl::context tls(ssl::context::tls_client);

    SUBCASE("TCP closed without close_notify: closed quietly, as a normal close")
    {
        tls_client_websocket ws(io, tls);
        open_websocket(ws, tls, server, group);
        REQUIRE(metric_becomes(server, "sirkel_websockets", 1));
        beast::get_lowest_layer(ws).close();
        CHECK(metric_becomes(server, "sirkel_websockets", 0));
        // Logged at debug only (below the default level), as ssl::stream's stream_truncated was.
        CHECK(server.log_text().find("websocket_closed") == std::string::npos);
    }
    SUBCASE("a record that fails its authentication: closed, and logged as a failure")
    {
        tls_client_websocket ws(io, tls);
        open_websocket(ws, tls, server, group);
        REQUIRE(metric_becomes(server, "sirkel_websockets", 1));
        // An application-data record of 32 bytes that no key made.
        std::string forged = "\x17\x03\x03";
        forged += '\0';
        forged += '\x20';
        forged += std::string(32, '\x5a');
        net::write(beast::get_lowest_layer(ws), net::buffer(forged));
        CHECK(metric_becomes(server, "sirkel_websockets", 0));
        CHECK(server.log_text().find("websocket_closed") != std::string::npos);
    }
}

TEST_CASE("tls: a failed or stalled TLS handshake is counted and its connection closed")
{
    server_process server;
    (void)start_with_group(server, {"--handshake-timeout-ms", "500"});
    net::io_context io;
    tcp::endpoint const endpoint(net::ip::make_address("127.0.0.1"), server.port());

    SUBCASE("a complete handshake counts nothing")
    {
        CHECK(http_get(server, "/healthz").result_int() == 200);
        CHECK(metric(server, "sirkel_tls_handshake_failures_total") == 0);
        CHECK(metric(server, "sirkel_handshake_timeouts_total") == 0);
    }
    SUBCASE("plain HTTP on the TLS port: a failed handshake, closed at once")
    {
        tcp::socket socket(io);
        socket.connect(endpoint);
        net::write(socket, net::buffer(std::string_view("GET /healthz HTTP/1.1\r\n\r\n")));
        std::string answer(512, '\0');
        error_code ec;
        // The server sends its alert (if any) and closes: the read ends with eof.
        for (std::size_t n = 0; !ec; n = socket.read_some(net::buffer(answer), ec))
            (void)n;
        CHECK(ec == net::error::eof);
        CHECK(metric_becomes(server, "sirkel_tls_handshake_failures_total", 1));
        CHECK(metric(server, "sirkel_handshake_timeouts_total") == 0);
    }
    SUBCASE("a client that says nothing: closed after handshake-timeout-ms, counted as both")
    {
        tcp::socket socket(io);
        socket.connect(endpoint);
        auto const started = std::chrono::steady_clock::now();
        char byte = 0;
        error_code ec;
        (void)socket.read_some(net::buffer(&byte, 1), ec);
        CHECK(ec == net::error::eof);
        CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds{450});
        CHECK(metric_becomes(server, "sirkel_handshake_timeouts_total", 1));
        CHECK(metric(server, "sirkel_tls_handshake_failures_total") == 1);
    }
}
