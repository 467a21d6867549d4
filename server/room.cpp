#include "room.hpp"

#include "floor_wire.hpp"
#include "metrics.hpp"
#include "room_registry.hpp"
#include "websocket_session.hpp"

#include "sirkel/protocol/error.hpp"
#include "sirkel/protocol/server_frames.hpp"

#include <algorithm>

namespace sirkel
{
namespace
{

std::vector<protocol::id16> member_ids(protocol::roster const& roster)
{
    std::vector<protocol::id16> ids;
    ids.reserve(roster.entries().size());
    for (auto const& e : roster.entries())
        ids.push_back(e.member_id);
    return ids;
}

} // namespace

room::room(room_registry& registry, protocol::id16 const& group, protocol::id16 const& session,
           protocol::roster const& roster, floor_policy policy, protocol::id16 const& chair,
           std::chrono::milliseconds epoch_setup, rate_limit reaction_rate,
           net::any_io_executor const& executor, metrics& stats)
    : registry_(registry), group_(group), session_(session), stats_(stats),
      epochs_(group, session, roster.version(), roster.hash(), member_ids(roster), epoch_setup),
      floor_(chair, std::move(policy), reaction_rate), timer_(executor)
{
    ++stats_.meetings_open;
}

room::~room()
{
    --stats_.meetings_open;
    stats_.participants_present -= static_cast<std::int64_t>(present_.size());
}

std::optional<protocol::error> room::join(websocket_session& joiner)
{
    auto const now = meeting_epochs::clock::now();
    auto* const same_member = connection_of(joiner.member());
    bool const replacing = same_member != nullptr;
    std::optional<floor_announcement> arrival;
    if (!replacing)
    {
        auto arrived = floor_.participant_arrived(joiner.member(), now);
        if (!arrived)
            return error_of(arrived.result);
        arrival = std::move(arrived.announcement);
    }
    if (replacing)
    {
        *std::find(present_.begin(), present_.end(), same_member) = &joiner;
        same_member->evict_replaced();
    }
    else
    {
        present_.push_back(&joiner);
        ++stats_.participants_present;
    }

    std::vector<protocol::id16> members;
    members.reserve(present_.size());
    for (auto const* participant : present_)
        members.push_back(participant->member());
    joiner.send(protocol::make_joined_frame(session_, members));
    if (!replacing)
        broadcast(std::make_shared<std::string const>(
                      protocol::make_presence_frame(joiner.member(), true)),
                  &joiner);
    // A late arrival in a round changes the order for all; otherwise only the joiner needs it.
    if (arrival)
        announce(arrival);
    else
        joiner.send(make_floor_frame(floor_.snapshot(now)));
    epochs_.participant_joined(joiner.member(), now);
    drive();
    return std::nullopt;
}

void room::leave(websocket_session& leaver)
{
    if (std::find(present_.begin(), present_.end(), &leaver) == present_.end())
        return;
    remove(leaver);
    epochs_.participant_left(leaver.member(), meeting_epochs::clock::now());
    drive();
}

void room::remove(websocket_session& leaver)
{
    present_.erase(std::find(present_.begin(), present_.end(), &leaver));
    --stats_.participants_present;
    broadcast(
        std::make_shared<std::string const>(protocol::make_presence_frame(leaver.member(), false)),
        nullptr);
    announce(floor_.participant_left(leaver.member(), meeting_epochs::clock::now()));
}

void room::announce(std::optional<floor_announcement> const& floor)
{
    if (!floor)
        return;
    ++stats_.floor_changes;
    broadcast(std::make_shared<std::string const>(make_floor_frame(*floor)), nullptr);
}

websocket_session* room::connection_of(protocol::id16 const& member) const
{
    auto const found =
        std::find_if(present_.begin(), present_.end(),
                     [&](websocket_session const* s) { return s->member() == member; });
    return found == present_.end() ? nullptr : *found;
}

void room::roster_committed(protocol::roster const& roster, floor_policy policy)
{
    floor_.policy_changed(std::move(policy));
    epochs_.roster_committed(roster.version(), roster.hash(), member_ids(roster),
                             meeting_epochs::clock::now());
    drive();
}

void room::relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame)
{
    broadcast(frame, &sender);
}

