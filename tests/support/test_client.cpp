#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sodium.h>

#include <stdexcept>
#include <utility>
#include <variant>

namespace sirkel::test
{
namespace
{

using steady_clock = std::chrono::steady_clock;

// Every wait below runs the connection's own io_context for a bounded time instead of blocking
// in a synchronous call: a server that stops answering then fails one test with a message
// instead of hanging the suite, and a receive that times out leaves the connection usable.

/// Run io until done() or deadline; false if done() is still false then.
template <typename Predicate>
bool run_until(net::io_context& io, Predicate done, steady_clock::time_point deadline)
{
    while (!done())
    {
        io.restart();
        // Zero handlers run: the deadline passed, or nothing is pending that could finish.
        if (io.run_one_until(deadline) == 0)
            return done();
    }
    return true;
}

/** Wait for the operation that sets done; on timeout close the socket, wait for the aborted
    operation's handler (it refers to the caller's locals) and throw.
*/
void await(net::io_context& io, bool const& done, steady_clock::time_point deadline,
           tcp::socket& socket, std::string const& what)
{
    if (run_until(
            io, [&] { return done; }, deadline))
        return;
    error_code ignored;
    socket.close(ignored);
    run_until(
        io, [&] { return done; }, steady_clock::now() + default_timeout);
    throw std::runtime_error(what + " timed out");
}

ssl::context make_tls_context(server_address const& address)
{
    ssl::context tls(ssl::context::tls_client);
    if (!address.plain)
        tls.load_verify_file(address.ca.string());
    return tls;
}

// connect_transport() has an overload for each transport a server_process serves, so the HTTP
// and WebSocket code on top of it is written once, generic in the stream.

/// TCP connect to 127.0.0.1:port: the whole connection for a plain server.
void connect_transport(net::io_context& io, tcp::socket& socket, std::uint16_t port,
                       client_options const& options, steady_clock::time_point deadline)
{
    socket.open(tcp::v4());
    // Set before connect: the window scale is agreed in the SYN.
    if (options.receive_buffer_bytes)
        socket.set_option(net::socket_base::receive_buffer_size(*options.receive_buffer_bytes));
    if (options.source_address)
        socket.bind(tcp::endpoint(net::ip::make_address(*options.source_address), 0));

    bool done = false;
    error_code result;
    socket.async_connect(tcp::endpoint(net::ip::address_v4::loopback(), port),
                         [&](error_code ec)
                         {
                             result = ec;
                             done = true;
                         });
    await(io, done, deadline, socket, "TCP connect");
    if (result)
        throw std::runtime_error("TCP connect to 127.0.0.1:" + std::to_string(port) + ": " +
                                 result.message());
}

/// TCP connect, then a TLS handshake that verifies the server's certificate chain against the
/// harness CA and its name against "localhost".
void connect_transport(net::io_context& io, ssl::stream<tcp::socket>& stream, std::uint16_t port,
                       client_options const& options, steady_clock::time_point deadline)
{
    connect_transport(io, stream.next_layer(), port, options, deadline);

    // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to. OpenSSL copies
    // the name, so a local array does.
    char sni_name[] = "localhost";
    if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 sni_name) != 1)
        throw std::runtime_error("cannot set TLS SNI");
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification("localhost"));
    bool done = false;
    error_code result;
    stream.async_handshake(ssl::stream_base::client,
                           [&](error_code ec)
                           {
                               result = ec;
                               done = true;
                           });
    await(io, done, deadline, stream.next_layer(), "TLS handshake");
    if (result)
        throw std::runtime_error("TLS handshake: " + result.message());
}

std::string host_header(std::uint16_t port)
{
    return "localhost:" + std::to_string(port);
}

/// GET target on a new connection of stream's transport.
template <typename Stream>
http::response<http::string_body> get_over(net::io_context& io, Stream& stream, std::uint16_t port,
                                           std::string const& target)
{
    auto const deadline = steady_clock::now() + default_timeout;
    connect_transport(io, stream, port, client_options{}, deadline);

    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, host_header(port));
    request.set(http::field::user_agent, "sirkel-integration-tests");
    request.keep_alive(false);
    bool done = false;
    error_code result;
    http::async_write(stream, request,
                      [&](error_code ec, std::size_t)
                      {
                          result = ec;
                          done = true;
                      });
    await(io, done, deadline, beast::get_lowest_layer(stream), "HTTP request write");
    if (result)
        throw std::runtime_error("HTTP request write: " + result.message());

    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    done = false;
    http::async_read(stream, buffer, response,
                     [&](error_code ec, std::size_t)
                     {
                         result = ec;
                         done = true;
                     });
    await(io, done, deadline, beast::get_lowest_layer(stream), "HTTP response read");
    if (result)
        throw std::runtime_error("HTTP response read: " + result.message());
    return response;
}

} // namespace

