#include "floor_machine.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <vector>

using namespace std::chrono_literals;
using sirkel::after_round;
using sirkel::floor_announcement;
using sirkel::floor_cause;
using sirkel::floor_machine;
using sirkel::floor_mode;
using sirkel::floor_policy;
using sirkel::floor_turn;
using sirkel::round_kind;
using sirkel::turn_state;
using sirkel::protocol::id16;
using verdict = floor_machine::verdict;
using clock_type = floor_machine::clock;

namespace
{

id16 id_of(std::uint8_t b)
{
    id16 id{};
    id.fill(b);
    return id;
}

// A chairs as the group's facilitator; G is a second facilitator, not present at first.
id16 const A = id_of(0x41), B = id_of(0x42), C = id_of(0x43), D = id_of(0x44), E = id_of(0x45),
           F = id_of(0x46), G = id_of(0x47);

clock_type::time_point const t0 = clock_type::time_point{} + 1h;

floor_policy policy(bool self_run, std::chrono::seconds default_turn = 0s)
{
    floor_policy p;
    p.facilitators = {A, G};
    p.any_member_leads = self_run;
    p.default_turn_length = default_turn;
    return p;
}

// A meeting chaired by A, with `who` arrived at t0 in that order.
// The server's default: five reactions at once, then one every 2 s.
constexpr sirkel::rate_limit reactions{5, 2s};

floor_machine meeting_of(std::vector<id16> const& who, floor_policy p = policy(false))
{
    floor_machine m(A, std::move(p), reactions);
    for (auto const& member : who)
        REQUIRE(m.participant_arrived(member, t0));
    return m;
}

floor_announcement announced(floor_machine::outcome const& o)
{
    REQUIRE(o.result == verdict::ok);
    REQUIRE(o.announcement);
    return *o.announcement;
}

floor_turn turn(id16 const& member, turn_state state)
{
    return {member, state};
}

floor_announcement start_round(floor_machine& m, std::chrono::seconds turn_length = 0s,
                               after_round after = after_round::open)
{
    return announced(m.start_round(A, round_kind::opening, turn_length, after, t0));
}

} // namespace

TEST_CASE("a new meeting has an open floor where anyone present may write")
{
    auto m = meeting_of({A, B, C});
    auto const now = m.snapshot(t0);
    CHECK(now.version == 0);
    CHECK(now.cause == floor_cause::snapshot);
    CHECK(now.mode == floor_mode::open);
    CHECK(now.chair == A);
    CHECK_FALSE(now.speaker);
    CHECK_FALSE(now.hands_on);
    CHECK(m.may_send_text(B, t0).result == verdict::ok);
    // D has not arrived.
    CHECK(m.may_send_text(D, t0).result == verdict::not_present);
    // Arriving in open mode changes no floor; arriving twice (a replaced connection) neither.
    auto const arrival = m.participant_arrived(D, t0);
    CHECK(arrival.result == verdict::ok);
    CHECK_FALSE(arrival.announcement);
    CHECK_FALSE(m.participant_arrived(D, t0).announcement);
    CHECK(m.version() == 0);
}

TEST_CASE("only the chair controls the floor; refusals change nothing")
{
    auto m = meeting_of({A, B, C});
    CHECK(m.start_round(B, round_kind::opening, 0s, after_round::open, t0).result ==
          verdict::not_chair);
    CHECK(m.open_floor(B, t0).result == verdict::not_chair);
    CHECK(m.set_hands(B, true, t0).result == verdict::not_chair);
    CHECK(m.grant(B, C, t0).result == verdict::not_chair);
    CHECK(m.start_break(B, t0).result == verdict::not_chair);
    CHECK(m.end_meeting(B, t0).result == verdict::not_chair);
    CHECK(m.remove(B, C, t0).result == verdict::not_chair);
    CHECK(m.hand_over(B, C, t0).result == verdict::not_chair);
    // Someone not in the meeting is refused before the chair is asked about.
    CHECK(m.start_break(D, t0).result == verdict::not_present);
    CHECK(m.version() == 0);
    CHECK(m.mode() == floor_mode::open);

    // The chair may do each.
    CHECK(announced(m.start_break(A, t0)).version == 1);
    CHECK(announced(m.open_floor(A, t0)).version == 2);
    CHECK(announced(m.set_hands(A, true, t0)).version == 3);
    CHECK(m.next_speaker(B, A, t0).result == verdict::not_chair);
    start_round(m);
    CHECK(announced(m.next_speaker(A, A, t0)).version == 5);
}

