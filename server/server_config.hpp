// Every setting of `sirkel serve`, each with its default and the reason for it. The same names
// are the command-line flags and the keys of the --config file (deploy/sirkel.conf.example).
#pragma once

#include "rate_limit.hpp"

#include <boost/program_options/options_description.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace sirkel
{

struct server_config
{
    std::string listen_address = "0.0.0.0";
    unsigned short port = 8443;

    /// Plain TCP instead of TLS. Only allowed on a loopback address, where a local reverse
    /// proxy terminates TLS; validate() refuses it elsewhere.
    bool insecure_plain = false;
    std::filesystem::path tls_cert;
    std::filesystem::path tls_key;

    std::filesystem::path database = "var/sirkel.db";
    std::filesystem::path static_dir = "client-web/dist";

    /// The origin the web client is served from; links and the default Origin allowlist use it.
    std::string public_origin = "https://localhost:8443";
    /// Origins whose pages may open a WebSocket. Empty means {public_origin}.
    std::vector<std::string> allowed_origins;

    /// The largest client frame. A msg carries at most 16 KiB of ciphertext (about 22 KiB as
    /// base64url); 64 KiB leaves room and refuses anything abusive before it is parsed.
    std::size_t max_frame_bytes = 65536;
    /// Bytes queued for one connection before it counts as a slow reader and is cut off.
    /// A busy meeting moves a few KiB a second; 256 KiB is a minute of backlog.
    std::size_t write_queue_bytes = 262144;
    /// How long a challenge nonce stays valid: a slow phone signs in well under a second.
    std::chrono::milliseconds challenge_ttl{30000};
    /// Time from TCP accept to an authenticated WebSocket: TLS, upgrade, hello and auth.
    std::chrono::milliseconds handshake_timeout{10000};
    /// A WebSocket that has sent nothing for half of this is pinged, and one that has sent
    /// nothing, not even the pong, for all of it is closed: a phone that lost its network never
    /// says goodbye, and its seat in a meeting must come free. Keep it shorter than the reverse
    /// proxy's read timeout (nginx's proxy_read_timeout defaults to 60 s), so the pings keep a
    /// quiet but live connection open through the proxy and the proxy never cuts it first.
    std::chrono::seconds idle_timeout{40};
    /// How long a knocked connection may read the invite before it must ask (PSG1.md §4.3).
    std::chrono::milliseconds knock_ttl{600000};
    /// Time each meeting participant has to send its ekey and skd for a new epoch before it is
    /// dropped with epoch_timeout (PSG1.md §5.4): a slow phone needs a few hundred ms.
    std::chrono::milliseconds epoch_setup{15000};
    /// A join request and a proposal can wait for the next weekly meeting (PSG1.md §8.5).
    std::chrono::seconds join_request_ttl{604800};
    std::chrono::seconds proposal_ttl{604800};
    /// Connections held at once. Below the open-file limit (20,000 on the reference machine),
    /// so accept() never fails for want of a descriptor.
    std::size_t max_connections = 19000;
    /// Connections one client address holds at once, counted at accept before TLS. A group
    /// meeting behind one NAT (a library, a clinic) is a dozen browsers with a WebSocket and a
    /// few HTTP connections each; 100 leaves room for that and stops one address from taking
    /// every descriptor. IPv6 addresses count by their /64, which one host usually holds.
    std::size_t max_connections_per_address = 100;
    /// Reverse proxies on whose connections the per-address limits count the client named by
    /// the last X-Forwarded-For entry instead of the proxy (client_address.hpp). Each entry is
    /// an address or a comma-separated list of them; none by default, so a client can never
    /// name its own address.
    std::vector<std::string> trusted_proxies;

    /// Request headers larger than this are refused (431): an upgrade with its cookies fits in
    /// 2 KiB.
    std::uint32_t http_header_bytes = 8192;
    /// The server takes no request bodies; a little slack for clients that send an empty one.
    /// Larger is refused (413).
    std::uint64_t http_body_bytes = 1024;

    /// Frames one connection may send: a burst, then one each interval. A person types a few
    /// messages a second at most, and a client adds ekey, skd, floor and writing frames on
    /// top (a reconnect sends a dozen at once); 60 at once and 20 a second never trips a real
    /// meeting, and keeps a flooding client from taking the io thread. A connection refused
    /// frame_rate.burst frames in a row is closed (1008).
    rate_limit frame_rate{60, std::chrono::milliseconds{50}};
    /// Quiet reactions (PSG1 kind 2) per member: enough to answer each speaker and a moment of
    /// warmth, too few to flood the screen or a screen reader.
    rate_limit reaction_rate{5, std::chrono::milliseconds{2000}};
    /// Invite presentations (knock, join_request, redeem) per client address and minute, valid
    /// or not. A newcomer needs two (knock, then join_request); a token guesser is slowed to this
    /// pace from each address.
    std::uint32_t invite_attempts_per_minute = 20;
    /// Client addresses the per-address limits remember at once (a few hundred bytes each); past
    /// this the least recently seen is forgotten, so a flood of addresses cannot grow memory.
    std::size_t tracked_addresses = 65536;

    /// The organisation's crisis lines, served at GET /crisis-lines (crisis_lines.hpp); empty:
    /// none, and browsers keep the helplines built into the client.
    std::filesystem::path crisis_lines_file;

    /// invite_attempts_per_minute as a token bucket: all at once, then one per 60 s / N.
    [[nodiscard]] rate_limit invite_attempt_rate() const;

    /// The origins allowed to connect, with the default applied.
    [[nodiscard]] std::vector<std::string> effective_allowed_origins() const;
};

/// The options of `sirkel serve`, bound to config.
[[nodiscard]] boost::program_options::options_description serve_options(server_config& config);

/// Check combinations the option parser cannot: TLS files present unless insecure_plain, plain
/// only on loopback, limits in range, trusted proxies IP addresses. Throws std::invalid_argument
/// naming the setting.
void validate(server_config const& config);

} // namespace sirkel
