#include "group_ledger.hpp"

#include "room.hpp"

#include "server_state.hpp"
#include "store.hpp"
#include "websocket_session.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>
#include <chrono>

namespace sirkel
{

namespace
{

using protocol::error;

constexpr std::size_t max_open_invites = 16;
constexpr std::size_t max_open_requests = 12;
constexpr std::size_t max_versions_per_answer = 16;
// The only pledge a joiner may sign: "I am 18 or older" (PSG1.md §4.4).
constexpr std::uint8_t adult_confirmed = 1;

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The wire code of a failed verify_step check (PSG1.md §3.5).
error wire_error(protocol::psg1_error e)
{
    switch (e)
    {
    case protocol::psg1_error::version_gap:
        return error::version_gap;
    case protocol::psg1_error::prev_hash_mismatch:
        return error::prev_hash_mismatch;
    case protocol::psg1_error::size_cap_reached:
        return error::size_cap_reached;
    case protocol::psg1_error::approval_invalid:
        return error::approval_invalid;
    default:
        return error::roster_invalid;
    }
}

// q(E) of §3.4.
std::size_t quorum(std::uint8_t admission, std::size_t eligible)
{
    return admission == 0 ? eligible : eligible / 2 + 1;
}

bool contains(std::vector<protocol::id16> const& ids, protocol::id16 const& id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Whether a member kept from prev has another role in next (a handover, a step-down, ...).
bool roles_changed(protocol::roster const& prev, protocol::roster const& next)
{
    return std::any_of(next.entries().begin(), next.entries().end(),
                       [&](protocol::roster_entry const& e)
                       {
                           auto const* before = prev.find(e.member_id);
                           return before != nullptr && before->role != e.role;
                       });
}

} // namespace

group_ledger::group_ledger(protocol::id16 const& group, server_state& state)
    : group_(group), state_(state), terms_(group, state.db())
{
    // Verify what was committed, as any member would from version 1.
    std::vector<protocol::roster_version> chain;
    for (std::uint64_t from = 1;;)
    {
        auto batch = state_.db().roster_versions(group_, from, 256);
        if (batch.empty())
            break;
        from = batch.back().v + 1;
        std::move(batch.begin(), batch.end(), std::back_inserter(chain));
    }
    if (chain.empty())
        return;
    protocol::roster newest;
    auto const e = protocol::verify_chain(group_, nullptr, chain, newest);
    if (e != protocol::psg1_error::ok)
        throw store_error("the stored roster chain of a group does not verify: " +
                          std::string(protocol::code_name(e)));
    current_ = std::move(newest);
}

bool group_ledger::is_member(protocol::id16 const& member) const noexcept
{
    return current_ && current_->find(member) != nullptr;
}

floor_policy group_ledger::chair_policy() const
{
    return floor_policy::of(*current_, terms_.over(*current_));
}

std::string group_ledger::meeting_state_frame()
{
    auto const term_over = current_ ? terms_.over(*current_) : std::vector<protocol::id16>{};
    return protocol::make_meeting_state_frame(state_.rooms().find(group_) != nullptr,
                                              notices_.away(), notices_.away_next(), term_over);
}

void group_ledger::send_meeting_state(websocket_session& member)
{
    member.send(meeting_state_frame());
}

void group_ledger::meeting_closed()
{
    notices_.meeting_ended();
    to_members(meeting_state_frame());
}

void group_ledger::set_away(protocol::id16 const& member, bool away)
{
    if (notices_.set(member, away, state_.rooms().find(group_) != nullptr))
        to_members(meeting_state_frame());
}

void group_ledger::count_opening()
{
    terms_.meeting_opened();
}

void group_ledger::meeting_opened(protocol::id16 const& opener)
{
    notices_.came(opener);
    to_members(meeting_state_frame());
}

void group_ledger::came_to_meeting(protocol::id16 const& member)
{
    if (notices_.came(member))
        to_members(meeting_state_frame());
}

void group_ledger::to_members(std::string const& frame)
{
    auto const shared = std::make_shared<std::string const>(frame);
    for (auto* c : connections_)
        if (c->state() == connection_state::member && is_member(c->member()))
            c->send(shared);
}

void group_ledger::to_all(std::string const& frame)
{
    auto const shared = std::make_shared<std::string const>(frame);
    for (auto* c : connections_)
        if (c->state() == connection_state::member || c->state() == connection_state::pending)
            c->send(shared);
}

void group_ledger::expire(std::int64_t now)
{
    if (proposal_ && proposal_->expires_at <= now)
        close_proposal(protocol::proposal_outcome::expired);
    for (auto& [id, invite] : invites_)
        if (invite.open && invite.expires_at <= now)
        {
            invite.open = false;
            to_members(protocol::make_invite_closed_frame(id, protocol::invite_outcome::expired));
        }
    std::vector<protocol::id16> expired;
    for (auto const& [member, request] : requests_)
        if (request.expires_at <= now)
            expired.push_back(member);
    for (auto const& member : expired)
        close_request(member, protocol::join_state::expired);
    std::erase_if(tombstones_, [now](auto const& t) { return t.second.expires_at <= now; });
    // A closed invite is kept while a request made with it is open (invite_keys may need it).
    std::erase_if(invites_,
                  [this](auto const& i)
                  {
                      return !i.second.open &&
                             std::none_of(requests_.begin(), requests_.end(),
                                          [&](auto const& r)
                                          { return r.second.request.invite == i.first; });
                  });
}

std::optional<std::int64_t> group_ledger::next_deadline() const
{
    std::optional<std::int64_t> earliest;
    auto const consider = [&earliest](std::int64_t at)
    {
        if (!earliest || at < *earliest)
            earliest = at;
    };
    if (proposal_)
        consider(proposal_->expires_at);
    for (auto const& [id, invite] : invites_)
        if (invite.open)
            consider(invite.expires_at);
    for (auto const& [member, request] : requests_)
        consider(request.expires_at);
    for (auto const& [member, t] : tombstones_)
        consider(t.expires_at);
    return earliest;
}

void group_ledger::send_open_items(websocket_session& member)
{
    expire(unix_now());
    if (proposal_)
        member.send(protocol::make_proposal_frame(proposal_->next.hash(), proposal_->by,
                                                  proposal_->next.tbs(), proposal_->approvals,
                                                  proposal_->objections, proposal_->expires_at,
                                                  proposal_->doc ? &*proposal_->doc : nullptr));
    for (auto const& [id, invite] : invites_)
        if (invite.open)
            member.send(
                protocol::make_invite_frame(id, invite.by, invite.expires_at, invite.uses_left));
    for (auto const& [joiner, request] : requests_)
        send_request(member, joiner, request);
}

void group_ledger::send_request(websocket_session& member, protocol::id16 const& joiner,
                                open_request const& request)
{
    protocol::sealed_join_key const* jk = nullptr;
    if (auto const invite = invites_.find(request.request.invite); invite != invites_.end())
        if (auto const copy = invite->second.jks.find(member.member());
            copy != invite->second.jks.end())
            jk = &copy->second;
    (void)joiner;
    member.send(protocol::make_request_frame(
        {request.request, request.at, request.expires_at, jk, request.declines}));
}

void group_ledger::push_request(protocol::id16 const& joiner, open_request const& request)
{
    for (auto* c : connections_)
        if (c->state() == connection_state::member && is_member(c->member()))
            send_request(*c, joiner, request);
}

void group_ledger::push_proposal()
{
    to_members(protocol::make_proposal_frame(
        proposal_->next.hash(), proposal_->by, proposal_->next.tbs(), proposal_->approvals,
        proposal_->objections, proposal_->expires_at, proposal_->doc ? &*proposal_->doc : nullptr));
}

void group_ledger::close_proposal(protocol::proposal_outcome reason)
{
    auto const hash = proposal_->next.hash();
    proposal_.reset();
    to_members(protocol::make_proposal_closed_frame(hash, reason));
}

std::optional<error> group_ledger::propose(websocket_session& from,
                                           protocol::roster_propose_frame const& frame)
{
    expire(unix_now());
    auto const& sender = from.member();
    // 1. A member of the current roster, or before v1 the provisional first member.
    std::optional<member_record> provisional;
    if (!current_)
    {
        provisional = state_.db().find_member(group_, sender);
        if (!provisional)
            return error::not_a_member;
    }
    else if (!is_member(sender))
        return error::not_a_member;

