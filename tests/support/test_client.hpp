// A C++ client of the Sirkel wire protocol (PROTOCOL.md) for the integration tests: one real
// WebSocket connection to a server_process (over TLS, or plain when the server is), the frames a
// browser would send, and the signatures of PROTOCOL.md §4 made with libsodium.
#pragma once

#include "net.hpp"
#include "server_process.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/invite_link.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sirkel::test
{

/// How long a test waits for something the server must send.
inline constexpr std::chrono::milliseconds default_timeout{5000};
/// How long a test listens to be fairly sure the server sends nothing.
inline constexpr std::chrono::milliseconds quiet_period{300};

/// One device's keys and member id, as a browser keeps them (PSG1.md).
struct device_identity
{
    protocol::id16 member{};
    protocol::key32 sig_pk{};
    std::array<protocol::byte, 64> sig_sk{}; ///< libsodium's seed || pk form
    protocol::key32 dh_pk{};
    protocol::key32 dh_sk{};

    /// A random member id, an Ed25519 pair (crypto_sign_keypair) and an X25519 pair
    /// (crypto_box_keypair).
    [[nodiscard]] static device_identity generate();
};

struct client_options
{
    /// The Origin header of the upgrade request, also the origin signed in auth and redeem;
    /// std::nullopt sends no Origin header.
    std::optional<std::string> origin = std::string(server_process::public_origin);
    /// SO_RCVBUF set before connecting (which turns off the kernel's receive autotuning), for a
    /// client that must stop absorbing data soon after it stops reading.
    std::optional<int> receive_buffer_bytes;
    /// Connect to 127.0.0.1 on this port instead of the server's, in the server's transport:
    /// for a process in between, such as the tampering relay.
    std::optional<std::uint16_t> port;
    /// Bind the client's socket to this local address (e.g. "127.0.0.2") before connecting:
    /// a second client address on loopback, for the server's per-address limits.
    std::optional<std::string> source_address;
    /// More header lines of the upgrade request, name and value, in order: e.g. the
    /// X-Forwarded-For a reverse proxy would add.
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Where a test client connects: 127.0.0.1:port, in plain text or over TLS verified against ca
/// for "localhost". For a server this harness did not start, such as one a browser test runs.
struct server_address
{
    std::uint16_t port = 0;
    bool plain = false;
    std::filesystem::path ca; ///< unused when plain

    [[nodiscard]] static server_address of(server_process const& server);
};

class test_client
{
public:
    /** Connect to 127.0.0.1:server.port(), verify the certificate against the harness's CA
        for "localhost" (unless server.plain()), and open the WebSocket on /ws/<group>.
        @throws std::runtime_error if any step fails or takes longer than default_timeout.
    */
    test_client(server_process const& server, protocol::id16 const& group,
                client_options options = {});
    /// The same for a server at address.
    test_client(server_address const& address, protocol::id16 const& group,
                client_options options = {});
    test_client(test_client const&) = delete;
    test_client& operator=(test_client const&) = delete;

    /** The HTTP status a server answers a WebSocket upgrade on target with: 101 when it
        switches protocols, else the refusal's status (e.g. 403).
    */
    [[nodiscard]] static unsigned upgrade_status(server_process const& server,
                                                 std::string const& target,
                                                 client_options options = {});

    /// Send one WebSocket text message. @throws std::runtime_error if it cannot be written.
    void send_text(std::string_view text);
    /// Send one WebSocket binary message. @throws std::runtime_error if it cannot be written.
    void send_binary(protocol::byte_view data);

    /** The next server frame as its exact text, waiting up to timeout.
        A server message may carry several frames separated by '\n'; they are returned one by
        one, in order. std::nullopt on timeout or once the connection is closed and drained.
    */
    [[nodiscard]] std::optional<std::string> receive_raw(std::chrono::milliseconds timeout);
    /// The next frame parsed. @throws std::runtime_error if it is not a JSON object.
    [[nodiscard]] std::optional<boost::json::object>
    receive_frame(std::chrono::milliseconds timeout);
    /// The next frame, which must have "t" equal to type, passing over (and keeping) any
    /// meeting_state unless that is the type. @throws std::runtime_error if none arrives within
    /// timeout or it has another type (the message quotes the frame).
    boost::json::object expect(std::string_view type,
                               std::chrono::milliseconds timeout = default_timeout);

    /// Whether the connection has ended (close frame, EOF or error seen by the reader).
    [[nodiscard]] bool is_closed() const { return closed_; }
    /// The close frame's code, 0 if the connection ended without one.
    [[nodiscard]] std::uint16_t close_code() const { return close_code_; }

    /// hello v1, then the challenge's nonce. @throws std::runtime_error on another answer.
    protocol::key32 hello();
    /// hello, then auth as identity with this connection's origin; returns the server's answer.
    /// A member's authed is followed by meeting_state, which is read and kept.
    boost::json::object auth(device_identity const& identity);
    /// hello, then redeem link as identity (token derived from the link's secret); returns the
    /// server's answer, after which meeting_state is read and kept like auth's.
    boost::json::object redeem(device_identity const& identity, protocol::invite_link const& link);
    /// join; returns the joined frame and keeps the floor frame that follows it.
    /// @throws std::runtime_error on another answer.
    boost::json::object join();
    /// The last meeting_state read (after authed, or passed over by expect), and the floor
    /// that followed joined.
    [[nodiscard]] boost::json::object const& meeting_state() const noexcept
    {
        return meeting_state_;
    }
    [[nodiscard]] boost::json::object const& floor() const noexcept { return floor_; }

    [[nodiscard]] std::string origin() const { return options_.origin.value_or(""); }

private:
    using plain_websocket = websocket::stream<tcp::socket>;
    using tls_websocket = websocket::stream<ssl::stream<tcp::socket>>;
    using websocket_variant = std::variant<plain_websocket, tls_websocket>;

    struct unopened
    {
    };
    test_client(server_address const& address, client_options options, unopened);

    static websocket_variant make_websocket(net::io_context& io, ssl::context& tls, bool plain);
    /// Connect in server's transport and upgrade on target; the HTTP status of the answer.
    unsigned open(std::string const& target);
    void start_read();
    void on_read(error_code ec);
    void write(net::const_buffer data, bool text);
    /// The next frame, whatever its type. @throws std::runtime_error if none arrives.
    boost::json::object answer_to(std::string_view request);
    /// After a member's authed, read the meeting_state the server sends next.
    boost::json::object after_authed(boost::json::object answer);

    net::io_context io_;
    ssl::context tls_;
    websocket_variant ws_;
    beast::flat_buffer read_buffer_;
    std::deque<std::string> frames_;
    std::uint16_t port_ = 0;
    protocol::id16 group_{};
    client_options options_;
    boost::json::object meeting_state_;
    boost::json::object floor_;
    bool closed_ = false;
    std::uint16_t close_code_ = 0;
};

/// The string value of obj[key], or "" if it is absent or not a string.
[[nodiscard]] std::string field_string(boost::json::object const& obj, std::string_view key);

/** The members a meeting_state names as term_over (PROTOCOL.md §8.2: role-1 members whose
    facilitator term has ended), in order.
    @throws std::runtime_error if the field is absent or holds anything but member ids.
*/
[[nodiscard]] std::vector<protocol::id16> term_over_of(boost::json::object const& meeting_state);

/// The meeting id ("ses") of a joined frame. @throws std::runtime_error if it has none.
[[nodiscard]] protocol::id16 session_of(boost::json::object const& joined);

/// LP-signed auth frame (PROTOCOL.md §4 auth) for member, signed with sig_sk.
[[nodiscard]] std::string make_auth_frame(protocol::id16 const& member,
                                          std::array<protocol::byte, 64> const& sig_sk,
                                          std::string_view origin, protocol::key32 const& nonce,
                                          protocol::id16 const& group);

/// Redeem frame (PROTOCOL.md §4 redeem) for identity and link's invite, carrying token.
[[nodiscard]] std::string make_redeem_frame(device_identity const& identity,
                                            protocol::invite_link const& link,
                                            protocol::key32 const& token, std::string_view origin,
                                            protocol::key32 const& nonce);

/// A msg frame (kind 1) of epoch ep with random n and sig and the given ciphertext bytes: what
/// the server checks and relays, though no participant can open it.
[[nodiscard]] std::string make_msg_frame(protocol::id16 const& ses, std::uint32_t ep,
                                         protocol::id16 const& from, std::uint32_t ctr,
                                         protocol::byte_view ct);

[[nodiscard]] protocol::bytes random_bytes(std::size_t size);

/// Lower-case hex, the form a careless log would dump bytes in.
[[nodiscard]] std::string to_hex(protocol::byte_view data);

/// A member of group in the server's database: a fresh facilitator invite from the admin CLI,
/// redeemed on a new connection. @throws std::runtime_error unless the answer is authed.
[[nodiscard]] std::unique_ptr<test_client> redeemed_facilitator(server_process const& server,
                                                                protocol::id16 const& group,
                                                                device_identity const& identity,
                                                                client_options options = {});

/** GET target from the server over HTTPS (certificate verified as for test_client), or plain
    HTTP when server.plain().
    @throws std::runtime_error if no complete response arrives within default_timeout.
*/
[[nodiscard]] http::response<http::string_body> http_get(server_process const& server,
                                                         std::string const& target);
/// The same for a server at address (nginx in front of test servers, say).
[[nodiscard]] http::response<http::string_body> http_get(server_address const& address,
                                                         std::string const& target);

} // namespace sirkel::test
