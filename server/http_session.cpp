#include "http_session.hpp"

#include "server_state.hpp"
#include "store.hpp"
#include "websocket_session.hpp"

#include "sirkel/protocol/base64url.hpp"

namespace sirkel
{

namespace
{

// Only our own files run; libsodium.js needs to instantiate WebAssembly ('wasm-unsafe-eval'),
// and nothing may frame the page, post forms elsewhere or load plugins.
constexpr char const* content_security_policy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The layer that keeps the time limits: beast::tcp_stream, or tls_socket itself.
template <typename Stream>
auto& tcp_layer(Stream& stream)
{
    return beast::get_lowest_layer(stream);
}

} // namespace

http_session::http_session(transport_stream&& stream, server_state& state, client_address client)
    : stream_(std::move(stream)), state_(state), client_(std::move(client)),
      connection_id_(state.next_connection_id()), accepted_at_(std::chrono::steady_clock::now())
{
    ++state_.stats().connections_open;
    if (auto const& own = client_.connection())
        state_.connections_by_address().add(*own);
}

http_session::~http_session()
{
    if (auto const& own = client_.connection())
        state_.connections_by_address().remove(*own);
    --state_.stats().connections_open;
}

void http_session::run()
{
    auto* tls = std::get_if<tls_stream>(&stream_);
    if (!tls)
        return do_read();
    tcp_layer(*tls).expires_after(state_.config().handshake_timeout);
    tls->async_handshake(
        beast::bind_front_handler(&http_session::on_handshake, shared_from_this()));
}

void http_session::on_handshake(error_code ec)
{
    if (ec)
    {
        ++state_.stats().tls_handshake_failures;
        if (ec == beast::error::timeout)
        {
            ++state_.stats().handshake_timeouts;
            state_.stats().count_limit(limit::handshake_timeout);
        }
        state_.log().log(log_level::debug, "tls_handshake_failed",
                         {{"conn", connection_id_}, {"reason", ec.message()}});
        return;
    }
    do_read();
}

void http_session::do_read()
{
    // A fresh parser per request: its limits apply to each request on a kept-alive connection.
    parser_.emplace();
    parser_->header_limit(state_.config().http_header_bytes);
    parser_->body_limit(state_.config().http_body_bytes);
    std::visit(
        [&](auto& stream)
        {
            tcp_layer(stream).expires_after(state_.config().handshake_timeout);
            http::async_read(stream, buffer_, *parser_,
                             beast::bind_front_handler(&http_session::on_read, shared_from_this()));
        },
        stream_);
}

void http_session::on_read(error_code ec, std::size_t /*bytes*/)
{
    if (ec == http::error::end_of_stream)
        return do_close();
    // A request begun but not finished in time is a slowloris tying up a connection; a kept-alive
    // connection that simply sent no further request is not.
    if (ec == beast::error::timeout && parser_->got_some())
    {
        ++state_.stats().handshake_timeouts;
        state_.stats().count_limit(limit::handshake_timeout);
        state_.log().log(log_level::info, "handshake_timeout", {{"conn", connection_id_}});
        return;
    }
    if (ec == http::error::header_limit)
    {
        state_.stats().count_limit(limit::http_header_bytes);
        return refuse(http::status::request_header_fields_too_large, refusal::header_too_large,
                      "request headers over the server's limit", 11);
    }
    if (ec == http::error::body_limit)
    {
        state_.stats().count_limit(limit::http_body_bytes);
        return reply_and_close(http::status::payload_too_large, 11,
                               "request body over the server's limit");
    }
    if (ec)
    {
        state_.log().log(log_level::debug, "http_read_failed",
                         {{"conn", connection_id_}, {"reason", ec.message()}});
        return;
    }
    ++state_.stats().http_requests;
    if (websocket::is_upgrade(parser_->get()))
        return upgrade(parser_->release());

    response_.emplace(respond(parser_->get()));
    bool const keep_alive = response_->keep_alive();
    std::visit(
        [&](auto& stream)
        {
            http::async_write(
                stream, *response_,
                beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
        },
        stream_);
}

void http_session::upgrade(http::request<http::string_body>&& request)
{
    auto const version = request.version();
    auto const counted = admit_address(request);
    if (!counted)
        return;
    // Cross-site WebSocket hijacking: browsers always send Origin, and only our pages may connect.
    auto const origin = request[http::field::origin];
    if (origin.empty() || !state_.origin_allowed(origin))
        return refuse(http::status::forbidden, refusal::bad_origin,
                      "origin not allowed to open a WebSocket here", version);

    constexpr std::string_view prefix = "/ws/";
    std::string_view const target = request.target();
    if (!target.starts_with(prefix))
        return refuse(http::status::not_found, refusal::bad_path, "WebSocket path is /ws/<group>",
                      version);
    auto const group = protocol::base64url_decode_array<16>(target.substr(prefix.size()));
    if (!group)
        return refuse(http::status::not_found, refusal::bad_path, "WebSocket path is /ws/<group>",
                      version);
    try
    {
        if (!state_.db().find_group(*group))
            return refuse(http::status::not_found, refusal::unknown_group, "no such group",
                          version);
    }
    catch (store_error const& e)
    {
        state_.log().log(log_level::error, "store_failed",
                         {{"conn", connection_id_}, {"during", "upgrade"}, {"reason", e.what()}});
        return refuse(http::status::service_unavailable, refusal::unknown_group,
                      "the server cannot read its database", version);
    }

    std::make_shared<websocket_session>(std::move(stream_), state_, *counted, *group,
                                        std::string(origin), connection_id_, accepted_at_)
        ->run(std::move(request));
}

std::optional<net::ip::address>
http_session::admit_address(http::request<http::string_body> const& request)
{
    auto const counted = client_.of(request);
    if (!counted)
    {
        refuse(http::status::bad_request, refusal::no_forwarded_client,
               "a request through a trusted proxy (trusted-proxy) must name its client in "
               "X-Forwarded-For",
               request.version());
        return std::nullopt;
    }
    // A direct client was counted at accept, this connection included (listener.cpp).
    if (client_.via_proxy() && state_.connections_by_address().count(*counted) >=
                                   state_.config().max_connections_per_address)
    {
        state_.stats().count_limit(limit::max_connections_per_address);
        state_.log().log(log_level::info, "connection_refused",
                         {{"conn", connection_id_}, {"reason", "connections_per_address"}});
        refuse(http::status::too_many_requests, refusal::connections_per_address,
               "too many connections from this client address (max-connections-per-address)",
               request.version());
        return std::nullopt;
    }
    return counted;
}

void http_session::refuse(http::status status, refusal reason, std::string_view why,
                          unsigned version)
{
    state_.stats().count_refusal(reason);
    state_.log().log(log_level::info, "request_refused",
                     {{"conn", connection_id_}, {"status", static_cast<std::int64_t>(status)}});
    reply_and_close(status, version, why);
}

http::response<http::string_body>
http_session::respond(http::request<http::string_body> const& request)
{
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.keep_alive(request.keep_alive());
    response.set(http::field::server, "sirkel");
    response.set("Content-Security-Policy", content_security_policy);
    response.set("X-Content-Type-Options", "nosniff");
    // The invite path holds a group id; no other site needs to learn it from a Referer.
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cross-Origin-Opener-Policy", "same-origin");
    response.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (state_.tls())
        response.set(http::field::strict_transport_security, "max-age=63072000");

    auto finish = [&](http::status status, std::string_view content_type, std::string body,
                      std::string_view cache_control)
    {
        response.result(status);
        response.set(http::field::content_type, content_type);
        response.set(http::field::cache_control, cache_control);
        response.body() = std::move(body);
        response.prepare_payload();
        if (request.method() == http::verb::head)
            response.body().clear();
        return response;
    };

    if (request.method() != http::verb::get && request.method() != http::verb::head)
    {
        response.set(http::field::allow, "GET, HEAD");
        return finish(http::status::method_not_allowed, "text/plain; charset=utf-8",
                      "method not allowed\n", "no-store");
    }
    std::string_view const target = request.target();
    if (target == "/healthz")
        return finish(http::status::ok, "text/plain; charset=utf-8", "ok\n", "no-store");
    if (target == "/metrics")
        return finish(http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                      state_.stats().render(), "no-store");
    // The organisation's crisis lines, fetched by every page at start. Without the setting, 204:
    // the page keeps its built-in lines, and a 404 would be an error in every browser's console.
    // no-cache: a browser asks again each time, so lines changed with a restart reach people at
    // their next page load.
    if (target == "/crisis-lines")
    {
        auto const& lines = state_.organisation_crisis_lines();
        return finish(lines.configured() ? http::status::ok : http::status::no_content,
                      "text/plain; charset=utf-8", lines.text(), "no-cache");
    }
    if (auto const* file = state_.files().find(target))
        return finish(http::status::ok, file->content_type, file->body, file->cache_control);
    return finish(http::status::not_found, "text/plain; charset=utf-8", "not found\n", "no-store");
}

void http_session::on_write(bool keep_alive, error_code ec, std::size_t /*bytes*/)
{
    response_.reset();
    if (ec)
        return;
    if (!keep_alive)
        return do_close();
    do_read();
}

void http_session::reply_and_close(http::status status, unsigned version, std::string_view why)
{
    response_.emplace(status, version);
    response_->set(http::field::server, "sirkel");
    response_->set(http::field::content_type, "text/plain; charset=utf-8");
    response_->body() = std::string(why) + "\n";
    response_->keep_alive(false);
    response_->prepare_payload();
    std::visit(
        [&](auto& stream)
        {
            http::async_write(
                stream, *response_,
                beast::bind_front_handler(&http_session::on_write, shared_from_this(), false));
        },
        stream_);
}

void http_session::do_close()
{
    if (auto* tls = std::get_if<tls_stream>(&stream_))
    {
        tcp_layer(*tls).expires_after(std::chrono::seconds(2));
        tls->async_shutdown([self = shared_from_this()](error_code) {});
        return;
    }
    error_code ec;
    std::get<plain_stream>(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace sirkel
