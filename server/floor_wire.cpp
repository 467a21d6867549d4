#include "floor_wire.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace sirkel
{
namespace
{

namespace json = boost::json;

std::string_view cause_name(floor_cause cause) noexcept
{
    switch (cause)
    {
    case floor_cause::snapshot:
        return "snapshot";
    case floor_cause::round_started:
        return "round_started";
    case floor_cause::late_arrival:
        return "late_arrival";
    case floor_cause::turn_done:
        return "turn_done";
    case floor_cause::turn_passed:
        return "turn_passed";
    case floor_cause::turn_warning:
        return "turn_warning";
    case floor_cause::turn_timed_out:
        return "turn_timed_out";
    case floor_cause::turn_moved_on:
        return "turn_moved_on";
    case floor_cause::speaker_left:
        return "speaker_left";
    case floor_cause::participant_left:
        return "participant_left";
    case floor_cause::floor_opened:
        return "floor_opened";
    case floor_cause::hands_on:
        return "hands_on";
    case floor_cause::hands_off:
        return "hands_off";
    case floor_cause::hand_raised:
        return "hand_raised";
    case floor_cause::hand_lowered:
        return "hand_lowered";
    case floor_cause::floor_granted:
        return "floor_granted";
    case floor_cause::floor_yielded:
        return "floor_yielded";
    case floor_cause::break_started:
        return "break_started";
    case floor_cause::member_removed:
        return "member_removed";
    case floor_cause::chair_handed_over:
        return "chair_handed_over";
    case floor_cause::chair_taken:
        return "chair_taken";
    case floor_cause::meeting_ended:
        return "meeting_ended";
    }
    return "snapshot";
}

std::string_view mode_name(floor_mode mode) noexcept
{
    switch (mode)
    {
    case floor_mode::open:
        return "open";
    case floor_mode::round:
        return "round";
    case floor_mode::on_break:
        return "break";
    case floor_mode::ended:
        return "ended";
    }
    return "open";
}

std::string_view kind_name(round_kind kind) noexcept
{
    switch (kind)
    {
    case round_kind::opening:
        return "opening";
    case round_kind::closing:
        return "closing";
    case round_kind::other:
        return "other";
    }
    return "other";
}

std::string_view turn_name(turn_state state) noexcept
{
    switch (state)
    {
    case turn_state::waiting:
        return "waiting";
    case turn_state::speaking:
        return "speaking";
    case turn_state::done:
        return "done";
    case turn_state::passed:
        return "passed";
    case turn_state::timed_out:
        return "timed_out";
    case turn_state::skipped:
        return "skipped";
    case turn_state::moved_on:
        return "moved_on";
    case turn_state::removed:
        return "removed";
    }
    return "waiting";
}

json::string id_text(protocol::id16 const& id)
{
    return json::string(protocol::base64url_encode(id));
}

} // namespace

std::string make_floor_frame(floor_announcement const& floor)
{
    json::object out;
    out["t"] = "floor";
    out["fv"] = floor.version;
    out["cause"] = cause_name(floor.cause);
    if (floor.subject)
        out["subject"] = id_text(*floor.subject);
    out["mode"] = mode_name(floor.mode);
    out["chair"] = id_text(floor.chair);
    if (floor.speaker)
        out["speaker"] = id_text(*floor.speaker);
    if (floor.mode == floor_mode::round)
    {
        out["kind"] = kind_name(floor.kind);
        json::array order;
        for (auto const& turn : floor.order)
            order.push_back(
                json::object{{"m", id_text(turn.member)}, {"s", turn_name(turn.state)}});
        out["order"] = std::move(order);
        out["after"] = floor.after == after_round::open ? "open" : "break";
        out["turn_s"] = floor.turn_length.count();
        if (floor.remaining)
            out["remaining_ms"] = floor.remaining->count();
        out["warning"] = floor.warning;
    }
    out["hands"] = floor.hands_on;
    json::array queue;
    for (auto const& member : floor.queue)
        queue.push_back(id_text(member));
    out["queue"] = std::move(queue);
    return json::serialize(out);
}

protocol::error error_of(floor_machine::verdict verdict) noexcept
{
    using v = floor_machine::verdict;
    using e = protocol::error;
    switch (verdict)
    {
    case v::ok:
        return e::internal_error;
    case v::meeting_ended:
        return e::meeting_ended;
    case v::not_present:
        return e::not_present;
    case v::removed_from_meeting:
        return e::removed_from_meeting;
    case v::not_your_turn:
        return e::not_your_turn;
    case v::turn_over:
        return e::turn_over;
    case v::floor_not_granted:
        return e::floor_not_granted;
    case v::floor_break:
        return e::floor_break;
    case v::rate_limited:
        return e::rate_limited;
    case v::not_chair:
        return e::not_chair;
    case v::not_eligible_to_lead:
        return e::not_eligible_to_lead;
    case v::chair_present:
        return e::chair_present;
    case v::cannot_remove_self:
        return e::cannot_remove_self;
    case v::no_round:
        return e::no_round;
    case v::speaker_changed:
        return e::speaker_changed;
    case v::not_open_floor:
        return e::not_open_floor;
    case v::hands_off:
        return e::hands_off;
    case v::hand_already_raised:
        return e::hand_already_raised;
    case v::hand_not_raised:
        return e::hand_not_raised;
    case v::holds_floor:
        return e::holds_floor;
    case v::not_floor_holder:
        return e::not_floor_holder;
    }
    return e::internal_error;
}

} // namespace sirkel
