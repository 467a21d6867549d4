// The organisation's shell operations (`sirkel admin ...`): create a group, invite its first
// facilitator, list groups with counts (never keys or content), revoke its invites, back up,
// delete. Each returns a process exit code: 0 done, 1 refused or failed, with one clear line on
// err.
#pragma once

#include "store.hpp"

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string_view>

namespace sirkel
{

class admin_commands
{
public:
    /// The longest an invite link may stay valid: a link lying in a mailbox for months is a
    /// standing way into the group.
    static constexpr std::chrono::hours max_invite_ttl{24 * 30};

    admin_commands(store& db, std::ostream& out, std::ostream& err);

    /// Report the schema version; opening the store has already created or migrated it.
    int init();

    /// The most instances `create-group --instances` plans for: far more than an organisation
    /// runs, and each takes on average that many random draws of an id.
    static constexpr int max_instances = 64;

    /** Print the new group's id (base64url), label and size cap, one "key: value" per line.
        With instances above 1 the group is made for scale-out behind nginx (deploy/SCALING.md):
        its id is drawn again and again until nginx's `hash` of the /ws/ path's id sends it to
        instance, counted from 1 in the order of the upstream's `server` lines, and an
        "instance: I of N" line follows.
    */
    int create_group(std::string_view label, int size_cap, int instance = 1, int instances = 1);

    /** Create a single-use facilitator invite and print its link, the only output line that
        starts with "https://" or "http://". The invite secret appears in that link once and is
        stored nowhere; the store keeps only H(kdf_invite_token(secret)).
        @param group_ref the group's label or its base64url id
        @param public_origin the origin participants open, e.g. "https://chat.example.org"
    */
    int invite_facilitator(std::string_view group_ref, std::chrono::hours ttl,
                           std::string_view public_origin);

    /// Print a header and one line per group: id, size cap, members, open invites, label.
    int list_groups();

    /// Delete a group with all its members and invites.
    int delete_group(std::string_view group_ref);

    /** Revoke the group's open facilitator invites (a link sent to the wrong person), printing
        how many. Invites members made in a meeting live in the server's memory, not here: the
        group revokes those itself.
    */
    int revoke_invites(std::string_view group_ref);

    /// Write a consistent copy of the database to a new file (store::backup_to).
    int backup(std::filesystem::path const& file);

private:
    /// Find a group by base64url id first, then by label.
    /// @throws std::invalid_argument naming group_ref when there is none.
    group_record resolve_group(std::string_view group_ref);

    store& store_;
    std::ostream& out_;
    std::ostream& err_;
};

} // namespace sirkel