TEST_CASE("a round walks the present in order of arrival; only the speaker writes")
{
    auto m = meeting_of({A, B, C, D});
    auto const started = start_round(m);
    CHECK(started.version == 1);
    CHECK(started.cause == floor_cause::round_started);
    CHECK(started.mode == floor_mode::round);
    CHECK(started.kind == round_kind::opening);
    CHECK(started.speaker == A);
    CHECK(started.order ==
          std::vector<floor_turn>{turn(A, turn_state::speaking), turn(B, turn_state::waiting),
                                  turn(C, turn_state::waiting), turn(D, turn_state::waiting)});
    CHECK(started.turn_length == 0s);
    CHECK_FALSE(started.remaining);
    CHECK_FALSE(m.next_deadline());

    CHECK(m.may_send_text(A, t0).result == verdict::ok);
    auto const out_of_turn = m.may_send_text(B, t0);
    CHECK(out_of_turn.result == verdict::not_your_turn);
    CHECK(out_of_turn.speaker == A);

    auto const a_done = announced(m.done(A, t0));
    CHECK(a_done.version == 2);
    CHECK(a_done.cause == floor_cause::turn_done);
    CHECK(a_done.subject == A);
    CHECK(a_done.speaker == B);
    CHECK(a_done.order[0] == turn(A, turn_state::done));
    CHECK(m.may_send_text(A, t0).result == verdict::not_your_turn);
    CHECK(m.may_send_text(B, t0).result == verdict::ok);

    SUBCASE("done and pass belong to the speaker")
    {
        auto const not_c = m.done(C, t0);
        CHECK(not_c.result == verdict::not_your_turn);
        CHECK(not_c.speaker == B);
        CHECK(m.pass(C, t0).result == verdict::not_your_turn);
        CHECK(m.version() == 2);
    }

    auto const b_passed = announced(m.pass(B, t0));
    CHECK(b_passed.cause == floor_cause::turn_passed);
    CHECK(b_passed.subject == B);
    CHECK(b_passed.speaker == C);
    CHECK(b_passed.order[1] == turn(B, turn_state::passed));

    REQUIRE(m.done(C, t0));
    auto const ended = announced(m.done(D, t0));
    CHECK(ended.version == 5);
    CHECK(ended.cause == floor_cause::turn_done);
    CHECK(ended.subject == D);
    CHECK(ended.mode == floor_mode::open);
    CHECK(ended.order.empty());
    CHECK_FALSE(ended.speaker);
    CHECK(m.may_send_text(B, t0).result == verdict::ok);
    CHECK(m.done(B, t0).result == verdict::no_round);
    CHECK(m.pass(B, t0).result == verdict::no_round);
}

TEST_CASE("after its last turn a round goes to the mode the chair chose")
{
    auto m = meeting_of({A, B});
    auto const started = start_round(m, 0s, after_round::on_break);
    CHECK(started.after == after_round::on_break);
    REQUIRE(m.pass(A, t0));
    auto const ended = announced(m.done(B, t0));
    CHECK(ended.mode == floor_mode::on_break);
    CHECK(m.may_send_text(B, t0).result == verdict::floor_break);
}

