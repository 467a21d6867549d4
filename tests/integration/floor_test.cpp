// PROTOCOL.md §8 against the real binary: a meeting is opened by one who may chair and ended for
// everyone; its floor is the same on every connection; a msg the floor does not allow is refused
// with the rule's code and reaches nobody, while quiet reactions go through in every mode within
// their limit; the chair's controls are the chair's alone; a removed member is keyed out; and
// every member hears the meeting state and who cannot come.
#include "meeting_members.hpp"
#include "participant_frames.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

using std::chrono::milliseconds;

std::string b64(protocol::id16 const& id)
{
    return protocol::base64url_encode(id);
}

std::optional<bool> bool_of(boost::json::object const& frame, std::string_view key)
{
    auto const* value = frame.if_contains(key);
    if (value == nullptr || !value->is_bool())
        return std::nullopt;
    return value->as_bool();
}

std::optional<std::int64_t> int_of(boost::json::object const& frame, std::string_view key)
{
    auto const* value = frame.if_contains(key);
    if (value == nullptr || !value->is_int64())
        return std::nullopt;
    return value->as_int64();
}

/// The strings of the array frame[key]; a non-string element shows as "?".
std::vector<std::string> strings_of(boost::json::object const& frame, std::string_view key)
{
    std::vector<std::string> out;
    if (auto const* value = frame.if_contains(key); value != nullptr && value->is_array())
        for (auto const& element : value->as_array())
            out.emplace_back(element.is_string() ? std::string(element.as_string()) : "?");
    return out;
}

/// A round's order as (member, state) pairs.
std::vector<std::pair<std::string, std::string>> order_of(boost::json::object const& floor)
{
    std::vector<std::pair<std::string, std::string>> out;
    if (auto const* order = floor.if_contains("order"); order != nullptr && order->is_array())
        for (auto const& place : order->as_array())
            if (place.is_object())
                out.emplace_back(field_string(place.as_object(), "m"),
                                 field_string(place.as_object(), "s"));
    return out;
}

/** The next floor frame at p with cause (and subject, if given), skipping the floor frames
    before it. @throws std::runtime_error if none comes within default_timeout.
*/
boost::json::object await_floor(psg1_participant& p, std::string_view cause,
                                std::optional<protocol::id16> const& subject = std::nullopt)
{
    auto const until = std::chrono::steady_clock::now() + default_timeout;
    for (;;)
    {
        auto const left = std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(
                                                        until - std::chrono::steady_clock::now()));
        auto frame = p.next_frame("floor", left);
        if (!frame)
            throw std::runtime_error("no floor frame with cause " + std::string(cause) + " came");
        if (field_string(*frame, "cause") == cause &&
            (!subject || field_string(*frame, "subject") == b64(*subject)))
            return std::move(*frame);
    }
}

/// The same floor change at every one of m's participants: the frames, all of one fv.
std::vector<boost::json::object>
await_floor_everywhere(meeting_members& m, std::string_view cause,
                       std::optional<protocol::id16> const& subject = std::nullopt)
{
    std::vector<boost::json::object> frames;
    for (auto* p : m.participants())
        frames.push_back(await_floor(*p, cause, subject));
    for (auto const& frame : frames)
    {
        INFO(boost::json::serialize(frame));
        CHECK(int_of(frame, "fv") == int_of(frames.front(), "fv"));
    }
    return frames;
}

/// Pump every one of others for quiet_period in all, taking turns, then whether none of them
/// received a msg: what the server refused must reach nobody.
bool none_received(std::vector<psg1_participant*> const& others)
{
    constexpr milliseconds slice{20};
    auto const until = std::chrono::steady_clock::now() + quiet_period;
    while (std::chrono::steady_clock::now() < until)
        for (auto* p : others)
            p->pump_for(slice);
    return std::none_of(others.begin(), others.end(),
                        [](psg1_participant* p)
                        { return p->next_text(milliseconds{0}).has_value(); });
}

/// Check that each of others received sent next, exactly as sent, and return what they read.
std::vector<psg1_participant::received_text>
check_delivered(std::vector<psg1_participant*> const& others, std::string const& sent)
{
    std::vector<psg1_participant::received_text> out;
    for (auto* p : others)
    {
        auto got = p->next_text();
        REQUIRE(got);
        CHECK(got->frame == sent);
        CHECK(got->code == protocol::psg1_error::ok);
        out.push_back(std::move(*got));
    }
    return out;
}

