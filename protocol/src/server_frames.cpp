#include "sirkel/protocol/server_frames.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

namespace sirkel::protocol
{

// Every value written here without escaping is a constant of this file or base64url text,
// neither of which contains a character JSON must escape. Anything a client supplied goes
// through Boost.JSON's serializer instead.

std::string_view role_name(member_role role) noexcept
{
    switch (role)
    {
    case member_role::member:
        return "member";
    case member_role::facilitator:
        return "facilitator";
    }
    // Fail closed: an unknown role value never grants facilitator rights in a client.
    return "member";
}

std::string make_challenge_frame(id16 const& group, key32 const& nonce, std::uint32_t expires_in_ms)
{
    std::string out = R"({"t":"challenge","v":1,"group":")";
    out += base64url_encode(group);
    out += R"(","nonce":")";
    out += base64url_encode(nonce);
    out += R"(","expires_in_ms":)";
    out += std::to_string(expires_in_ms);
    out += '}';
    return out;
}

std::string make_authed_frame(id16 const& member, member_role role)
{
    std::string out = R"({"t":"authed","member":")";
    out += base64url_encode(member);
    out += R"(","role":")";
    out += role_name(role);
    out += R"("})";
    return out;
}

std::string make_joined_frame(id16 const& session, std::span<id16 const> present)
{
    std::string out = R"({"t":"joined","ses":")";
    out += base64url_encode(session);
    out += R"(","present":[)";
    bool first = true;
    for (auto const& member : present)
    {
        if (!first)
            out += ',';
        first = false;
        out += '"';
        out += base64url_encode(member);
        out += '"';
    }
    out += "]}";
    return out;
}

std::string make_presence_frame(id16 const& member, bool present)
{
    std::string out = R"({"t":"presence","member":")";
    out += base64url_encode(member);
    out += R"(","present":)";
    out += present ? "true" : "false";
    out += '}';
    return out;
}

std::string make_error_frame(error code, std::string_view ref)
{
    std::string out = R"({"t":"error","code":")";
    out += code_name(code);
    out += R"(","rule":")";
    out += rule_text(code);
    out += '"';
    if (!ref.empty())
    {
        out += R"(,"ref":)";
        out += boost::json::serialize(boost::json::string_view(ref.data(), ref.size()));
    }
    out += '}';
    return out;
}

} // namespace sirkel::protocol
