// The floor of one live meeting (DESIGN.md "Meetings and the floor", issue 4): who may send text
// when, the round order and its turn clock, the raised-hand queue, breaks, quiet reactions and
// who chairs. A pure state machine like meeting_epochs: no I/O and no timers; every call that
// depends on time is given `now`, and next_deadline() tells the room when to call advance().
// Every change returns the whole new floor as a floor_announcement, numbered by a version that
// grows by one per change, so that every client renders the same floor. Owned by the room, on
// the io thread. The server sees only a message's kind (PSG1.md §6.4), so that is all it rules on.
#pragma once

#include "rate_limit.hpp"
#include "token_bucket.hpp"

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/roster.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace sirkel
{

enum class floor_mode
{
    open,
    round,
    on_break,
    ended,
};

using protocol::after_round;
using protocol::round_kind;

/// One place in a round's order and how it went.
enum class turn_state
{
    waiting,
    speaking,
    done,
    passed,
    timed_out,
    /// Absent when the turn came, or disconnected during it; a return appends a new place.
    skipped,
    /// The chair moved on to the next speaker.
    moved_on,
    removed,
};

/// What changed, so that a client can say it ("B passed") to a screen reader.
enum class floor_cause
{
    /// No change: the current floor, for a participant who just arrived.
    snapshot,
    round_started,
    late_arrival,
    turn_done,
    turn_passed,
    turn_warning,
    turn_timed_out,
    turn_moved_on,
    speaker_left,
    participant_left,
    floor_opened,
    hands_on,
    hands_off,
    hand_raised,
    hand_lowered,
    floor_granted,
    floor_yielded,
    break_started,
    member_removed,
    chair_handed_over,
    chair_taken,
    meeting_ended,
};

struct floor_turn
{
    protocol::id16 member{};
    turn_state state = turn_state::waiting;

    friend bool operator==(floor_turn const&, floor_turn const&) = default;
};

/// The whole floor after a change, for every participant alike.
struct floor_announcement
{
    std::uint64_t version = 0;
    floor_cause cause = floor_cause::snapshot;
    /// The member the cause is about (who passed, raised a hand, was granted, ...), if one.
    std::optional<protocol::id16> subject;
    floor_mode mode = floor_mode::open;
    protocol::id16 chair{};
    /// The round's current speaker, or in open mode with hands the member granted the floor.
    std::optional<protocol::id16> speaker;
    // Of a round only: its kind, order, where the floor goes after it, and the turn clock.
    round_kind kind = round_kind::other;
    std::vector<floor_turn> order;
    after_round after = after_round::open;
    /// Time per turn; zero for none.
    std::chrono::seconds turn_length{0};
    /// What is left of the current turn when this was made; none without a time per turn.
    std::optional<std::chrono::milliseconds> remaining;
    /// The current turn is in its last warning_lead().
    bool warning = false;
    // Hand-raising: it can be switched on in any mode, hands wait through rounds and breaks and
    // the floor is granted from the queue in open mode.
    bool hands_on = false;
    std::vector<protocol::id16> queue;
};

/// Who may chair, from the group's roster and frame (PSG1.md §3.1), worked out by the room.
struct floor_policy
{
    /// Members of role 1 whose fac_term has not run out.
    std::vector<protocol::id16> facilitators;
    /// opening = 1 ("self-run"), or no member has facilitator rights: any member may chair.
    bool any_member_leads = false;
    /// turn_s of the frame: the time per turn of a round started without one.
    std::chrono::seconds default_turn_length{0};

    /// The policy of a roster version: its role-1 members but those in term_over (whose
    /// fac_term has run out, counted by facilitator_terms) and its frame's opening and turn_s.
    [[nodiscard]] static floor_policy of(protocol::roster const& roster,
                                         std::span<protocol::id16 const> term_over);
    /// Whether member may open and chair a meeting.
    [[nodiscard]] bool allows_to_chair(protocol::id16 const& member) const noexcept;
};

class floor_machine
{
public:
    using clock = std::chrono::steady_clock;

    /// Why a message or floor action is refused. These are the rule codes of the floor; the
    /// room answers with the protocol error of the same name (docs-draft/floor-frames.md).
    enum class verdict
    {
        ok,
        meeting_ended,
        not_present,
        removed_from_meeting,
        not_your_turn,
        turn_over,
        floor_not_granted,
        floor_break,
        rate_limited,
        not_chair,
        not_eligible_to_lead,
        chair_present,
        cannot_remove_self,
        no_round,
        speaker_changed,
        not_open_floor,
        hands_off,
        hand_already_raised,
        hand_not_raised,
        holds_floor,
        not_floor_holder,
    };

    struct outcome
    {
        verdict result = verdict::ok;
        /// With not_your_turn, turn_over, floor_not_granted and speaker_changed: who has the floor
        /// (none when, with hands on, nobody was granted it), for the error's rule sentence.
        std::optional<protocol::id16> speaker;
        /// With ok from a change: the new floor, for everyone present.
        std::optional<floor_announcement> announcement;

        [[nodiscard]] explicit operator bool() const noexcept { return result == verdict::ok; }
    };

    /// "I'm still writing" (PSG1 kind 3): a client sends it when typing starts and stops and
    /// refreshes it now and then; more than this is noise.
    static constexpr rate_limit writing_rate{3, std::chrono::seconds{3}};
    /// A timed turn is warned this long before its end, or a quarter of it if it is shorter
    /// than two minutes, so that the warning never comes at the start of a short turn.
    static constexpr std::chrono::seconds warning_lead_max{30};

    /// The meeting opened by chair, who may chair under policy (the room checked it). Nobody
    /// is present yet; the floor is open, hands off. Each member's quiet reactions (PSG1 kind
    /// 2) are limited to reaction_rate (the server's --reaction-burst and
    /// --reaction-interval-ms).
    floor_machine(protocol::id16 const& chair, floor_policy policy, rate_limit reaction_rate);

    [[nodiscard]] floor_mode mode() const noexcept { return mode_; }
    [[nodiscard]] protocol::id16 const& chair() const noexcept { return chair_; }
    [[nodiscard]] std::uint64_t version() const noexcept { return version_; }
    [[nodiscard]] static std::chrono::milliseconds
    warning_lead(std::chrono::seconds turn_length) noexcept;

    /// A roster version was committed: who may chair from now on. The chair keeps the chair
    /// (it is nobody's right to take it from them mid-meeting); the policy decides only hand_over
    /// and take_chair, and the default time of the next round.
    void policy_changed(floor_policy policy) { policy_ = std::move(policy); }

    /// The current floor without a change, for a participant who just arrived.
    [[nodiscard]] floor_announcement snapshot(clock::time_point now) const;

    /// A member entered the meeting (the room checked membership). During a round one who has
    /// not yet had a turn gets a place at the end. A member removed from this meeting is refused.
    [[nodiscard]] outcome participant_arrived(protocol::id16 const& member, clock::time_point now);
    /// A member left or was cut off: a speaker's turn is skipped, a raised hand lowered, a
    /// granted floor freed. An announcement only if the floor changed; nothing if absent.
    [[nodiscard]] std::optional<floor_announcement> participant_left(protocol::id16 const& member,
                                                                     clock::time_point now);

    // What the server relays (PSG1.md §6.4 kinds). Reactions and writing signals count against
    // the sender's limit only when the floor allows them.
    [[nodiscard]] outcome may_send_text(protocol::id16 const& member, clock::time_point now) const;
    [[nodiscard]] outcome may_react(protocol::id16 const& member, clock::time_point now);
    /// The floor rules of text (a signal that one is writing is for who may write), then a limit.
    [[nodiscard]] outcome may_signal_writing(protocol::id16 const& member, clock::time_point now);

    // The chair's controls. Each is refused not_chair for anyone else.
    /// A round of kind over everyone present, in the order they arrived. Without turn_length
    /// the group's default_turn_length applies; zero means no time per turn.
    [[nodiscard]] outcome start_round(protocol::id16 const& by, round_kind kind,
                                      std::optional<std::chrono::seconds> turn_length,
                                      after_round after, clock::time_point now);
    /// Ends the turn of speaker_seen, who must still be the current one: two clicks on "next" must
    /// not skip two people.
    [[nodiscard]] outcome next_speaker(protocol::id16 const& by, protocol::id16 const& speaker_seen,
                                       clock::time_point now);
    [[nodiscard]] outcome open_floor(protocol::id16 const& by, clock::time_point now);
    /// Off lowers every hand and frees the floor for all. On: nobody writes until the chair
    /// grants the floor; on again keeps the queue.
    [[nodiscard]] outcome set_hands(protocol::id16 const& by, bool on, clock::time_point now);
    /// The floor goes to a member in the queue, the first or any other; the hand comes down.
    [[nodiscard]] outcome grant(protocol::id16 const& by, protocol::id16 const& member,
                                clock::time_point now);
    [[nodiscard]] outcome start_break(protocol::id16 const& by, clock::time_point now);
    [[nodiscard]] outcome end_meeting(protocol::id16 const& by, clock::time_point now);
    /// Takes member out of this meeting for good: the room disconnects them and rekeys.
    [[nodiscard]] outcome remove(protocol::id16 const& by, protocol::id16 const& member,
                                 clock::time_point now);
    /// The chair goes to another present member who may chair under the policy.
    [[nodiscard]] outcome hand_over(protocol::id16 const& by, protocol::id16 const& to,
                                    clock::time_point now);
    /// A member who may chair takes the chair while its holder is absent, so that a dropped
    /// connection never leaves a meeting without anyone to run it.
    [[nodiscard]] outcome take_chair(protocol::id16 const& by, clock::time_point now);

    // A participant's own actions.
    [[nodiscard]] outcome raise_hand(protocol::id16 const& member, clock::time_point now);
    [[nodiscard]] outcome lower_hand(protocol::id16 const& member, clock::time_point now);
    [[nodiscard]] outcome done(protocol::id16 const& member, clock::time_point now);
    /// "It's OK not to share": the speaker may pass at any moment of their turn.
    [[nodiscard]] outcome pass(protocol::id16 const& member, clock::time_point now);
    [[nodiscard]] outcome yield(protocol::id16 const& member, clock::time_point now);

    /// Whatever the turn clock has due by now: the warning, or the end of the turn.
    [[nodiscard]] std::optional<floor_announcement> advance(clock::time_point now);
    /// When advance next has something to do; none while nothing will.
    [[nodiscard]] std::optional<clock::time_point> next_deadline() const;

private:
    /// One member's buckets.
    struct limits
    {
        token_bucket reactions;
        token_bucket writing;
    };
    [[nodiscard]] limits& limits_of(protocol::id16 const& member);

    [[nodiscard]] bool is_present(protocol::id16 const& member) const noexcept;
    [[nodiscard]] bool in_queue(protocol::id16 const& member) const noexcept;
    [[nodiscard]] std::optional<protocol::id16> speaker() const;
    /// The checks every control shares: a meeting going on, by present and chairing.
    [[nodiscard]] verdict chair_check(protocol::id16 const& by) const noexcept;
    /// The checks every participant action shares.
    [[nodiscard]] verdict participant_check(protocol::id16 const& member) const noexcept;
    /// Ends the current turn with state and gives the floor to the next waiting participant who
    /// is present (the absent ones are skipped), or ends the round.
    void end_turn(turn_state state, clock::time_point now);
    /// done and pass: the speaker ends their own turn with state.
    [[nodiscard]] outcome end_own_turn(protocol::id16 const& member, turn_state state,
                                       floor_cause cause, clock::time_point now);
    void start_turn_from(std::size_t index, clock::time_point now);
    void leave_round();
    /// Takes member off the floor: their turn ends with state, their waiting places (only when
    /// removed) and hand go. True if the floor changed.
    bool take_off_floor(protocol::id16 const& member, turn_state state, clock::time_point now);
    [[nodiscard]] floor_announcement
    announce(floor_cause cause, std::optional<protocol::id16> subject, clock::time_point now);
    [[nodiscard]] outcome changed(floor_cause cause, std::optional<protocol::id16> subject,
                                  clock::time_point now);

    protocol::id16 chair_;
    floor_policy policy_;
    rate_limit reaction_rate_;
    floor_mode mode_ = floor_mode::open;
    std::uint64_t version_ = 0;
    std::vector<protocol::id16> present_; // in order of arrival
    std::vector<protocol::id16> removed_;

    round_kind kind_ = round_kind::other;
    after_round after_ = after_round::open;
    std::vector<floor_turn> order_;
    std::size_t current_ = 0; // the speaking place of order_ during a round
    std::chrono::seconds turn_length_{0};
    std::optional<clock::time_point> turn_ends_;
    bool warned_ = false;

    bool hands_on_ = false;
    std::vector<protocol::id16> queue_;
    std::optional<protocol::id16> holder_;

    std::map<protocol::id16, limits> limits_;
};

} // namespace sirkel
