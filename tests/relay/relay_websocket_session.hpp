// One relayed WebSocket: the client's upgrade is repeated to the real server with the client's
// own headers (Origin, Host, ...), and once the server accepts, messages flow both ways. Server
// messages are split into frames (PROTOCOL.md §1), passed through the frame_tamperer and joined.
#pragma once

#include "client_view.hpp"
#include "net.hpp"
#include "relay_context.hpp"

#include <memory>
#include <string>

namespace sirkel::relay
{

class relay_websocket_session : public std::enable_shared_from_this<relay_websocket_session>
{
public:
    relay_websocket_session(beast::tcp_stream client, http::request<http::string_body> upgrade,
                            relay_context& context);
    void run();

private:
    using websocket_stream = websocket::stream<beast::tcp_stream>;

    void on_upstream_connect(error_code ec);
    void on_upstream_handshake(error_code ec);
    /// The server refused the upgrade: the client gets the server's answer.
    void refuse_client(http::response<http::string_body> response);
    void on_client_accept(error_code ec);

    void read_client();
    void on_client_read(error_code ec, std::size_t bytes);
    void on_upstream_write(error_code ec, std::size_t bytes);
    void read_upstream();
    void on_upstream_read(error_code ec, std::size_t bytes);
    void on_client_write(error_code ec, std::size_t bytes);

    /// One side ended: end the other with the same close code, once.
    void close(websocket_stream& other, bool& other_closed, websocket::close_reason reason);

    websocket_stream client_;
    websocket_stream upstream_;
    http::request<http::string_body> upgrade_;
    websocket::response_type upstream_response_;
    relay_context& context_;
    client_view view_;
    beast::flat_buffer client_buffer_;
    beast::flat_buffer upstream_buffer_;
    std::string to_client_;
    bool client_closed_ = false;
    bool upstream_closed_ = false;
};

} // namespace sirkel::relay
