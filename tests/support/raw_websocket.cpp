#include "raw_websocket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sirkel::test
{

namespace
{

constexpr std::array<std::uint8_t, 4> mask_key{0x37, 0xfa, 0x21, 0x3d};

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y)
                      {
                          return std::tolower(static_cast<unsigned char>(x)) ==
                                 std::tolower(static_cast<unsigned char>(y));
                      });
}

int milliseconds_until(std::chrono::steady_clock::time_point deadline)
{
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

} // namespace

std::string raw_http_response::header(std::string_view name) const
{
    std::string_view rest = head;
    while (!rest.empty())
    {
        auto const end = rest.find("\r\n");
        auto const line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 2);
        auto const colon = line.find(':');
        if (colon == std::string_view::npos || !iequals(line.substr(0, colon), name))
            continue;
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        return std::string(value);
    }
    return {};
}

std::string encode_frame(std::uint8_t frame_opcode, std::string_view payload, frame_bits bits)
{
    std::string out;
    auto const first = static_cast<std::uint8_t>((bits.fin ? 0x80 : 0) | (bits.rsv1 ? 0x40 : 0) |
                                                 (bits.rsv2 ? 0x20 : 0) | (bits.rsv3 ? 0x10 : 0) |
                                                 (frame_opcode & 0x0f));
    out.push_back(static_cast<char>(first));
    auto const mask_bit = static_cast<std::uint8_t>(bits.masked ? 0x80 : 0);
    if (payload.size() < 126)
    {
        out.push_back(static_cast<char>(mask_bit | payload.size()));
    }
    else if (payload.size() <= 0xffff)
    {
        out.push_back(static_cast<char>(mask_bit | 126));
        for (int shift = 8; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((payload.size() >> shift) & 0xff));
    }
    else
    {
        out.push_back(static_cast<char>(mask_bit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<char>((std::uint64_t{payload.size()} >> shift) & 0xff));
    }
    if (!bits.masked)
        return out.append(payload);
    for (auto const byte : mask_key)
        out.push_back(static_cast<char>(byte));
    for (std::size_t i = 0; i < payload.size(); ++i)
        out.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ mask_key[i % 4]));
    return out;
}

std::string close_payload(std::uint16_t code, std::string_view reason)
{
    std::string out;
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xff));
    return out.append(reason);
}

raw_websocket::raw_websocket(std::uint16_t port) : socket_(::socket(AF_INET, SOCK_STREAM, 0))
{
    if (socket_ < 0)
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // The sockets API takes every address family through sockaddr.
    if (::connect(socket_, reinterpret_cast<sockaddr const*>(&address), sizeof address) != 0)
    {
        auto const reason = std::string("connect: ") + std::strerror(errno);
        ::close(socket_);
        throw std::runtime_error(reason);
    }
}

raw_websocket::~raw_websocket()
{
    ::close(socket_);
}

std::string raw_websocket::upgrade_request(std::string_view target, std::string_view origin,
                                           std::string_view version, std::string_view extra_headers)
{
    std::string request = "GET ";
    request.append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    request.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    request.append("Sec-WebSocket-Version: ").append(version).append("\r\n");
    request.append("Origin: ").append(origin).append("\r\n");
    return request.append(extra_headers).append("\r\n");
}

void raw_websocket::upgrade(std::string_view target, std::string_view origin)
{
    send_bytes(upgrade_request(target, origin));
    auto const response = read_http_response();
    if (!response || response->status != 101 ||
        response->header("Sec-WebSocket-Accept") != expected_accept)
        throw std::runtime_error("the upgrade was not accepted: " +
                                 (response ? response->head : std::string("no response")));
}

bool raw_websocket::send_bytes(std::string_view bytes)
{
    while (!bytes.empty())
    {
        auto const sent = ::send(socket_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

bool raw_websocket::fill(std::size_t count, std::chrono::steady_clock::time_point deadline)
{
    while (buffer_.size() < count)
    {
        if (eof_)
            return false;
        pollfd readable{socket_, POLLIN, 0};
        auto const ready = ::poll(&readable, 1, milliseconds_until(deadline));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        std::array<char, 16384> chunk{};
        auto const got = ::recv(socket_, chunk.data(), chunk.size(), 0);
        if (got < 0 && errno == EINTR)
            continue;
        // A reset after the server's last bytes ends the connection just as a FIN does.
        if (got <= 0)
        {
            eof_ = true;
            return false;
        }
        buffer_.append(chunk.data(), static_cast<std::size_t>(got));
    }
    return true;
}

std::optional<raw_http_response>
raw_websocket::read_http_response(std::chrono::milliseconds timeout)
{
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end = std::string::npos;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
        if (!fill(buffer_.size() + 1, deadline))
            return std::nullopt;
    raw_http_response response;
    response.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    // "HTTP/1.1 101 Switching Protocols"
    auto const space = response.head.find(' ');
    if (space != std::string::npos)
        response.status = static_cast<unsigned>(std::stoul(response.head.substr(space + 1, 3)));
    return response;
}

std::optional<received_frame> raw_websocket::read_frame(std::chrono::milliseconds timeout)
{
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    if (!fill(2, deadline))
        return std::nullopt;
    auto const byte = [&](std::size_t i) { return static_cast<std::uint8_t>(buffer_[i]); };
    std::size_t header = 2;
    std::uint64_t length = byte(1) & 0x7fu;
    std::size_t const extended = length == 126 ? 2 : length == 127 ? 8 : 0;
    if (!fill(header + extended, deadline))
        return std::nullopt;
    if (extended != 0)
    {
        length = 0;
        for (std::size_t i = 0; i < extended; ++i)
            length = (length << 8) | static_cast<std::uint64_t>(byte(header + i));
        header += extended;
    }
    // A server never masks (RFC 6455 §5.1); a masked frame would show as garbage payload.
    if (!fill(header + length, deadline))
        return std::nullopt;
    received_frame frame;
    frame.fin = (byte(0) & 0x80u) != 0;
    frame.opcode = static_cast<std::uint8_t>(byte(0) & 0x0fu);
    frame.payload = buffer_.substr(header, length);
    buffer_.erase(0, header + length);
    return frame;
}

std::optional<server_close> raw_websocket::await_close(std::chrono::milliseconds timeout)
{
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    server_close result;
    while (auto frame = read_frame(std::chrono::milliseconds(milliseconds_until(deadline))))
    {
        if (frame->opcode != opcode::close)
        {
            result.frames_before.push_back(std::move(*frame));
            continue;
        }
        if (frame->payload.size() >= 2)
        {
            result.code =
                static_cast<std::uint16_t>((static_cast<std::uint8_t>(frame->payload[0]) << 8) |
                                           static_cast<std::uint8_t>(frame->payload[1]));
            result.reason = frame->payload.substr(2);
        }
        // The close handshake ends with the server closing TCP (RFC 6455 §7.1.1).
        if (!closed_within(std::chrono::milliseconds(milliseconds_until(deadline))))
            return std::nullopt;
        return result;
    }
    if (!eof_)
        return std::nullopt;
    return result;
}

bool raw_websocket::closed_within(std::chrono::milliseconds timeout)
{
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    while (fill(buffer_.size() + 1, deadline))
        buffer_.clear();
    return eof_;
}

} // namespace sirkel::test