floor_machine::outcome room::rule_on_msg(protocol::id16 const& member, std::uint8_t kind)
{
    auto const now = floor_machine::clock::now();
    switch (kind)
    {
    case 1:
        return floor_.may_send_text(member, now);
    case 2:
        return floor_.may_react(member, now);
    default: // 3, the only other kind the parser lets through
        return floor_.may_signal_writing(member, now);
    }
}

floor_machine::outcome room::control(websocket_session const& by,
                                     protocol::floor_frame const& frame)
{
    using action = protocol::floor_action;
    auto const now = floor_machine::clock::now();
    auto const& member = by.member();
    auto outcome = [&]
    {
        switch (frame.action)
        {
        case action::start_round:
            return floor_.start_round(
                member, frame.kind,
                frame.turn_s ? std::optional<std::chrono::seconds>(*frame.turn_s) : std::nullopt,
                frame.after, now);
        case action::next_speaker:
            return floor_.next_speaker(member, frame.member, now);
        case action::open_floor:
            return floor_.open_floor(member, now);
        case action::set_hands:
            return floor_.set_hands(member, frame.on, now);
        case action::grant:
            return floor_.grant(member, frame.member, now);
        case action::start_break:
            return floor_.start_break(member, now);
        case action::remove:
            return floor_.remove(member, frame.member, now);
        case action::hand_over:
            return floor_.hand_over(member, frame.member, now);
        case action::take_chair:
            return floor_.take_chair(member, now);
        case action::end_meeting:
            return floor_.end_meeting(member, now);
        case action::raise_hand:
            return floor_.raise_hand(member, now);
        case action::lower_hand:
            return floor_.lower_hand(member, now);
        case action::done:
            return floor_.done(member, now);
        case action::pass:
            return floor_.pass(member, now);
        case action::yield:
            return floor_.yield(member, now);
        }
        return floor_machine::outcome{floor_machine::verdict::not_chair, {}, {}};
    }();
    if (!outcome)
        return outcome;
    announce(outcome.announcement);
    if (frame.action == action::remove)
        if (auto* removed = connection_of(frame.member))
        {
            // Out of the meeting and, with the next epoch, out of its keys (PSG1.md §5.4).
            remove(*removed);
            epochs_.participant_removed(frame.member, now);
            removed->dropped_from_meeting(protocol::error::removed_from_meeting);
        }
    if (!ended())
        drive();
    return outcome;
}

void room::dismiss_all()
{
    timer_.cancel();
    timer_deadline_.reset();
    for (auto* participant : present_)
        participant->meeting_ended();
}

void room::drive()
{
    auto const now = meeting_epochs::clock::now();
    for (auto const& late : epochs_.expire_setup(now))
    {
        auto* const connection = connection_of(late);
        if (connection == nullptr)
            continue;
        remove(*connection);
        connection->dropped_from_meeting(protocol::error::epoch_timeout);
    }
    announce(floor_.advance(now));
    if (auto const next = epochs_.announce_due(now))
    {
        ++stats_.epochs_announced;
        broadcast(std::make_shared<std::string const>(protocol::make_epoch_frame(
                      session_, next->ep, next->rv, next->rh, next->parts)),
                  nullptr);
    }
    // The sooner of the key setup's deadline and the turn clock's.
    auto at = epochs_.next_deadline();
    if (auto const turn = floor_.next_deadline(); turn && (!at || *turn < *at))
        at = turn;
    // Most calls (a msg) leave the deadline as it was: re-arming the timer for it would cost a
    // cancellation and a new wait per message.
    if (at == timer_deadline_)
        return;
    timer_deadline_ = at;
    timer_.cancel();
    if (at)
    {
        timer_.expires_at(*at);
        timer_.async_wait(
            [this, alive = std::weak_ptr<bool const>(alive_)](error_code ec)
            {
                if (ec != net::error::operation_aborted && !alive.expired())
                    on_timer();
            });
    }
}

void room::on_timer()
{
    // The wait is over: drive() arms the next one even when the deadline reads the same.
    timer_deadline_.reset();
    drive();
    // Everyone may have timed out; the registry then drops this room, its last use of it.
    registry_.close_if_empty(group_);
}

void room::broadcast(std::shared_ptr<std::string const> const& frame,
                     websocket_session const* except)
{
    // send() only queues, and a connection cut off for overflow leaves the room later (posted),
    // so present_ does not change under this loop.
    for (auto* participant : present_)
    {
        if (participant == except)
            continue;
        participant->send(frame);
        ++stats_.deliveries;
        stats_.bytes_delivered += frame->size();
    }
}

} // namespace sirkel