device_identity device_identity::generate()
{
    protocol::sodium_init_or_throw();
    device_identity identity;
    protocol::randombytes_buf(identity.member);
    crypto_sign_keypair(identity.sig_pk.data(), identity.sig_sk.data());
    crypto_box_keypair(identity.dh_pk.data(), identity.dh_sk.data());
    return identity;
}

test_client::websocket_variant test_client::make_websocket(net::io_context& io, ssl::context& tls,
                                                           bool plain)
{
    if (plain)
        return websocket_variant(std::in_place_type<plain_websocket>, io);
    return websocket_variant(std::in_place_type<tls_websocket>, io, tls);
}

server_address server_address::of(server_process const& server)
{
    return {server.port(), server.plain(), server.ca_path()};
}

test_client::test_client(server_address const& address, client_options options, unopened)
    : tls_(make_tls_context(address)), ws_(make_websocket(io_, tls_, address.plain)),
      port_(options.port.value_or(address.port)), options_(std::move(options))
{
}

test_client::test_client(server_process const& server, protocol::id16 const& group,
                         client_options options)
    : test_client(server_address::of(server), group, std::move(options))
{
}

test_client::test_client(server_address const& address, protocol::id16 const& group,
                         client_options options)
    : test_client(address, std::move(options), unopened{})
{
    group_ = group;
    auto const status = open("/ws/" + protocol::base64url_encode(group));
    if (status != 101)
        throw std::runtime_error("the server answered the WebSocket upgrade with HTTP " +
                                 std::to_string(status));
    start_read();
}

unsigned test_client::upgrade_status(server_process const& server, std::string const& target,
                                     client_options options)
{
    test_client client(server_address::of(server), std::move(options), unopened{});
    return client.open(target);
}

unsigned test_client::open(std::string const& target)
{
    return std::visit(
        [&](auto& ws)
        {
            auto const deadline = steady_clock::now() + default_timeout;
            connect_transport(io_, ws.next_layer(), port_, options_, deadline);

            ws.set_option(websocket::stream_base::decorator(
                [origin = options_.origin,
                 headers = options_.headers](websocket::request_type& request)
                {
                    if (origin)
                        request.set(http::field::origin, *origin);
                    for (auto const& [name, value] : headers)
                        request.insert(name, value);
                }));
            websocket::response_type response;
            std::string const host = host_header(port_);
            bool done = false;
            error_code result;
            ws.async_handshake(response, host, target,
                               [&](error_code ec)
                               {
                                   result = ec;
                                   done = true;
                               });
            await(io_, done, deadline, beast::get_lowest_layer(ws), "WebSocket handshake");
            // A refused upgrade (upgrade_declined) still carries the server's status.
            if (result && response.result_int() == 0)
                throw std::runtime_error("WebSocket handshake: " + result.message());
            return response.result_int();
        },
        ws_);
}

void test_client::start_read()
{
    std::visit(
        [this](auto& ws)
        { ws.async_read(read_buffer_, [this](error_code ec, std::size_t) { on_read(ec); }); },
        ws_);
}

