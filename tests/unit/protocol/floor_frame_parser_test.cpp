// The floor frames of PROTOCOL.md §8: each type decodes to its action and fields, and the new
// kinds of field (a word from a list, a boolean, an integer that may also be 0) are checked with
// the codes of §2.
#include "frame_text.hpp"

#include "sirkel/protocol/frame_parser.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace sirkel::protocol;
using namespace sirkel::test;

namespace
{

members floor_round()
{
    return {{"t", "\"floor_round\""},
            {"kind", "\"opening\""},
            {"turn_s", "60"},
            {"after", "\"break\""}};
}

floor_frame floor_of(std::string const& text)
{
    auto const r = accepted(text);
    REQUIRE(std::holds_alternative<floor_frame>(r.frame));
    return std::get<floor_frame>(r.frame);
}

} // namespace

TEST_CASE("every floor frame type names its action, and frame_type_name names it back")
{
    std::vector<std::pair<std::string, floor_action>> const plain{
        {"floor_open", floor_action::open_floor},
        {"floor_break", floor_action::start_break},
        {"floor_take_chair", floor_action::take_chair},
        {"meeting_end", floor_action::end_meeting},
        {"floor_raise", floor_action::raise_hand},
        {"floor_lower", floor_action::lower_hand},
        {"floor_done", floor_action::done},
        {"floor_pass", floor_action::pass},
        {"floor_yield", floor_action::yield}};
    for (auto const& [type, action] : plain)
    {
        CAPTURE(type);
        CHECK(floor_of(object({{"t", "\"" + type + "\""}})).action == action);
        CHECK(frame_type_name(action) == type);
        refused(object({{"t", "\"" + type + "\""}, {"member", b64(16, 1)}}), error::unknown_field);
    }
}

TEST_CASE("floor frames that name a member decode it")
{
    auto const next = floor_of(object({{"t", "\"floor_next\""}, {"speaker", b64(16, 7)}}));
    CHECK(next.action == floor_action::next_speaker);
    CHECK(next.member[0] == 7);
    auto const grant = floor_of(object({{"t", "\"floor_grant\""}, {"member", b64(16, 8)}}));
    CHECK(grant.action == floor_action::grant);
    CHECK(grant.member[0] == 8);
    auto const remove = floor_of(object({{"t", "\"floor_remove\""}, {"member", b64(16, 9)}}));
    CHECK(remove.action == floor_action::remove);
    CHECK(remove.member[0] == 9);
    auto const over = floor_of(object({{"t", "\"floor_hand_over\""}, {"to", b64(16, 10)}}));
    CHECK(over.action == floor_action::hand_over);
    CHECK(over.member[0] == 10);
    refused(object({{"t", "\"floor_grant\""}}), error::missing_field);
    refused(object({{"t", "\"floor_grant\""}, {"member", b64(15, 1)}}), error::bad_encoding);
}

TEST_CASE("floor_round: kind and after are words of their lists, turn_s is 0 or 30..3600")
{
    auto const round = floor_of(object(floor_round()));
    CHECK(round.action == floor_action::start_round);
    CHECK(round.kind == round_kind::opening);
    CHECK(round.after == after_round::on_break);
    CHECK(round.turn_s == 60);

    auto const closing =
        floor_of(object(with(with(floor_round(), "kind", "\"closing\""), "after", "\"open\"")));
    CHECK(closing.kind == round_kind::closing);
    CHECK(closing.after == after_round::open);
    CHECK(floor_of(object(with(floor_round(), "kind", "\"other\""))).kind == round_kind::other);

    SUBCASE("turn_s is optional, and 0 means no time per turn")
    {
        CHECK_FALSE(floor_of(object(without(floor_round(), "turn_s"))).turn_s.has_value());
        CHECK(floor_of(object(with(floor_round(), "turn_s", "0"))).turn_s == 0);
        CHECK(floor_of(object(with(floor_round(), "turn_s", "30"))).turn_s == 30);
        CHECK(floor_of(object(with(floor_round(), "turn_s", "3600"))).turn_s == 3600);
        refused(object(with(floor_round(), "turn_s", "29")), error::out_of_range);
        refused(object(with(floor_round(), "turn_s", "1")), error::out_of_range);
        refused(object(with(floor_round(), "turn_s", "3601")), error::out_of_range);
        refused(object(with(floor_round(), "turn_s", "\"60\"")), error::wrong_type);
    }
    SUBCASE("a word outside the list is out_of_range, a non-string wrong_type")
    {
        auto const r =
            refused(object(with(floor_round(), "kind", "\"Opening\"")), error::out_of_range);
        CHECK(r.field == "kind");
        CHECK(refused(object(with(floor_round(), "after", "\"closing\"")), error::out_of_range)
                  .field == "after");
        refused(object(with(floor_round(), "kind", "1")), error::wrong_type);
        refused(object(without(floor_round(), "after")), error::missing_field);
    }
}

TEST_CASE("floor_hands and away take a JSON boolean, nothing else")
{
    CHECK(floor_of(object({{"t", "\"floor_hands\""}, {"on", "true"}})).on);
    auto const off = floor_of(object({{"t", "\"floor_hands\""}, {"on", "false"}}));
    CHECK(off.action == floor_action::set_hands);
    CHECK_FALSE(off.on);

    auto const away = accepted(object({{"t", "\"away\""}, {"on", "true"}}));
    REQUIRE(std::holds_alternative<away_frame>(away.frame));
    CHECK(std::get<away_frame>(away.frame).on);

    refused(object({{"t", "\"away\""}, {"on", "1"}}), error::wrong_type);
    refused(object({{"t", "\"away\""}, {"on", "\"true\""}}), error::wrong_type);
    refused(object({{"t", "\"floor_hands\""}, {"on", "null"}}), error::wrong_type);
    refused(object({{"t", "\"floor_hands\""}}), error::missing_field);
}
