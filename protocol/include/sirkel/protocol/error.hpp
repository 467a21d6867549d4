// Every way a client frame or request can be refused, each with a stable code and the rule it
// names. PROTOCOL.md §6 is the table these mirror; keep them in step.
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
