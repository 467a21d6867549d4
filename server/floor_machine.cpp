#include "floor_machine.hpp"

#include <algorithm>

namespace sirkel
{
namespace
{

bool contains(std::vector<protocol::id16> const& ids, protocol::id16 const& id) noexcept
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// A place at the end for a member who arrives during a round, unless they have one to come or
// had their turn already; a speaker cut off mid-turn (skipped) gets another.
bool has_place_or_had_turn(std::vector<floor_turn> const& order, protocol::id16 const& member)
{
    return std::any_of(order.begin(), order.end(),
                       [&](floor_turn const& t)
                       { return t.member == member && t.state != turn_state::skipped; });
}

} // namespace

floor_policy floor_policy::of(protocol::roster const& roster,
                              std::span<protocol::id16 const> term_over)
{
    floor_policy policy;
    for (auto const& entry : roster.entries())
        if (entry.role == 1 &&
            std::find(term_over.begin(), term_over.end(), entry.member_id) == term_over.end())
            policy.facilitators.push_back(entry.member_id);
    policy.any_member_leads = roster.frame().opening == 1 || policy.facilitators.empty();
    policy.default_turn_length = std::chrono::seconds{roster.frame().turn_s};
    return policy;
}

bool floor_policy::allows_to_chair(protocol::id16 const& member) const noexcept
{
    return any_member_leads || contains(facilitators, member);
}

floor_machine::floor_machine(protocol::id16 const& chair, floor_policy policy,
                             rate_limit reaction_rate)
    : chair_(chair), policy_(std::move(policy)), reaction_rate_(reaction_rate)
{
}

std::chrono::milliseconds floor_machine::warning_lead(std::chrono::seconds turn_length) noexcept
{
    return std::min<std::chrono::milliseconds>(warning_lead_max,
                                               std::chrono::milliseconds{turn_length} / 4);
}

floor_announcement floor_machine::snapshot(clock::time_point now) const
{
    floor_announcement a;
    a.version = version_;
    a.mode = mode_;
    a.chair = chair_;
    a.speaker = speaker();
    if (mode_ == floor_mode::round)
    {
        a.kind = kind_;
        a.order = order_;
        a.after = after_;
        a.turn_length = turn_length_;
        if (turn_ends_)
            a.remaining =
                std::max(std::chrono::milliseconds{0},
                         std::chrono::duration_cast<std::chrono::milliseconds>(*turn_ends_ - now));
        a.warning = warned_;
    }
    a.hands_on = hands_on_;
    a.queue = queue_;
    return a;
}

floor_machine::outcome floor_machine::participant_arrived(protocol::id16 const& member,
                                                          clock::time_point now)
{
    if (mode_ == floor_mode::ended)
        return {verdict::meeting_ended, {}, {}};
    if (contains(removed_, member))
        return {verdict::removed_from_meeting, {}, {}};
    if (is_present(member))
        return {};
    present_.push_back(member);
    if (mode_ != floor_mode::round || has_place_or_had_turn(order_, member))
        return {};
    order_.push_back({member, turn_state::waiting});
    return changed(floor_cause::late_arrival, member, now);
}

std::optional<floor_announcement> floor_machine::participant_left(protocol::id16 const& member,
                                                                  clock::time_point now)
{
    if (!is_present(member))
        return std::nullopt;
    std::erase(present_, member);
    if (mode_ == floor_mode::ended)
        return std::nullopt;
    bool const was_speaking = mode_ == floor_mode::round && speaker() == member;
    if (!take_off_floor(member, turn_state::skipped, now))
        return std::nullopt;
    return announce(was_speaking ? floor_cause::speaker_left : floor_cause::participant_left,
                    member, now);
}

floor_machine::outcome floor_machine::may_send_text(protocol::id16 const& member,
                                                    clock::time_point now) const
{
    if (mode_ == floor_mode::ended)
        return {verdict::meeting_ended, {}, {}};
    if (!is_present(member))
        return {verdict::not_present, {}, {}};
    if (mode_ == floor_mode::on_break)
        return {verdict::floor_break, {}, {}};
    if (mode_ == floor_mode::round)
    {
        if (speaker() != member)
            return {verdict::not_your_turn, speaker(), {}};
        // The turn clock runs out before the room's timer has had the chance to call advance.
        if (turn_ends_ && now >= *turn_ends_)
            return {verdict::turn_over, speaker(), {}};
        return {};
    }
    if (hands_on_ && holder_ != member)
        return {verdict::floor_not_granted, holder_, {}};
    return {};
}

floor_machine::outcome floor_machine::may_react(protocol::id16 const& member, clock::time_point now)
{
    if (mode_ == floor_mode::ended)
        return {verdict::meeting_ended, {}, {}};
    if (!is_present(member))
        return {verdict::not_present, {}, {}};
    if (!limits_of(member).reactions.take(now))
        return {verdict::rate_limited, {}, {}};
    return {};
}

floor_machine::outcome floor_machine::may_signal_writing(protocol::id16 const& member,
                                                         clock::time_point now)
{
    auto floor = may_send_text(member, now);
    if (!floor)
        return floor;
    if (!limits_of(member).writing.take(now))
        return {verdict::rate_limited, {}, {}};
    return {};
}

floor_machine::outcome floor_machine::start_round(protocol::id16 const& by, round_kind kind,
                                                  std::optional<std::chrono::seconds> turn_length,
                                                  after_round after, clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    leave_round();
    mode_ = floor_mode::round;
    kind_ = kind;
    after_ = after;
    turn_length_ = turn_length.value_or(policy_.default_turn_length);
    holder_.reset();
    for (auto const& member : present_)
        order_.push_back({member, turn_state::waiting});
    start_turn_from(0, now);
    return changed(floor_cause::round_started, std::nullopt, now);
}

floor_machine::outcome floor_machine::next_speaker(protocol::id16 const& by,
                                                   protocol::id16 const& speaker_seen,
                                                   clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    if (mode_ != floor_mode::round)
        return {verdict::no_round, {}, {}};
    if (speaker() != speaker_seen)
        return {verdict::speaker_changed, speaker(), {}};
    end_turn(turn_state::moved_on, now);
    return changed(floor_cause::turn_moved_on, speaker_seen, now);
}

floor_machine::outcome floor_machine::open_floor(protocol::id16 const& by, clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    leave_round();
    holder_.reset();
    mode_ = floor_mode::open;
    return changed(floor_cause::floor_opened, std::nullopt, now);
}

floor_machine::outcome floor_machine::set_hands(protocol::id16 const& by, bool on,
                                                clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    // Switching on again keeps the queue: a second click must not lower everyone's hand.
    if (!on)
    {
        queue_.clear();
        holder_.reset();
    }
    hands_on_ = on;
    return changed(on ? floor_cause::hands_on : floor_cause::hands_off, std::nullopt, now);
}

floor_machine::outcome floor_machine::grant(protocol::id16 const& by, protocol::id16 const& member,
                                            clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    if (mode_ != floor_mode::open)
        return {verdict::not_open_floor, {}, {}};
    if (!hands_on_)
        return {verdict::hands_off, {}, {}};
    if (!in_queue(member))
        return {verdict::hand_not_raised, {}, {}};
    std::erase(queue_, member);
    holder_ = member;
    return changed(floor_cause::floor_granted, member, now);
}

floor_machine::outcome floor_machine::start_break(protocol::id16 const& by, clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    leave_round();
    holder_.reset();
    mode_ = floor_mode::on_break;
    return changed(floor_cause::break_started, std::nullopt, now);
}

floor_machine::outcome floor_machine::end_meeting(protocol::id16 const& by, clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    leave_round();
    holder_.reset();
    hands_on_ = false;
    queue_.clear();
    mode_ = floor_mode::ended;
    return changed(floor_cause::meeting_ended, std::nullopt, now);
}

floor_machine::outcome floor_machine::remove(protocol::id16 const& by, protocol::id16 const& member,
                                             clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    if (member == by)
        return {verdict::cannot_remove_self, {}, {}};
    if (!is_present(member))
        return {verdict::not_present, {}, {}};
    std::erase(present_, member);
    removed_.push_back(member);
    take_off_floor(member, turn_state::removed, now);
    return changed(floor_cause::member_removed, member, now);
}

floor_machine::outcome floor_machine::hand_over(protocol::id16 const& by, protocol::id16 const& to,
                                                clock::time_point now)
{
    if (auto const refused = chair_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    if (!is_present(to))
        return {verdict::not_present, {}, {}};
    if (!policy_.allows_to_chair(to))
        return {verdict::not_eligible_to_lead, {}, {}};
    chair_ = to;
    return changed(floor_cause::chair_handed_over, to, now);
}

floor_machine::outcome floor_machine::take_chair(protocol::id16 const& by, clock::time_point now)
{
    if (auto const refused = participant_check(by); refused != verdict::ok)
        return {refused, {}, {}};
    if (is_present(chair_))
        return {verdict::chair_present, {}, {}};
    if (!policy_.allows_to_chair(by))
        return {verdict::not_eligible_to_lead, {}, {}};
    chair_ = by;
    return changed(floor_cause::chair_taken, by, now);
}

floor_machine::outcome floor_machine::raise_hand(protocol::id16 const& member,
                                                 clock::time_point now)
{
    if (auto const refused = participant_check(member); refused != verdict::ok)
        return {refused, {}, {}};
    if (!hands_on_)
        return {verdict::hands_off, {}, {}};
    if (in_queue(member))
        return {verdict::hand_already_raised, {}, {}};
    if (holder_ == member)
        return {verdict::holds_floor, {}, {}};
    queue_.push_back(member);
    return changed(floor_cause::hand_raised, member, now);
}

floor_machine::outcome floor_machine::lower_hand(protocol::id16 const& member,
                                                 clock::time_point now)
{
    if (auto const refused = participant_check(member); refused != verdict::ok)
        return {refused, {}, {}};
    if (!in_queue(member))
        return {verdict::hand_not_raised, {}, {}};
    std::erase(queue_, member);
    return changed(floor_cause::hand_lowered, member, now);
}

floor_machine::outcome floor_machine::done(protocol::id16 const& member, clock::time_point now)
{
    return end_own_turn(member, turn_state::done, floor_cause::turn_done, now);
}

floor_machine::outcome floor_machine::pass(protocol::id16 const& member, clock::time_point now)
{
    return end_own_turn(member, turn_state::passed, floor_cause::turn_passed, now);
}

floor_machine::outcome floor_machine::end_own_turn(protocol::id16 const& member, turn_state state,
                                                   floor_cause cause, clock::time_point now)
{
    if (auto const refused = participant_check(member); refused != verdict::ok)
        return {refused, {}, {}};
    if (mode_ != floor_mode::round)
        return {verdict::no_round, {}, {}};
    if (speaker() != member)
        return {verdict::not_your_turn, speaker(), {}};
    end_turn(state, now);
    return changed(cause, member, now);
}

floor_machine::outcome floor_machine::yield(protocol::id16 const& member, clock::time_point now)
{
    if (auto const refused = participant_check(member); refused != verdict::ok)
        return {refused, {}, {}};
    if (mode_ != floor_mode::open || holder_ != member)
        return {verdict::not_floor_holder, {}, {}};
    holder_.reset();
    return changed(floor_cause::floor_yielded, member, now);
}

std::optional<floor_announcement> floor_machine::advance(clock::time_point now)
{
    if (mode_ != floor_mode::round || !turn_ends_)
        return std::nullopt;
    auto const member = order_[current_].member;
    if (now >= *turn_ends_)
    {
        end_turn(turn_state::timed_out, now);
        return announce(floor_cause::turn_timed_out, member, now);
    }
    if (!warned_ && now >= *turn_ends_ - warning_lead(turn_length_))
    {
        warned_ = true;
        return announce(floor_cause::turn_warning, member, now);
    }
    return std::nullopt;
}

std::optional<floor_machine::clock::time_point> floor_machine::next_deadline() const
{
    if (mode_ != floor_mode::round || !turn_ends_)
        return std::nullopt;
    if (warned_)
        return *turn_ends_;
    return *turn_ends_ - warning_lead(turn_length_);
}

bool floor_machine::is_present(protocol::id16 const& member) const noexcept
{
    return contains(present_, member);
}

bool floor_machine::in_queue(protocol::id16 const& member) const noexcept
{
    return contains(queue_, member);
}

std::optional<protocol::id16> floor_machine::speaker() const
{
    if (mode_ == floor_mode::round)
        return order_[current_].member;
    if (mode_ == floor_mode::open && hands_on_)
        return holder_;
    return std::nullopt;
}

floor_machine::verdict floor_machine::chair_check(protocol::id16 const& by) const noexcept
{
    if (auto const refused = participant_check(by); refused != verdict::ok)
        return refused;
    if (by != chair_)
        return verdict::not_chair;
    return verdict::ok;
}

floor_machine::verdict floor_machine::participant_check(protocol::id16 const& member) const noexcept
{
    if (mode_ == floor_mode::ended)
        return verdict::meeting_ended;
    if (!is_present(member))
        return verdict::not_present;
    return verdict::ok;
}

void floor_machine::end_turn(turn_state state, clock::time_point now)
{
    order_[current_].state = state;
    start_turn_from(current_ + 1, now);
}

void floor_machine::start_turn_from(std::size_t index, clock::time_point now)
{
    turn_ends_.reset();
    warned_ = false;
    for (; index < order_.size(); ++index)
    {
        auto& turn = order_[index];
        if (turn.state != turn_state::waiting)
            continue;
        if (!is_present(turn.member))
        {
            turn.state = turn_state::skipped;
            continue;
        }
        turn.state = turn_state::speaking;
        current_ = index;
        if (turn_length_ > std::chrono::seconds{0})
            turn_ends_ = now + turn_length_;
        return;
    }
    leave_round();
    mode_ = after_ == after_round::on_break ? floor_mode::on_break : floor_mode::open;
}

void floor_machine::leave_round()
{
    order_.clear();
    current_ = 0;
    turn_ends_.reset();
    warned_ = false;
}

bool floor_machine::take_off_floor(protocol::id16 const& member, turn_state state,
                                   clock::time_point now)
{
    bool changed_floor = false;
    if (mode_ == floor_mode::round)
    {
        if (state == turn_state::removed)
            for (auto& turn : order_)
                if (turn.member == member && turn.state == turn_state::waiting)
                {
                    turn.state = turn_state::removed;
                    changed_floor = true;
                }
        if (order_[current_].member == member)
        {
            end_turn(state, now);
            changed_floor = true;
        }
    }
    if (in_queue(member))
    {
        std::erase(queue_, member);
        changed_floor = true;
    }
    if (holder_ == member)
    {
        holder_.reset();
        changed_floor = true;
    }
    return changed_floor;
}

floor_announcement floor_machine::announce(floor_cause cause, std::optional<protocol::id16> subject,
                                           clock::time_point now)
{
    ++version_;
    auto a = snapshot(now);
    a.cause = cause;
    a.subject = subject;
    return a;
}

floor_machine::outcome floor_machine::changed(floor_cause cause,
                                              std::optional<protocol::id16> subject,
                                              clock::time_point now)
{
    return {verdict::ok, {}, announce(cause, subject, now)};
}

floor_machine::limits& floor_machine::limits_of(protocol::id16 const& member)
{
    return limits_
        .try_emplace(member, limits{token_bucket(reaction_rate_), token_bucket(writing_rate)})
        .first->second;
}

} // namespace sirkel