void send_round(test_client& client, std::string_view kind, std::string_view after)
{
    client.send_text(R"({"t":"floor_round","kind":")" + std::string(kind) +
                     R"(","turn_s":0,"after":")" + std::string(after) + R"("})");
}

std::string floor_next(protocol::id16 const& speaker)
{
    return R"({"t":"floor_next","speaker":")" + b64(speaker) + R"("})";
}

std::string member_frame(std::string_view type, protocol::id16 const& member)
{
    return R"({"t":")" + std::string(type) + R"(","member":")" + b64(member) + R"("})";
}

} // namespace

TEST_CASE("floor: only a member who may chair opens a meeting, and every member hears it open")
{
    server_process server;
    meeting_members m(server, 3);
    auto& alice = m[0]; // the facilitator
    auto& bob = m[1];
    auto& carol = m[2]; // stays out of the meeting, connected

    // Right after authed, every member's connection hears that no meeting is open.
    for (auto const& member : m.members)
    {
        INFO(boost::json::serialize(member.after_authed));
        CHECK(field_string(member.after_authed, "t") == "meeting_state");
        CHECK(bool_of(member.after_authed, "open") == false);
        CHECK(strings_of(member.after_authed, "away").empty());
        CHECK(strings_of(member.after_authed, "away_next").empty());
    }

    // Bob is of role 0, the opening is 0 and alice of role 1 is in the roster: he cannot open one.
    m.client(1).send_text(R"({"t":"join"})");
    CHECK(refusal_code(bob, "join") == "no_meeting");
    CHECK_FALSE(carol.next_frame("meeting_state", quiet_period));

    // Alice's join opens it, and every member connection hears so, carol's too.
    auto const ses = alice.join();
    for (auto* p : m.participants())
    {
        auto const state = next_of(*p, "meeting_state");
        INFO(boost::json::serialize(state));
        CHECK(bool_of(state, "open") == true);
    }
    auto const opened = await_floor(alice, "snapshot");
    CHECK(field_string(opened, "mode") == "open");
    CHECK(field_string(opened, "chair") == b64(m.id(0)));

    // Now bob's join works, into the same meeting, with the same floor.
    CHECK(bob.join() == ses);
    auto const snapshot = await_floor(bob, "snapshot");
    INFO(boost::json::serialize(snapshot));
    CHECK(field_string(snapshot, "mode") == "open");
    CHECK(field_string(snapshot, "chair") == b64(m.id(0)));
    CHECK_FALSE(snapshot.contains("speaker"));
    CHECK(bool_of(snapshot, "hands") == false);
    CHECK(strings_of(snapshot, "queue").empty());
    CHECK(int_of(snapshot, "fv") == int_of(opened, "fv"));

    // Joining twice is refused, before anything else.
    m.client(1).send_text(R"({"t":"join"})");
    CHECK(refusal_code(bob, "join") == "already_in_meeting");
}

TEST_CASE("floor: a text out of turn is refused not_your_turn and reaches nobody; breaks and "
          "ungranted floors refuse text too")
{
    server_process server;
    meeting_members m(server, 3);
    m.join_all();
    m.await_ready();
    auto& alice = m[0]; // the chair, first in the round's order
    auto& bob = m[1];
    auto& carol = m[2];

    send_round(m.client(0), "opening", "open");
    auto const round = await_floor_everywhere(m, "round_started");
    CHECK(field_string(round[1], "speaker") == b64(m.id(0)));

    // Bob is not the speaker: his text and his writing signal are refused, naming alice, and
    // neither alice nor carol receives anything.
    bob.send_text("not my turn yet");
    auto const refused = next_of(bob, "error");
    INFO(boost::json::serialize(refused));
    CHECK(field_string(refused, "code") == "not_your_turn");
    CHECK(field_string(refused, "ref") == "msg");
    CHECK(field_string(refused, "speaker") == b64(m.id(0)));
    bob.send_typing(true);
    CHECK(refusal_code(bob, "msg") == "not_your_turn");
    CHECK(none_received({&alice, &carol}));

    // The speaker's text and writing signal reach both.
    auto const said = check_delivered({&bob, &carol}, alice.send_text("I'll begin"));
    CHECK(said[0].text == "I'll begin");
    CHECK(said[1].text == "I'll begin");
    auto const typing = check_delivered({&bob, &carol}, alice.send_typing(true));
    CHECK(typing[0].typing == true);

    // During a break nobody sends text, the chair neither.
    m.client(0).send_text(R"({"t":"floor_break"})");
    auto const pause = await_floor_everywhere(m, "break_started");
    CHECK(field_string(pause[0], "mode") == "break");
    alice.send_text("during the break");
    CHECK(refusal_code(alice, "msg") == "floor_break");
    carol.send_text("me neither");
    CHECK(refusal_code(carol, "msg") == "floor_break");
    CHECK(none_received({&alice, &bob, &carol}));

    // Open floor with hands on and nobody granted: no text, and no speaker to name.
    m.client(0).send_text(R"({"t":"floor_open"})");
    await_floor_everywhere(m, "floor_opened");
    m.client(0).send_text(R"({"t":"floor_hands","on":true})");
    await_floor_everywhere(m, "hands_on");
    carol.send_text("may I?");
    auto const ungranted = next_of(carol, "error");
    INFO(boost::json::serialize(ungranted));
    CHECK(field_string(ungranted, "code") == "floor_not_granted");
    CHECK_FALSE(ungranted.contains("speaker"));
    alice.send_text("the chair is no exception");
    CHECK(refusal_code(alice, "msg") == "floor_not_granted");
    CHECK(none_received({&alice, &bob, &carol}));

    // Hands off: the floor is free, and carol's text reaches both.
    m.client(0).send_text(R"({"t":"floor_hands","on":false})");
    await_floor_everywhere(m, "hands_off");
    check_delivered({&alice, &bob}, carol.send_text("now I may"));
}

