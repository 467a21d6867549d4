#include "server_state.hpp"

#include "group_ledger.hpp"
#include "store.hpp"
#include "websocket_session.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <algorithm>
#include <chrono>

namespace sirkel
{

server_state::server_state(server_config config, store& db, logger const& log,
                           std::shared_ptr<ssl::context> tls)
    : config_(std::move(config)), allowed_origins_(config_.effective_allowed_origins()), db_(db),
      log_(log), rooms_(stats_, config_.epoch_setup, config_.reaction_rate),
      invite_attempts_(config_.invite_attempt_rate(), config_.tracked_addresses),
      trusted_proxies_(config_.trusted_proxies), files_(config_.static_dir),
      crisis_lines_(config_.crisis_lines_file), parser_(config_.max_frame_bytes),
      tls_(std::move(tls))
{
    // A meeting closes only after a connection of its group opened it, so its ledger is loaded.
    rooms_.on_close(
        [this](protocol::id16 const& group)
        {
            if (auto const found = ledgers_.find(group); found != ledgers_.end())
                found->second->meeting_closed();
        });
}

server_state::~server_state() = default;

group_ledger& server_state::ledger(protocol::id16 const& group)
{
    auto& slot = ledgers_[group];
    if (!slot)
    {
        try
        {
            slot = std::make_unique<group_ledger>(group, *this);
        }
        catch (...)
        {
            ledgers_.erase(group);
            throw;
        }
    }
    return *slot;
}

void server_state::load_ledgers()
{
    auto const started = std::chrono::steady_clock::now();
    auto const groups = db_.group_ids();
    std::size_t refused = 0;
    for (auto const& group : groups)
        try
        {
            (void)ledger(group);
        }
        catch (store_error const& e)
        {
            ++refused;
            log_.log(log_level::error, "store_failed",
                     {{"group", protocol::base64url_encode(group)},
                      {"during", "load"},
                      {"reason", e.what()}});
        }
    log_.log(
        log_level::info, "groups_loaded",
        {{"groups", static_cast<std::uint64_t>(groups.size())},
         {"refused", static_cast<std::uint64_t>(refused)},
         {"ms", static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - started)
                                              .count())}});
}

std::size_t server_state::close_deleted_groups()
{
    std::size_t still_ending = 0;
    for (auto it = ledgers_.begin(); it != ledgers_.end();)
    {
        auto const& [group, ledger] = *it;
        if (db_.find_group(group))
        {
            ++it;
            continue;
        }
        auto const told = ledger->close_all_deleted();
        if (told > 0)
            log_.log(log_level::info, "group_deleted",
                     {{"group", protocol::base64url_encode(group)},
                      {"connections_closed", static_cast<std::uint64_t>(told)}});
        if (ledger->has_connections())
        {
            ++still_ending;
            ++it;
        }
        else
            it = ledgers_.erase(it);
    }
    return still_ending;
}

std::optional<std::int64_t> server_state::expire_groups(std::int64_t now)
{
    std::optional<std::int64_t> earliest;
    for (auto& [group, ledger] : ledgers_)
    {
        ledger->expire(now);
        if (auto const next = ledger->next_deadline(); next && (!earliest || *next < *earliest))
            earliest = next;
    }
    return earliest;
}

bool server_state::origin_allowed(std::string_view origin) const
{
    return std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) !=
           allowed_origins_.end();
}

void server_state::shut_down_sessions()
{
    // shut_down() may remove the session from sessions_ (indirectly), so walk a copy.
    std::vector<websocket_session*> const snapshot(sessions_.begin(), sessions_.end());
    for (auto* session : snapshot)
        session->shut_down();
}

} // namespace sirkel