void test_client::on_read(error_code ec)
{
    if (ec)
    {
        closed_ = true;
        close_code_ = std::visit([](auto& ws) { return ws.reason().code; }, ws_);
        return;
    }
    if (std::visit([](auto& ws) { return ws.got_binary(); }, ws_))
        throw std::runtime_error(
            "the server sent a binary message; PROTOCOL.md §1 says its messages are text");

    // One message may carry several frames, each ended by the next '\n' (PROTOCOL.md §1).
    std::string const message = beast::buffers_to_string(read_buffer_.data());
    read_buffer_.consume(read_buffer_.size());
    std::size_t start = 0;
    for (;;)
    {
        auto const end = message.find('\n', start);
        frames_.push_back(message.substr(start, end - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    start_read();
}

void test_client::write(net::const_buffer data, bool text)
{
    if (closed_)
        throw std::runtime_error("cannot send: the connection is closed (close code " +
                                 std::to_string(close_code_) + ")");
    bool done = false;
    error_code result;
    std::visit(
        [&](auto& ws)
        {
            ws.text(text);
            ws.async_write(data,
                           [&](error_code ec, std::size_t)
                           {
                               result = ec;
                               done = true;
                           });
            await(io_, done, steady_clock::now() + default_timeout, beast::get_lowest_layer(ws),
                  "WebSocket write");
        },
        ws_);
    if (result)
        throw std::runtime_error("WebSocket write: " + result.message());
}

void test_client::send_text(std::string_view text)
{
    write(net::buffer(text), true);
}

void test_client::send_binary(protocol::byte_view data)
{
    write(net::buffer(data.data(), data.size()), false);
}

std::optional<std::string> test_client::receive_raw(std::chrono::milliseconds timeout)
{
    run_until(
        io_, [this] { return !frames_.empty() || closed_; }, steady_clock::now() + timeout);
    if (frames_.empty())
        return std::nullopt;
    std::string frame = std::move(frames_.front());
    frames_.pop_front();
    return frame;
}

std::optional<boost::json::object> test_client::receive_frame(std::chrono::milliseconds timeout)
{
    auto const raw = receive_raw(timeout);
    if (!raw)
        return std::nullopt;
    boost::system::error_code ec;
    auto value = boost::json::parse(*raw, ec);
    if (ec || !value.is_object())
        throw std::runtime_error("the server sent a frame that is not a JSON object: '" + *raw +
                                 "'");
    return std::move(value.as_object());
}

boost::json::object test_client::expect(std::string_view type, std::chrono::milliseconds timeout)
{
    auto frame = receive_frame(timeout);
    // The lobby's meeting_state comes whenever a meeting opens or closes, whatever the test is
    // waiting for: kept, not matched, unless it is what the test waits for.
    while (frame && type != "meeting_state" && field_string(*frame, "t") == "meeting_state")
    {
        meeting_state_ = std::move(*frame);
        frame = receive_frame(timeout);
    }
    if (!frame)
        throw std::runtime_error(
            "expected a '" + std::string(type) + "' frame within " +
            std::to_string(timeout.count()) + " ms, got " +
            (closed_ ? "a closed connection (close code " + std::to_string(close_code_) + ")"
                     : std::string("nothing")));
    if (field_string(*frame, "t") != type)
        throw std::runtime_error("expected a '" + std::string(type) + "' frame, got " +
                                 boost::json::serialize(*frame));
    return std::move(*frame);
}

protocol::key32 test_client::hello()
{
    send_text(R"({"t":"hello","v":1})");
    auto const challenge = expect("challenge");
    auto const nonce = protocol::base64url_decode_array<32>(field_string(challenge, "nonce"));
    if (!nonce)
        throw std::runtime_error("the challenge's nonce is not 32 bytes of base64url: " +
                                 boost::json::serialize(challenge));
    return *nonce;
}

boost::json::object test_client::auth(device_identity const& identity)
{
    auto const nonce = hello();
    send_text(make_auth_frame(identity.member, identity.sig_sk, origin(), nonce, group_));
    return after_authed(answer_to("auth"));
}

boost::json::object test_client::redeem(device_identity const& identity,
                                        protocol::invite_link const& link)
{
    auto const nonce = hello();
    send_text(make_redeem_frame(identity, link, protocol::kdf_invite_token(link.secret), origin(),
                                nonce));
    return after_authed(answer_to("redeem"));
}

boost::json::object test_client::after_authed(boost::json::object answer)
{
    if (field_string(answer, "t") == "authed" && field_string(answer, "role") != "pending")
    {
        meeting_state_ = expect("meeting_state");
        // Every meeting_state carries term_over, empty or not.
        (void)term_over_of(meeting_state_);
    }
    return answer;
}

boost::json::object test_client::answer_to(std::string_view request)
{
    auto answer = receive_frame(default_timeout);
    if (!answer)
        throw std::runtime_error("no answer to " + std::string(request) + " within " +
                                 std::to_string(default_timeout.count()) + " ms");
    return std::move(*answer);
}

boost::json::object test_client::join()
{
    send_text(R"({"t":"join"})");
    auto joined = expect("joined");
    floor_ = expect("floor");
    return joined;
}

std::string field_string(boost::json::object const& obj, std::string_view key)
{
    auto const* value = obj.if_contains(key);
    if (value == nullptr || !value->is_string())
        return {};
    return std::string(value->as_string());
}

std::vector<protocol::id16> term_over_of(boost::json::object const& meeting_state)
{
    auto const* list = meeting_state.if_contains("term_over");
    if (list == nullptr || !list->is_array())
        throw std::runtime_error("a meeting_state without a term_over list: " +
                                 boost::json::serialize(meeting_state));
    std::vector<protocol::id16> members;
    for (auto const& element : list->as_array())
    {
        auto const id = element.is_string()
                            ? protocol::base64url_decode_array<16>(std::string(element.as_string()))
                            : std::nullopt;
        if (!id)
            throw std::runtime_error("a meeting_state's term_over holds a non-id: " +
                                     boost::json::serialize(meeting_state));
        members.push_back(*id);
    }
    return members;
}

protocol::id16 session_of(boost::json::object const& joined)
{
    auto const ses = protocol::base64url_decode_array<16>(field_string(joined, "ses"));
    if (!ses)
        throw std::runtime_error("the joined frame has no 16-byte base64url \"ses\": " +
                                 boost::json::serialize(joined));
    return *ses;
}

std::string make_auth_frame(protocol::id16 const& member,
                            std::array<protocol::byte, 64> const& sig_sk, std::string_view origin,
                            protocol::key32 const& nonce, protocol::id16 const& group)
{
    auto const sig =
        protocol::sign_detached(protocol::auth_message(origin, nonce, group, member), sig_sk);
    boost::json::object frame;
    frame["t"] = "auth";
    frame["member"] = protocol::base64url_encode(member);
    frame["sig"] = protocol::base64url_encode(sig);
    return boost::json::serialize(frame);
}

std::string make_redeem_frame(device_identity const& identity, protocol::invite_link const& link,
                              protocol::key32 const& token, std::string_view origin,
                              protocol::key32 const& nonce)
{
    auto const sig = protocol::sign_detached(
        protocol::redeem_message(origin, nonce, link.group, link.invite, identity.member,
                                 identity.sig_pk, identity.dh_pk),
        identity.sig_sk);
    boost::json::object frame;
    frame["t"] = "redeem";
    frame["invite"] = protocol::base64url_encode(link.invite);
    frame["tok"] = protocol::base64url_encode(token);
    frame["member"] = protocol::base64url_encode(identity.member);
    frame["sig_pk"] = protocol::base64url_encode(identity.sig_pk);
    frame["dh_pk"] = protocol::base64url_encode(identity.dh_pk);
    frame["sig"] = protocol::base64url_encode(sig);
    return boost::json::serialize(frame);
}

std::string make_msg_frame(protocol::id16 const& ses, std::uint32_t ep, protocol::id16 const& from,
                           std::uint32_t ctr, protocol::byte_view ct)
{
    boost::json::object frame;
    frame["t"] = "msg";
    frame["ses"] = protocol::base64url_encode(ses);
    frame["ep"] = ep;
    frame["from"] = protocol::base64url_encode(from);
    frame["ctr"] = ctr;
    frame["k"] = 1;
    frame["n"] = protocol::base64url_encode(random_bytes(24));
    frame["ct"] = protocol::base64url_encode(ct);
    frame["sig"] = protocol::base64url_encode(random_bytes(64));
    return boost::json::serialize(frame);
}

protocol::bytes random_bytes(std::size_t size)
{
    protocol::sodium_init_or_throw();
    protocol::bytes out(size);
    protocol::randombytes_buf(out);
    return out;
}

std::string to_hex(protocol::byte_view data)
{
    std::string out(data.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data.data(), data.size());
    out.pop_back(); // the terminating NUL sodium_bin2hex writes
    return out;
}

std::unique_ptr<test_client> redeemed_facilitator(server_process const& server,
                                                  protocol::id16 const& group,
                                                  device_identity const& identity,
                                                  client_options options)
{
    auto const link = server.invite_facilitator(group);
    auto client = std::make_unique<test_client>(server, group, std::move(options));
    auto const answer = client->redeem(identity, link);
    if (field_string(answer, "t") != "authed")
        throw std::runtime_error("redeeming a fresh facilitator invite was answered with " +
                                 boost::json::serialize(answer));
    return client;
}

http::response<http::string_body> http_get(server_process const& server, std::string const& target)
{
    return http_get(server_address::of(server), target);
}

http::response<http::string_body> http_get(server_address const& address, std::string const& target)
{
    net::io_context io;
    if (address.plain)
    {
        tcp::socket socket(io);
        return get_over(io, socket, address.port, target);
    }
    auto tls = make_tls_context(address);
    ssl::stream<tcp::socket> stream(io, tls);
    return get_over(io, stream, address.port, target);
}

} // namespace sirkel::test
