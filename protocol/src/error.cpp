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
