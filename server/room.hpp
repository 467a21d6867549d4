// A live meeting of one group: who is present, its key epochs (meeting_epochs), its floor
// (floor_machine) and the fan-out of their frames. Owned by the io thread; no locks. The room
// exists from its opening until it is ended or its last participant leaves, and keeps nothing of
// what passes through.
#pragma once

#include "floor_machine.hpp"
#include "meeting_epochs.hpp"
#include "net.hpp"

#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/error.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <chrono>
#include <memory>
#include <optional>
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
    /// A meeting of group with id session, under roster (the group's current version) and the
    /// policy its ledger gives, opened and chaired by chair (who may chair under policy: the
    /// caller checked).
    room(room_registry& registry, protocol::id16 const& group, protocol::id16 const& session,
         protocol::roster const& roster, floor_policy policy, protocol::id16 const& chair,
         std::chrono::milliseconds epoch_setup, rate_limit reaction_rate,
         net::any_io_executor const& executor, metrics& stats);
    ~room();
    room(room const&) = delete;
    room& operator=(room const&) = delete;

    /// The meeting (PSG1 session) id, fresh each time a meeting opens.
    [[nodiscard]] protocol::id16 const& session() const noexcept { return session_; }
    [[nodiscard]] bool empty() const noexcept { return present_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return present_.size(); }
    [[nodiscard]] meeting_epochs& epochs() noexcept { return epochs_; }
    /// The chair ended the meeting: the registry drops it.
    [[nodiscard]] bool ended() const noexcept { return floor_.mode() == floor_mode::ended; }

    /** Add a member's connection. The joiner gets "joined" with everyone present; the others
        get a presence frame. If the same member is already present on another connection
        (a reloaded page, a dropped network), that connection is replaced: the member stays
        present, the old connection is closed, and nobody sees a leave and a join. Either way
        a new epoch is due: the joining connection holds no key of the current one, and the
        joiner gets the floor. Refused (removed_from_meeting) for a member removed from it.
    */
    [[nodiscard]] std::optional<protocol::error> join(websocket_session& joiner);

    /// Remove a connection; the others get a presence frame and a new epoch is due. Nothing
    /// happens if it is absent.
    void leave(websocket_session& leaver);

    /// A roster version was committed (its non-members' connections are already closed); policy
    /// is who may chair under it.
    void roster_committed(protocol::roster const& roster, floor_policy policy);

    /** Queue one serialised frame (msg, ekey or skd) to every participant but the sender (no
        echo). The same buffer is shared by every recipient: no per-recipient copy or
        allocation.
    */
    void relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame);

    /// The floor's ruling on a msg of PSG1 kind k (1 text, 2 reaction, 3 control) from member
    /// (PROTOCOL.md §8.4). An allowed reaction or writing signal counts against its limit.
    [[nodiscard]] floor_machine::outcome rule_on_msg(protocol::id16 const& member,
                                                     std::uint8_t kind);

    /** A floor frame (PROTOCOL.md §8.5) from a participant. On a change everyone present gets
        the new floor; a removed member is then taken out of the meeting and a new epoch is due.
        After end_meeting, ended() holds and the caller has the registry drop the room.
    */
    [[nodiscard]] floor_machine::outcome control(websocket_session const& by,
                                                 protocol::floor_frame const& frame);

    /// The meeting ends: every participant's connection is told it is out of it (they had the
    /// ending floor). The registry destroys the room right after.
    void dismiss_all();
    /** Act on whatever is due by now: drop participants late with their keys (epoch_timeout),
        announce a due epoch, move the turn clock on, and set the timer for the next deadline.
        Never destroys the room; the caller closes it if it is empty.
    */
    void drive();

private:
    void broadcast(std::shared_ptr<std::string const> const& frame,
                   websocket_session const* except);
    /// Take a connection out and tell the others, the floor included; meeting_epochs is told
    /// by the caller.
    void remove(websocket_session& leaver);
    void announce(std::optional<floor_announcement> const& floor);
    [[nodiscard]] websocket_session* connection_of(protocol::id16 const& member) const;
    /// A deadline of meeting_epochs passed (the wait was neither cancelled nor outlived).
    void on_timer();

    room_registry& registry_;
    protocol::id16 group_;
    protocol::id16 session_;
    metrics& stats_;
    meeting_epochs epochs_;
    floor_machine floor_;
    net::steady_timer timer_;
    /// When timer_ is armed to expire; none when it is not waiting.
    std::optional<std::chrono::steady_clock::time_point> timer_deadline_;
    /// Expires with the room: a timer handler already queued when the room went checks it.
    std::shared_ptr<bool const> alive_ = std::make_shared<bool const>(true);
    std::vector<websocket_session*> present_;
};

} // namespace sirkel
