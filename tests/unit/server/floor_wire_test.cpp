// The floor as clients read it (PROTOCOL.md §8.3), the floor policy a roster gives, and the
// "can't come" notices of the lobby (§8.2).
#include "absence_notices.hpp"
#include "floor_machine.hpp"
#include "floor_wire.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/roster.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using namespace sirkel;
using protocol::id16;

namespace
{

id16 id_of(std::uint8_t b)
{
    id16 id{};
    id.fill(b);
    return id;
}

id16 const A = id_of(0x41), B = id_of(0x42), C = id_of(0x43);

std::string text_of(id16 const& id)
{
    return protocol::base64url_encode(id);
}

protocol::roster roster_of(std::uint8_t opening, std::vector<protocol::roster_entry> entries)
{
    protocol::roster_frame frame;
    frame.opening = opening;
    frame.turn_s = 90;
    return protocol::roster::build(id_of(9), 1, {}, frame, std::move(entries));
}

} // namespace

TEST_CASE("a round's floor frame has every field of §8.3; the open floor leaves out the round's")
{
    auto const now = floor_machine::clock::time_point{} + 1h;
    floor_policy policy;
    policy.facilitators = {A};
    floor_machine meeting(A, policy, {5, std::chrono::seconds{2}});
    REQUIRE(meeting.participant_arrived(A, now));
    REQUIRE(meeting.participant_arrived(B, now));
    REQUIRE(meeting.set_hands(A, true, now));
    REQUIRE(meeting.raise_hand(C, now).result == floor_machine::verdict::not_present);
    auto const round = meeting.start_round(A, round_kind::opening, 60s, after_round::on_break, now);
    REQUIRE(round.announcement);
    auto const passed = meeting.pass(A, now + 10s);
    REQUIRE(passed.announcement);

    auto const frame = boost::json::parse(make_floor_frame(*passed.announcement)).as_object();
    CHECK(frame.at("t").as_string() == "floor");
    CHECK(frame.at("fv").as_int64() == 3);
    CHECK(frame.at("cause").as_string() == "turn_passed");
    CHECK(frame.at("subject").as_string() == text_of(A));
    CHECK(frame.at("mode").as_string() == "round");
    CHECK(frame.at("chair").as_string() == text_of(A));
    CHECK(frame.at("speaker").as_string() == text_of(B));
    CHECK(frame.at("kind").as_string() == "opening");
    auto const& order = frame.at("order").as_array();
    REQUIRE(order.size() == 2);
    CHECK(order[0].as_object().at("m").as_string() == text_of(A));
    CHECK(order[0].as_object().at("s").as_string() == "passed");
    CHECK(order[1].as_object().at("s").as_string() == "speaking");
    CHECK(frame.at("after").as_string() == "break");
    CHECK(frame.at("turn_s").as_int64() == 60);
    CHECK(frame.at("remaining_ms").as_int64() == 60000);
    CHECK_FALSE(frame.at("warning").as_bool());
    CHECK(frame.at("hands").as_bool());
    CHECK(frame.at("queue").as_array().empty());

    auto const open = meeting.open_floor(A, now + 20s);
    REQUIRE(open.announcement);
    auto const open_frame = boost::json::parse(make_floor_frame(*open.announcement)).as_object();
    CHECK(open_frame.at("mode").as_string() == "open");
    CHECK(open_frame.at("cause").as_string() == "floor_opened");
    for (auto const* absent :
         {"kind", "order", "after", "turn_s", "remaining_ms", "warning", "speaker", "subject"})
        CHECK_FALSE(open_frame.contains(absent));
}

TEST_CASE("every refusal of the floor maps to the protocol error of its name")
{
    using v = floor_machine::verdict;
    CHECK(error_of(v::not_your_turn) == protocol::error::not_your_turn);
    CHECK(error_of(v::rate_limited) == protocol::error::rate_limited);
    CHECK(error_of(v::not_floor_holder) == protocol::error::not_floor_holder);
    CHECK(error_of(v::removed_from_meeting) == protocol::error::removed_from_meeting);
    for (int i = static_cast<int>(v::meeting_ended); i <= static_cast<int>(v::not_floor_holder);
         ++i)
        CHECK(error_of(static_cast<v>(i)) != protocol::error::internal_error);
}

TEST_CASE("who may chair comes from the roster: facilitators, or anyone when self-run or none")
{
    protocol::roster_entry facilitator{A, 1, {}, {}};
    protocol::roster_entry member{B, 0, {}, {}};

    auto const led = floor_policy::of(roster_of(0, {facilitator, member}), {});
    CHECK(led.allows_to_chair(A));
    CHECK_FALSE(led.allows_to_chair(B));
    CHECK_FALSE(led.any_member_leads);
    CHECK(led.default_turn_length == 90s);

    CHECK(floor_policy::of(roster_of(1, {facilitator, member}), {}).allows_to_chair(B));
    auto const leaderless = floor_policy::of(roster_of(0, {member}), {});
    CHECK(leaderless.allows_to_chair(B));
}

TEST_CASE("a facilitator whose term is over is like a member; with none left anyone may chair")
{
    protocol::roster_entry first{A, 1, {}, {}};
    protocol::roster_entry second{B, 1, {}, {}};
    protocol::roster_entry member{C, 0, {}, {}};
    std::vector<id16> const a_over{A};

    // Another facilitator still has the right: A is refused, the member too.
    auto const one_left = floor_policy::of(roster_of(0, {first, second, member}), a_over);
    CHECK_FALSE(one_left.allows_to_chair(A));
    CHECK(one_left.allows_to_chair(B));
    CHECK_FALSE(one_left.allows_to_chair(C));
    CHECK(one_left.facilitators == std::vector<id16>{B});

    // Nobody has the right any more: the rule "if no member has role 1" applies.
    std::vector<id16> const both_over{A, B};
    auto const none_left = floor_policy::of(roster_of(0, {first, second, member}), both_over);
    CHECK(none_left.any_member_leads);
    CHECK(none_left.allows_to_chair(C));
    CHECK(none_left.allows_to_chair(A));
}

TEST_CASE("can't-come notices: for the next meeting, moved on when the open one ends")
{
    absence_notices notices;
    CHECK(notices.set(A, true, false));
    CHECK_FALSE(notices.set(A, true, false));
    CHECK(notices.away() == std::vector<id16>{A});

    // During a meeting a notice is for the one after it.
    CHECK(notices.set(B, true, true));
    CHECK(notices.away_next() == std::vector<id16>{B});
    notices.meeting_ended();
    CHECK(notices.away() == std::vector<id16>{B});
    CHECK(notices.away_next().empty());

    // Coming after all takes the notice back; so does taking it back.
    CHECK(notices.came(B));
    CHECK_FALSE(notices.came(B));
    CHECK(notices.set(C, true, false));
    CHECK(notices.set(C, false, false));
    CHECK_FALSE(notices.set(C, false, false));
    CHECK(notices.away().empty());
}