    // 2. verify_step with the proposer's approval, not final.
    std::vector<protocol::roster_approval> approvals = {{sender, frame.sig}};
    protocol::roster next;
    if (auto const e = protocol::verify_step(group_, current(), frame.tbs, approvals, false, next);
        e != protocol::psg1_error::ok)
        return wire_error(e);

    auto const* prev = current();
    if (prev == nullptr)
    {
        // 3. FIRST: the redeemed keys, and the organisation's size cap.
        auto const& entry = next.entries().front();
        auto const group = state_.db().find_group(group_);
        if (entry.member_id != sender || entry.sig_pk != provisional->sig_pk ||
            entry.dh_pk != provisional->dh_pk || !group || next.frame().size_cap != group->size_cap)
            return error::roster_invalid;
    }
    else
    {
        // 4. ADD: an open request with the same id and keys.
        for (auto const& e : next.entries())
        {
            if (prev->find(e.member_id) != nullptr)
                continue;
            auto const request = requests_.find(e.member_id);
            if (request == requests_.end() || request->second.request.sig_pk != e.sig_pk ||
                request->second.request.dh_pk != e.dh_pk)
                return error::request_unknown;
        }
    }

    // 5. A doc with exactly the members of v if and only if pledge_hash changes. Version 1 has
    // no earlier text to replace: its member holds the text already.
    bool const pledge_changes =
        prev != nullptr && prev->frame().pledge_hash != next.frame().pledge_hash;
    if (frame.doc.has_value() != pledge_changes)
        return error::doc_invalid;
    if (frame.doc)
    {
        std::set<protocol::id16> to;
        for (auto const& key : frame.doc->keys)
            if (prev->find(key.to) == nullptr || !to.insert(key.to).second)
                return error::doc_invalid;
        if (to.size() != prev->entries().size())
            return error::doc_invalid;
    }

