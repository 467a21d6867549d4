// A real PSG1 member for the browser interop tests, over tests/support's test_client and
// psg1_participant: it founds a group from a facilitator invite (version 1), makes a real member
// invite whose info the browser opens, opens the browser's join request and approves it, meets
// and talks. The test drives it with JSON lines (README.md beside it): events on stdout,
// commands on stdin. Nothing it hears goes to stderr.
#pragma once

#include "admitted_group.hpp"
#include "command_reader.hpp"
#include "peer_options.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/roster.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace sirkel::interop
{

class interop_peer
{
public:
    explicit interop_peer(peer_options options);

    /** Found the group, print the member invite, then serve commands until quit, stdin's end
        or max_seconds. The exit status: 0 on quit or stdin's end, 1 if the connection closed,
        3 at max_seconds. @throws std::runtime_error if founding the group fails.
    */
    int run();

private:
    /// What the peer read in the browser's join request.
    struct joiner
    {
        test::device_identity keys; ///< public halves only
        std::string name;
        bool readable = false;
    };

    void found_group();
    /// invite_create for invite, sealing jk to every member of roster_; waits for the server's
    /// invite frame. Returns the link.
    std::string create_invite(test::member_invite const& invite);
    /// A second person asks on a new connection with a fresh member invite: a real request,
    /// sealed to every member (the browser too), for a decision of more than one member.
    void ask_as_newcomer(std::string const& name);
    void on_frame(boost::json::object const& frame);
    void on_request(boost::json::object const& frame);
    void on_roster(boost::json::object const& frame);
    /// false once the test said quit.
    bool on_command(std::string const& line);
    void approve();
    void say(std::string const& text);
    void report_meeting();
    void emit(boost::json::object event);
    void emit_error(std::string const& what);

    peer_options options_;
    protocol::id16 group_{};
    test::device_identity identity_ = test::device_identity::generate();
    std::unique_ptr<test::test_client> client_;
    protocol::roster roster_;
    std::unique_ptr<test::psg1_participant> participant_;
    test::member_invite invite_;
    std::unique_ptr<test::test_client> newcomer_; ///< a pending joiner's connection, kept open
    std::optional<joiner> joiner_;
    std::optional<protocol::roster> proposed_;
    command_reader commands_;
    std::uint32_t reported_ep_ = 0;
    std::size_t reported_refusals_ = 0;
    protocol::psg1_error reported_epoch_check_ = protocol::psg1_error::ok;
};

} // namespace sirkel::interop
