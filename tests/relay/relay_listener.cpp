#include "relay_listener.hpp"

#include "relay_http_session.hpp"

#include <iostream>

namespace sirkel::relay
{

relay_listener::relay_listener(net::io_context& io, std::uint16_t port, relay_context& context)
    : io_(io), acceptor_(io, tcp::endpoint(net::ip::address_v4::loopback(), port)),
      context_(context)
{
}

void relay_listener::run()
{
    acceptor_.async_accept(
        io_, beast::bind_front_handler(&relay_listener::on_accept, shared_from_this()));
}

void relay_listener::on_accept(error_code ec, tcp::socket socket)
{
    if (ec)
        std::cerr << "accept_failed " << ec.message() << std::endl;
    else
        std::make_shared<relay_http_session>(std::move(socket), context_)->run();
    run();
}

} // namespace sirkel::relay