TEST_CASE("a timed turn: a warning before its end, then the next speaker")
{
    auto m = meeting_of({A, B, C});
    auto const started = start_round(m, 60s);
    CHECK(started.turn_length == 60s);
    CHECK(started.remaining == 60000ms);
    CHECK_FALSE(started.warning);
    // A quarter of a one-minute turn.
    CHECK(m.next_deadline() == t0 + 45s);

    CHECK_FALSE(m.advance(t0 + 44999ms));
    auto const warning = m.advance(t0 + 45s);
    REQUIRE(warning);
    CHECK(warning->cause == floor_cause::turn_warning);
    CHECK(warning->subject == A);
    CHECK(warning->warning);
    CHECK(warning->remaining == 15000ms);
    CHECK(warning->speaker == A);
    CHECK(warning->version == 2);
    // Warned once.
    CHECK_FALSE(m.advance(t0 + 50s));
    CHECK(m.next_deadline() == t0 + 60s);
    // Changes during the warning carry it too.
    CHECK(announced(m.set_hands(A, true, t0 + 51s)).warning);

    // The time is up before the room's timer fired: the speaker's text is refused already.
    CHECK(m.may_send_text(A, t0 + 59999ms).result == verdict::ok);
    auto const late_text = m.may_send_text(A, t0 + 60s);
    CHECK(late_text.result == verdict::turn_over);
    CHECK(late_text.speaker == A);

    auto const timed_out = m.advance(t0 + 60s);
    REQUIRE(timed_out);
    CHECK(timed_out->cause == floor_cause::turn_timed_out);
    CHECK(timed_out->subject == A);
    CHECK(timed_out->order[0] == turn(A, turn_state::timed_out));
    CHECK(timed_out->speaker == B);
    CHECK_FALSE(timed_out->warning);
    CHECK(timed_out->remaining == 60000ms);
    CHECK(m.next_deadline() == t0 + 105s);
    CHECK(m.may_send_text(B, t0 + 60s).result == verdict::ok);

    SUBCASE("a timer that fires late skips the stale warning")
    {
        auto const late = m.advance(t0 + 130s);
        REQUIRE(late);
        CHECK(late->cause == floor_cause::turn_timed_out);
        CHECK(late->subject == B);
        CHECK(late->speaker == C);
        CHECK(late->remaining == 60000ms);
    }
    SUBCASE("done within the time restarts the clock for the next")
    {
        auto const b_done = announced(m.done(B, t0 + 70s));
        CHECK(b_done.speaker == C);
        CHECK(m.next_deadline() == t0 + 70s + 45s);
        REQUIRE(m.done(C, t0 + 71s));
        // The round is over: no clock.
        CHECK_FALSE(m.next_deadline());
        CHECK_FALSE(m.advance(t0 + 200s));
    }
}

TEST_CASE("the warning comes a quarter before the end of a short turn, 30 s before a long one")
{
    CHECK(floor_machine::warning_lead(30s) == 7500ms);
    CHECK(floor_machine::warning_lead(119s) == 29750ms);
    CHECK(floor_machine::warning_lead(120s) == 30s);
    CHECK(floor_machine::warning_lead(3600s) == 30s);
}

TEST_CASE("a round without a time per turn takes the group's default; zero means none")
{
    auto m = meeting_of({A, B}, policy(false, 90s));
    auto const by_default =
        announced(m.start_round(A, round_kind::closing, std::nullopt, after_round::open, t0));
    CHECK(by_default.kind == round_kind::closing);
    CHECK(by_default.turn_length == 90s);
    // A quarter of 90 s: 22.5 s before the end.
    CHECK(m.next_deadline() == t0 + 67500ms);

    // Starting a round again replaces the one going on, with the chair's own time.
    auto const untimed =
        announced(m.start_round(A, round_kind::other, 0s, after_round::open, t0 + 1s));
    CHECK(untimed.kind == round_kind::other);
    CHECK(untimed.turn_length == 0s);
    CHECK(untimed.order[0] == turn(A, turn_state::speaking));
    CHECK_FALSE(m.next_deadline());
}

