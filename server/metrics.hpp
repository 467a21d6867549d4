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
    connections_per_address,
};
inline constexpr std::size_t refusal_count = 5;

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

    void count_refusal(refusal reason) noexcept { ++refusals_[static_cast<std::size_t>(reason)]; }
    void count_error(protocol::error code) noexcept;
    void count_limit(limit which) noexcept { ++limit_hits_[static_cast<std::size_t>(which)]; }

    /// The whole exposition, ready to send as text/plain; version=0.0.4.
    [[nodiscard]] std::string render() const;

private:
    static constexpr std::size_t error_slots =
        static_cast<std::size_t>(protocol::error::internal_error) + 1;

    std::array<std::uint64_t, refusal_count> refusals_{};
    std::array<std::uint64_t, limit_count> limit_hits_{};
    std::array<std::uint64_t, error_slots> errors_{};
};

} // namespace sirkel
