#include "sirkel/protocol/error.hpp"

#include <string>

namespace sirkel::protocol
{

std::string_view code_name(error e) noexcept
{
    switch (e)
    {
    case error::frame_too_large:
        return "frame_too_large";
    case error::not_single_line:
        return "not_single_line";
    case error::not_json:
        return "not_json";
    case error::not_an_object:
        return "not_an_object";
    case error::too_deep:
        return "too_deep";
    case error::duplicate_key:
        return "duplicate_key";
    case error::missing_field:
        return "missing_field";
    case error::wrong_type:
        return "wrong_type";
    case error::out_of_range:
        return "out_of_range";
    case error::unknown_field:
        return "unknown_field";
    case error::unknown_type:
        return "unknown_type";
    case error::bad_encoding:
        return "bad_encoding";
    case error::binary_not_allowed:
        return "binary_not_allowed";
    case error::unsupported_version:
        return "unsupported_version";
    case error::no_challenge:
        return "no_challenge";
    case error::challenge_expired:
        return "challenge_expired";
    case error::auth_failed:
        return "auth_failed";
    case error::already_authenticated:
        return "already_authenticated";
    case error::not_authenticated:
        return "not_authenticated";
    case error::invite_invalid:
        return "invite_invalid";
    case error::group_full:
        return "group_full";
    case error::member_exists:
        return "member_exists";
    case error::not_in_meeting:
        return "not_in_meeting";
    case error::already_in_meeting:
        return "already_in_meeting";
    case error::wrong_meeting:
        return "wrong_meeting";
    case error::wrong_sender:
        return "wrong_sender";
    case error::not_a_member:
        return "not_a_member";
    case error::no_roster:
        return "no_roster";
    case error::group_started:
        return "group_started";
    case error::roster_invalid:
        return "roster_invalid";
    case error::version_gap:
        return "version_gap";
    case error::prev_hash_mismatch:
        return "prev_hash_mismatch";
    case error::size_cap_reached:
        return "size_cap_reached";
    case error::approval_invalid:
        return "approval_invalid";
    case error::proposal_open:
        return "proposal_open";
    case error::proposal_unknown:
        return "proposal_unknown";
    case error::already_approved:
        return "already_approved";
    case error::not_proposer:
        return "not_proposer";
    case error::roster_unknown:
        return "roster_unknown";
    case error::roster_stale:
        return "roster_stale";
    case error::doc_invalid:
        return "doc_invalid";
    case error::keys_invalid:
        return "keys_invalid";
    case error::invite_exists:
        return "invite_exists";
    case error::too_many_invites:
        return "too_many_invites";
    case error::request_unknown:
        return "request_unknown";
    case error::too_many_requests:
        return "too_many_requests";
    case error::pledge_invalid:
        return "pledge_invalid";
    case error::not_pending:
        return "not_pending";
    case error::wrong_epoch:
        return "wrong_epoch";
    case error::not_a_participant:
        return "not_a_participant";
    case error::ekey_invalid:
        return "ekey_invalid";
    case error::duplicate:
        return "duplicate";
    case error::skd_incomplete:
        return "skd_incomplete";
    case error::no_sender_key:
        return "no_sender_key";
    case error::ctr_not_increasing:
        return "ctr_not_increasing";
    case error::epoch_timeout:
        return "epoch_timeout";
    case error::no_meeting:
        return "no_meeting";
    case error::meeting_ended:
        return "meeting_ended";
    case error::not_present:
        return "not_present";
    case error::removed_from_meeting:
        return "removed_from_meeting";
    case error::not_your_turn:
        return "not_your_turn";
    case error::turn_over:
        return "turn_over";
    case error::floor_not_granted:
        return "floor_not_granted";
    case error::floor_break:
        return "floor_break";
    case error::rate_limited:
        return "rate_limited";
    case error::too_many_frames:
        return "too_many_frames";
    case error::too_many_attempts:
        return "too_many_attempts";
    case error::not_chair:
        return "not_chair";
    case error::not_eligible_to_lead:
        return "not_eligible_to_lead";
    case error::chair_present:
        return "chair_present";
    case error::cannot_remove_self:
        return "cannot_remove_self";
    case error::no_round:
        return "no_round";
    case error::speaker_changed:
        return "speaker_changed";
    case error::not_open_floor:
        return "not_open_floor";
    case error::hands_off:
        return "hands_off";
    case error::hand_already_raised:
        return "hand_already_raised";
    case error::hand_not_raised:
        return "hand_not_raised";
    case error::holds_floor:
        return "holds_floor";
    case error::not_floor_holder:
        return "not_floor_holder";
    case error::internal_error:
        return "internal_error";
    }
    // A value cast from an integer outside the enum: report it as the server's own fault rather
    // than inventing a code clients do not know.
    return "internal_error";
}

std::string_view rule_text(error e) noexcept
{
    switch (e)
    {
    case error::frame_too_large:
        return "a frame is at most max_frame_bytes bytes";
    case error::not_single_line:
        return "a frame must not contain a raw line feed or carriage return";
    case error::not_json:
        return "a frame must be one valid JSON text";
    case error::not_an_object:
        return "a frame must be a JSON object";
    case error::too_deep:
        return "objects and arrays nest at most 8 levels";
    case error::duplicate_key:
        return "an object must not repeat a key";
    case error::missing_field:
        return "the frame type requires this field";
    case error::wrong_type:
        return "the field has another JSON type";
    case error::out_of_range:
        return "the field's value is outside its range";
    case error::unknown_field:
        return "the frame type does not have this field";
    case error::unknown_type:
        return "t must name a client frame type of this protocol";
    case error::bad_encoding:
        return "binary fields are base64url without padding, of the exact length";
    case error::binary_not_allowed:
        return "frames are WebSocket text messages";
    case error::unsupported_version:
        return "the server speaks protocol version 1";
    case error::no_challenge:
        return "auth and redeem need a fresh challenge from hello, each used once";
    case error::challenge_expired:
        return "a challenge is valid for challenge_ttl_ms";
    case error::auth_failed:
        return "the signature must verify with a member's identity key over this connection's "
               "challenge, origin and group";
    case error::already_authenticated:
        return "a connection authenticates once";
    case error::not_authenticated:
        return "this frame needs an authenticated connection";
    case error::invite_invalid:
        return "the invite must exist, match its token, be unexpired, unrevoked and have uses "
               "left";
    case error::group_full:
        return "a group holds at most its size cap of members";
    case error::member_exists:
        return "a member id or identity key joins a group once";
    case error::not_in_meeting:
        return "this frame needs a joined meeting";
    case error::already_in_meeting:
        return "a connection joins the meeting once";
    case error::wrong_meeting:
        return "ses must be the meeting the sender joined";
    case error::wrong_sender:
        return "from must be the authenticated member";
    case error::not_a_member:
        return "this frame needs a member of the group's current roster";
    case error::no_roster:
        return "the group has no roster yet; its first member must publish version 1";
    case error::group_started:
        return "an invite from the shell only makes a group's first member";
    case error::roster_invalid:
        return "roster bytes must parse and make exactly one allowed change";
    case error::version_gap:
        return "a roster version must be the current version plus one";
    case error::prev_hash_mismatch:
        return "prev_hash must be the hash of the current version";
    case error::size_cap_reached:
        return "a group holds at most its frame's size cap";
    case error::approval_invalid:
        return "an approval or decline must be a valid signature by an eligible member, once";
    case error::proposal_open:
        return "one decision at a time: another proposal is open";
    case error::proposal_unknown:
        return "rh must name the open proposal";
    case error::already_approved:
        return "each member approves, objects or declines once";
    case error::not_proposer:
        return "only the proposer can withdraw a proposal";
    case error::roster_unknown:
        return "no roster version has this hash";
    case error::roster_stale:
        return "rv and rh must be the group's current roster";
    case error::doc_invalid:
        return "a new ground-rules text comes sealed to every member; other changes carry none";
    case error::keys_invalid:
        return "sealed keys go to current members, one each";
    case error::invite_exists:
        return "an invite id is used once";
    case error::too_many_invites:
        return "a group has at most 16 open invites";
    case error::request_unknown:
        return "there is no open join request for this member";
    case error::too_many_requests:
        return "a group has at most 12 open join requests";
    case error::pledge_invalid:
        return "the pledge is signed over the group's current pledge hash";
    case error::not_pending:
        return "this frame needs a pending joiner";
    case error::wrong_epoch:
        return "ep must be the meeting's current epoch (msg: or the previous one, for 10 s)";
    case error::not_a_participant:
        return "from must be a participant of this epoch";
    case error::ekey_invalid:
        return "the ekey signature must hold over the server's view of this epoch";
    case error::duplicate:
        return "one ekey and one skd per participant and epoch";
    case error::skd_incomplete:
        return "an skd has one box for every other participant";
    case error::no_sender_key:
        return "send skd before msg in an epoch";
    case error::ctr_not_increasing:
        return "ctr grows per sender and epoch";
    case error::epoch_timeout:
        return "ekey and skd must come within epoch_setup_ms";
    case error::no_meeting:
        return "a meeting must be opened before anyone joins it";
    case error::meeting_ended:
        return "the meeting has ended";
    case error::not_present:
        return "the member named must be present in the meeting";
    case error::removed_from_meeting:
        return "a member removed from a meeting cannot rejoin it";
    case error::not_your_turn:
        return "in a round only the current speaker sends text, done or pass";
    case error::turn_over:
        return "the time for this turn is up";
    case error::floor_not_granted:
        return "with hand-raising on, only the member granted the floor sends text";
    case error::floor_break:
        return "nobody sends text during a break";
    case error::rate_limited:
        return "reactions: reaction_burst at once, then one per reaction_interval_ms (default 5, "
               "then one per 2 s); writing signals: 3 at once, then one per 3 s";
    case error::too_many_frames:
        return "a connection sends frame_burst frames at once, then one per frame_interval_ms; "
               "as many again refused in a row close it (1008)";
    case error::too_many_attempts:
        return "an address presents an invite (knock, join_request, redeem) at most "
               "invite_attempts_per_minute times a minute";
    case error::not_chair:
        return "only the member chairing the meeting controls the floor";
    case error::not_eligible_to_lead:
        return "in this group only a facilitator opens and chairs a meeting";
    case error::chair_present:
        return "the chair can be taken only while its holder is absent";
    case error::cannot_remove_self:
        return "the chair leaves or hands over instead of removing themselves";
    case error::no_round:
        return "no round is going on";
    case error::speaker_changed:
        return "next must name the current speaker";
    case error::not_open_floor:
        return "the floor is granted in open mode only";
    case error::hands_off:
        return "hand-raising is off";
    case error::hand_already_raised:
        return "one raised hand per member";
    case error::hand_not_raised:
        return "the hand must be raised";
    case error::holds_floor:
        return "the member holding the floor yields it before raising a hand";
    case error::not_floor_holder:
        return "only the member holding the floor yields it";
    case error::internal_error:
        return "the server could not complete the request; nothing was changed";
    }
    return "the server could not complete the request; nothing was changed";
}

namespace
{

class protocol_category final : public std::error_category
{
public:
    char const* name() const noexcept override { return "sirkel.protocol"; }

    // The rule, not the code: message() is what ends up in logs read by people.
    std::string message(int value) const override
    {
        return std::string(rule_text(static_cast<error>(value)));
    }
};

} // namespace

std::error_category const& error_category() noexcept
{
    static protocol_category const category;
    return category;
}

} // namespace sirkel::protocol
