// A live meeting of one group: who is present, and the fan-out of their frames. Owned by the
// io thread; no locks. The room exists only while someone is in it and keeps nothing of what
// passes through.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sirkel
{

class metrics;
class websocket_session;

class room
{
public:
    room(protocol::id16 const& session, metrics& stats);
    ~room();
    room(room const&) = delete;
    room& operator=(room const&) = delete;

    /// The meeting (PSG1 session) id, fresh each time a meeting opens.
    [[nodiscard]] protocol::id16 const& session() const noexcept { return session_; }
    [[nodiscard]] bool empty() const noexcept { return present_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return present_.size(); }

    /** Add a member's connection. The joiner gets "joined" with everyone present; the others
        get a presence frame. If the same member is already present on another connection
        (a reloaded page, a dropped network), that connection is replaced: the member stays
        present, the old connection is closed, and nobody sees a leave and a join.
    */
    void join(websocket_session& joiner);

    /// Remove a connection; the others get a presence frame. Nothing happens if it is absent.
    void leave(websocket_session& leaver);

    /** Queue one serialised frame to every participant but the sender (no echo). The same
        buffer is shared by every recipient: no per-recipient copy or allocation.
    */
    void relay(websocket_session const& sender, std::shared_ptr<std::string const> const& frame);

private:
    void broadcast(std::shared_ptr<std::string const> const& frame,
                   websocket_session const* except);

    protocol::id16 session_;
    metrics& stats_;
    std::vector<websocket_session*> present_;
};

} // namespace sirkel