TEST_CASE("floor: reactions go through in every mode, 5 at once, and the 6th is rate_limited")
{
    server_process server;
    meeting_members m(server, 3);
    m.join_all();
    m.await_ready();
    auto& alice = m[0];
    auto& bob = m[1];
    auto& carol = m[2];

    // Open floor.
    auto const thanks = check_delivered({&alice, &carol}, bob.send_reaction("thanks"));
    CHECK(thanks[0].kind == 2);
    CHECK(thanks[0].reaction == "thanks");

    // A round in which alice speaks: bob reacts all the same.
    send_round(m.client(0), "opening", "open");
    await_floor_everywhere(m, "round_started");
    auto const recognise = check_delivered({&alice, &carol}, bob.send_reaction("recognise"));
    CHECK(recognise[1].reaction == "recognise");

    // A break.
    m.client(0).send_text(R"({"t":"floor_break"})");
    await_floor_everywhere(m, "break_started");
    auto const heart = check_delivered({&alice, &carol}, bob.send_reaction("heart"));
    CHECK(heart[0].reaction == "heart");

    // Carol, who has not reacted yet, sends six at once: five reach both, the sixth nobody.
    std::vector<std::string> sent;
    for (int i = 0; i < 6; ++i)
        sent.push_back(carol.send_reaction("heart"));
    CHECK(refusal_code(carol, "msg") == "rate_limited");
    for (std::size_t i = 0; i < 5; ++i)
        check_delivered({&alice, &bob}, sent[i]);
    CHECK(none_received({&alice, &bob}));
    CHECK_FALSE(carol.next_frame("error", milliseconds{0}));

    // Writing signals, on an open floor: three at once, then rate_limited.
    m.client(0).send_text(R"({"t":"floor_open"})");
    await_floor_everywhere(m, "floor_opened");
    std::vector<std::string> signals;
    for (int i = 0; i < 4; ++i)
        signals.push_back(bob.send_typing(i % 2 == 0));
    CHECK(refusal_code(bob, "msg") == "rate_limited");
    for (std::size_t i = 0; i < 3; ++i)
        check_delivered({&alice, &carol}, signals[i]);
    CHECK(none_received({&alice, &carol}));
}