    // 6. One open proposal; the same hash again is an approval.
    if (proposal_ && proposal_->next.hash() == next.hash())
        return add_approval(approvals.front());

    protocol::roster committed;
    bool const final_now = protocol::verify_step(group_, prev, frame.tbs, approvals, true,
                                                 committed) == protocol::psg1_error::ok;
    if (proposal_ && !final_now)
        return error::proposal_open;

    // 7. Commit, or open the proposal.
    if (final_now)
    {
        commit(committed, std::move(approvals), frame.doc);
        return std::nullopt;
    }
    proposal_ = open_proposal{std::move(next),
                              sender,
                              std::move(approvals),
                              {},
                              unix_now() + state_.config().proposal_ttl.count(),
                              frame.doc};
    state_.expiry_due(proposal_->expires_at);
    push_proposal();
    return std::nullopt;
}

std::optional<error> group_ledger::approve(websocket_session& from,
                                           protocol::approve_frame const& frame)
{
    expire(unix_now());
    if (!is_member(from.member()))
        return error::not_a_member;
    if (!proposal_ || proposal_->next.hash() != frame.roster_hash)
        return error::proposal_unknown;
    return add_approval({from.member(), frame.sig});
}

std::optional<error> group_ledger::add_approval(protocol::roster_approval const& approval)
{
    auto const& id = approval.member_id;
    if (contains(proposal_->objections, id) ||
        std::any_of(proposal_->approvals.begin(), proposal_->approvals.end(),
                    [&](auto const& a) { return a.member_id == id; }))
        return error::already_approved;
    auto approvals = proposal_->approvals;
    approvals.push_back(approval);
    protocol::roster checked;
    if (auto const e = protocol::verify_step(group_, current(), proposal_->next.tbs(), approvals,
                                             false, checked);
        e != protocol::psg1_error::ok)
        return wire_error(e);
    if (protocol::verify_step(group_, current(), proposal_->next.tbs(), approvals, true, checked) ==
        protocol::psg1_error::ok)
    {
        auto doc = proposal_->doc;
        commit(checked, std::move(approvals), std::move(doc));
        return std::nullopt;
    }
    proposal_->approvals = std::move(approvals);
    push_proposal();
    return std::nullopt;
}

bool group_ledger::proposal_unreachable() const
{
    // E is the members of v; for a REMOVE, the others than the one removed, whose own approval
    // passes it anyway, so a REMOVE is unreachable only once that member has objected too.
    bool const is_remove = proposal_->next.entries().size() < current_->entries().size();
    std::vector<protocol::id16> eligible;
    std::optional<protocol::id16> removed;
    for (auto const& e : current_->entries())
    {
        if (is_remove && proposal_->next.find(e.member_id) == nullptr)
            removed = e.member_id;
        else
            eligible.push_back(e.member_id);
    }
    auto const objectors = static_cast<std::size_t>(
        std::count_if(eligible.begin(), eligible.end(),
                      [this](auto const& id) { return contains(proposal_->objections, id); }));
    bool const blocked =
        eligible.empty() ||
        objectors > eligible.size() - quorum(current_->frame().admission, eligible.size());
    return blocked && (!removed || contains(proposal_->objections, *removed));
}

std::optional<error> group_ledger::object(websocket_session& from,
                                          protocol::object_frame const& frame)
{
    expire(unix_now());
    if (!is_member(from.member()))
        return error::not_a_member;
    if (!proposal_ || proposal_->next.hash() != frame.roster_hash)
        return error::proposal_unknown;
    auto const& id = from.member();
    if (contains(proposal_->objections, id) ||
        std::any_of(proposal_->approvals.begin(), proposal_->approvals.end(),
                    [&](auto const& a) { return a.member_id == id; }))
        return error::already_approved;
    proposal_->objections.push_back(id);
    if (proposal_unreachable())
        close_proposal(protocol::proposal_outcome::rejected);
    else
        push_proposal();
    return std::nullopt;
}

std::optional<error> group_ledger::withdraw(websocket_session& from,
                                            protocol::withdraw_frame const& frame)
{
    expire(unix_now());
    if (!proposal_ || proposal_->next.hash() != frame.roster_hash)
        return error::proposal_unknown;
    if (proposal_->by != from.member())
        return error::not_proposer;
    close_proposal(protocol::proposal_outcome::withdrawn);
    return std::nullopt;
}

std::optional<error> group_ledger::roster_get(websocket_session& from,
                                              protocol::roster_get_frame const& frame)
{
    std::uint64_t first = 0;
    if (frame.from_hash)
    {
        auto const found = state_.db().find_roster_version(group_, *frame.from_hash);
        if (!found)
            return error::roster_unknown;
        first = *found;
    }
    else
        first = *frame.from_version;
    // One more than fits tells whether there is more.
    auto versions = state_.db().roster_versions(group_, first, max_versions_per_answer + 1);
    bool const more = versions.size() > max_versions_per_answer;
    if (more)
        versions.pop_back();
    from.send(protocol::make_roster_frame(versions, more, doc_version_, doc_ ? &*doc_ : nullptr));
    return std::nullopt;
}

void group_ledger::commit(protocol::roster const& next,
                          std::vector<protocol::roster_approval> approvals,
                          std::optional<protocol::sealed_doc> doc)
{
    auto const now = unix_now();
    auto const term_over_before = current_ ? terms_.over(*current_) : std::vector<protocol::id16>{};
    state_.db().commit_roster_version(group_, next, approvals, now);
    terms_.roster_committed();
    std::optional<protocol::roster> prev = std::move(current_);
    current_ = next;
    if (doc)
    {
        doc_ = std::move(doc);
        doc_version_ = next.version();
    }
    state_.log().log(log_level::info, "roster_committed",
                     {{"group", protocol::base64url_encode(group_)},
                      {"v", next.version()},
                      {"members", next.entries().size()}});

    if (proposal_)
        close_proposal(proposal_->next.hash() == next.hash() ? protocol::proposal_outcome::committed
                                                             : protocol::proposal_outcome::stale);

    std::vector<protocol::roster_version> const one = {{next.version(), next.tbs(), approvals}};
    to_all(protocol::make_roster_frame(one, false, doc_version_, doc_ ? &*doc_ : nullptr));

    // Joiners the new version admits: their requests close as admitted and their connections
    // become members' (join_status follows the roster that admits them).
    for (auto const& e : next.entries())
    {
        if (prev && prev->find(e.member_id) != nullptr)
            continue;
        if (requests_.erase(e.member_id) == 0)
            continue;
        tombstones_.erase(e.member_id);
        to_members(
            protocol::make_request_closed_frame(e.member_id, protocol::join_state::admitted));
        for (auto* c : std::vector<websocket_session*>(connections_.begin(), connections_.end()))
            if (c->state() == connection_state::pending && c->member() == e.member_id)
                c->admit(e.role == 1 ? protocol::member_role::facilitator
                                     : protocol::member_role::member);
    }
    // Connections of people no longer in the roster are closed (§8.1).
    for (auto* c : std::vector<websocket_session*>(connections_.begin(), connections_.end()))
        if (c->state() == connection_state::member && !is_member(c->member()))
            c->close_no_longer_member();
    // Who holds role 1, or whose term is over, shows in meeting_state (PROTOCOL.md §8.2).
    if (prev && (roles_changed(*prev, next) || terms_.over(next) != term_over_before))
        to_members(meeting_state_frame());
    // The live meeting's next epoch carries the new version (PSG1.md §5.4).
    if (auto* meeting = state_.rooms().find(group_))
    {
        meeting->roster_committed(next, chair_policy());
        state_.rooms().close_if_empty(group_);
    }
}

std::size_t group_ledger::close_all_deleted()
{
    // Closing leaves the meeting, which may drop the room and call back into this ledger: walk
    // a copy.
    std::vector<websocket_session*> const open(connections_.begin(), connections_.end());
    std::size_t told = 0;
    for (auto* c : open)
        if (c->close_group_deleted())
            ++told;
    return told;
}

group_ledger::member_invite* group_ledger::valid_invite(protocol::id16 const& invite,
                                                        protocol::key32 const& token,
                                                        std::int64_t now)
{
    auto const found = invites_.find(invite);
    if (found == invites_.end())
        return nullptr;
    auto& i = found->second;
    if (!protocol::equal_constant_time(i.token_hash, protocol::generichash32(token)))
        return nullptr;
    if (!i.open || i.expires_at <= now || i.uses_left <= 0)
        return nullptr;
    return &i;
}

std::optional<error> group_ledger::create_invite(websocket_session& from,
                                                 protocol::invite_create_frame const& frame)
{
    auto const now = unix_now();
    expire(now);
    if (!current_)
        return error::no_roster;
    if (!is_member(from.member()))
        return error::not_a_member;
    if (frame.roster_version != current_->version())
        return error::roster_stale;
    std::map<protocol::id16, protocol::sealed_join_key> jks;
    for (auto const& copy : frame.jks)
        if (current_->find(copy.to) == nullptr || !jks.emplace(copy.to, copy.k).second)
            return error::keys_invalid;
    if (jks.size() != current_->entries().size())
        return error::keys_invalid;
    if (invites_.contains(frame.invite) || state_.db().find_invite(frame.invite))
        return error::invite_exists;
    if (std::count_if(invites_.begin(), invites_.end(),
                      [](auto const& i)
                      { return i.second.open; }) >= static_cast<std::ptrdiff_t>(max_open_invites))
        return error::too_many_invites;
    member_invite invite;
    invite.token_hash = frame.token_hash;
    invite.by = from.member();
    invite.expires_at = now + frame.ttl_s;
    invite.uses_left = frame.uses;
    invite.info = frame.info;
    invite.jks = std::move(jks);
    to_members(
        protocol::make_invite_frame(frame.invite, invite.by, invite.expires_at, invite.uses_left));
    state_.expiry_due(invite.expires_at);
    invites_.emplace(frame.invite, std::move(invite));
    return std::nullopt;
}

std::optional<error> group_ledger::revoke_invite(websocket_session& from,
                                                 protocol::invite_revoke_frame const& frame)
{
    expire(unix_now());
    if (!is_member(from.member()))
        return error::not_a_member;
    auto const found = invites_.find(frame.invite);
    if (found == invites_.end() || !found->second.open)
        return error::invite_invalid;
    found->second.open = false;
    to_members(protocol::make_invite_closed_frame(frame.invite, protocol::invite_outcome::revoked));
    return std::nullopt;
}

std::optional<error> group_ledger::add_invite_keys(websocket_session& from,
                                                   protocol::invite_keys_frame const& frame)
{
    expire(unix_now());
    if (!is_member(from.member()))
        return error::not_a_member;
    auto const found = invites_.find(frame.invite);
    if (found == invites_.end())
        return error::invite_invalid;
    auto& invite = found->second;
    std::set<protocol::id16> to;
    for (auto const& copy : frame.jks)
        if (!is_member(copy.to) || invite.jks.contains(copy.to) || !to.insert(copy.to).second)
            return error::keys_invalid;
    for (auto const& copy : frame.jks)
        invite.jks.emplace(copy.to, copy.k);
    // The new holders can now read the requests made with this invite.
    for (auto* c : connections_)
        if (c->state() == connection_state::member && to.contains(c->member()))
            for (auto const& [joiner, request] : requests_)
                if (request.request.invite == frame.invite)
                    send_request(*c, joiner, request);
    return std::nullopt;
}

std::optional<error> group_ledger::knock(websocket_session& from,
                                         protocol::knock_frame const& frame)
{
    auto const now = unix_now();
    expire(now);
    auto const* invite = valid_invite(frame.invite, frame.token, now);
    if (invite == nullptr)
        return error::invite_invalid;
    from.send(protocol::make_invite_info_frame(frame.invite, invite->info, invite->expires_at));
    return std::nullopt;
}

std::optional<error> group_ledger::request_join(websocket_session& from,
                                                protocol::join_request_frame const& frame)
{
    auto const now = unix_now();
    expire(now);
    auto* invite = valid_invite(frame.invite, frame.token, now);
    if (invite == nullptr)
        return error::invite_invalid;
    if (!current_)
        return error::no_roster;
    // Id and keys new to the group, its requests and its tombstones.
    for (auto const& e : current_->entries())
        if (e.member_id == frame.member || e.sig_pk == frame.sig_pk || e.dh_pk == frame.dh_pk)
            return error::member_exists;
    for (auto const& [id, r] : requests_)
        if (id == frame.member || r.request.sig_pk == frame.sig_pk ||
            r.request.dh_pk == frame.dh_pk)
            return error::member_exists;
    if (tombstones_.contains(frame.member) || state_.db().member_id_taken(frame.member))
        return error::member_exists;
    if (frame.pledge_hash != current_->frame().pledge_hash ||
        !protocol::sign_verify_detached(
            frame.pledge, protocol::pledge_message(group_, frame.pledge_hash, adult_confirmed),
            frame.sig_pk))
        return error::pledge_invalid;
    if (current_->entries().size() >= current_->frame().size_cap)
        return error::size_cap_reached;
    if (requests_.size() >= max_open_requests)
        return error::too_many_requests;