TEST_CASE("a speaker who disconnects mid-turn is skipped")
{
    auto m = meeting_of({A, B, C, D});
    start_round(m, 120s);
    REQUIRE(m.done(A, t0 + 10s));

    auto const left = m.participant_left(B, t0 + 20s);
    REQUIRE(left);
    CHECK(left->cause == floor_cause::speaker_left);
    CHECK(left->subject == B);
    CHECK(left->order[1] == turn(B, turn_state::skipped));
    CHECK(left->speaker == C);
    // The next speaker gets a whole turn.
    CHECK(left->remaining == 120000ms);
    CHECK(m.may_send_text(C, t0 + 20s).result == verdict::ok);

    SUBCASE("coming back during the round gives them a place at the end")
    {
        auto const back = announced(m.participant_arrived(B, t0 + 30s));
        CHECK(back.cause == floor_cause::late_arrival);
        CHECK(back.order.back() == turn(B, turn_state::waiting));
        REQUIRE(m.done(C, t0 + 31s));
        REQUIRE(m.done(D, t0 + 32s));
        CHECK(m.may_send_text(B, t0 + 32s).result == verdict::ok);
    }
    SUBCASE("a waiting participant absent when their turn comes is skipped too")
    {
        // D's leaving changes nothing yet: their place waits in case they come back.
        CHECK_FALSE(m.participant_left(D, t0 + 21s));
        auto const ended = announced(m.done(C, t0 + 22s));
        CHECK(ended.mode == floor_mode::open);
    }
    SUBCASE("a waiting participant who comes back in time keeps their place")
    {
        CHECK_FALSE(m.participant_left(D, t0 + 21s));
        auto const back = m.participant_arrived(D, t0 + 22s);
        CHECK(back.result == verdict::ok);
        CHECK_FALSE(back.announcement);
        CHECK(announced(m.done(C, t0 + 23s)).speaker == D);
    }
}

TEST_CASE("a late arrival during a round gets a place at the end; a second turn nobody")
{
    auto m = meeting_of({A, B, C});
    start_round(m);
    auto const late = announced(m.participant_arrived(E, t0 + 5s));
    CHECK(late.cause == floor_cause::late_arrival);
    CHECK(late.subject == E);
    CHECK(late.order ==
          std::vector<floor_turn>{turn(A, turn_state::speaking), turn(B, turn_state::waiting),
                                  turn(C, turn_state::waiting), turn(E, turn_state::waiting)});
    CHECK(m.may_send_text(E, t0 + 5s).result == verdict::not_your_turn);

    REQUIRE(m.done(A, t0 + 6s));
    // A has had their turn: leaving and coming back changes nothing.
    CHECK_FALSE(m.participant_left(A, t0 + 7s));
    auto const back = m.participant_arrived(A, t0 + 8s);
    CHECK(back.result == verdict::ok);
    CHECK_FALSE(back.announcement);

    REQUIRE(m.done(B, t0 + 9s));
    REQUIRE(m.pass(C, t0 + 10s));
    CHECK(m.may_send_text(E, t0 + 10s).result == verdict::ok);
    CHECK(announced(m.done(E, t0 + 11s)).mode == floor_mode::open);
}

TEST_CASE("a pass ends the turn at any moment of it")
{
    auto m = meeting_of({A, B, C});
    start_round(m, 60s);
    REQUIRE(m.done(A, t0));
    auto const passed = announced(m.pass(B, t0 + 1s));
    CHECK(passed.order[1] == turn(B, turn_state::passed));
    CHECK(passed.speaker == C);
    CHECK(m.next_deadline() == t0 + 1s + 45s);
    // Even after the time is up, before the timer fired.
    auto const late_pass = announced(m.pass(C, t0 + 70s));
    CHECK(late_pass.cause == floor_cause::turn_passed);
    CHECK(late_pass.mode == floor_mode::open);
}

TEST_CASE("next speaker ends the turn of the speaker the chair saw, and no other")
{
    auto m = meeting_of({A, B, C});
    CHECK(m.next_speaker(A, A, t0).result == verdict::no_round);
    start_round(m);
    REQUIRE(m.done(A, t0));
    // A second click: the chair still sees A speaking.
    auto const stale = m.next_speaker(A, A, t0);
    CHECK(stale.result == verdict::speaker_changed);
    CHECK(stale.speaker == B);
    auto const moved_on = announced(m.next_speaker(A, B, t0));
    CHECK(moved_on.cause == floor_cause::turn_moved_on);
    CHECK(moved_on.subject == B);
    CHECK(moved_on.order[1] == turn(B, turn_state::moved_on));
    CHECK(moved_on.speaker == C);
}