TEST_CASE("floor: raised hands queue in the order raised, the same on every connection")
{
    server_process server;
    meeting_members m(server, 4);
    m.join_all();
    auto& bob = m[1];
    auto& carol = m[2];
    auto& dave = m[3];

    // Hands off: nobody raises one.
    m.client(1).send_text(R"({"t":"floor_raise"})");
    CHECK(refusal_code(bob, "floor_raise") == "hands_off");
    m.client(0).send_text(R"({"t":"floor_hands","on":true})");
    await_floor_everywhere(m, "hands_on");

    // Carol, dave, then bob: each raise is announced (and left for the checks below) before the
    // next is sent, so the server gets them in this order, not the order they arrived in.
    for (std::size_t raiser : {2u, 3u, 1u})
    {
        m.client(raiser).send_text(R"({"t":"floor_raise"})");
        REQUIRE(m[raiser].pump_until(
            [&]
            {
                auto const& frames = m[raiser].other_frames();
                return std::any_of(frames.begin(), frames.end(),
                                   [&](boost::json::object const& f)
                                   {
                                       return field_string(f, "cause") == "hand_raised" &&
                                              field_string(f, "subject") == b64(m.id(raiser));
                                   });
            }));
    }
    std::vector<std::string> const raised{b64(m.id(2)), b64(m.id(3)), b64(m.id(1))};
    for (auto* p : m.participants())
    {
        auto const latest = await_floor(*p, "hand_raised", m.id(1));
        INFO(boost::json::serialize(latest));
        CHECK(strings_of(latest, "queue") == raised);
        CHECK(bool_of(latest, "hands") == true);
        CHECK_FALSE(p->next_frame("floor", milliseconds{0}));
    }
    m.client(2).send_text(R"({"t":"floor_raise"})");
    CHECK(refusal_code(carol, "floor_raise") == "hand_already_raised");

    // Only the chair grants; it grants the second hand, dave's, and the queue closes up.
    m.client(1).send_text(member_frame("floor_grant", m.id(3)));
    CHECK(refusal_code(bob, "floor_grant") == "not_chair");
    m.client(0).send_text(member_frame("floor_grant", m.id(3)));
    std::vector<std::string> const closed_up{b64(m.id(2)), b64(m.id(1))};
    for (auto const& granted : await_floor_everywhere(m, "floor_granted", m.id(3)))
    {
        INFO(boost::json::serialize(granted));
        CHECK(field_string(granted, "speaker") == b64(m.id(3)));
        CHECK(strings_of(granted, "queue") == closed_up);
    }
    m.client(0).send_text(member_frame("floor_grant", m.id(3)));
    CHECK(refusal_code(m[0], "floor_grant") == "hand_not_raised");
    m.client(3).send_text(R"({"t":"floor_raise"})");
    CHECK(refusal_code(dave, "floor_raise") == "holds_floor");

    // Bob lowers his hand; carol cannot yield a floor she does not hold; dave yields it.
    m.client(1).send_text(R"({"t":"floor_lower"})");
    std::vector<std::string> const only_carol{b64(m.id(2))};
    for (auto const& lowered : await_floor_everywhere(m, "hand_lowered", m.id(1)))
        CHECK(strings_of(lowered, "queue") == only_carol);
    m.client(1).send_text(R"({"t":"floor_lower"})");
    CHECK(refusal_code(bob, "floor_lower") == "hand_not_raised");
    m.client(2).send_text(R"({"t":"floor_yield"})");
    CHECK(refusal_code(carol, "floor_yield") == "not_floor_holder");
    m.client(3).send_text(R"({"t":"floor_yield"})");
    for (auto const& yielded : await_floor_everywhere(m, "floor_yielded", m.id(3)))
        CHECK_FALSE(yielded.contains("speaker"));

    // The floor is granted in open mode only.
    m.client(0).send_text(R"({"t":"floor_break"})");
    await_floor_everywhere(m, "break_started");
    m.client(0).send_text(member_frame("floor_grant", m.id(2)));
    CHECK(refusal_code(m[0], "floor_grant") == "not_open_floor");
}

