#include "frame_tamperer.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace sirkel::relay
{
namespace
{

namespace json = boost::json;

/// A JSON integer that is not negative, or std::nullopt.
std::optional<std::uint64_t> unsigned_of(json::value const* value)
{
    if (value == nullptr)
        return std::nullopt;
    if (value->is_uint64())
        return value->as_uint64();
    if (value->is_int64() && value->as_int64() >= 0)
        return static_cast<std::uint64_t>(value->as_int64());
    return std::nullopt;
}

std::string_view string_of(json::object const& object, std::string_view key)
{
    auto const* value = object.if_contains(key);
    return value != nullptr && value->is_string() ? std::string_view(value->as_string())
                                                  : std::string_view{};
}

/// The largest tbs of PSG1.md §3.2: twelve entries.
constexpr std::size_t max_tbs_bytes =
    protocol::roster::header_bytes + protocol::roster::max_members * protocol::roster::entry_bytes;

/// The roster version V = {"v","tbs","approvals"} parsed for group, or std::nullopt.
std::optional<protocol::roster> parse_version(json::value const& version,
                                              protocol::id16 const& group)
{
    if (!version.is_object())
        return std::nullopt;
    auto const tbs =
        protocol::base64url_decode(string_of(version.as_object(), "tbs"), max_tbs_bytes);
    if (!tbs)
        return std::nullopt;
    protocol::roster parsed;
    if (protocol::roster::parse(group, *tbs, parsed) != protocol::psg1_error::ok)
        return std::nullopt;
    return parsed;
}

} // namespace

frame_tamperer::frame_tamperer(tamper_mode mode, std::ostream& log) : mode_(mode), log_(log) {}

bool frame_tamperer::take_first()
{
    if (acted_)
        return false;
    acted_ = true;
    return true;
}

void frame_tamperer::report(std::string_view frame_type)
{
    log_ << "tampered " << tamper_mode_name(mode_) << ' ' << frame_type << std::endl;
}

std::vector<std::string> frame_tamperer::to_client(std::string const& frame, client_view& view)
{
    if (mode_ == tamper_mode::none)
        return {frame};
    boost::system::error_code ec;
    auto parsed = json::parse(frame, ec);
    if (ec || !parsed.is_object())
        return {frame};
    auto& object = parsed.as_object();
    std::string const type(string_of(object, "t"));

    bool changed = false;
    bool drop = false;
    switch (mode_)
    {
    case tamper_mode::none:
        break;
    case tamper_mode::msg_kind:
    case tamper_mode::msg_epoch:
    case tamper_mode::msg_counter:
        changed = type == "msg" && !acted_ && change_msg(object);
        break;
    case tamper_mode::replay:
        if (type == "msg" && take_first())
        {
            report(type);
            return {frame, frame};
        }
        break;
    case tamper_mode::inject_participant:
        changed = type == "epoch" && !acted_ && inject_participant(object);
        break;
    case tamper_mode::drop_approval:
        changed = !acted_ && drop_approval(object, type);
        break;
    case tamper_mode::hide_removal:
        if (type == "authed")
            view.member = protocol::base64url_decode_array<16>(string_of(object, "member"));
        else if (type == "roster")
            changed = hide_in_roster(object, view, drop);
        else if (type == "epoch")
            changed = keep_epoch_old(object, view);
        break;
    }
    if (!changed)
        return {frame};
    acted_ = true;
    report(type);
    if (drop)
        return {};
    return {json::serialize(object)};
}

void frame_tamperer::from_client(std::string_view frame, client_view& view)
{
    if (mode_ != tamper_mode::hide_removal)
        return;
    boost::system::error_code ec;
    auto const parsed = json::parse(frame, ec);
    if (!ec && parsed.is_object() && string_of(parsed.as_object(), "t") == "roster_get")
        ++view.roster_requests;
}

bool frame_tamperer::change_msg(json::object& msg)
{
    char const* key = mode_ == tamper_mode::msg_kind    ? "k"
                      : mode_ == tamper_mode::msg_epoch ? "ep"
                                                        : "ctr";
    auto* value = msg.if_contains(key);
    auto const number = unsigned_of(value);
    if (!number)
        return false;
    // Kinds are 1..3 (PROTOCOL.md §4 msg): move to the next one, so the kind stays valid and only
    // the binding in ad can tell.
    *value = mode_ == tamper_mode::msg_kind ? *number % 3 + 1 : *number + 1;
    return true;
}

bool frame_tamperer::inject_participant(json::object& epoch)
{
    auto* parts = epoch.if_contains("parts");
    if (parts == nullptr || !parts->is_array())
        return false;
    std::vector<protocol::id16> ids;
    for (auto const& part : parts->as_array())
    {
        auto const id =
            part.is_string()
                ? protocol::base64url_decode_array<16>(std::string_view(part.as_string()))
                : std::nullopt;
        if (!id)
            return false;
        ids.push_back(*id);
    }
    ids.push_back(protocol::random_array<protocol::id16>());
    // Sorted by the ids' bytes (PSG1.md §5.1), which is not the order of their base64url text.
    std::sort(ids.begin(), ids.end());
    json::array rewritten;
    for (auto const& id : ids)
        rewritten.emplace_back(protocol::base64url_encode(id));
    *parts = std::move(rewritten);
    return true;
}

bool frame_tamperer::drop_approval(json::object& frame, std::string_view type)
{
    auto const drop_last = [](json::value* approvals)
    {
        if (approvals == nullptr || !approvals->is_array() || approvals->as_array().size() < 2)
            return false;
        approvals->as_array().pop_back();
        return true;
    };
    if (type == "proposal")
        return drop_last(frame.if_contains("approvals"));
    if (type != "roster")
        return false;
    auto* versions = frame.if_contains("versions");
    if (versions == nullptr || !versions->is_array())
        return false;
    bool changed = false;
    for (auto& version : versions->as_array())
        if (version.is_object())
            changed = drop_last(version.as_object().if_contains("approvals")) || changed;
    return changed;
}

bool frame_tamperer::hide_in_roster(json::object& roster_frame, client_view& view, bool& drop)
{
    // An answer to the client's roster_get must come, if only empty; an unasked-for roster is a
    // commit push, and a lying server simply does not send it.
    bool const answer = view.roster_requests > 0;
    if (answer)
        --view.roster_requests;
    auto* versions = roster_frame.if_contains("versions");
    if (versions == nullptr || !versions->is_array())
        return false;

    json::array kept;
    bool hidden = false;
    for (auto const& version : versions->as_array())
    {
        auto const parsed = parse_version(version, view.group);
        if (!parsed)
        {
            kept.push_back(version);
            continue;
        }
        auto const& shown = view.shown;
        bool const removes_member = shown && parsed->version() == shown->version() + 1 &&
                                    parsed->entries().size() < shown->entries().size();
        // The member who is removed is cut off by the server anyway (close 4002); lie to one
        // who stays, so that it keeps treating the removed one as a member.
        bool const stays = view.member && parsed->find(*view.member) != nullptr;
        if (!view.frozen && removes_member && stays &&
            (!hide_victim_ || *hide_victim_ == view.connection))
        {
            hide_victim_ = view.connection;
            view.frozen = true;
        }
        if (view.frozen && parsed->version() > shown->version())
        {
            hidden = true;
            continue;
        }
        if (!shown || parsed->version() > shown->version())
            view.shown = *parsed;
        kept.push_back(version);
    }
    if (!hidden)
        return false;
    drop = kept.empty() && !answer;
    *versions = std::move(kept);
    if (auto* more = roster_frame.if_contains("more"))
        *more = false;
    return true;
}

bool frame_tamperer::keep_epoch_old(json::object& epoch, client_view const& view)
{
    if (!view.frozen)
        return false;
    auto const rv = unsigned_of(epoch.if_contains("rv"));
    if (!rv || *rv <= view.shown->version())
        return false;
    epoch["rv"] = view.shown->version();
    epoch["rh"] = protocol::base64url_encode(view.shown->hash());
    return true;
}

} // namespace sirkel::relay
