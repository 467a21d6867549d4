// The facilitator's role against the real binary (PSG1.md §3.1, §3.4; PROTOCOL.md §8.1, §8.2):
// the server counts the meetings a group opens, in its database, so a facilitator's term of
// fac_term meetings ends at the opening of the last and stays ended across a restart; the role
// moves by decision (a handover, a step-down, ending it), and a frame changes only with the
// approvals its policy asks for, each signed by its member's key.
#include "admitted_group.hpp"
#include "meeting_members.hpp"
#include "participant_frames.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

using std::chrono::milliseconds;
using ids = std::vector<protocol::id16>;

/// Long enough for frames already sent to arrive; nothing in these tests waits on a timer.
constexpr milliseconds settle_period{100};

std::string b64(protocol::id16 const& id)
{
    return protocol::base64url_encode(id);
}

/// Every member handles what has come so far and forgets the frames it did not act on, so that
/// the next frame a test reads is one that followed its own action.
void settle(meeting_members& g)
{
    for (auto* p : g.participants())
    {
        p->pump_for(settle_period);
        p->other_frames().clear();
    }
}

/// The next meeting_state at p whose "open" is open, skipping those before it.
boost::json::object state_with_open(psg1_participant& p, bool open)
{
    for (;;)
    {
        auto state = next_of(p, "meeting_state");
        if (auto const* value = state.if_contains("open");
            value && value->is_bool() && value->as_bool() == open)
            return state;
    }
}

/// The next floor frame at p with cause. @throws std::runtime_error if none comes.
boost::json::object await_floor(psg1_participant& p, std::string_view cause)
{
    for (;;)
    {
        auto floor = next_of(p, "floor");
        if (field_string(floor, "cause") == cause)
            return floor;
    }
}

/// members[i]'s join, which must be refused: its code.
std::string join_refusal(meeting_members& g, std::size_t i)
{
    g.client(i).send_text(R"({"t":"join"})");
    return refusal_code(g[i], "join");
}

/** members[i] opens a meeting by joining it, which it must be allowed to, and ends it. The
    term_over of the meeting_state that told observer of the opening.
*/
ids open_and_end(meeting_members& g, std::size_t i, std::size_t observer)
{
    settle(g);
    g[i].join();
    auto const opened = state_with_open(g[observer], true);
    g.client(i).send_text(R"({"t":"meeting_end"})");
    (void)await_floor(g[i], "meeting_ended");
    (void)state_with_open(g[observer], false);
    return term_over_of(opened);
}

void propose(meeting_members& g, std::size_t by, protocol::roster const& next)
{
    g.client(by).send_text(make_roster_propose_frame(next, g.members.at(by).identity));
}

/// members[i] approves the open proposal next, once it has heard of it.
void approve(meeting_members& g, std::size_t i, protocol::roster const& next)
{
    (void)next_of(g[i], "proposal");
    g.client(i).send_text(make_approve_frame(next, g.members.at(i).identity));
}

/// Every member holds version v, verified and adopted from the server's roster frame.
void await_version(meeting_members& g, std::uint64_t v)
{
    for (auto* p : g.participants())
    {
        INFO("version " << v);
        REQUIRE(p->pump_until([&] { return p->roster().version() == v; }));
    }
}

/// A decision of all members: by proposes next, the others approve, and it commits.
void decide(meeting_members& g, std::size_t by, protocol::roster const& next)
{
    propose(g, by, next);
    for (std::size_t i = 0; i < g.members.size(); ++i)
        if (i != by)
            approve(g, i, next);
    await_version(g, next.version());
}

/// members[i] opens a meeting and chairs it.
void opens_and_chairs(meeting_members& g, std::size_t i)
{
    g[i].join();
    CHECK(field_string(next_of(g[i], "floor"), "chair") == b64(g.id(i)));
}

} // namespace

TEST_CASE("facilitator role: a term of 2 ends at the 2nd opening, holds after a restart, and "
          "then any member opens")
{
    server_process server;
    meeting_members g(server, 3);
    for (auto const& m : g.members)
        CHECK(term_over_of(m.after_authed).empty());
    auto frame = g.roster.frame();
    REQUIRE(frame.opening == 0);
    frame.fac_term = 2;
    decide(g, 0, with_change(g.roster, frame));

    // opening 0: while the facilitator's term runs, a member cannot open.
    settle(g);
    CHECK(join_refusal(g, 1) == "no_meeting");
    CHECK(open_and_end(g, 0, 1).empty());
    CHECK(join_refusal(g, 1) == "no_meeting");
    // Counting is at the opening: the 2nd meeting is the facilitator's last.
    CHECK(open_and_end(g, 0, 1) == ids{g.id(0)});

    // The count is the database's: a restart on the same file keeps the term over.
    CHECK(server.stop() == 0);
    server.start();
    g.reconnect(server);
    for (auto const& m : g.members)
        CHECK(term_over_of(m.after_authed) == ids{g.id(0)});

    // Nobody has facilitator rights left, so any member opens and chairs.
    opens_and_chairs(g, 1);
}

