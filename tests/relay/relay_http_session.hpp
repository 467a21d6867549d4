// One client connection until it upgrades: each HTTP request is sent to the real server on a new
// connection and its response returned unchanged; an upgrade goes to a relay_websocket_session.
#pragma once

#include "net.hpp"
#include "relay_context.hpp"

#include <memory>
#include <optional>

namespace sirkel::relay
{

class relay_http_session : public std::enable_shared_from_this<relay_http_session>
{
public:
    relay_http_session(tcp::socket socket, relay_context& context);
    void run();

private:
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void on_upstream_connect(error_code ec);
    void on_upstream_write(error_code ec, std::size_t bytes);
    void on_upstream_read(error_code ec, std::size_t bytes);
    /// The relay's own answer when the real server cannot be reached.
    void respond_bad_gateway();
    void write_response(bool keep_alive);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);

    beast::tcp_stream client_;
    relay_context& context_;
    beast::flat_buffer client_buffer_;
    std::optional<http::request_parser<http::string_body>> request_parser_;
    http::request<http::string_body> request_;
    std::optional<beast::tcp_stream> upstream_;
    beast::flat_buffer upstream_buffer_;
    std::optional<http::response_parser<http::string_body>> response_parser_;
    http::response<http::string_body> response_;
};

} // namespace sirkel::relay