TEST_CASE("removal takes a member out of the meeting for good")
{
    auto m = meeting_of({A, B, C, D});
    CHECK(m.remove(B, C, t0).result == verdict::not_chair);
    CHECK(m.remove(A, A, t0).result == verdict::cannot_remove_self);
    CHECK(m.remove(A, E, t0).result == verdict::not_present);
    start_round(m, 60s);
    REQUIRE(m.done(A, t0));

    SUBCASE("the speaker: the turn goes on to the next")
    {
        auto const removed = announced(m.remove(A, B, t0 + 1s));
        CHECK(removed.cause == floor_cause::member_removed);
        CHECK(removed.subject == B);
        CHECK(removed.order[1] == turn(B, turn_state::removed));
        CHECK(removed.speaker == C);
        CHECK(removed.remaining == 60000ms);
    }
    SUBCASE("a waiting participant: their place is never reached")
    {
        auto const removed = announced(m.remove(A, C, t0 + 1s));
        CHECK(removed.order[2] == turn(C, turn_state::removed));
        CHECK(removed.speaker == B);
        CHECK(announced(m.done(B, t0 + 2s)).speaker == D);
        // The room's leave after cutting C off changes nothing more.
        CHECK_FALSE(m.participant_left(C, t0 + 2s));
    }
    SUBCASE("one with a raised hand: the hand comes down")
    {
        REQUIRE(m.set_hands(A, true, t0));
        REQUIRE(m.raise_hand(C, t0));
        REQUIRE(m.raise_hand(D, t0));
        auto const removed = announced(m.remove(A, C, t0 + 1s));
        CHECK(removed.queue == std::vector<id16>{D});
    }
}

TEST_CASE("a removed member cannot come back to this meeting")
{
    auto m = meeting_of({A, B, C});
    CHECK_FALSE(m.participant_left(B, t0));
    REQUIRE(m.participant_arrived(B, t0));
    REQUIRE(m.remove(A, B, t0));
    CHECK(m.participant_arrived(B, t0).result == verdict::removed_from_meeting);
    CHECK(m.may_send_text(B, t0).result == verdict::not_present);
    CHECK(m.may_react(B, t0).result == verdict::not_present);
    CHECK(m.remove(A, B, t0).result == verdict::not_present);
    // Others come and go as before.
    CHECK_FALSE(m.participant_left(C, t0));
    CHECK(m.participant_arrived(C, t0).result == verdict::ok);
}

TEST_CASE("the removed holder of the floor frees it")
{
    auto m = meeting_of({A, B, C});
    REQUIRE(m.set_hands(A, true, t0));
    REQUIRE(m.raise_hand(B, t0));
    REQUIRE(m.grant(A, B, t0));
    auto const removed = announced(m.remove(A, B, t0));
    CHECK_FALSE(removed.speaker);
    CHECK(m.may_send_text(C, t0).result == verdict::floor_not_granted);
}

