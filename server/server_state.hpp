// What every connection of the process shares: settings, the store, the live meetings, the
// metrics and the frame parser. Touched only from the io thread, so nothing here locks.
#pragma once

#include "address_connections.hpp"
#include "address_rate_limiter.hpp"
#include "crisis_lines.hpp"
#include "logger.hpp"
#include "metrics.hpp"
#include "net.hpp"
#include "room_registry.hpp"
#include "server_config.hpp"
#include "static_files.hpp"
#include "trusted_proxies.hpp"

#include "sirkel/protocol/frame_parser.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace sirkel
{

class group_ledger;
class store;
class websocket_session;

class server_state
{
public:
    server_state(server_config config, store& db, logger const& log,
                 std::shared_ptr<ssl::context> tls);
    ~server_state();

    [[nodiscard]] server_config const& config() const noexcept { return config_; }
    [[nodiscard]] store& db() noexcept { return db_; }
    [[nodiscard]] logger const& log() const noexcept { return log_; }
    [[nodiscard]] metrics& stats() noexcept { return stats_; }
    [[nodiscard]] room_registry& rooms() noexcept { return rooms_; }
    /// Open connections by client address, for --max-connections-per-address.
    [[nodiscard]] address_connections& connections_by_address() noexcept
    {
        return connections_by_address_;
    }
    /// Invite presentations (knock, join_request, redeem) by client address, for
    /// --invite-attempts-per-minute.
    [[nodiscard]] address_rate_limiter& invite_attempts() noexcept { return invite_attempts_; }
    /// --trusted-proxy, parsed.
    [[nodiscard]] sirkel::trusted_proxies const& trusted_proxies() const noexcept
    {
        return trusted_proxies_;
    }
    /// The admission state of a group, loaded from the store on first use and kept.
    /// @throws store_error if it cannot be loaded.
    [[nodiscard]] group_ledger& ledger(protocol::id16 const& group);
    /** Load every stored group's ledger now, verifying its roster chain (some 29 Ed25519
        verifications for a group of 8): at start-up, so that the first meeting of each group
        (all of them at 19:00) does not pay for it. A group whose chain does not verify is
        logged and left unloaded: ledger() refuses it again on first use, as before.
        The count refused is in the log line groups_loaded.
        @throws store_error if the groups cannot be listed.
    */
    void load_ledgers();
    [[nodiscard]] static_files const& files() const noexcept { return files_; }
    [[nodiscard]] crisis_lines const& organisation_crisis_lines() const noexcept
    {
        return crisis_lines_;
    }
    /// One parser for all connections: frames are parsed one at a time on the io thread, and
    /// its reused buffers then cost memory once, not per connection.
    [[nodiscard]] protocol::frame_parser& parser() noexcept { return parser_; }
    /// The TLS context, or nullptr in --insecure-plain mode.
    [[nodiscard]] ssl::context* tls() const noexcept { return tls_.get(); }

    [[nodiscard]] bool origin_allowed(std::string_view origin) const;
    [[nodiscard]] std::uint64_t next_connection_id() noexcept { return ++last_connection_id_; }

    /// Who wakes the groups when something falls due (the server's expiry_timer); nullptr
    /// to stop. Without one, groups expire things only at their next frame.
    void on_expiry_due(std::function<void(std::int64_t)> listener)
    {
        expiry_listener_ = std::move(listener);
    }
    /// A group made something that falls due at unix second at.
    void expiry_due(std::int64_t at)
    {
        if (expiry_listener_)
            expiry_listener_(at);
    }
    /** Close the connections of every loaded group that is no longer in the store (deleted by
        `sirkel admin delete-group` while the server runs), and forget the ledgers of those
        whose connections have all ended. Logged as group_deleted.
        @return how many deleted groups still have connections ending: ask again later.
        @throws store_error if the store cannot be read.
    */
    [[nodiscard]] std::size_t close_deleted_groups();
    /// Close in every loaded group what is due by now; the earliest deadline left, if any.
    [[nodiscard]] std::optional<std::int64_t> expire_groups(std::int64_t now);

    /// Track WebSocket connections so a shutdown can tell each of them.
    void add(websocket_session* session) { sessions_.insert(session); }
    void remove(websocket_session* session) { sessions_.erase(session); }

    /// Close every WebSocket with 1001 (going away).
    void shut_down_sessions();

private:
    server_config config_;
    std::vector<std::string> allowed_origins_;
    store& db_;
    logger const& log_;
    metrics stats_;
    room_registry rooms_;
    address_connections connections_by_address_;
    address_rate_limiter invite_attempts_;
    sirkel::trusted_proxies trusted_proxies_;
    static_files files_;
    crisis_lines crisis_lines_;
    protocol::frame_parser parser_;
    std::shared_ptr<ssl::context> tls_;
    std::uint64_t last_connection_id_ = 0;
    std::unordered_set<websocket_session*> sessions_;
    std::map<protocol::id16, std::unique_ptr<group_ledger>> ledgers_;
    std::function<void(std::int64_t)> expiry_listener_;
};

} // namespace sirkel
