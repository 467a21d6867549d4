// Accepts connections on 127.0.0.1 and gives each to a relay_http_session.
#pragma once

#include "net.hpp"
#include "relay_context.hpp"

#include <memory>

namespace sirkel::relay
{

class relay_listener : public std::enable_shared_from_this<relay_listener>
{
public:
    /// Bind and listen on 127.0.0.1:port (0: a free port). @throws boost::system::system_error.
    relay_listener(net::io_context& io, std::uint16_t port, relay_context& context);

    [[nodiscard]] std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    void run();

private:
    void on_accept(error_code ec, tcp::socket socket);

    net::io_context& io_;
    tcp::acceptor acceptor_;
    relay_context& context_;
};

} // namespace sirkel::relay
