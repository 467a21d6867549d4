#include "relay_websocket_session.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <iostream>

namespace sirkel::relay
{
namespace
{

using namespace std::chrono_literals;

bool is_handshake_field(http::field name)
{
    // Each side's WebSocket handshake makes its own; everything else is passed on as it came.
    switch (name)
    {
    case http::field::host:
    case http::field::upgrade:
    case http::field::connection:
    case http::field::sec_websocket_key:
    case http::field::sec_websocket_version:
    case http::field::sec_websocket_accept:
    case http::field::sec_websocket_extensions:
    case http::field::content_length:
        return true;
    default:
        return false;
    }
}

/// Copy the fields of from into to, but for the handshake's own. Unknown fields keep their name.
template <typename From, typename To>
void copy_fields(From const& from, To& to)
{
    for (auto const& field : from)
    {
        if (is_handshake_field(field.name()))
            continue;
        to.erase(field.name_string());
    }
    for (auto const& field : from)
        if (!is_handshake_field(field.name()))
            to.insert(field.name_string(), field.value());
}

/// The group id of a /ws/<group> target, or zeros: the real server refuses any other path.
protocol::id16 group_of(std::string_view target)
{
    constexpr std::string_view prefix = "/ws/";
    if (!target.starts_with(prefix))
        return {};
    return protocol::base64url_decode_array<16>(target.substr(prefix.size()))
        .value_or(protocol::id16{});
}

bool is_close(error_code const& ec)
{
    return ec == websocket::error::closed;
}

} // namespace

relay_websocket_session::relay_websocket_session(beast::tcp_stream client,
                                                 http::request<http::string_body> upgrade,
                                                 relay_context& context)
    : client_(std::move(client)), upstream_(client_.get_executor()), upgrade_(std::move(upgrade)),
      context_(context)
{
    view_.connection = context_.next_connection++;
    view_.group = group_of(upgrade_.target());
}

void relay_websocket_session::run()
{
    beast::get_lowest_layer(upstream_).expires_after(30s);
    beast::get_lowest_layer(upstream_).async_connect(
        tcp::endpoint(net::ip::address_v4::loopback(), context_.upstream_port),
        beast::bind_front_handler(&relay_websocket_session::on_upstream_connect,
                                  shared_from_this()));
}

void relay_websocket_session::on_upstream_connect(error_code ec)
{
    if (ec)
    {
        std::cerr << "upstream_failed websocket " << ec.message() << std::endl;
        http::response<http::string_body> bad_gateway{http::status::bad_gateway,
                                                      upgrade_.version()};
        bad_gateway.set(http::field::content_type, "text/plain; charset=utf-8");
        bad_gateway.body() = "the tampering relay cannot reach its upstream\n";
        bad_gateway.prepare_payload();
        return refuse_client(std::move(bad_gateway));
    }
    beast::get_lowest_layer(upstream_).expires_never();
    upstream_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    upstream_.set_option(websocket::stream_base::decorator(
        [upgrade = upgrade_](websocket::request_type& request)
        {
            request.erase(http::field::user_agent);
            copy_fields(upgrade, request);
        }));
    // The largest frame a server may send, with room: the relay must not refuse what the
    // client would have received.
    upstream_.read_message_max(4 * 1024 * 1024);
    upstream_.async_handshake(
        upstream_response_, upgrade_[http::field::host], upgrade_.target(),
        beast::bind_front_handler(&relay_websocket_session::on_upstream_handshake,
                                  shared_from_this()));
}

void relay_websocket_session::on_upstream_handshake(error_code ec)
{
    if (ec)
    {
        if (upstream_response_.result_int() != 0)
            return refuse_client(std::move(upstream_response_));
        std::cerr << "upstream_failed websocket " << ec.message() << std::endl;
        http::response<http::string_body> bad_gateway{http::status::bad_gateway,
                                                      upgrade_.version()};
        bad_gateway.prepare_payload();
        return refuse_client(std::move(bad_gateway));
    }
    client_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    client_.set_option(websocket::stream_base::decorator(
        [response = upstream_response_](websocket::response_type& answer)
        {
            answer.erase(http::field::server);
            copy_fields(response, answer);
        }));
    client_.read_message_max(4 * 1024 * 1024);
    client_.async_accept(
        upgrade_,
        beast::bind_front_handler(&relay_websocket_session::on_client_accept, shared_from_this()));
}

void relay_websocket_session::refuse_client(http::response<http::string_body> response)
{
    auto answer = std::make_shared<http::response<http::string_body>>(std::move(response));
    answer->keep_alive(false);
    auto& stream = beast::get_lowest_layer(client_);
    stream.expires_after(30s);
    http::async_write(stream, *answer,
                      [self = shared_from_this(), answer](error_code, std::size_t)
                      {
                          error_code ignored;
                          beast::get_lowest_layer(self->client_)
                              .socket()
                              .shutdown(tcp::socket::shutdown_send, ignored);
                      });
}

void relay_websocket_session::on_client_accept(error_code ec)
{
    if (ec)
    {
        client_closed_ = true;
        return close(upstream_, upstream_closed_, websocket::close_code::protocol_error);
    }
    read_client();
    read_upstream();
}

void relay_websocket_session::read_client()
{
    client_.async_read(
        client_buffer_,
        beast::bind_front_handler(&relay_websocket_session::on_client_read, shared_from_this()));
}

void relay_websocket_session::on_client_read(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
    {
        client_closed_ = true;
        return close(upstream_, upstream_closed_,
                     is_close(ec) ? client_.reason() : websocket::close_reason{});
    }
    bool const text = client_.got_text();
    if (text)
        context_.tamperer.from_client(beast::buffers_to_string(client_buffer_.data()), view_);
    upstream_.text(text);
    upstream_.async_write(
        client_buffer_.data(),
        beast::bind_front_handler(&relay_websocket_session::on_upstream_write, shared_from_this()));
}

void relay_websocket_session::on_upstream_write(error_code ec, std::size_t /*bytes*/)
{
    client_buffer_.clear();
    if (ec)
        return; // the upstream read sees the same end and closes the client
    read_client();
}

void relay_websocket_session::read_upstream()
{
    upstream_.async_read(
        upstream_buffer_,
        beast::bind_front_handler(&relay_websocket_session::on_upstream_read, shared_from_this()));
}

void relay_websocket_session::on_upstream_read(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
    {
        upstream_closed_ = true;
        return close(client_, client_closed_,
                     is_close(ec) ? upstream_.reason() : websocket::close_reason{});
    }
    bool const text = upstream_.got_text();
    std::string const message = beast::buffers_to_string(upstream_buffer_.data());
    upstream_buffer_.clear();
    if (!text)
        to_client_ = message;
    else
    {
        // Several frames may share a message, each ended by the next '\n' (PROTOCOL.md §1).
        to_client_.clear();
        std::size_t start = 0;
        while (start <= message.size())
        {
            auto end = message.find('\n', start);
            if (end == std::string::npos)
                end = message.size();
            for (auto const& frame :
                 context_.tamperer.to_client(message.substr(start, end - start), view_))
            {
                if (!to_client_.empty())
                    to_client_ += '\n';
                to_client_ += frame;
            }
            start = end + 1;
        }
        if (to_client_.empty())
            return read_upstream(); // every frame was dropped
    }
    client_.text(text);
    client_.async_write(
        net::buffer(to_client_),
        beast::bind_front_handler(&relay_websocket_session::on_client_write, shared_from_this()));
}

void relay_websocket_session::on_client_write(error_code ec, std::size_t /*bytes*/)
{
    if (ec)
        return; // the client read sees the same end and closes the upstream
    read_upstream();
}

void relay_websocket_session::close(websocket_stream& other, bool& other_closed,
                                    websocket::close_reason reason)
{
    if (other_closed)
        return;
    other_closed = true;
    if (reason.code == websocket::close_code::none)
    {
        // The peer vanished without a close frame: so does the relay, towards the other side.
        error_code ignored;
        beast::get_lowest_layer(other).socket().close(ignored);
        return;
    }
    other.async_close(reason, [self = shared_from_this()](error_code) {});
}

} // namespace sirkel::relay