TEST_CASE("a hand queue of five: order kept, granted first or out of order, lowered, yielded")
{
    auto m = meeting_of({A, B, C, D, E, F});
    CHECK(m.raise_hand(B, t0).result == verdict::hands_off);
    CHECK(m.grant(A, B, t0).result == verdict::hands_off);

    auto const on = announced(m.set_hands(A, true, t0));
    CHECK(on.cause == floor_cause::hands_on);
    CHECK(on.hands_on);
    CHECK(on.queue.empty());
    // With hands on, nobody writes before a grant.
    auto const ungranted = m.may_send_text(B, t0);
    CHECK(ungranted.result == verdict::floor_not_granted);
    CHECK_FALSE(ungranted.speaker);

    std::uint64_t version = on.version;
    for (auto const& member : {B, C, D, E, F})
    {
        auto const raised = announced(m.raise_hand(member, t0));
        CHECK(raised.cause == floor_cause::hand_raised);
        CHECK(raised.subject == member);
        CHECK(raised.version == ++version);
    }
    CHECK(m.snapshot(t0).queue == std::vector<id16>{B, C, D, E, F});
    CHECK(m.raise_hand(C, t0).result == verdict::hand_already_raised);
    // Switching hands on again keeps the queue.
    CHECK(announced(m.set_hands(A, true, t0)).queue == std::vector<id16>{B, C, D, E, F});

    auto const first = announced(m.grant(A, B, t0));
    CHECK(first.cause == floor_cause::floor_granted);
    CHECK(first.speaker == B);
    CHECK(first.queue == std::vector<id16>{C, D, E, F});
    CHECK(m.may_send_text(B, t0).result == verdict::ok);
    auto const c_waits = m.may_send_text(C, t0);
    CHECK(c_waits.result == verdict::floor_not_granted);
    CHECK(c_waits.speaker == B);
    CHECK(m.raise_hand(B, t0).result == verdict::holds_floor);

    CHECK(m.yield(C, t0).result == verdict::not_floor_holder);
    auto const yielded = announced(m.yield(B, t0));
    CHECK(yielded.cause == floor_cause::floor_yielded);
    CHECK_FALSE(yielded.speaker);
    CHECK(m.may_send_text(B, t0).result == verdict::floor_not_granted);

    auto const out_of_order = announced(m.grant(A, E, t0));
    CHECK(out_of_order.speaker == E);
    CHECK(out_of_order.queue == std::vector<id16>{C, D, F});

    auto const lowered = announced(m.lower_hand(D, t0));
    CHECK(lowered.cause == floor_cause::hand_lowered);
    CHECK(lowered.queue == std::vector<id16>{C, F});
    CHECK(m.lower_hand(D, t0).result == verdict::hand_not_raised);
    CHECK(m.grant(A, D, t0).result == verdict::hand_not_raised);

    // A grant while someone holds the floor moves it on.
    auto const moved = announced(m.grant(A, C, t0));
    CHECK(moved.speaker == C);
    CHECK(m.may_send_text(E, t0).result == verdict::floor_not_granted);

    SUBCASE("leaving lowers a hand and frees the floor")
    {
        auto const f_left = m.participant_left(F, t0);
        REQUIRE(f_left);
        CHECK(f_left->cause == floor_cause::participant_left);
        CHECK(f_left->queue.empty());
        auto const c_left = m.participant_left(C, t0);
        REQUIRE(c_left);
        CHECK_FALSE(c_left->speaker);
    }
    SUBCASE("hands off lowers every hand and frees the floor for all")
    {
        auto const off = announced(m.set_hands(A, false, t0));
        CHECK(off.cause == floor_cause::hands_off);
        CHECK_FALSE(off.hands_on);
        CHECK(off.queue.empty());
        CHECK_FALSE(off.speaker);
        CHECK(m.may_send_text(F, t0).result == verdict::ok);
    }
}

TEST_CASE("hands raised during a round or a break wait for the open floor")
{
    auto m = meeting_of({A, B, C});
    REQUIRE(m.set_hands(A, true, t0));
    start_round(m);
    REQUIRE(m.raise_hand(C, t0));
    CHECK(m.grant(A, C, t0).result == verdict::not_open_floor);
    // The round's speaker may raise a hand for afterwards, too.
    REQUIRE(m.raise_hand(A, t0));
    REQUIRE(m.start_break(A, t0));
    CHECK(m.grant(A, C, t0).result == verdict::not_open_floor);
    REQUIRE(m.raise_hand(B, t0));
    auto const opened = announced(m.open_floor(A, t0));
    CHECK(opened.cause == floor_cause::floor_opened);
    CHECK(opened.queue == std::vector<id16>{C, A, B});
    CHECK(announced(m.grant(A, C, t0)).speaker == C);
}

