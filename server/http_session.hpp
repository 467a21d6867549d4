// One TCP connection before it becomes a WebSocket: the TLS handshake, then HTTP/1.1 requests
// (static client files, /healthz, /metrics) until an upgrade to /ws/<group> hands the stream to
// a websocket_session.
#pragma once

#include "client_address.hpp"
#include "metrics.hpp"
#include "net.hpp"
#include "transport_stream.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sirkel
{

class server_state;

class http_session : public std::enable_shared_from_this<http_session>
{
public:
    /// client: which address the connection and its upgrade count as (listener.cpp).
    http_session(transport_stream&& stream, server_state& state, client_address client);
    ~http_session();
    http_session(http_session const&) = delete;
    http_session& operator=(http_session const&) = delete;

    void run();

private:
    void on_handshake(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void upgrade(http::request<http::string_body>&& request);
    /// The address an upgrade from a trusted proxy counts as, once it passes the per-address
    /// connection cap; otherwise refuse it and return std::nullopt.
    [[nodiscard]] std::optional<net::ip::address>
    admit_address(http::request<http::string_body> const& request);
    /// Answer status with why as a plain-text body, count reason, and close the connection.
    void refuse(http::status status, refusal reason, std::string_view why, unsigned version);
    [[nodiscard]] http::response<http::string_body>
    respond(http::request<http::string_body> const& request);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);
    void do_close();
    /// Answer status with why as text and close; for refusals, whose request may be half read.
    void reply_and_close(http::status status, unsigned version, std::string_view why);

    transport_stream stream_;
    server_state& state_;
    client_address client_;
    std::uint64_t connection_id_;
    /// handshake_timeout runs from here to an authenticated WebSocket.
    std::chrono::steady_clock::time_point accepted_at_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::string_body>> response_;
};

} // namespace sirkel
