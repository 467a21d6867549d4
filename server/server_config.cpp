#include "server_config.hpp"

#include "trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <stdexcept>

namespace sirkel
{

namespace po = boost::program_options;

std::vector<std::string> server_config::effective_allowed_origins() const
{
    if (allowed_origins.empty())
        return {public_origin};
    return allowed_origins;
}

rate_limit server_config::invite_attempt_rate() const
{
    return {invite_attempts_per_minute, std::chrono::milliseconds{60000} /
                                            std::max<std::uint32_t>(invite_attempts_per_minute, 1)};
}

po::options_description serve_options(server_config& config)
{
    po::options_description options("sirkel serve options");
    // clang-format off
    options.add_options()
        ("listen", po::value(&config.listen_address)->default_value(config.listen_address),
         "address to listen on")
        ("port", po::value(&config.port)->default_value(config.port),
         "TCP port; 0 picks a free one (logged in the \"listening\" event)")
        ("insecure-plain", po::bool_switch(&config.insecure_plain),
         "serve plain HTTP/WebSocket; only on a loopback address, behind a TLS reverse proxy")
        ("tls-cert", po::value(&config.tls_cert), "PEM certificate chain")
        ("tls-key", po::value(&config.tls_key), "PEM private key")
        ("db", po::value(&config.database)->default_value(config.database), "SQLite database file")
        ("static-dir", po::value(&config.static_dir)->default_value(config.static_dir),
         "the built web client (client-web/dist)")
        ("public-origin", po::value(&config.public_origin)->default_value(config.public_origin),
         "origin the client is served from, e.g. https://sirkel.example.org")
        ("allowed-origin", po::value(&config.allowed_origins)->composing(),
         "an origin allowed to open WebSockets (repeatable; default: the public origin)")
        ("max-frame-bytes", po::value(&config.max_frame_bytes)->default_value(config.max_frame_bytes),
         "largest client frame in bytes")
        ("write-queue-bytes",
         po::value(&config.write_queue_bytes)->default_value(config.write_queue_bytes),
         "bytes queued for one connection before it is cut off as a slow reader")
        ("challenge-ttl-ms", po::value<long>()->default_value(config.challenge_ttl.count())
             ->notifier([&config](long ms) { config.challenge_ttl = std::chrono::milliseconds(ms); }),
         "how long an authentication challenge stays valid")
        ("handshake-timeout-ms",
         po::value<long>()->default_value(config.handshake_timeout.count())
             ->notifier([&config](long ms) { config.handshake_timeout = std::chrono::milliseconds(ms); }),
         "time from accept to an authenticated connection")
        ("idle-timeout-s", po::value<long>()->default_value(config.idle_timeout.count())
             ->notifier([&config](long s) { config.idle_timeout = std::chrono::seconds(s); }),
         "a silent WebSocket is pinged after half of this and closed after all of it; keep it "
         "below the reverse proxy's read timeout")
        ("knock-ttl-ms", po::value<long>()->default_value(config.knock_ttl.count())
             ->notifier([&config](long ms) { config.knock_ttl = std::chrono::milliseconds(ms); }),
         "how long a connection that knocked with an invite may read before it asks to join")
        ("epoch-setup-ms", po::value<long>()->default_value(config.epoch_setup.count())
             ->notifier([&config](long ms) { config.epoch_setup = std::chrono::milliseconds(ms); }),
         "time a meeting participant has to send its ekey and skd for a new epoch")
        ("join-request-ttl-s",
         po::value<long>()->default_value(config.join_request_ttl.count())
             ->notifier([&config](long s) { config.join_request_ttl = std::chrono::seconds(s); }),
         "how long a join request waits for the group's decision")
        ("proposal-ttl-s", po::value<long>()->default_value(config.proposal_ttl.count())
             ->notifier([&config](long s) { config.proposal_ttl = std::chrono::seconds(s); }),
         "how long a roster proposal stays open")
        ("max-connections",
         po::value(&config.max_connections)->default_value(config.max_connections),
         "connections held at once")
        ("max-connections-per-address",
         po::value(&config.max_connections_per_address)
             ->default_value(config.max_connections_per_address),
         "connections one client address holds at once (IPv6: per /64)")
        ("trusted-proxy", po::value(&config.trusted_proxies)->composing(),
         "a reverse proxy's address, e.g. 127.0.0.1, whose X-Forwarded-For names the client for "
         "the per-address limits (repeatable or comma-separated; default: none)")
        ("http-header-bytes",
         po::value(&config.http_header_bytes)->default_value(config.http_header_bytes),
         "largest HTTP request header block in bytes (larger: 431)")
        ("http-body-bytes", po::value(&config.http_body_bytes)->default_value(config.http_body_bytes),
         "largest HTTP request body in bytes (larger: 413)")
        ("frame-burst", po::value(&config.frame_rate.burst)->default_value(config.frame_rate.burst),
         "frames a connection may send at once")
        ("frame-interval-ms",
         po::value<long>()->default_value(config.frame_rate.interval.count())
             ->notifier([&config](long ms) { config.frame_rate.interval = std::chrono::milliseconds(ms); }),
         "after a burst, one more frame per this interval")
        ("reaction-burst",
         po::value(&config.reaction_rate.burst)->default_value(config.reaction_rate.burst),
         "quiet reactions a member may send at once")
        ("reaction-interval-ms",
         po::value<long>()->default_value(config.reaction_rate.interval.count())
             ->notifier([&config](long ms) { config.reaction_rate.interval = std::chrono::milliseconds(ms); }),
         "after a burst, one more reaction per this interval")
        ("invite-attempts-per-minute",
         po::value(&config.invite_attempts_per_minute)
             ->default_value(config.invite_attempts_per_minute),
         "knock, join_request and redeem frames one client address may send a minute")
        ("tracked-addresses",
         po::value(&config.tracked_addresses)->default_value(config.tracked_addresses),
         "client addresses the per-address limits remember at once");
    // clang-format on
    options.add_options()(
        "crisis-lines", po::value(&config.crisis_lines_file),
        "a UTF-8 file of \"\u260e <name>: <number or address>\" lines: the organisation's crisis "
        "lines, shown where no group's own are known yet and offered to a new group");
    return options;
}

void validate(server_config const& config)
{
    if (config.insecure_plain)
    {
        boost::system::error_code ec;
        auto const address = boost::asio::ip::make_address(config.listen_address, ec);
        if (ec || !address.is_loopback())
            throw std::invalid_argument(
                "--insecure-plain is allowed only with a loopback --listen address "
                "(127.0.0.1 or ::1), behind a reverse proxy that terminates TLS");
    }
    else if (config.tls_cert.empty() || config.tls_key.empty())
    {
        throw std::invalid_argument("--tls-cert and --tls-key are required (or --insecure-plain "
                                    "on loopback behind a TLS proxy)");
    }
    if (config.max_frame_bytes < 1024 || config.max_frame_bytes > 65536)
        throw std::invalid_argument("--max-frame-bytes must be between 1024 and 65536");
    if (config.write_queue_bytes < 2 * config.max_frame_bytes)
        throw std::invalid_argument("--write-queue-bytes must be at least twice --max-frame-bytes");
    if (config.challenge_ttl.count() < 1)
        throw std::invalid_argument("--challenge-ttl-ms must be positive");
    if (config.handshake_timeout.count() < 1)
        throw std::invalid_argument("--handshake-timeout-ms must be positive");
    if (config.idle_timeout.count() < 1)
        throw std::invalid_argument("--idle-timeout-s must be positive");
    if (config.knock_ttl.count() < 1)
        throw std::invalid_argument("--knock-ttl-ms must be positive");
    if (config.epoch_setup.count() < 1)
        throw std::invalid_argument("--epoch-setup-ms must be positive");
    if (config.join_request_ttl.count() < 1)
        throw std::invalid_argument("--join-request-ttl-s must be positive");
    if (config.proposal_ttl.count() < 1)
        throw std::invalid_argument("--proposal-ttl-s must be positive");
    if (config.max_connections < 1)
        throw std::invalid_argument("--max-connections must be positive");
    if (config.max_connections_per_address < 1 ||
        config.max_connections_per_address > config.max_connections)
        throw std::invalid_argument(
            "--max-connections-per-address must be between 1 and --max-connections");
    // Parsing them throws, naming the entry that is no IP address.
    (void)trusted_proxies(config.trusted_proxies);
    if (config.http_header_bytes < 1024 || config.http_header_bytes > 65536)
        throw std::invalid_argument("--http-header-bytes must be between 1024 and 65536");
    if (config.http_body_bytes > 65536)
        throw std::invalid_argument("--http-body-bytes must be at most 65536");
    if (config.frame_rate.burst < 1 || config.frame_rate.interval.count() < 1)
        throw std::invalid_argument("--frame-burst and --frame-interval-ms must be positive");
    if (config.reaction_rate.burst < 1 || config.reaction_rate.interval.count() < 1)
        throw std::invalid_argument("--reaction-burst and --reaction-interval-ms must be positive");
    if (config.invite_attempts_per_minute < 1 || config.invite_attempts_per_minute > 60000)
        throw std::invalid_argument("--invite-attempts-per-minute must be between 1 and 60000");
    if (config.tracked_addresses < 1)
        throw std::invalid_argument("--tracked-addresses must be positive");
}

} // namespace sirkel
