#include "sirkel/protocol/server_frames.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include <string>

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

namespace
{

// ,"key":"<base64url>" (the leading comma unless first).
void append_binary(std::string& out, std::string_view key, byte_view value, bool first = false)
{
    if (!first)
        out += ',';
    out += '"';
    out += key;
    out += R"(":")";
    out += base64url_encode(value);
    out += '"';
}

void append_integer(std::string& out, std::string_view key, std::int64_t value)
{
    out += ",\"";
    out += key;
    out += "\":";
    out += std::to_string(value);
}

void append_text(std::string& out, std::string_view key, std::string_view value)
{
    out += ",\"";
    out += key;
    out += R"(":")";
    out += value;
    out += '"';
}

// "key":[{"m":..,"sig":..},...] for approvals and declines.
void append_signatures(std::string& out, std::string_view key,
                       std::span<roster_approval const> signatures)
{
    out += ",\"";
    out += key;
    out += "\":[";
    bool first = true;
    for (auto const& s : signatures)
    {
        if (!first)
            out += ',';
        first = false;
        out += '{';
        append_binary(out, "m", s.member_id, true);
        append_binary(out, "sig", s.sig);
        out += '}';
    }
    out += ']';
}

void append_ids(std::string& out, std::string_view key, std::span<id16 const> ids)
{
    out += ",\"";
    out += key;
    out += "\":[";
    bool first = true;
    for (auto const& id : ids)
    {
        if (!first)
            out += ',';
        first = false;
        out += '"';
        out += base64url_encode(id);
        out += '"';
    }
    out += ']';
}

// ,"doc":{"n","c","keys":[{"to","k"},...]} (PSG1.md §8.2 D).
void append_doc(std::string& out, sealed_doc const& doc)
{
    out += R"(,"doc":{)";
    append_binary(out, "n", doc.n, true);
    append_binary(out, "c", doc.c);
    out += R"(,"keys":[)";
    bool first = true;
    for (auto const& key : doc.keys)
    {
        if (!first)
            out += ',';
        first = false;
        out += '{';
        append_binary(out, "to", key.to, true);
        append_binary(out, "k", key.k);
        out += '}';
    }
    out += "]}";
}

} // namespace

std::string_view outcome_name(proposal_outcome outcome) noexcept
{
    switch (outcome)
    {
    case proposal_outcome::committed:
        return "committed";
    case proposal_outcome::stale:
        return "stale";
    case proposal_outcome::rejected:
        return "rejected";
    case proposal_outcome::withdrawn:
        return "withdrawn";
    case proposal_outcome::expired:
        return "expired";
    }
    return "expired";
}

std::string_view outcome_name(invite_outcome outcome) noexcept
{
    switch (outcome)
    {
    case invite_outcome::revoked:
        return "revoked";
    case invite_outcome::used:
        return "used";
    case invite_outcome::expired:
        return "expired";
    }
    return "expired";
}

std::string_view state_name(join_state state) noexcept
{
    switch (state)
    {
    case join_state::pending:
        return "pending";
    case join_state::admitted:
        return "admitted";
    case join_state::declined:
        return "declined";
    case join_state::expired:
        return "expired";
    case join_state::withdrawn:
        return "withdrawn";
    }
    return "expired";
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

std::string make_authed_pending_frame(id16 const& member)
{
    std::string out = R"({"t":"authed","member":")";
    out += base64url_encode(member);
    out += R"(","role":"pending"})";
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

std::string make_error_frame(error code, std::string_view ref, id16 const* speaker)
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
    if (speaker != nullptr)
        append_binary(out, "speaker", *speaker);
    out += '}';
    return out;
}

std::string make_meeting_state_frame(bool open, std::span<id16 const> away,
                                     std::span<id16 const> away_next,
                                     std::span<id16 const> term_over)
{
    std::string out = R"({"t":"meeting_state","open":)";
    out += open ? "true" : "false";
    append_ids(out, "away", away);
    append_ids(out, "away_next", away_next);
    append_ids(out, "term_over", term_over);
    out += '}';
    return out;
}