TEST_CASE("floor: a round goes through done, pass and the chair's next, then where it was told")
{
    server_process server;
    meeting_members m(server, 3);
    m.join_all();
    auto& bob = m[1];
    auto const a = b64(m.id(0));
    auto const b = b64(m.id(1));
    auto const c = b64(m.id(2));
    using order = std::vector<std::pair<std::string, std::string>>;
    std::optional<std::int64_t> fv;
    // One change: the frame every participant got, one fv above the last.
    auto const change = [&](std::string_view cause, std::optional<protocol::id16> subject)
    {
        auto frames = await_floor_everywhere(m, cause, subject);
        auto const& frame = frames.front();
        if (fv)
            CHECK(int_of(frame, "fv") == *fv + 1);
        fv = int_of(frame, "fv");
        return frame;
    };

    m.client(0).send_text(R"({"t":"floor_done"})");
    CHECK(refusal_code(m[0], "floor_done") == "no_round");

    send_round(m.client(0), "opening", "open");
    auto const started = change("round_started", std::nullopt);
    INFO(boost::json::serialize(started));
    CHECK(field_string(started, "mode") == "round");
    CHECK(field_string(started, "kind") == "opening");
    CHECK(field_string(started, "after") == "open");
    CHECK(int_of(started, "turn_s") == 0);
    CHECK_FALSE(started.contains("remaining_ms"));
    CHECK(bool_of(started, "warning") == false);
    CHECK(field_string(started, "speaker") == a);
    order const first_turn{{a, "speaking"}, {b, "waiting"}, {c, "waiting"}};
    CHECK(order_of(started) == first_turn);

    // Bob may neither end alice's turn nor use the chair's controls.
    m.client(1).send_text(R"({"t":"floor_done"})");
    auto const early = next_of(bob, "error");
    CHECK(field_string(early, "code") == "not_your_turn");
    CHECK(field_string(early, "speaker") == a);
    m.client(1).send_text(floor_next(m.id(0)));
    CHECK(refusal_code(bob, "floor_next") == "not_chair");
    m.client(1).send_text(R"({"t":"floor_open"})");
    CHECK(refusal_code(bob, "floor_open") == "not_chair");

    m.client(0).send_text(R"({"t":"floor_done"})");
    auto const done = change("turn_done", m.id(0));
    CHECK(field_string(done, "speaker") == b);
    order const second_turn{{a, "done"}, {b, "speaking"}, {c, "waiting"}};
    CHECK(order_of(done) == second_turn);

    // A second click on "next" for alice must not skip bob.
    m.client(0).send_text(floor_next(m.id(0)));
    auto const stale = next_of(m[0], "error");
    CHECK(field_string(stale, "code") == "speaker_changed");
    CHECK(field_string(stale, "speaker") == b);

    m.client(1).send_text(R"({"t":"floor_pass"})");
    auto const passed = change("turn_passed", m.id(1));
    CHECK(field_string(passed, "speaker") == c);
    order const third_turn{{a, "done"}, {b, "passed"}, {c, "speaking"}};
    CHECK(order_of(passed) == third_turn);

    // The chair moves on from the last speaker: the round is over and the floor open.
    m.client(0).send_text(floor_next(m.id(2)));
    auto const over = change("turn_moved_on", m.id(2));
    INFO(boost::json::serialize(over));
    CHECK(field_string(over, "mode") == "open");
    CHECK_FALSE(over.contains("speaker"));
    CHECK_FALSE(over.contains("order"));
    m.client(0).send_text(floor_next(m.id(2)));
    CHECK(refusal_code(m[0], "floor_next") == "no_round");

    // A closing round that ends in a break.
    send_round(m.client(0), "closing", "break");
    auto const closing = change("round_started", std::nullopt);
    CHECK(field_string(closing, "kind") == "closing");
    CHECK(field_string(closing, "after") == "break");
    m.client(0).send_text(floor_next(m.id(0)));
    auto const moved = change("turn_moved_on", m.id(0));
    order const after_moving_on{{a, "moved_on"}, {b, "speaking"}, {c, "waiting"}};
    CHECK(order_of(moved) == after_moving_on);
    m.client(1).send_text(R"({"t":"floor_done"})");
    (void)change("turn_done", m.id(1));
    m.client(2).send_text(R"({"t":"floor_pass"})");
    auto const last = change("turn_passed", m.id(2));
    CHECK(field_string(last, "mode") == "break");
}

TEST_CASE("floor: the chair removes a participant, who cannot rejoin and is keyed out")
{
    server_process server;
    meeting_members m(server, 3);
    m.join_all();
    m.await_ready();
    auto& alice = m[0];
    auto& bob = m[1];
    auto& carol = m[2];
    auto const ep = m.ep;

    m.client(1).send_text(member_frame("floor_remove", m.id(2)));
    CHECK(refusal_code(bob, "floor_remove") == "not_chair");
    m.client(0).send_text(member_frame("floor_remove", m.id(0)));
    CHECK(refusal_code(alice, "floor_remove") == "cannot_remove_self");

    m.client(0).send_text(member_frame("floor_remove", m.id(2)));
    for (auto* p : {&alice, &bob})
        (void)await_floor(*p, "member_removed", m.id(2));
    // Told by an error frame, though nothing carol sent was refused: no ref is asserted.
    CHECK(field_string(next_of(carol, "error"), "code") == "removed_from_meeting");
    m.client(2).send_text(R"({"t":"join"})");
    CHECK(refusal_code(carol, "join") == "removed_from_meeting");
    m.client(0).send_text(member_frame("floor_remove", m.id(2)));
    CHECK(refusal_code(alice, "floor_remove") == "not_present");

    // A new epoch of alice and bob alone, and what they say there reaches only each other.
    auto const two = [&] { return alice.current_ep() > ep && alice.parts().size() == 2; };
    REQUIRE(alice.pump_until(two));
    auto parts = std::vector{m.id(0), m.id(1)};
    std::sort(parts.begin(), parts.end());
    CHECK(alice.parts() == parts);
    psg1_participant::await_all_ready({&alice, &bob}, alice.current_ep());
    check_delivered({&bob}, alice.send_text("just us now"));
    CHECK(none_received({&carol}));
    CHECK(carol.current_ep() == ep);
}

