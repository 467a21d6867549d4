#include "meeting_epochs.hpp"

#include <algorithm>

namespace sirkel
{
namespace
{

bool contains(std::vector<protocol::id16> const& sorted, protocol::id16 const& id) noexcept
{
    return std::binary_search(sorted.begin(), sorted.end(), id);
}

// Every id of parts but from, each once, in any order: one box for every other participant.
bool addresses_everyone_else(std::vector<protocol::id16> const& parts, protocol::id16 const& from,
                             std::span<protocol::id16 const> recipients)
{
    // The size check first bounds the work below by the twelve members a group can have.
    if (recipients.size() + 1 != parts.size())
        return false;
    std::vector<protocol::id16> sorted(recipients.begin(), recipients.end());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        return false;
    return std::all_of(sorted.begin(), sorted.end(),
                       [&](protocol::id16 const& to) { return to != from && contains(parts, to); });
}

} // namespace

meeting_epochs::meeting_epochs(protocol::id16 const& room_id, protocol::id16 const& session_id,
                               std::uint64_t rv, protocol::key32 const& rh,
                               std::vector<protocol::id16> members,
                               std::chrono::milliseconds epoch_setup)
    : room_id_(room_id), session_id_(session_id), rv_(rv), rh_(rh), members_(std::move(members)),
      epoch_setup_(epoch_setup)
{
    std::sort(members_.begin(), members_.end());
}

std::uint32_t meeting_epochs::current_ep() const noexcept
{
    return current_ ? current_->ep : 0;
}

void meeting_epochs::participant_joined(protocol::id16 const& member, clock::time_point now)
{
    auto const at = std::lower_bound(present_.begin(), present_.end(), member);
    if (at != present_.end() && *at == member)
        return trigger(now); // a replaced connection: others may reconnect with it
    present_.insert(at, member);
    trigger(now);
    // Nobody else can come to share the epoch, so the coalescing window would only be a wait:
    // at 19:00 the whole group arrives together and should start talking at once (§5.4).
    if (present_.size() == members_.size())
        announce_at_ = now;
}

void meeting_epochs::participant_left(protocol::id16 const& member, clock::time_point now)
{
    auto const at = std::lower_bound(present_.begin(), present_.end(), member);
    if (at == present_.end() || *at != member)
        return;
    present_.erase(at);
    trigger(now);
}

void meeting_epochs::participant_removed(protocol::id16 const& member, clock::time_point now)
{
    participant_left(member, now);
    // Whoever was removed must lose access to what is said next as soon as possible (§5.4).
    announce_at_ = now;
}

void meeting_epochs::roster_committed(std::uint64_t rv, protocol::key32 const& rh,
                                      std::vector<protocol::id16> members, clock::time_point now)
{
    std::sort(members.begin(), members.end());
    bool const removes_member =
        !std::includes(members.begin(), members.end(), members_.begin(), members_.end());
    rv_ = rv;
    rh_ = rh;
    members_ = std::move(members);
    std::erase_if(present_, [&](protocol::id16 const& id) { return !contains(members_, id); });
    // A removed member must lose access to what is said next as soon as possible (§5.4).
    if (removes_member)
        announce_at_ = now;
    else
        trigger(now);
}

meeting_epochs::verdict meeting_epochs::on_ekey(protocol::psg1_ekey const& ekey,
                                                protocol::key32 const& sender_sig_pk)
{
    if (!current_ || ekey.ep != current_->ep)
        return verdict::wrong_epoch;
    auto* const sender = find(*current_, ekey.from);
    if (!sender)
        return verdict::not_a_participant;
    if (ekey.rv != current_->rv || ekey.rh != current_->rh)
        return verdict::roster_stale;
    // The server's own view of the meeting, whatever ses the frame carried.
    auto server_view = ekey;
    server_view.session_id = session_id_;
    if (!protocol::verify_ekey(room_id_, server_view, current_->parts_hash, sender_sig_pk))
        return verdict::ekey_invalid;
    if (sender->ekey_sent)
        return verdict::duplicate;
    sender->ekey_sent = true;
    return verdict::ok;
}

meeting_epochs::verdict meeting_epochs::on_skd(protocol::id16 const& from, std::uint32_t ep,
                                               std::span<protocol::id16 const> recipients)
{
    if (!current_ || ep != current_->ep)
        return verdict::wrong_epoch;
    auto* const sender = find(*current_, from);
    if (!sender)
        return verdict::not_a_participant;
    std::vector<protocol::id16> parts;
    parts.reserve(current_->participants.size());
    for (auto const& p : current_->participants)
        parts.push_back(p.member);
    if (!addresses_everyone_else(parts, from, recipients))
        return verdict::skd_incomplete;
    if (sender->skd_sent)
        return verdict::duplicate;
    sender->skd_sent = true;
    return verdict::ok;
}

meeting_epochs::verdict meeting_epochs::on_msg(protocol::id16 const& from, std::uint32_t ep,
                                               std::uint32_t ctr, clock::time_point now)
{
    epoch* e = nullptr;
    if (current_ && ep == current_->ep)
        e = &*current_;
    else if (previous_ && ep == previous_->ep && now < current_->started + previous_epoch_grace)
        e = &*previous_;
    else
        return verdict::wrong_epoch;
    auto* const sender = find(*e, from);
    if (!sender)
        return verdict::not_a_participant;
    if (!sender->skd_sent)
        return verdict::no_sender_key;
    if (sender->last_ctr && ctr <= *sender->last_ctr)
        return verdict::ctr_not_increasing;
    sender->last_ctr = ctr;
    if (e == &*current_ && ctr >= rekey_ctr)
        trigger(now);
    return verdict::ok;
}

std::vector<protocol::id16> meeting_epochs::expire_setup(clock::time_point now)
{
    std::vector<protocol::id16> late;
    if (!current_ || current_->setup_expired || now < current_->started + epoch_setup_)
        return late;
    current_->setup_expired = true;
    // An skd needs every other participant's ekey, so one silent participant holds up all skds:
    // only the silent one is late then. Once every ekey is in, a missing skd is late too.
    auto const& participants = current_->participants;
    bool const every_ekey_in = std::ranges::all_of(
        participants, [&](participant const& p) { return p.ekey_sent || !is_present(p.member); });
    for (auto const& p : participants)
        if (is_present(p.member) && (!p.ekey_sent || (every_ekey_in && !p.skd_sent)))
            late.push_back(p.member);
    if (late.empty())
        return late;
    std::erase_if(present_, [&](protocol::id16 const& id) { return contains(late, id); });
    trigger(now);
    return late;
}

std::optional<epoch_announcement> meeting_epochs::announce_due(clock::time_point now)
{
    if (current_ && !announce_at_ && now >= current_->started + epoch_max_age)
        trigger(current_->started + epoch_max_age);
    if (!announce_at_ || now < *announce_at_)
        return std::nullopt;
    announce_at_.reset();
    // The last participant left: the room is closing and has nobody to tell.
    if (present_.empty())
        return std::nullopt;

    epoch next;
    next.ep = current_ep() + 1;
    next.rv = rv_;
    next.rh = rh_;
    next.parts_hash = protocol::parts_hash(present_);
    next.started = now;
    next.participants.reserve(present_.size());
    for (auto const& member : present_)
        next.participants.emplace_back().member = member;
    previous_ = std::move(current_);
    current_ = std::move(next);
    return epoch_announcement{current_->ep, present_, rv_, rh_};
}

std::optional<meeting_epochs::clock::time_point> meeting_epochs::next_deadline() const
{
    std::optional<clock::time_point> at = announce_at_;
    auto const earliest = [&](clock::time_point t)
    {
        if (!at || t < *at)
            at = t;
    };
    if (current_)
    {
        if (!announce_at_)
            earliest(current_->started + epoch_max_age);
        if (setup_pending())
            earliest(current_->started + epoch_setup_);
    }
    return at;
}

meeting_epochs::participant* meeting_epochs::find(epoch& e, protocol::id16 const& member) noexcept
{
    auto const at = std::lower_bound(e.participants.begin(), e.participants.end(), member,
                                     [](participant const& p, protocol::id16 const& id)
                                     { return p.member < id; });
    return at != e.participants.end() && at->member == member ? &*at : nullptr;
}

bool meeting_epochs::is_present(protocol::id16 const& member) const noexcept
{
    return contains(present_, member);
}

bool meeting_epochs::setup_pending() const noexcept
{
    return current_ && !current_->setup_expired &&
           std::any_of(current_->participants.begin(), current_->participants.end(),
                       [&](participant const& p)
                       { return !(p.ekey_sent && p.skd_sent) && is_present(p.member); });
}

void meeting_epochs::trigger(clock::time_point at)
{
    if (!announce_at_)
        announce_at_ = at + coalescing_window;
}

} // namespace sirkel
