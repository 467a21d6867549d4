#include "relay_http_session.hpp"

#include "relay_websocket_session.hpp"

#include <iostream>

namespace sirkel::relay
{
namespace
{

using namespace std::chrono_literals;

/// As the real server's limits: an upgrade with cookies fits, and no request has a body.
constexpr std::uint32_t header_limit = 8192;
constexpr std::uint64_t request_body_limit = 1024;
/// The web client's largest file (the libsodium bundle) with room to spare.
constexpr std::uint64_t response_body_limit = 64 * 1024 * 1024;
constexpr auto io_timeout = 30s;

} // namespace

relay_http_session::relay_http_session(tcp::socket socket, relay_context& context)
    : client_(std::move(socket)), context_(context)
{
}

void relay_http_session::run()
{
    do_read();
}

void relay_http_session::do_read()
{
    request_parser_.emplace();
    request_parser_->header_limit(header_limit);
    request_parser_->body_limit(request_body_limit);
    client_.expires_after(io_timeout);
    http::async_read(client_, client_buffer_, *request_parser_,
                     beast::bind_front_handler(&relay_http_session::on_read, shared_from_this()));
}

void relay_http_session::on_read(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
        return; // the client went away or sent no request in time; nothing to relay
    request_ = request_parser_->release();
    if (websocket::is_upgrade(request_))
    {
        client_.expires_never();
        std::make_shared<relay_websocket_session>(std::move(client_), std::move(request_), context_)
            ->run();
        return;
    }
    upstream_.emplace(client_.get_executor());
    upstream_->expires_after(io_timeout);
    upstream_->async_connect(
        tcp::endpoint(net::ip::address_v4::loopback(), context_.upstream_port),
        beast::bind_front_handler(&relay_http_session::on_upstream_connect, shared_from_this()));
}

void relay_http_session::on_upstream_connect(error_code ec)
{
    if (ec)
        return respond_bad_gateway();
    // The request as the client sent it, headers and all: the server must see what it would
    // have seen without the relay.
    http::async_write(
        *upstream_, request_,
        beast::bind_front_handler(&relay_http_session::on_upstream_write, shared_from_this()));
}

void relay_http_session::on_upstream_write(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
        return respond_bad_gateway();
    response_parser_.emplace();
    response_parser_->body_limit(response_body_limit);
    // A response to HEAD announces a Content-Length but has no body to wait for.
    response_parser_->skip(request_.method() == http::verb::head);
    http::async_read(
        *upstream_, upstream_buffer_, *response_parser_,
        beast::bind_front_handler(&relay_http_session::on_upstream_read, shared_from_this()));
}

void relay_http_session::on_upstream_read(error_code ec, std::size_t /*bytes*/)
{
    error_code ignored;
    upstream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    upstream_.reset();
    upstream_buffer_.clear();
    if (ec)
        return respond_bad_gateway();
    response_ = response_parser_->release();
    write_response(request_.keep_alive() && response_.keep_alive());
}

void relay_http_session::respond_bad_gateway()
{
    std::cerr << "upstream_failed http" << std::endl;
    upstream_.reset();
    response_ = {http::status::bad_gateway, request_.version()};
    response_.set(http::field::content_type, "text/plain; charset=utf-8");
    response_.body() = "the tampering relay cannot reach its upstream\n";
    response_.keep_alive(false);
    response_.prepare_payload();
    write_response(false);
}

void relay_http_session::write_response(bool keep_alive)
{
    client_.expires_after(io_timeout);
    http::async_write(
        client_, response_,
        beast::bind_front_handler(&relay_http_session::on_write, shared_from_this(), keep_alive));
}

void relay_http_session::on_write(bool keep_alive, error_code ec, std::size_t /*bytes*/)
{
    if (ec)
        return;
    if (keep_alive)
        return do_read();
    error_code ignored;
    client_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

} // namespace sirkel::relay
