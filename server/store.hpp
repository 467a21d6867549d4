// The membership store: SQLite, embedded, holding public keys and signed structures only.
// There is no table, column or file for messages, names or anything a member says.
// Only this class touches SQLite (style-anchors lesson 3).
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"
#include "sirkel/protocol/server_frames.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sirkel
{

using protocol::id16;
using protocol::key32;
using protocol::member_role;

/// Raised when the database cannot be opened, migrated or written; the message names the file
/// and SQLite's reason, never any stored value.
class store_error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct group_record
{
    id16 id{};
    std::string label; ///< the organisation's own label, chosen on the shell; not a member's name
    int size_cap = 8;
    std::int64_t created_at = 0; ///< unix seconds
};

struct group_summary
{
    group_record group;
    int members = 0;
    int open_invites = 0;
};

struct member_record
{
    id16 id{};
    id16 group{};
    key32 sig_pk{};
    key32 dh_pk{};
    member_role role = member_role::member;
    std::int64_t joined_at = 0;
};

struct invite_record
{
    id16 id{};
    id16 group{};
    key32 token_hash{}; ///< H(tok); the token itself is never stored
    member_role role = member_role::member;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    int uses_left = 1;
    bool revoked = false;
};

enum class redeem_outcome
{
    redeemed,
    invite_invalid, ///< unknown, token mismatch, revoked, used up or expired: one answer
    group_full,
    member_exists,
};

/// Used from one thread: the server's io thread (each call is a few short statements on a small
/// file, quick enough to run inline) or an admin command.
class store
{
public:
    static constexpr int schema_version = 3;
    static constexpr int max_size_cap = 12;
    static constexpr int default_size_cap = 8;

    /** Open (creating if needed) and migrate the database.
        Sets WAL, synchronous=FULL, foreign_keys=ON, a busy timeout.
        @throws store_error if the file cannot be opened, is from a newer schema than this
        binary knows, or a migration fails.
    */
    explicit store(std::filesystem::path const& file);
    ~store();
    store(store const&) = delete;
    store& operator=(store const&) = delete;

    [[nodiscard]] int user_version() const;
    /// PRAGMA synchronous of the connection: 2 (FULL), what every commit but a count of a
    /// meeting is made with.
    [[nodiscard]] int synchronous() const;
    [[nodiscard]] std::filesystem::path const& file() const noexcept { return file_; }

    /// A group with a random id. @throws store_error on a duplicate label or a size cap
    /// outside 2..12.
    group_record create_group(std::string_view label, int size_cap, std::int64_t now);
    /// A group with the given id, drawn at random by the caller (an id that an nginx hash sends
    /// to this instance, say). @throws store_error as above, or if the id is taken.
    group_record create_group(id16 const& id, std::string_view label, int size_cap,
                              std::int64_t now);
    [[nodiscard]] std::optional<group_record> find_group(id16 const& id) const;
    [[nodiscard]] std::optional<group_record> find_group_by_label(std::string_view label) const;
    [[nodiscard]] std::vector<group_summary> list_groups(std::int64_t now) const;
    /// Every group's id, in no particular order (for loading them all at start-up).
    [[nodiscard]] std::vector<id16> group_ids() const;

    /// Delete a group with its members, rosters, invites and pledge receipts (ON DELETE CASCADE),
    /// erased from the file and the WAL. @return false if there was no such group.
    bool delete_group(id16 const& id);
    /// SQLite's PRAGMA data_version: changes whenever another connection (a `sirkel admin`
    /// command) commits to the file, never for this store's own writes.
    [[nodiscard]] std::int64_t data_version() const;

    [[nodiscard]] std::optional<member_record> find_member(id16 const& group,
                                                           id16 const& member) const;
    [[nodiscard]] int count_members(id16 const& group) const;

    /// @throws store_error if the group does not exist or the invite id is taken.
    void create_invite(invite_record const& invite);
    [[nodiscard]] std::optional<invite_record> find_invite(id16 const& id) const;

    /// Mark an invite revoked, so it can no longer be redeemed; kept for the open-invite counts.
    /// @return false if there was no such invite.
    bool revoke_invite(id16 const& id);
    /// Revoke every invite of group that could still be redeemed at now (the stored ones: the
    /// facilitator invites of `sirkel admin`). @return how many were revoked.
    int revoke_open_invites(id16 const& group, std::int64_t now);

    /** Use an invite to add a member, atomically: the invite must exist in this group, match
        token_hash in constant time, be unrevoked, unexpired at now and have a use left; the
        group must be under its size cap; the member id and sig_pk must be new to the group.
        On success the member is stored and the invite's uses_left decremented, in one
        transaction. The member's role is the invite's and joined_at is now; newcomer supplies
        the id, the group (which must be the invite's) and the public keys.
    */
    [[nodiscard]] redeem_outcome redeem_invite(id16 const& invite, key32 const& token_hash,
                                               member_record const& newcomer, std::int64_t now);

    /// Committed roster versions of group from version from on, ascending, at most limit.
    [[nodiscard]] std::vector<protocol::roster_version>
    roster_versions(id16 const& group, std::uint64_t from, std::size_t limit) const;
    /// The number of the committed version with this hash, if there is one.
    [[nodiscard]] std::optional<std::uint64_t> find_roster_version(id16 const& group,
                                                                   key32 const& roster_hash) const;
    /** Store a verified version with the approvals that committed it and make the group's
        members exactly its entries, in one transaction. A member who is no longer in it loses
        their members row and pledge receipt, erased from the file and the WAL (only the roster
        versions and approvals the chain needs still name them). A member whose role becomes 1 is
        granted it at the group's current count of meetings opened; one who keeps role 1 keeps
        their grant. A version without members ends the group: every row of it is erased.
    */
    void commit_roster_version(id16 const& group, protocol::roster const& next,
                               std::span<protocol::roster_approval const> approvals,
                               std::int64_t now);
    /// A meeting of group opened: the group's count of meetings opened goes up by one and is
    /// returned (PSG1.md §3.1 fac_term). Restart-safe at once, but without an fsync of its own:
    /// the next durable commit or checkpoint syncs it. @throws store_error if there is no such
    /// group.
    std::uint64_t count_meeting_opened(id16 const& group);
    /// The meetings group has opened; 0 for an unknown group.
    [[nodiscard]] std::uint64_t meetings_opened(id16 const& group) const;
    /// Each role-1 member of group with the count of meetings opened when the version that gave
    /// them role 1 was committed (kept by commit_roster_version).
    [[nodiscard]] std::map<id16, std::uint64_t> facilitator_grants(id16 const& group) const;
    /// Whether any group has a member with this id (member ids are the members' primary key).
    [[nodiscard]] bool member_id_taken(id16 const& member) const;
    /// The receipt of a joiner's pledge (PSG1.md §4.6): ids, a hash, a time and a signature.
    void save_pledge_receipt(id16 const& group, id16 const& member, key32 const& pledge_hash,
                             std::int64_t signed_at, protocol::signature64 const& sig);
    void delete_pledge_receipt(id16 const& group, id16 const& member);

    /// Copy the live database to file with SQLite's online backup API (safe while serving).
    void backup_to(std::filesystem::path const& file) const;

private:
    void migrate();
    /// After deleting someone's rows: checkpoint the WAL so no old page image keeps them.
    void forget_deleted();

    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
};

} // namespace sirkel
