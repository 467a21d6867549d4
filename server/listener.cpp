#include "listener.hpp"

#include "client_address.hpp"
#include "http_session.hpp"
#include "server_state.hpp"

#include <cerrno>

namespace sirkel
{

namespace
{

/// After running out of descriptors or memory, wait this long before accepting again, instead
/// of spinning on a failing accept().
constexpr auto accept_backoff = std::chrono::milliseconds(100);

bool is_resource_exhaustion(error_code const& ec)
{
    return ec == net::error::no_descriptors || ec.value() == ENFILE ||
           ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

} // namespace

listener::listener(net::io_context& ioc, tcp::endpoint const& endpoint, server_state& state,
                   std::shared_ptr<ssl::context> tls)
    : ioc_(ioc), acceptor_(ioc), backoff_(ioc), state_(state), tls_(std::move(tls)),
      heap_trimmer_(std::make_shared<heap_trimmer>(ioc.get_executor()))
{
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
}

unsigned short listener::port() const
{
    return acceptor_.local_endpoint().port();
}

void listener::run()
{
    do_accept();
}

void listener::stop()
{
    error_code ec;
    backoff_.cancel();
    acceptor_.close(ec);
}

void listener::do_accept()
{
    // One io thread owns every connection, so sockets need no strand of their own.
    acceptor_.async_accept(beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(error_code ec, tcp::socket socket)
{
    if (ec == net::error::operation_aborted)
        return;
    if (ec)
    {
        ++state_.stats().accept_errors;
        state_.log().log(log_level::warn, "accept_failed", {{"reason", ec.message()}});
        if (!is_resource_exhaustion(ec))
            return do_accept();
        backoff_.expires_after(accept_backoff);
        backoff_.async_wait(
            [self = shared_from_this()](error_code wait_ec)
            {
                if (!wait_ec)
                    self->do_accept();
            });
        return;
    }
    ++state_.stats().connections_accepted;
    auto const peer_endpoint = socket.remote_endpoint(ec);
    if (ec)
    {
        // The peer is already gone (reset between accept and now).
        error_code ignored;
        socket.close(ignored);
        return do_accept();
    }
    client_address const client(peer_endpoint.address(), state_.trusted_proxies());
    // Closing at once frees the descriptor, before any TLS work; the client sees a reset and
    // may retry.
    auto refuse = [&](refusal reason, limit which)
    {
        state_.stats().count_refusal(reason);
        state_.stats().count_limit(which);
        error_code ignored;
        socket.close(ignored);
        do_accept();
    };
    if (static_cast<std::size_t>(state_.stats().connections_open) >=
        state_.config().max_connections)
        return refuse(refusal::connection_cap, limit::max_connections);
    // A trusted proxy's connection counts as nobody: its upgrades are counted by the client
    // each names (http_session::upgrade).
    if (auto const& own = client.connection();
        own &&
        state_.connections_by_address().count(*own) >= state_.config().max_connections_per_address)
    {
        state_.log().log(log_level::info, "connection_refused",
                         {{"reason", "connections_per_address"}});
        return refuse(refusal::connections_per_address, limit::max_connections_per_address);
    }
    // Small frames go out at once: a chat cannot wait for Nagle's 40 ms.
    socket.set_option(tcp::no_delay(true), ec);
    if (tls_)
        std::make_shared<http_session>(transport_stream(std::in_place_type<tls_stream>,
                                                        std::move(socket), *tls_, heap_trimmer_),
                                       state_, client)
            ->run();
    else
        std::make_shared<http_session>(
            transport_stream(std::in_place_type<plain_stream>, std::move(socket)), state_, client)
            ->run();
    do_accept();
}

} // namespace sirkel
