// A live meeting of one group: who is present, its key epochs (meeting_epochs) and the fan-out
// of their frames. Owned by the io thread; no locks. The room exists only while someone is in
// it and keeps nothing of what passes through.
#pragma once

#include "meeting_epochs.hpp"
#include "net.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sirkel
{

class metrics;
class room_registry;
class websocket_session;

class room
{
public:
    /// A meeting of group with id session, under roster (the group's current version).
    room(room_registry& registry, protocol::id16 const& group, protocol::id16 const& session,
         protocol::roster const& roster, std::chrono::milliseconds epoch_setup,
         net::any_io_executor const& executor, metrics& stats);
    ~room();
    room(room const&) = delete;
    room& operator=(room const&) = delete;

    /// The meeting (PSG1 session) id, fresh each time a meeting opens.
    [[nodiscard]] protocol::id16 const& session() const noexcept { return session_; }
    [[nodiscard]] bool empty() const noexcept { return present_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return present_.size(); }
    [[nodiscard]] meeting_epochs& epochs() noexcept { return epochs_; }

    /** Add a member's connection. The joiner gets "joined" with everyone present; the others
        get a presence frame. If the same member is already present on another connection
        (a reloaded page, a dropped network), that connection is replaced: the member stays
        present, the old connection is closed, and nobody sees a leave and a join. Either way
        a new epoch is due: the joining connection holds no key of the current one.
    */
    void join(websocket_session& joiner);

    /// Remove a connection; the others get a presence frame and a new epoch is due. Nothing
    /// happens if it is absent.
    void leave(websocket_session& leaver);

    /// A roster version was committed (its non-members' connections are already closed).
    void roster_committed(protocol::roster const& roster);

    /** Queue one serialised frame (msg, ekey or skd) to every participant but the sender (no
        echo). The same buffer is shared by every recipient: no per-recipient copy or
        allocation.
    */
    void relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame);

    /** Act on whatever is due by now: drop participants late with their keys (epoch_timeout),
        announce a due epoch, and set the timer for the next deadline. Never destroys the room;
        the caller closes it if it is empty.
    */
    void drive();

private:
    void broadcast(std::shared_ptr<std::string const> const& frame,
                   websocket_session const* except);
    /// Take a connection out and tell the others; meeting_epochs is told by the caller.
    void remove(websocket_session& leaver);
    /// A deadline of meeting_epochs passed (the wait was neither cancelled nor outlived).
    void on_timer();

    room_registry& registry_;
    protocol::id16 group_;
    protocol::id16 session_;
    metrics& stats_;
    meeting_epochs epochs_;
    net::steady_timer timer_;
    /// Expires with the room: a timer handler already queued when the room went checks it.
    std::shared_ptr<bool const> alive_ = std::make_shared<bool const>(true);
    std::vector<websocket_session*> present_;
};

} // namespace sirkel