TEST_CASE("facilitator role: a handover moves the right, and the new term counts from it")
{
    server_process server;
    meeting_members g(server, 3);
    auto frame = g.roster.frame();
    frame.fac_term = 2;
    auto const termed = with_change(g.roster, frame);
    decide(g, 0, termed);
    (void)open_and_end(g, 0, 2);
    REQUIRE(open_and_end(g, 0, 2) == ids{g.id(0)});

    // A (role 1 -> 0) hands over to B (0 -> 1), approved by all (admission 0).
    settle(g);
    auto const handover = with_change(termed, frame, {{g.id(0), 0}, {g.id(1), 1}});
    decide(g, 0, handover);
    // A commit that changes roles tells every member; B's term has not run, A has none.
    CHECK(term_over_of(next_of(g[2], "meeting_state")).empty());

    CHECK(join_refusal(g, 0) == "no_meeting");
    CHECK(join_refusal(g, 2) == "no_meeting");
    CHECK(open_and_end(g, 1, 2).empty());
    CHECK(open_and_end(g, 1, 2) == ids{g.id(1)});
}

TEST_CASE("facilitator role: a step-down needs only the holder and commits at once")
{
    server_process server;
    meeting_members g(server, 3);
    auto const step_down = with_change(g.roster, g.roster.frame(), {{g.id(0), 0}});

    // Proposed by another, the same change is an ordinary CHANGE: one approval is not enough.
    propose(g, 1, step_down);
    auto const open = next_of(g[0], "proposal");
    CHECK(open.at("approvals").as_array().size() == 1);
    g[0].pump_for(settle_period);
    CHECK(g[0].roster().version() == g.roster.version());
    CHECK(join_refusal(g, 2) == "no_meeting");

    // The holder's own approval is all a step-down needs.
    g.client(0).send_text(make_approve_frame(step_down, g.members[0].identity));
    await_version(g, step_down.version());
    CHECK(term_over_of(next_of(g[2], "meeting_state")).empty());

    // No member holds role 1 now: any member opens.
    opens_and_chairs(g, 2);
}

TEST_CASE("facilitator role: ending the role by decision makes the group self-run")
{
    server_process server;
    meeting_members g(server, 3);
    auto frame = g.roster.frame();
    frame.opening = 1;
    auto const self_run = with_change(g.roster, frame, {{g.id(0), 0}});

    propose(g, 0, self_run);
    approve(g, 1, self_run);
    // Two of three under admission 0: not committed, and the facilitator still rules.
    (void)next_of(g[2], "proposal");
    auto const second = next_of(g[2], "proposal");
    CHECK(second.at("approvals").as_array().size() == 2);
    CHECK(g[2].roster().version() == g.roster.version());
    CHECK(join_refusal(g, 2) == "no_meeting");

    g.client(2).send_text(make_approve_frame(self_run, g.members[2].identity));
    await_version(g, self_run.version());
    opens_and_chairs(g, 2);
}

TEST_CASE("facilitator role: a frame change commits with every approval, not one fewer, and a "
          "forged approval is refused")
{
    server_process server;
    meeting_members g(server, 3);
    REQUIRE(g.roster.frame().admission == 0);
    REQUIRE(g.roster.frame().turn_s == 0);

    // A meeting runs throughout: a round without its own time takes the frame's.
    g[0].join();
    g.client(0).send_text(R"({"t":"floor_round","kind":"other","after":"open"})");
    CHECK(await_floor(g[0], "round_started").at("turn_s").as_int64() == 0);

    auto frame = g.roster.frame();
    frame.turn_s = 60;
    auto const timed = with_change(g.roster, frame);
    propose(g, 0, timed);
    approve(g, 1, timed);
    (void)next_of(g[2], "proposal");
    auto const second = next_of(g[2], "proposal");
    CHECK(second.at("approvals").as_array().size() == 2);
    CHECK(g[2].roster().version() == g.roster.version());

    // C's approval signed with a key that is not C's.
    auto forger = g.members[2].identity;
    forger.sig_sk = device_identity::generate().sig_sk;
    g.client(2).send_text(make_approve_frame(timed, forger));
    CHECK(refusal_code(g[2], "approve") == "approval_invalid");
    g[2].pump_for(settle_period);
    CHECK(g[2].roster().version() == g.roster.version());

    g.client(2).send_text(make_approve_frame(timed, g.members[2].identity));
    await_version(g, timed.version());
    g.client(0).send_text(R"({"t":"floor_round","kind":"other","after":"open"})");
    CHECK(await_floor(g[0], "round_started").at("turn_s").as_int64() == 60);
}
