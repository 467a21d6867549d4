// The members of one group on fresh connections, each with its PSG1 participant, before anyone
// has joined a meeting: the starting point of the tests of meetings and their floor
// (PROTOCOL.md §8), where who may chair and who arrives when matter.
#pragma once

#include "psg1_participant.hpp"
#include "server_process.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sirkel::test
{

struct meeting_members
{
    struct member
    {
        device_identity identity = device_identity::generate();
        std::unique_ptr<test_client> client;
        std::unique_ptr<psg1_participant> participant;
        /// The meeting_state that came right after authed on client (PROTOCOL.md §8.2).
        boost::json::object after_authed;
    };

    /** Start server with a group (start_with_group with serve_args), found it as members[0],
        the facilitator (role 1; the group frame's opening is 0, so only they may chair), and
        admit count - 1 more of role 0 (PSG1.md §4). Then each member connects anew and
        authenticates, and its PSG1 participant is made over that connection; the admission
        connections are closed. Nobody has joined a meeting.
        @throws std::runtime_error if any step is answered otherwise.
    */
    meeting_members(server_process& server, std::size_t count,
                    std::vector<std::string> const& serve_args = {});
    /// The same with group, which the admin has made on the running server (one made for an
    /// instance behind nginx, say), and the default size cap.
    meeting_members(server_process const& server, protocol::id16 const& group, std::size_t count);

    /** Every member connects anew to server (after a restart, say) and authenticates, and its
        PSG1 participant is made over that connection with the roster its last one held; the
        old connections are closed. @throws std::runtime_error unless each auth is answered
        with authed.
    */
    void reconnect(server_process const& server);
    /// The same through address: a reverse proxy in front of the server, say.
    void reconnect(server_address const& address);

    /** What a member's client does when its server goes away (a crash or restart): each
        member's participant reads until its connection ends, then connects to address and
        authenticates again and again, a moment apart, until it is back or timeout has passed;
        its new participant holds the roster its last one did.
        @throws std::runtime_error if a connection does not end, or a member is not back in time.
    */
    void reconnect_when_back(server_address const& address, std::chrono::milliseconds timeout);

    /// Every member joins, in order (so the facilitator's join opens the meeting); the meeting
    /// id. @throws std::runtime_error unless every join is answered with joined.
    protocol::id16 join_all();
    /// Pump everyone until all hold the keys of one epoch of all of them, then ep is that epoch.
    /// @throws std::runtime_error if they do not within default_timeout.
    void await_ready();

    [[nodiscard]] psg1_participant& operator[](std::size_t index)
    {
        return *members.at(index).participant;
    }
    [[nodiscard]] test_client& client(std::size_t index) { return *members.at(index).client; }
    [[nodiscard]] protocol::id16 const& id(std::size_t index) const
    {
        return members.at(index).identity.member;
    }
    /// Every member's participant, in order.
    [[nodiscard]] std::vector<psg1_participant*> participants();

    protocol::id16 group{};
    protocol::roster roster;
    std::vector<member> members;
    protocol::id16 ses{}; ///< the meeting join_all joined
    std::uint32_t ep = 0; ///< the epoch await_ready found everyone ready in
};

} // namespace sirkel::test
