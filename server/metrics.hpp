// Counters and gauges for /metrics (Prometheus text format 0.0.4). Labels name kinds and
// reasons only, never a group, member or address. The server runs its I/O on one thread, so
// plain integers suffice; a second io thread would make these atomics.
#pragma once

#include "sirkel/protocol/error.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace sirkel
{

/// Why a connection or upgrade was refused before it became a WebSocket.
enum class refusal
{
    connection_cap,
    bad_origin,
    bad_path,
    unknown_group,
    header_too_large,        ///< request headers over the parser's limit (431)
    bad_websocket_handshake, ///< an upgrade Beast refused, e.g. a wrong Sec-WebSocket-Version (426)
    connections_per_address,
    no_forwarded_client, ///< a trusted proxy's upgrade without a usable X-Forwarded-For (400)
};
inline constexpr std::size_t refusal_count = 8;

/// The server's named limits (README "Configuration", PROTOCOL.md §5), each counted when hit.
/// The label is the setting's name where there is one.
enum class limit
{
    max_frame_bytes,
    frame_rate,  ///< a frame refused too_many_frames
    frame_flood, ///< a connection closed 1008 for going on past frame_rate
    reaction_rate,
    invite_attempts,
    max_connections,
    max_connections_per_address,
    write_queue_bytes,
    handshake_timeout,
    http_header_bytes,
    http_body_bytes,
};
inline constexpr std::size_t limit_count = 11;

class metrics
{
public:
    // Gauges.
    std::int64_t connections_open = 0;
    std::int64_t websockets_open = 0;
    std::int64_t meetings_open = 0;
    std::int64_t participants_present = 0;
    /// When the certificate served to new handshakes expires, in seconds since 1970; 0 when a
    /// reverse proxy holds the certificate (--insecure-plain), and then not exported.
    std::int64_t tls_certificate_not_after = 0;

    // Counters.
    std::uint64_t connections_accepted = 0;
    std::uint64_t accept_errors = 0;
    std::uint64_t tls_handshake_failures = 0;
    std::uint64_t http_requests = 0;
    std::uint64_t websocket_upgrades = 0;
    std::uint64_t frames_received = 0;
    std::uint64_t messages_relayed = 0;
    std::uint64_t ekeys_relayed = 0;
    std::uint64_t skds_relayed = 0;
    std::uint64_t epochs_announced = 0;
    std::uint64_t floor_changes = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t bytes_delivered = 0;
    std::uint64_t auth_successes = 0;
    std::uint64_t invites_redeemed = 0;
    std::uint64_t write_queue_overflows = 0;
    std::uint64_t handshake_timeouts = 0;
    std::uint64_t ping_timeouts = 0;
    std::uint64_t tls_reloads = 0;         ///< SIGHUPs that put a new certificate in use
    std::uint64_t tls_reload_failures = 0; ///< SIGHUPs refused, the old certificate kept

    void count_refusal(refusal reason) noexcept { ++refusals_[static_cast<std::size_t>(reason)]; }
    void count_error(protocol::error code) noexcept;
    /// A close frame the server sent with code: its own closes and the ones Beast sends when a
    /// peer breaks RFC 6455. Codes outside the list below are not counted (labels stay few).
    void count_close(std::uint16_t code) noexcept;
    void count_limit(limit which) noexcept { ++limit_hits_[static_cast<std::size_t>(which)]; }

    /// The whole exposition, ready to send as text/plain; version=0.0.4, with the process's
    /// own figures (process_resources) read at the moment of the call.
    [[nodiscard]] std::string render() const;

private:
    static constexpr std::size_t error_slots =
        static_cast<std::size_t>(protocol::error::internal_error) + 1;

    /// Every close code the server sends: 1000 normal, 1001 shutting down, 1002 protocol error,
    /// 1007 invalid UTF-8, 1008 policy (authentication timeout, slow reader), 1009 too big,
    /// 1011 internal error, 4001 replaced, 4002 no longer a member.
    static constexpr std::array<std::uint16_t, 9> counted_close_codes{1000, 1001, 1002, 1007, 1008,
                                                                      1009, 1011, 4001, 4002};

    std::array<std::uint64_t, refusal_count> refusals_{};
    std::array<std::uint64_t, counted_close_codes.size()> closes_{};
    std::array<std::uint64_t, limit_count> limit_hits_{};
    std::array<std::uint64_t, error_slots> errors_{};
};

} // namespace sirkel
