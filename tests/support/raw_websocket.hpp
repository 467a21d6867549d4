// A WebSocket client that writes every byte itself, for the conformance tests: the HTTP upgrade
// by hand and frames with any FIN, RSV bits, opcode, mask and length, including the ones RFC 6455
// forbids, over a plain TCP connection to `sirkel serve --insecure-plain` on 127.0.0.1.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sirkel::test
{

/// The header bits of one frame to send (RFC 6455 §5.2). The defaults make a valid client frame.
struct frame_bits
{
    bool fin = true;
    bool rsv1 = false;
    bool rsv2 = false;
    bool rsv3 = false;
    bool masked = true;
};

/// One frame as the server sent it.
struct received_frame
{
    bool fin = true;
    std::uint8_t opcode = 0;
    std::string payload;
};

/// How the server ended the connection.
struct server_close
{
    /// The code of the server's close frame; none when it closed the TCP connection without one.
    std::optional<std::uint16_t> code;
    std::string reason;
    /// Every frame the server sent before its close (pings, text answers).
    std::vector<received_frame> frames_before;
};

/// The status line and headers of an HTTP response, as read off the socket.
struct raw_http_response
{
    unsigned status = 0;
    std::string head;
    /// The value of header name (case-insensitive), or "" if absent.
    [[nodiscard]] std::string header(std::string_view name) const;
};

/// Opcodes of RFC 6455 §5.2.
namespace opcode
{
inline constexpr std::uint8_t continuation = 0x0;
inline constexpr std::uint8_t text = 0x1;
inline constexpr std::uint8_t binary = 0x2;
inline constexpr std::uint8_t close = 0x8;
inline constexpr std::uint8_t ping = 0x9;
inline constexpr std::uint8_t pong = 0xA;
} // namespace opcode

/// One frame's bytes: header, optional mask key (a fixed one; masking is not secrecy here) and
/// the payload, masked if bits.masked.
[[nodiscard]] std::string encode_frame(std::uint8_t frame_opcode, std::string_view payload,
                                       frame_bits bits = {});

/// A close frame's payload: the code big-endian, then reason.
[[nodiscard]] std::string close_payload(std::uint16_t code, std::string_view reason = {});

class raw_websocket
{
public:
    /// The Sec-WebSocket-Key every upgrade sends, the example of RFC 6455 §1.3, and the
    /// Sec-WebSocket-Accept the server must answer it with.
    static constexpr std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";
    static constexpr std::string_view expected_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /// Connect over TCP to 127.0.0.1:port; nothing is sent yet.
    /// @throws std::runtime_error if the connection fails.
    explicit raw_websocket(std::uint16_t port);
    ~raw_websocket();
    raw_websocket(raw_websocket const&) = delete;
    raw_websocket& operator=(raw_websocket const&) = delete;

    /// An upgrade request for target from origin, with this Sec-WebSocket-Version and any
    /// extra header lines (each ending in "\r\n").
    [[nodiscard]] static std::string upgrade_request(std::string_view target,
                                                     std::string_view origin,
                                                     std::string_view version = "13",
                                                     std::string_view extra_headers = {});

    /// Send the upgrade request and read the response head.
    /// @throws std::runtime_error unless the server answers 101 with the right accept key.
    void upgrade(std::string_view target, std::string_view origin);

    /// Send bytes as they are; false if the server has already closed the connection.
    bool send_bytes(std::string_view bytes);
    bool send_frame(std::uint8_t frame_opcode, std::string_view payload, frame_bits bits = {})
    {
        return send_bytes(encode_frame(frame_opcode, payload, bits));
    }

    /// Read an HTTP response head (up to the blank line); nullopt if the connection closed or
    /// timeout passed before a whole head arrived.
    [[nodiscard]] std::optional<raw_http_response>
    read_http_response(std::chrono::milliseconds timeout = std::chrono::seconds{5});

    /// The next frame the server sends; nullopt if the connection closed or timeout passed.
    [[nodiscard]] std::optional<received_frame>
    read_frame(std::chrono::milliseconds timeout = std::chrono::seconds{5});

    /** Read until the server ends the connection: its close frame (and then the TCP close), or
        the TCP close alone. nullopt if the connection is still open after timeout.
    */
    [[nodiscard]] std::optional<server_close>
    await_close(std::chrono::milliseconds timeout = std::chrono::seconds{5});

    /// Whether the server has closed the TCP connection (read returns end of file) within
    /// timeout; frames arriving meanwhile are discarded.
    [[nodiscard]] bool closed_within(std::chrono::milliseconds timeout);

private:
    /// Read until buffer_ holds at least count bytes; false on end of file or at deadline.
    bool fill(std::size_t count, std::chrono::steady_clock::time_point deadline);

    int socket_ = -1;
    std::string buffer_;
    bool eof_ = false;
};

} // namespace sirkel::test
