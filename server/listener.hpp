// Accepts TCP connections and hands each to an http_session, within the connection cap.
#pragma once

#include "heap_trimmer.hpp"
#include "net.hpp"

#include <memory>
#include <utility>

namespace sirkel
{

class server_state;

class listener : public std::enable_shared_from_this<listener>
{
public:
    /** Open, bind and listen. New connections run TLS with tls, or plain when it is null
        (--insecure-plain). @throws boost::system::system_error naming what failed.
    */
    listener(net::io_context& ioc, tcp::endpoint const& endpoint, server_state& state,
             std::shared_ptr<ssl::context> tls);

    /// The bound port (the real one when the endpoint asked for port 0).
    [[nodiscard]] unsigned short port() const;

    void run();
    void stop();

    /// New connections use tls from now on; each open one keeps the context it began with
    /// (OpenSSL counts the references), so a reloaded certificate ends no meeting.
    void use_tls_context(std::shared_ptr<ssl::context> tls) { tls_ = std::move(tls); }

private:
    void do_accept();
    void on_accept(error_code ec, tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer backoff_;
    server_state& state_;
    std::shared_ptr<ssl::context> tls_;
    /// Shared with every TLS connection whose handshake is in flight.
    std::shared_ptr<heap_trimmer> heap_trimmer_;
};

} // namespace sirkel