    state_.db().save_pledge_receipt(group_, frame.member, frame.pledge_hash, now, frame.pledge);
    auto const expires_at = now + state_.config().join_request_ttl.count();
    auto const& request =
        requests_.insert_or_assign(frame.member, open_request{frame, now, expires_at, {}})
            .first->second;
    state_.expiry_due(expires_at);
    from.become_pending(frame.member);
    from.send(protocol::make_join_status_frame(protocol::join_state::pending, expires_at));
    push_request(frame.member, request);
    if (--invite->uses_left == 0)
    {
        invite->open = false;
        to_members(
            protocol::make_invite_closed_frame(frame.invite, protocol::invite_outcome::used));
    }
    return std::nullopt;
}

void group_ledger::close_request(protocol::id16 const& member, protocol::join_state state)
{
    auto const found = requests_.find(member);
    if (found == requests_.end())
        return;
    auto const declines = found->second.declines;
    auto const sig_pk = found->second.request.sig_pk;
    requests_.erase(found);
    state_.db().delete_pledge_receipt(group_, member);
    to_members(protocol::make_request_closed_frame(member, state));

    // An open ADD of this joiner can no longer commit.
    if (proposal_ && current_ && proposal_->next.find(member) != nullptr &&
        current_->find(member) == nullptr)
        close_proposal(state == protocol::join_state::declined
                           ? protocol::proposal_outcome::rejected
                           : protocol::proposal_outcome::stale);

    // The joiner learns the outcome now if connected, else on its next auth (tombstone).
    bool told = false;
    auto const frame = protocol::make_join_status_frame(state, 0, declines);
    for (auto* c : std::vector<websocket_session*>(connections_.begin(), connections_.end()))
        if (c->state() == connection_state::pending && c->member() == member)
        {
            c->send(frame);
            c->close_after_told();
            told = true;
        }
    if (!told)
    {
        auto const expires_at = unix_now() + state_.config().join_request_ttl.count();
        tombstones_[member] = {state, sig_pk, declines, expires_at};
        state_.expiry_due(expires_at);
    }
}

std::optional<error> group_ledger::withdraw_request(websocket_session& from)
{
    expire(unix_now());
    if (from.state() != connection_state::pending || !requests_.contains(from.member()))
        return error::not_pending;
    close_request(from.member(), protocol::join_state::withdrawn);
    return std::nullopt;
}

std::optional<error> group_ledger::decline(websocket_session& from,
                                           protocol::decline_frame const& frame)
{
    expire(unix_now());
    auto const* decliner = current_ ? current_->find(from.member()) : nullptr;
    if (decliner == nullptr)
        return error::not_a_member;
    auto const found = requests_.find(frame.member);
    if (found == requests_.end())
        return error::request_unknown;
    auto& request = found->second;
    if (!protocol::sign_verify_detached(frame.sig,
                                        protocol::decline_message(group_, request.request.invite,
                                                                  frame.member,
                                                                  request.request.sig_pk),
                                        decliner->sig_pk))
        return error::approval_invalid;
    if (std::any_of(request.declines.begin(), request.declines.end(),
                    [&](auto const& d) { return d.member_id == from.member(); }))
        return error::already_approved;
    request.declines.push_back({from.member(), frame.sig});

    // Declines count against the current roster like objections (§4.5).
    auto const members = current_->entries().size();
    auto const admission = current_->frame().admission;
    bool const decisive =
        admission == 0 ? true : request.declines.size() > members - quorum(admission, members);
    if (decisive)
        close_request(frame.member, protocol::join_state::declined);
    else
        push_request(frame.member, request);
    return std::nullopt;
}

std::optional<protocol::key32> group_ledger::pending_key(protocol::id16 const& member)
{
    expire(unix_now());
    auto const found = requests_.find(member);
    if (found == requests_.end())
        return std::nullopt;
    return found->second.request.sig_pk;
}

std::int64_t group_ledger::request_expiry(protocol::id16 const& member) const
{
    auto const found = requests_.find(member);
    return found == requests_.end() ? 0 : found->second.expires_at;
}

group_ledger::tombstone const* group_ledger::find_tombstone(protocol::id16 const& member) const
{
    auto const found = tombstones_.find(member);
    return found == tombstones_.end() ? nullptr : &found->second;
}

} // namespace sirkel