TEST_CASE("a break: no text nor writing signal; reactions and hands are allowed")
{
    auto m = meeting_of({A, B});
    CHECK(m.may_send_text(B, t0).result == verdict::ok);
    auto const on_break = announced(m.start_break(A, t0));
    CHECK(on_break.cause == floor_cause::break_started);
    CHECK(on_break.mode == floor_mode::on_break);
    CHECK(m.may_send_text(B, t0).result == verdict::floor_break);
    // The chair too.
    CHECK(m.may_send_text(A, t0).result == verdict::floor_break);
    CHECK(m.may_signal_writing(B, t0).result == verdict::floor_break);
    CHECK(m.may_react(B, t0).result == verdict::ok);
    REQUIRE(m.set_hands(A, true, t0));
    CHECK(m.raise_hand(B, t0).result == verdict::ok);
    REQUIRE(m.set_hands(A, false, t0));
    REQUIRE(m.open_floor(A, t0));
    CHECK(m.may_send_text(B, t0).result == verdict::ok);
}

TEST_CASE("reactions: five at once, then one every 2 s, per member, in every mode")
{
    auto m = meeting_of({A, B, C});
    for (std::uint32_t i = 0; i < reactions.burst; ++i)
        CHECK(m.may_react(B, t0).result == verdict::ok);
    CHECK(m.may_react(B, t0).result == verdict::rate_limited);
    // Another member's bucket is their own.
    CHECK(m.may_react(C, t0).result == verdict::ok);
    CHECK(m.may_react(B, t0 + 1999ms).result == verdict::rate_limited);
    CHECK(m.may_react(B, t0 + 2s).result == verdict::ok);
    CHECK(m.may_react(B, t0 + 2s).result == verdict::rate_limited);

    // In a round, for those who are not speaking: the quiet way to listen.
    start_round(m);
    CHECK(m.may_send_text(C, t0 + 3s).result == verdict::not_your_turn);
    CHECK(m.may_react(C, t0 + 3s).result == verdict::ok);
    // Refused or not, a reaction changes no floor.
    CHECK(m.version() == 1);
    // A full bucket again after 5 × 2 s of quiet.
    for (std::uint32_t i = 0; i < reactions.burst; ++i)
        CHECK(m.may_react(B, t0 + 12s).result == verdict::ok);
    CHECK(m.may_react(B, t0 + 12s).result == verdict::rate_limited);
    CHECK(m.may_react(D, t0 + 12s).result == verdict::not_present);
}

TEST_CASE("writing signals follow the floor, then their own limit")
{
    auto m = meeting_of({A, B});
    start_round(m);
    // B is not speaking: refused by the floor, and nothing spent.
    for (int i = 0; i < 10; ++i)
    {
        auto const refused = m.may_signal_writing(B, t0);
        CHECK(refused.result == verdict::not_your_turn);
        CHECK(refused.speaker == A);
    }
    REQUIRE(m.done(A, t0));
    for (std::uint32_t i = 0; i < floor_machine::writing_rate.burst; ++i)
        CHECK(m.may_signal_writing(B, t0).result == verdict::ok);
    CHECK(m.may_signal_writing(B, t0).result == verdict::rate_limited);
    CHECK(m.may_signal_writing(B, t0 + 2999ms).result == verdict::rate_limited);
    CHECK(m.may_signal_writing(B, t0 + 3s).result == verdict::ok);
    // The limits are apart: B's reactions are untouched.
    CHECK(m.may_react(B, t0 + 3s).result == verdict::ok);
}

TEST_CASE("the chair hands the meeting over to a member of a self-run group")
{
    auto m = meeting_of({A, B, C}, policy(true));
    CHECK(m.hand_over(B, C, t0).result == verdict::not_chair);
    CHECK(m.hand_over(A, D, t0).result == verdict::not_present);
    auto const handed = announced(m.hand_over(A, B, t0));
    CHECK(handed.cause == floor_cause::chair_handed_over);
    CHECK(handed.subject == B);
    CHECK(handed.chair == B);
    CHECK(m.chair() == B);
    // The facilitator has stepped back: the floor is B's to run.
    CHECK(m.start_round(A, round_kind::opening, 0s, after_round::open, t0).result ==
          verdict::not_chair);
    CHECK(announced(m.start_round(B, round_kind::opening, 0s, after_round::open, t0)).speaker == A);
}

TEST_CASE("in a group led by facilitators the chair goes only to a facilitator")
{
    auto m = meeting_of({A, B, G});
    CHECK(m.hand_over(A, B, t0).result == verdict::not_eligible_to_lead);
    CHECK(m.chair() == A);
    CHECK(announced(m.hand_over(A, G, t0)).chair == G);
}

