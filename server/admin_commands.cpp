#include "admin_commands.hpp"

#include "nginx_hash_pick.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/invite_link.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>
#include <ctime>
#include <exception>
#include <iomanip>
#include <stdexcept>
#include <string>

// Each command is a function-try-block: a refusal (std::invalid_argument) and a failure
// (store_error and the like) both end as one "error: ..." line on err and exit code 1.

namespace sirkel
{

namespace
{

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// "2025-03-04 18:00 UTC": what an organiser reads to know how long a link works.
std::string utc_time(std::int64_t unix_seconds)
{
    auto const t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    auto const size = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return {text, size};
}

/// Output is one record per line, so a label must not be able to start a new one.
bool has_control_character(std::string_view text)
{
    return std::any_of(text.begin(), text.end(),
                       [](char c)
                       {
                           auto const u = static_cast<unsigned char>(c);
                           return u < 0x20 || u == 0x7f;
                       });
}

int report(std::ostream& err, std::exception const& e)
{
    err << "error: " << e.what() << '\n';
    return 1;
}

} // namespace

admin_commands::admin_commands(store& db, std::ostream& out, std::ostream& err)
    : store_(db), out_(out), err_(err)
{
}

int admin_commands::init()
try
{
    out_ << "database: " << store_.file().string() << '\n'
         << "schema_version: " << store_.user_version() << '\n';
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::create_group(std::string_view label, int size_cap, int instance, int instances)
try
{
    if (label.empty() || has_control_character(label))
        throw std::invalid_argument(
            "a group label must be one line of printable text, 1 to 64 characters");
    if (instances < 1 || instances > max_instances || instance < 1 || instance > instances)
        throw std::invalid_argument("--instance must be from 1 to --instances, and --instances "
                                    "from 1 to " +
                                    std::to_string(max_instances));
    // The instance owns every group in its own database, and nginx sends a group's WebSocket
    // where the hash of its id says: only an id that hashes to this instance is reachable here.
    auto id = protocol::random_array<id16>();
    while (nginx_hash_pick(protocol::base64url_encode(id), static_cast<std::size_t>(instances)) !=
           static_cast<std::size_t>(instance - 1))
        id = protocol::random_array<id16>();
    auto const group = store_.create_group(id, label, size_cap, unix_now());
    out_ << "group: " << protocol::base64url_encode(group.id) << '\n'
         << "label: " << group.label << '\n'
         << "size_cap: " << group.size_cap << '\n';
    if (instances > 1)
        out_ << "instance: " << instance << " of " << instances << '\n';
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::invite_facilitator(std::string_view group_ref, std::chrono::hours ttl,
                                       std::string_view public_origin)
try
{
    if (ttl <= std::chrono::hours::zero() || ttl > max_invite_ttl)
        throw std::invalid_argument("an invite must be valid for 1 to " +
                                    std::to_string(max_invite_ttl.count()) + " hours");
    auto const group = resolve_group(group_ref);
    if (store_.count_members(group.id) >= group.size_cap)
        throw std::invalid_argument("group " + group.label + " is full (size cap " +
                                    std::to_string(group.size_cap) + ")");

    // Accept "https://host/" as well as "https://host".
    if (public_origin.ends_with('/'))
        public_origin.remove_suffix(1);
    // The group has no signed roster yet, so the link carries the all-zero roster hash.
    protocol::invite_link const link{.group = group.id,
                                     .invite = protocol::random_array<id16>(),
                                     .secret = protocol::random_array<key32>(),
                                     .roster_hash = {}};
    auto const url = link.to_url(public_origin);
    // Check the origin with the parser that defines the link format, before storing anything.
    if (!protocol::invite_link::parse(url))
        throw std::invalid_argument("the public origin must look like https://chat.example.org");

    auto const now = unix_now();
    invite_record const invite{
        .id = link.invite,
        .group = group.id,
        .token_hash = protocol::generichash32(protocol::kdf_invite_token(link.secret)),
        .role = member_role::facilitator,
        .created_at = now,
        .expires_at = now + std::chrono::duration_cast<std::chrono::seconds>(ttl).count(),
        .uses_left = 1,
        .revoked = false};
    store_.create_invite(invite);

    out_ << "facilitator invite for group " << protocol::base64url_encode(group.id) << " ("
         << group.label << "), single use, valid until " << utc_time(invite.expires_at) << '\n'
         << url << '\n'
         << "Give this link to the facilitator over a channel you trust. It is shown only this "
            "once and the server cannot show it again.\n";
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::list_groups()
try
{
    // The label goes last: it may contain spaces, the columns before it never do.
    out_ << std::left << std::setw(22) << "id" << std::right << std::setw(5) << "cap"
         << std::setw(9) << "members" << std::setw(9) << "invites"
         << "  label\n";
    for (auto const& summary : store_.list_groups(unix_now()))
        out_ << protocol::base64url_encode(summary.group.id) << std::setw(5)
             << summary.group.size_cap << std::setw(9) << summary.members << std::setw(9)
             << summary.open_invites << "  " << summary.group.label << '\n';
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::delete_group(std::string_view group_ref)
try
{
    auto const group = resolve_group(group_ref);
    if (!store_.delete_group(group.id))
        throw std::invalid_argument("group " + group.label + " was deleted meanwhile");
    out_ << "deleted group " << protocol::base64url_encode(group.id) << " (" << group.label
         << ") with its members and invites\n";
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::revoke_invites(std::string_view group_ref)
try
{
    auto const group = resolve_group(group_ref);
    auto const revoked = store_.revoke_open_invites(group.id, unix_now());
    out_ << "revoked: " << revoked << " open invite" << (revoked == 1 ? "" : "s") << " of group "
         << protocol::base64url_encode(group.id) << " (" << group.label << ")\n";
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

int admin_commands::backup(std::filesystem::path const& file)
try
{
    store_.backup_to(file);
    out_ << "backup: " << file.string() << '\n';
    return 0;
}
catch (std::exception const& e)
{
    return report(err_, e);
}

group_record admin_commands::resolve_group(std::string_view group_ref)
{
    if (auto const id = protocol::base64url_decode_array<16>(group_ref))
        if (auto group = store_.find_group(*id))
            return *group;
    if (auto group = store_.find_group_by_label(group_ref))
        return *group;
    throw std::invalid_argument("no group has the id or label \"" + std::string(group_ref) + "\"");
}

} // namespace sirkel
