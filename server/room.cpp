#include "room.hpp"

#include "metrics.hpp"
#include "websocket_session.hpp"

#include "sirkel/protocol/server_frames.hpp"

#include <algorithm>

namespace sirkel
{

room::room(protocol::id16 const& session, metrics& stats) : session_(session), stats_(stats)
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
}

void room::leave(websocket_session& leaver)
{
    auto const found = std::find(present_.begin(), present_.end(), &leaver);
    if (found == present_.end())
        return;
    present_.erase(found);
    --stats_.participants_present;
    broadcast(
        std::make_shared<std::string const>(protocol::make_presence_frame(leaver.member(), false)),
        nullptr);
}

void room::relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame)
{
    ++stats_.messages_relayed;
    broadcast(frame, &sender);
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