std::string make_roster_frame(std::span<roster_version const> versions, bool more,
                              std::uint64_t doc_version, sealed_doc const* doc)
{
    std::string out = R"({"t":"roster","versions":[)";
    bool first = true;
    for (auto const& version : versions)
    {
        if (!first)
            out += ',';
        first = false;
        out += R"({"v":)";
        out += std::to_string(version.v);
        append_binary(out, "tbs", version.tbs);
        append_signatures(out, "approvals", version.approvals);
        if (doc != nullptr && version.v == doc_version)
            append_doc(out, *doc);
        out += '}';
    }
    out += R"(],"more":)";
    out += more ? "true" : "false";
    out += '}';
    return out;
}

std::string make_proposal_frame(key32 const& roster_hash, id16 const& by, byte_view tbs,
                                std::span<roster_approval const> approvals,
                                std::span<id16 const> objections, std::int64_t expires_at,
                                sealed_doc const* doc)
{
    std::string out = R"({"t":"proposal")";
    append_binary(out, "rh", roster_hash);
    append_binary(out, "by", by);
    append_binary(out, "tbs", tbs);
    append_signatures(out, "approvals", approvals);
    append_ids(out, "objections", objections);
    append_integer(out, "expires_at", expires_at);
    if (doc != nullptr)
        append_doc(out, *doc);
    out += '}';
    return out;
}

std::string make_proposal_closed_frame(key32 const& roster_hash, proposal_outcome reason)
{
    std::string out = R"({"t":"proposal_closed")";
    append_binary(out, "rh", roster_hash);
    append_text(out, "reason", outcome_name(reason));
    out += '}';
    return out;
}

std::string make_invite_frame(id16 const& invite, id16 const& by, std::int64_t expires_at,
                              int uses_left)
{
    std::string out = R"({"t":"invite")";
    append_binary(out, "invite", invite);
    append_binary(out, "by", by);
    append_integer(out, "expires_at", expires_at);
    append_integer(out, "uses_left", uses_left);
    out += '}';
    return out;
}

std::string make_invite_closed_frame(id16 const& invite, invite_outcome reason)
{
    std::string out = R"({"t":"invite_closed")";
    append_binary(out, "invite", invite);
    append_text(out, "reason", outcome_name(reason));
    out += '}';
    return out;
}

std::string make_invite_info_frame(id16 const& invite, sealed_box const& info,
                                   std::int64_t expires_at)
{
    std::string out = R"({"t":"invite_info")";
    append_binary(out, "invite", invite);
    out += R"(,"info":{)";
    append_binary(out, "n", info.n, true);
    append_binary(out, "c", info.c);
    out += '}';
    append_integer(out, "expires_at", expires_at);
    out += '}';
    return out;
}

std::string make_join_status_frame(join_state state, std::int64_t expires_at,
                                   std::span<member_signature const> declines)
{
    std::string out = R"({"t":"join_status")";
    append_text(out, "state", state_name(state));
    if (state == join_state::pending)
        append_integer(out, "expires_at", expires_at);
    if (state == join_state::declined)
        append_signatures(out, "declines", declines);
    out += '}';
    return out;
}

std::string make_request_frame(join_request_view const& view)
{
    auto const& r = view.request;
    std::string out = R"({"t":"request")";
    append_binary(out, "member", r.member);
    append_binary(out, "invite", r.invite);
    append_binary(out, "sig_pk", r.sig_pk);
    append_binary(out, "dh_pk", r.dh_pk);
    append_binary(out, "ph", r.pledge_hash);
    append_binary(out, "pledge", r.pledge);
    append_binary(out, "n", r.n);
    append_binary(out, "c", r.c);
    append_integer(out, "at", view.at);
    append_integer(out, "expires_at", view.expires_at);
    if (view.jk != nullptr)
        append_binary(out, "jk", *view.jk);
    append_signatures(out, "declines", view.declines);
    out += '}';
    return out;
}

std::string make_request_closed_frame(id16 const& member, join_state state)
{
    std::string out = R"({"t":"request_closed")";
    append_binary(out, "member", member);
    append_text(out, "reason", state_name(state));
    out += '}';
    return out;
}

std::string make_epoch_frame(id16 const& session, std::uint32_t epoch, std::uint64_t roster_version,
                             key32 const& roster_hash, std::span<id16 const> parts)
{
    std::string out = R"({"t":"epoch")";
    append_binary(out, "ses", session);
    append_integer(out, "ep", epoch);
    out += R"(,"rv":)";
    out += std::to_string(roster_version);
    append_binary(out, "rh", roster_hash);
    append_ids(out, "parts", parts);
    out += '}';
    return out;
}

} // namespace sirkel::protocol
