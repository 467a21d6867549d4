#include "metrics.hpp"

#include "process_resources.hpp"

#include <string_view>

namespace sirkel
{

namespace
{

std::string_view refusal_name(refusal reason) noexcept
{
    switch (reason)
    {
    case refusal::connection_cap:
        return "connection_cap";
    case refusal::bad_origin:
        return "bad_origin";
    case refusal::bad_path:
        return "bad_path";
    case refusal::unknown_group:
        return "unknown_group";
    case refusal::header_too_large:
        return "header_too_large";
    case refusal::bad_websocket_handshake:
        return "bad_websocket_handshake";
    case refusal::connections_per_address:
        return "connections_per_address";
    case refusal::no_forwarded_client:
        return "no_forwarded_client";
    }
    return "unknown";
}

std::string_view limit_name(limit which) noexcept
{
    switch (which)
    {
    case limit::max_frame_bytes:
        return "max_frame_bytes";
    case limit::frame_rate:
        return "frame_rate";
    case limit::frame_flood:
        return "frame_flood";
    case limit::reaction_rate:
        return "reaction_rate";
    case limit::invite_attempts:
        return "invite_attempts";
    case limit::max_connections:
        return "max_connections";
    case limit::max_connections_per_address:
        return "max_connections_per_address";
    case limit::write_queue_bytes:
        return "write_queue_bytes";
    case limit::handshake_timeout:
        return "handshake_timeout";
    case limit::http_header_bytes:
        return "http_header_bytes";
    case limit::http_body_bytes:
        return "http_body_bytes";
    }
    return "unknown";
}

template <typename Value>
void write_metric(std::string& out, std::string_view name, std::string_view type,
                  std::string_view help, Value value)
{
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

void write_labelled(std::string& out, std::string_view name, std::string_view label,
                    std::string_view label_value, std::uint64_t value)
{
    out.append(name).append("{").append(label).append("=\"").append(label_value);
    out.append("\"} ").append(std::to_string(value)).append("\n");
}

} // namespace

void metrics::count_error(protocol::error code) noexcept
{
    auto const slot = static_cast<std::size_t>(code);
    if (slot < errors_.size())
        ++errors_[slot];
}

void metrics::count_close(std::uint16_t code) noexcept
{
    for (std::size_t i = 0; i < counted_close_codes.size(); ++i)
        if (counted_close_codes[i] == code)
            ++closes_[i];
}

std::string metrics::render() const
{
    std::string out;
    out.reserve(4096);
    write_metric(out, "sirkel_connections", "gauge", "Open TCP connections.", connections_open);
    write_metric(out, "sirkel_websockets", "gauge", "Open WebSocket connections.", websockets_open);
    write_metric(out, "sirkel_meetings", "gauge", "Live meetings.", meetings_open);
    write_metric(out, "sirkel_participants", "gauge", "Participants present in live meetings.",
                 participants_present);
    write_metric(out, "sirkel_connections_accepted_total", "counter", "TCP connections accepted.",
                 connections_accepted);
    write_metric(out, "sirkel_accept_errors_total", "counter",
                 "Failed accepts (for example out of file descriptors).", accept_errors);
    write_metric(out, "sirkel_tls_handshake_failures_total", "counter",
                 "TLS handshakes that failed.", tls_handshake_failures);
    write_metric(out, "sirkel_http_requests_total", "counter", "HTTP requests answered.",
                 http_requests);
    write_metric(out, "sirkel_websocket_upgrades_total", "counter", "WebSocket upgrades accepted.",
                 websocket_upgrades);
    write_metric(out, "sirkel_frames_received_total", "counter", "Client frames received.",
                 frames_received);
    write_metric(out, "sirkel_messages_relayed_total", "counter",
                 "End-to-end encrypted messages relayed.", messages_relayed);
    write_metric(out, "sirkel_ekeys_relayed_total", "counter", "Epoch keys (ekey) relayed.",
                 ekeys_relayed);
    write_metric(out, "sirkel_skds_relayed_total", "counter",
                 "Sender-key distributions (skd) relayed.", skds_relayed);
    write_metric(out, "sirkel_epochs_announced_total", "counter", "Meeting key epochs announced.",
                 epochs_announced);
    write_metric(out, "sirkel_floor_changes_total", "counter",
                 "Floor changes announced to meetings (turns, hands, modes).", floor_changes);
    write_metric(out, "sirkel_deliveries_total", "counter",
                 "Frames queued to recipients (one message to seven people is seven).", deliveries);
    write_metric(out, "sirkel_delivered_bytes_total", "counter",
                 "Bytes of relayed messages queued to recipients.", bytes_delivered);
    write_metric(out, "sirkel_auth_successes_total", "counter", "Successful authentications.",
                 auth_successes);
    write_metric(out, "sirkel_invites_redeemed_total", "counter", "Invites redeemed.",
                 invites_redeemed);
    write_metric(out, "sirkel_write_queue_overflows_total", "counter",
                 "Connections cut off because their write queue passed its byte cap.",
                 write_queue_overflows);
    write_metric(out, "sirkel_handshake_timeouts_total", "counter",
                 "Connections closed for not sending their request or authenticating in time.",
                 handshake_timeouts);
    write_metric(out, "sirkel_ping_timeouts_total", "counter",
                 "WebSockets dropped for sending nothing, not even a pong, for the idle timeout.",
                 ping_timeouts);
    write_metric(out, "sirkel_tls_reloads_total", "counter",
                 "Certificate reloads (SIGHUP) that put a new certificate in use.", tls_reloads);
    write_metric(out, "sirkel_tls_reload_failures_total", "counter",
                 "Certificate reloads (SIGHUP) refused; the certificate served before is kept.",
                 tls_reload_failures);
    if (tls_certificate_not_after != 0)
        write_metric(out, "sirkel_tls_certificate_expiry_timestamp_seconds", "gauge",
                     "When the certificate served to new connections expires, in unix seconds.",
                     tls_certificate_not_after);

    out += "# HELP sirkel_refusals_total Connections or upgrades refused, by reason.\n"
           "# TYPE sirkel_refusals_total counter\n";
    for (std::size_t i = 0; i < refusals_.size(); ++i)
        write_labelled(out, "sirkel_refusals_total", "reason",
                       refusal_name(static_cast<refusal>(i)), refusals_[i]);

    out += "# HELP sirkel_websocket_closes_total WebSocket close frames the server sent, by close "
           "code.\n"
           "# TYPE sirkel_websocket_closes_total counter\n";
    for (std::size_t i = 0; i < closes_.size(); ++i)
        write_labelled(out, "sirkel_websocket_closes_total", "code",
                       std::to_string(counted_close_codes[i]), closes_[i]);

    out += "# HELP sirkel_limit_hits_total Times a named limit was hit, by limit (README "
           "Configuration).\n"
           "# TYPE sirkel_limit_hits_total counter\n";
    for (std::size_t i = 0; i < limit_hits_.size(); ++i)
        write_labelled(out, "sirkel_limit_hits_total", "limit", limit_name(static_cast<limit>(i)),
                       limit_hits_[i]);

    out += "# HELP sirkel_frame_errors_total Client frames refused, by error code.\n"
           "# TYPE sirkel_frame_errors_total counter\n";
    for (std::size_t i = 1; i < errors_.size(); ++i)
        write_labelled(out, "sirkel_frame_errors_total", "code",
                       protocol::code_name(static_cast<protocol::error>(i)), errors_[i]);
    if (auto const process = process_resources::read_current())
    {
        write_metric(out, "process_cpu_seconds_total", "counter",
                     "Total user and system CPU time spent in seconds.", process->cpu_seconds);
        write_metric(out, "process_resident_memory_bytes", "gauge",
                     "Resident memory size in bytes.", process->resident_bytes);
        write_metric(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
                     process->virtual_bytes);
        write_metric(out, "process_open_fds", "gauge", "Number of open file descriptors.",
                     process->open_fds);
        write_metric(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                     process->max_fds);
        write_metric(out, "process_start_time_seconds", "gauge",
                     "Start time of the process since unix epoch in seconds.",
                     process->start_time_seconds);
    }
    return out;
}

} // namespace sirkel