TEST_CASE("floor: meeting_end ends the meeting for everyone, and a new join opens another")
{
    server_process server;
    meeting_members m(server, 3);
    auto const ses = m.join_all();
    auto& bob = m[1];
    for (auto* p : m.participants())
        CHECK(bool_of(next_of(*p, "meeting_state"), "open") == true);
    // The last join made the whole roster present, so epoch 1 came at once (PSG1.md §5.4): the
    // keys are exchanged before the meeting ends, and no key frame is in flight when it does.
    m.await_ready();
    CHECK(m.ep == 1);

    m.client(1).send_text(R"({"t":"meeting_end"})");
    CHECK(refusal_code(bob, "meeting_end") == "not_chair");

    m.client(0).send_text(R"({"t":"meeting_end"})");
    for (auto const& ended : await_floor_everywhere(m, "meeting_ended"))
        CHECK(field_string(ended, "mode") == "ended");
    for (auto* p : m.participants())
    {
        auto const state = next_of(*p, "meeting_state");
        INFO(boost::json::serialize(state));
        CHECK(bool_of(state, "open") == false);
        // Out of the meeting as after leave, but nobody is told of anyone leaving.
        CHECK(std::none_of(p->other_frames().begin(), p->other_frames().end(),
                           [](boost::json::object const& f) {
                               return field_string(f, "t") == "presence" &&
                                      !f.at("present").as_bool();
                           }));
    }

    // Nothing of the meeting is left: no msg, no control, and bob cannot open another.
    m.client(1).send_text(make_msg_frame(ses, 1, m.id(1), 1, random_bytes(272)));
    CHECK(refusal_code(bob, "msg") == "not_in_meeting");
    m.client(0).send_text(R"({"t":"meeting_end"})");
    CHECK(refusal_code(m[0], "meeting_end") == "not_in_meeting");
    m.client(1).send_text(R"({"t":"join"})");
    CHECK(refusal_code(bob, "join") == "no_meeting");

    // The facilitator opens a new meeting, with a new id.
    auto const again = m[0].join();
    CHECK(again != ses);
    CHECK(bob.join() == again);
}

TEST_CASE("floor: a notice that one cannot come reaches every member's meeting_state")
{
    server_process server;
    meeting_members m(server, 3);
    auto const bob = b64(m.id(1));
    auto const carol = b64(m.id(2));
    // The next meeting_state at every member connection: its open, away and away_next.
    auto const check_everywhere = [&](bool open, std::vector<std::string> const& away,
                                      std::vector<std::string> const& away_next)
    {
        for (auto* p : m.participants())
        {
            auto const state = next_of(*p, "meeting_state");
            INFO(boost::json::serialize(state));
            CHECK(bool_of(state, "open") == open);
            CHECK(strings_of(state, "away") == away);
            CHECK(strings_of(state, "away_next") == away_next);
        }
    };

    // Between meetings a notice is for the next one, and can be taken back.
    m.client(1).send_text(R"({"t":"away","on":true})");
    check_everywhere(false, {bob}, {});
    m.client(1).send_text(R"({"t":"away","on":false})");
    check_everywhere(false, {}, {});
    m.client(1).send_text(R"({"t":"away","on":true})");
    check_everywhere(false, {bob}, {});

    // The meeting opens with bob's notice; carol's, given during it, is for the one after.
    m[0].join();
    check_everywhere(true, {bob}, {});
    m.client(2).send_text(R"({"t":"away","on":true})");
    check_everywhere(true, {bob}, {carol});
    // Bob comes after all: joining takes his notice back.
    m[1].join();
    check_everywhere(true, {}, {carol});
    // When the meeting ends, carol's notice is for the next one.
    m.client(0).send_text(R"({"t":"meeting_end"})");
    check_everywhere(false, {carol}, {});
}