TEST_CASE("a committed roster changes who may chair from then on, not the chair")
{
    auto m = meeting_of({A, B, C}, policy(false, 60s));
    CHECK(m.hand_over(A, B, t0).result == verdict::not_eligible_to_lead);
    // The group decided to run itself, and to take turns of two minutes.
    auto self_run = policy(true, 120s);
    self_run.facilitators.clear();
    m.policy_changed(self_run);
    CHECK(m.chair() == A);
    CHECK(m.version() == 0);
    CHECK(announced(m.start_round(A, round_kind::other, std::nullopt, after_round::open, t0))
              .turn_length == 120s);
    CHECK(announced(m.hand_over(A, B, t0)).chair == B);
}

TEST_CASE("a chair whose facilitator term ends keeps the chair, but may not take it back")
{
    // A opened this meeting, and the opening ended A's term (fac_term): G still has the right.
    auto m = meeting_of({A, B, G});
    m.policy_changed(
        floor_policy::of(sirkel::protocol::roster::build(
                             id_of(9), 1, {}, {}, {{A, 1, {}, {}}, {B, 0, {}, {}}, {G, 1, {}, {}}}),
                         std::vector<id16>{A}));
    CHECK(m.chair() == A);
    CHECK(announced(m.start_break(A, t0)).chair == A);
    CHECK(announced(m.hand_over(A, G, t0)).chair == G);
    CHECK(m.hand_over(G, A, t0).result == verdict::not_eligible_to_lead);
    CHECK_FALSE(m.participant_left(G, t0));
    CHECK(m.take_chair(A, t0).result == verdict::not_eligible_to_lead);
    CHECK(m.take_chair(B, t0).result == verdict::not_eligible_to_lead);
}

TEST_CASE("an absent chair's place can be taken by someone who may chair")
{
    SUBCASE("self-run: any member")
    {
        auto m = meeting_of({A, B, C}, policy(true));
        CHECK(m.take_chair(B, t0).result == verdict::chair_present);
        CHECK_FALSE(m.participant_left(A, t0));
        auto const taken = announced(m.take_chair(B, t0));
        CHECK(taken.cause == floor_cause::chair_taken);
        CHECK(taken.chair == B);
        // A comes back as a participant.
        REQUIRE(m.participant_arrived(A, t0));
        CHECK(m.start_break(A, t0).result == verdict::not_chair);
        CHECK(m.take_chair(A, t0).result == verdict::chair_present);
    }
    SUBCASE("led by facilitators: only a facilitator")
    {
        auto m = meeting_of({A, B, G});
        CHECK_FALSE(m.participant_left(A, t0));
        CHECK(m.take_chair(B, t0).result == verdict::not_eligible_to_lead);
        CHECK(m.take_chair(D, t0).result == verdict::not_present);
        CHECK(announced(m.take_chair(G, t0)).chair == G);
    }
}

TEST_CASE("ending the meeting ends every right")
{
    auto m = meeting_of({A, B, C});
    start_round(m, 60s);
    auto const ended = announced(m.end_meeting(A, t0));
    CHECK(ended.cause == floor_cause::meeting_ended);
    CHECK(ended.mode == floor_mode::ended);
    CHECK(ended.order.empty());
    CHECK_FALSE(ended.speaker);
    CHECK_FALSE(m.next_deadline());
    CHECK_FALSE(m.advance(t0 + 60s));
    CHECK(m.may_send_text(A, t0).result == verdict::meeting_ended);
    CHECK(m.may_react(B, t0).result == verdict::meeting_ended);
    CHECK(m.may_signal_writing(A, t0).result == verdict::meeting_ended);
    CHECK(m.raise_hand(B, t0).result == verdict::meeting_ended);
    CHECK(m.start_break(A, t0).result == verdict::meeting_ended);
    CHECK(m.participant_arrived(D, t0).result == verdict::meeting_ended);
    CHECK_FALSE(m.participant_left(B, t0));
    CHECK(m.version() == ended.version);
}
