// Every way a client frame or request can be refused, each with a stable code and the rule it
// names. PROTOCOL.md §6 and PSG1.md §8.5 are the tables these mirror; keep them in step.
#pragma once

#include <string_view>
#include <system_error>

namespace sirkel::protocol
{

enum class error
{
    frame_too_large = 1,
    not_single_line,
    not_json,
    not_an_object,
    too_deep,
    duplicate_key,
    missing_field,
    wrong_type,
    out_of_range,
    unknown_field,
    unknown_type,
    bad_encoding,
    binary_not_allowed,
    unsupported_version,
    no_challenge,
    challenge_expired,
    auth_failed,
    already_authenticated,
    not_authenticated,
    invite_invalid,
    group_full,
    member_exists,
    not_in_meeting,
    already_in_meeting,
    wrong_meeting,
    wrong_sender,
    // PSG1.md §8.5: group admission, the roster chain and meeting keys. None closes the
    // connection.
    not_a_member,
    no_roster,
    group_started,
    roster_invalid,
    version_gap,
    prev_hash_mismatch,
    size_cap_reached,
    approval_invalid,
    proposal_open,
    proposal_unknown,
    already_approved,
    not_proposer,
    roster_unknown,
    roster_stale,
    doc_invalid,
    keys_invalid,
    invite_exists,
    too_many_invites,
    request_unknown,
    too_many_requests,
    pledge_invalid,
    not_pending,
    wrong_epoch,
    not_a_participant,
    ekey_invalid,
    duplicate,
    skd_incomplete,
    no_sender_key,
    ctr_not_increasing,
    epoch_timeout,
    // PROTOCOL.md §8: meetings and the floor. None closes the connection.
    no_meeting,
    meeting_ended,
    not_present,
    removed_from_meeting,
    not_your_turn,
    turn_over,
    floor_not_granted,
    floor_break,
    rate_limited,
    // Server limits (PROTOCOL.md §5). Neither closes the connection by itself.
    too_many_frames,
    too_many_attempts,
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
    // Last, so that it bounds the enum for tables indexed by code.
    internal_error,
};

/// The stable identifier sent as "code", e.g. "duplicate_key".
[[nodiscard]] std::string_view code_name(error e) noexcept;

/// The English sentence sent as "rule", e.g. "an object must not repeat a key".
[[nodiscard]] std::string_view rule_text(error e) noexcept;

[[nodiscard]] std::error_category const& error_category() noexcept;

[[nodiscard]] inline std::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

} // namespace sirkel::protocol

template <>
struct std::is_error_code_enum<sirkel::protocol::error> : std::true_type
{
};
