// One group's admission state (PSG1.md §3.6, §4, §8.2, §8.3): the current verified roster, the
// one open proposal, member invites, open join requests and their tombstones, and the group's
// connections that pushes go to. It exists whether or not a meeting is live.
//
// Only public data reaches the store: committed versions, members and pledge receipts. Invite
// infos, sealed join keys, request ciphertexts and docs live here, in memory only, so a restart
// closes open member invites and requests (PROTOCOL.md §7).
#pragma once

#include "absence_notices.hpp"
#include "facilitator_terms.hpp"
#include "floor_machine.hpp"

#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/error.hpp"
#include "sirkel/protocol/roster.hpp"
#include "sirkel/protocol/server_frames.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sirkel
{

class server_state;
class websocket_session;

class group_ledger
{
public:
    /// A request that no longer leads anywhere but whose joiner has not been told (§4.5).
    struct tombstone
    {
        protocol::join_state state = protocol::join_state::expired;
        protocol::key32 sig_pk{}; ///< the joiner's, to check its auth
        std::vector<protocol::member_signature> declines;
        std::int64_t expires_at = 0;
    };

    /// Loads and verifies the group's committed chain. @throws store_error.
    group_ledger(protocol::id16 const& group, server_state& state);

    /// Connections of the group, whatever their state; pushes pick by state.
    void attach(websocket_session& connection) { connections_.insert(&connection); }
    void detach(websocket_session& connection) { connections_.erase(&connection); }
    /// The group is gone from the store: close every connection of it (close_group_deleted).
    /// They detach as they end. @return how many were told now (not already closing).
    std::size_t close_all_deleted();
    [[nodiscard]] bool has_connections() const noexcept { return !connections_.empty(); }

    /// The current verified roster, or nullptr before version 1.
    [[nodiscard]] protocol::roster const* current() const noexcept
    {
        return current_ ? &*current_ : nullptr;
    }
    [[nodiscard]] bool is_member(protocol::id16 const& member) const noexcept;
    /// Who may open and chair a meeting now: the current roster with the facilitators whose
    /// term has ended (PSG1.md §3.1 fac_term) counted as members. There must be a roster.
    [[nodiscard]] floor_policy chair_policy() const;

    /// After authed: the open proposal, open invites and open requests, to one member.
    void send_open_items(websocket_session& member);

    // The meeting as the lobby sees it (PROTOCOL.md §8.2).
    /// meeting_state to one member connection, first thing after authed.
    void send_meeting_state(websocket_session& member);
    /// The group's meeting closed: the notices move on, and every member connection gets
    /// meeting_state.
    void meeting_closed();
    /// "I can't come to the next meeting" (away) or taking it back.
    void set_away(protocol::id16 const& member, bool away);
    /// A meeting of the group is about to open: it counts towards the facilitators' terms.
    /// @throws store_error if the database cannot keep the count; nothing has changed then.
    void count_opening();
    /// opener's join opened the group's meeting (counted by count_opening): every member
    /// connection is told, the opener's before its joined, so that the lobby's state never lags
    /// the meeting's.
    void meeting_opened(protocol::id16 const& opener);
    /// member joined the open meeting, so their notice for it no longer holds.
    void came_to_meeting(protocol::id16 const& member);

    // Each handler returns the error to refuse the frame with, or nothing when it was done.
    // The connection's state has been checked by the session as far as it can tell alone.
    [[nodiscard]] std::optional<protocol::error>
    propose(websocket_session& from, protocol::roster_propose_frame const& frame);
    [[nodiscard]] std::optional<protocol::error> approve(websocket_session& from,
                                                         protocol::approve_frame const& frame);
    [[nodiscard]] std::optional<protocol::error> object(websocket_session& from,
                                                        protocol::object_frame const& frame);
    [[nodiscard]] std::optional<protocol::error> withdraw(websocket_session& from,
                                                          protocol::withdraw_frame const& frame);
    [[nodiscard]] std::optional<protocol::error>
    roster_get(websocket_session& from, protocol::roster_get_frame const& frame);
    [[nodiscard]] std::optional<protocol::error>
    create_invite(websocket_session& from, protocol::invite_create_frame const& frame);
    [[nodiscard]] std::optional<protocol::error>
    revoke_invite(websocket_session& from, protocol::invite_revoke_frame const& frame);
    [[nodiscard]] std::optional<protocol::error>
    add_invite_keys(websocket_session& from, protocol::invite_keys_frame const& frame);
    /// A valid open member invite for this token: answers invite_info.
    [[nodiscard]] std::optional<protocol::error> knock(websocket_session& from,
                                                       protocol::knock_frame const& frame);
    /// Checks 3..8 of §8.3 (the session checked the challenge and possession).
    [[nodiscard]] std::optional<protocol::error>
    request_join(websocket_session& from, protocol::join_request_frame const& frame);
    [[nodiscard]] std::optional<protocol::error> withdraw_request(websocket_session& from);
    [[nodiscard]] std::optional<protocol::error> decline(websocket_session& from,
                                                         protocol::decline_frame const& frame);

    /// Close whatever has expired by now: at each entry point, and on time from the server's
    /// expiry_timer, which needs no frame of the group to come.
    void expire(std::int64_t now);
    /// The earliest time something open falls due, if anything is open.
    [[nodiscard]] std::optional<std::int64_t> next_deadline() const;

    /// The identity key of an open request's joiner, for auth as a pending joiner.
    [[nodiscard]] std::optional<protocol::key32> pending_key(protocol::id16 const& member);
    /// The expiry of an open request (join_status pending).
    [[nodiscard]] std::int64_t request_expiry(protocol::id16 const& member) const;
    /// The tombstone of member, if there is one.
    [[nodiscard]] tombstone const* find_tombstone(protocol::id16 const& member) const;
    /// The joiner has been told: its tombstone goes (PSG1.md §4.5).
    void forget_tombstone(protocol::id16 const& member) { tombstones_.erase(member); }

private:
    struct open_proposal
    {
        protocol::roster next;
        protocol::id16 by{};
        std::vector<protocol::roster_approval> approvals;
        std::vector<protocol::id16> objections;
        std::int64_t expires_at = 0;
        std::optional<protocol::sealed_doc> doc;
    };

    struct member_invite
    {
        protocol::key32 token_hash{};
        protocol::id16 by{};
        std::int64_t expires_at = 0;
        int uses_left = 0;
        bool open = true;
        protocol::sealed_box info;
        std::map<protocol::id16, protocol::sealed_join_key> jks;
    };

    struct open_request
    {
        protocol::join_request_frame request;
        std::int64_t at = 0;
        std::int64_t expires_at = 0;
        std::vector<protocol::member_signature> declines;
    };

    [[nodiscard]] std::optional<protocol::error>
    add_approval(protocol::roster_approval const& approval);
    /// Commit next as the new current version and tell everyone (§3.6).
    void commit(protocol::roster const& next, std::vector<protocol::roster_approval> approvals,
                std::optional<protocol::sealed_doc> doc);
    void close_proposal(protocol::proposal_outcome reason);
    /// End a request: tombstone (when its joiner must still be told), push, receipt gone.
    void close_request(protocol::id16 const& member, protocol::join_state state);
    /// Whether objectors make step 7 unreachable for the open proposal.
    [[nodiscard]] bool proposal_unreachable() const;
    void push_proposal();
    void send_request(websocket_session& member, protocol::id16 const& joiner,
                      open_request const& request);
    void push_request(protocol::id16 const& joiner, open_request const& request);
    void to_members(std::string const& frame);
    [[nodiscard]] std::string meeting_state_frame();
    void to_all(std::string const& frame);
    [[nodiscard]] member_invite* valid_invite(protocol::id16 const& invite,
                                              protocol::key32 const& token, std::int64_t now);

    protocol::id16 group_;
    server_state& state_;
    std::optional<protocol::roster> current_;
    std::optional<open_proposal> proposal_;
    // The D of the version that last changed pledge_hash, while the server runs.
    std::optional<protocol::sealed_doc> doc_;
    std::uint64_t doc_version_ = 0;
    std::map<protocol::id16, member_invite> invites_;
    std::map<protocol::id16, open_request> requests_;
    std::map<protocol::id16, tombstone> tombstones_;
    std::set<websocket_session*> connections_;
    absence_notices notices_;
    facilitator_terms terms_;
};

} // namespace sirkel
