#include "room.hpp"

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
           protocol::roster const& roster, std::chrono::milliseconds epoch_setup,
           net::any_io_executor const& executor, metrics& stats)
    : registry_(registry), group_(group), session_(session), stats_(stats),
      epochs_(group, session, roster.version(), roster.hash(), member_ids(roster), epoch_setup),
      timer_(executor)
{
    ++stats_.meetings_open;
}

room::~room()
{
    --stats_.meetings_open;
    stats_.participants_present -= static_cast<std::int64_t>(present_.size());
}

void room::join(websocket_session& joiner)
{
    auto const same_member =
        std::find_if(present_.begin(), present_.end(),
                     [&](websocket_session const* s) { return s->member() == joiner.member(); });
    bool const replacing = same_member != present_.end();
    if (replacing)
    {
        auto* replaced = *same_member;
        *same_member = &joiner;
        replaced->evict_replaced();
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
    epochs_.participant_joined(joiner.member(), meeting_epochs::clock::now());
    drive();
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
}

void room::roster_committed(protocol::roster const& roster)
{
    epochs_.roster_committed(roster.version(), roster.hash(), member_ids(roster),
                             meeting_epochs::clock::now());
    drive();
}

void room::relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame)
{
    broadcast(frame, &sender);
}

void room::drive()
{
    auto const now = meeting_epochs::clock::now();
    for (auto const& late : epochs_.expire_setup(now))
    {
        auto const found =
            std::find_if(present_.begin(), present_.end(),
                         [&](websocket_session const* s) { return s->member() == late; });
        if (found == present_.end())
            continue;
        auto& connection = **found;
        remove(connection);
        connection.dropped_from_meeting(protocol::error::epoch_timeout);
    }
    if (auto const next = epochs_.announce_due(now))
    {
        ++stats_.epochs_announced;
        broadcast(std::make_shared<std::string const>(protocol::make_epoch_frame(
                      session_, next->ep, next->rv, next->rh, next->parts)),
                  nullptr);
    }
    timer_.cancel();
    if (auto const at = epochs_.next_deadline())
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
