#include "store.hpp"

#include "sqlite_statement.hpp"
#include "sqlite_transaction.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <sqlite3.h>

#include <array>
#include <map>
#include <string>
#include <system_error>

namespace sirkel
{

namespace
{

// Migration n (1-based) lives at migrations[n - 1] and runs once, in its own transaction, when
// PRAGMA user_version is below n. Never edit a migration that has shipped; append a new one.
//
// Schema version 1. There is no table for messages and no column for names, on purpose: the
// server relays end-to-end encrypted content it cannot read and keeps no history (DESIGN.md
// principles 1 and 2). What is stored is ids, public keys, hashes, signatures and times.
// STRICT tables refuse a value of the wrong type; the length CHECKs refuse a wrong-sized one.
constexpr char const* migration_1 = R"sql(
CREATE TABLE groups (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    -- The organisation's own label for the group, chosen on the shell, not a member's name.
    label      TEXT NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 64),
    size_cap   INTEGER NOT NULL CHECK (size_cap BETWEEN 2 AND 12),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
    id        BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    group_id  BLOB NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    sig_pk    BLOB NOT NULL CHECK (length(sig_pk) = 32),
    dh_pk     BLOB NOT NULL CHECK (length(dh_pk) = 32),
    role      INTEGER NOT NULL CHECK (role IN (0, 1)),
    joined_at INTEGER NOT NULL,
    -- Also the index that counts a group's members and finds them.
    UNIQUE (group_id, sig_pk)
) STRICT;

-- The signed, hash-chained roster (DESIGN.md principle 3): body holds the bytes that were
-- signed, member ids and public keys only.
CREATE TABLE roster_versions (
    group_id    BLOB NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 0),
    roster_hash BLOB NOT NULL CHECK (length(roster_hash) = 32),
    prev_hash   BLOB NOT NULL CHECK (length(prev_hash) = 32),
    body        BLOB NOT NULL,
    signer      BLOB NOT NULL CHECK (length(signer) = 16),
    signature   BLOB NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (group_id, version)
) STRICT;

-- token_hash is H(tok); neither the invite secret nor the token is ever stored.
CREATE TABLE invites (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    group_id   BLOB NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    token_hash BLOB NOT NULL CHECK (length(token_hash) = 32),
    role       INTEGER NOT NULL CHECK (role IN (0, 1)),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    uses_left  INTEGER NOT NULL CHECK (uses_left >= 0),
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;

-- For the cascade on group deletion and the open-invite counts.
CREATE INDEX invites_by_group ON invites (group_id);

-- A signature over the hash of the confidentiality pledge. member_id is not a reference to
-- members: the pledge is accepted before the group admits the newcomer.
CREATE TABLE pledge_receipts (
    group_id    BLOB NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id   BLOB NOT NULL CHECK (length(member_id) = 16),
    pledge_hash BLOB NOT NULL CHECK (length(pledge_hash) = 32),
    signed_at   INTEGER NOT NULL,
    signature   BLOB NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (group_id, member_id)
) STRICT;
)sql";

// Schema version 2: the roster chain of PSG1.md §3 as the server commits it. A version keeps
// every approval that committed it, so any member can re-verify the chain. No code wrote
// roster_versions before this migration, so it is rebuilt rather than altered.
constexpr char const* migration_2 = R"sql(
DROP TABLE roster_versions;

CREATE TABLE roster_versions (
    group_id     BLOB NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version >= 1),
    roster_hash  BLOB NOT NULL CHECK (length(roster_hash) = 32),
    -- tbs(v): member ids, roles and public keys only.
    body         BLOB NOT NULL CHECK (length(body) BETWEEN 114 AND 1086),
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, version)
) STRICT;

CREATE INDEX roster_versions_by_hash ON roster_versions (group_id, roster_hash);

CREATE TABLE roster_approvals (
    group_id  BLOB NOT NULL,
    version   INTEGER NOT NULL,
    position  INTEGER NOT NULL CHECK (position >= 0),
    member_id BLOB NOT NULL CHECK (length(member_id) = 16),
    signature BLOB NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (group_id, version, position),
    FOREIGN KEY (group_id, version) REFERENCES roster_versions (group_id, version)
        ON DELETE CASCADE
) STRICT;
)sql";

// Schema version 3: the facilitator's term (PSG1.md §3.1 fac_term). Only the server can count
// meetings, so the count must outlive a restart: the meetings each group has opened, and for a
// member of role 1 that count when the version that gave them role 1 was committed (NULL while
// of role 0). Facilitators from before this migration get 0, the count they were granted at.
constexpr char const* migration_3 = R"sql(
ALTER TABLE groups ADD COLUMN meetings_opened INTEGER NOT NULL DEFAULT 0
    CHECK (meetings_opened >= 0);
ALTER TABLE members ADD COLUMN facilitator_since INTEGER CHECK (facilitator_since >= 0);
UPDATE members SET facilitator_since = 0 WHERE role = 1;
)sql";

constexpr std::array<char const*, store::schema_version> migrations{migration_1, migration_2,
                                                                    migration_3};

/// Run fixed SQL text that takes no values (pragmas, transaction control, migrations).
void exec(sqlite3* db, char const* sql, std::string_view what)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        throw_sqlite_error(db, what);
}

group_record read_group(sqlite_statement const& row)
{
    return {.id = row.column_array<16>(0),
            .label = row.column_text(1),
            .size_cap = row.column_int(2),
            .created_at = row.column_int64(3)};
}

/// How long a statement waits for another connection's write lock (the admin shell's, or the
/// server's while the shell runs) before failing: far longer than any write here takes.
constexpr int busy_timeout_ms = 5000;

constexpr std::string_view group_columns = "id, label, size_cap, created_at";

std::int64_t role_value(member_role role)
{
    return static_cast<std::int64_t>(role);
}

member_role role_from(int value)
{
    // The schema's CHECK (role IN (0, 1)) keeps anything else out.
    return value == 1 ? member_role::facilitator : member_role::member;
}

} // namespace

store::store(std::filesystem::path const& file) : file_(file)
{
    // Group ids come from randombytes and tokens are compared with sodium_memcmp.
    protocol::sodium_init_or_throw();

    // NOMUTEX: one thread uses a store (the io thread, or the admin command), so SQLite need not
    // lock the connection.
    int const flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(file_.c_str(), &db_, flags, nullptr) != SQLITE_OK)
    {
        std::string message = file_.string() + ": open: ";
        message += db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw store_error(message);
    }
    try
    {
        // SQLite opens a file it may not write read-only without a word, and the first write
        // would fail far from here; say now what the operator must fix.
        if (sqlite3_db_readonly(db_, "main") == 1)
            throw store_error(file_.string() +
                              ": the database is read-only to this process; it must be able to "
                              "write the file and create its -wal and -shm files beside it");
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        // WAL lets readers and the online backup run alongside the writer; FULL makes every
        // committed membership change survive a power cut; SQLite leaves foreign keys off
        // unless asked, and the cascades need them.
        {
            sqlite_statement wal(db_, "PRAGMA journal_mode = WAL");
            if (!wal.step() || wal.column_text(0) != "wal")
                throw_store_error(db_, "open", "the file system does not support WAL mode");
        }
        exec(db_, "PRAGMA synchronous = FULL", "set synchronous");
        exec(db_, "PRAGMA foreign_keys = ON", "enable foreign keys");
        // A deleted row is overwritten with zeros, not left in a free page for a seized disk
        // to give back: a member who leaves takes their keys and pledge with them (PSG1.md
        // §8.6). forget_deleted() then clears the copies in the WAL. Set here, not left to
        // how SQLite was built: Debian's defaults to on, SQLite's own to off.
        exec(db_, "PRAGMA secure_delete = ON", "set secure_delete");
        migrate();
    }
    catch (...)
    {
        sqlite3_close(db_);
        throw;
    }
}

store::~store()
{
    sqlite3_close(db_);
}

void store::migrate()
{
    int const found = user_version();
    if (found > schema_version)
        throw_store_error(db_, "open",
                          "the database has schema version " + std::to_string(found) +
                              ", newer than the " + std::to_string(schema_version) +
                              " this sirkel knows; run a newer sirkel or restore a backup");
    for (int version = found; version < schema_version; ++version)
    {
        sqlite_transaction transaction(db_);
        exec(db_, migrations[static_cast<std::size_t>(version)], "migrate");
        // A pragma takes no bound parameters; the value is this binary's own constant.
        std::string const set_version = "PRAGMA user_version = " + std::to_string(version + 1);
        exec(db_, set_version.c_str(), "migrate");
        transaction.commit();
    }
}

int store::user_version() const
{
    sqlite_statement query(db_, "PRAGMA user_version");
    if (!query.step())
        throw_store_error(db_, "read schema version", "no result");
    return query.column_int(0);
}

int store::synchronous() const
{
    sqlite_statement query(db_, "PRAGMA synchronous");
    if (!query.step())
        throw_store_error(db_, "read synchronous", "no result");
    return query.column_int(0);
}

group_record store::create_group(std::string_view label, int size_cap, std::int64_t now)
{
    return create_group(protocol::random_array<id16>(), label, size_cap, now);
}

group_record store::create_group(id16 const& id, std::string_view label, int size_cap,
                                 std::int64_t now)
{
    if (size_cap < 2 || size_cap > max_size_cap)
        throw_store_error(db_, "create group",
                          "the size cap must be from 2 to " + std::to_string(max_size_cap));
    group_record group{
        .id = id, .label = std::string(label), .size_cap = size_cap, .created_at = now};
    sqlite_transaction transaction(db_);
    sqlite_statement taken(db_, "SELECT 1 FROM groups WHERE label = ?1");
    taken.bind(1, label);
    if (taken.step())
        throw_store_error(db_, "create group", "a group with that label already exists");
    sqlite_statement insert(
        db_, "INSERT INTO groups (id, label, size_cap, created_at) VALUES (?1, ?2, ?3, ?4)");
    insert.bind(1, group.id).bind(2, label).bind(3, std::int64_t{size_cap}).bind(4, now);
    (void)insert.step();
    transaction.commit();
    return group;
}

std::optional<group_record> store::find_group(id16 const& id) const
{
    sqlite_statement query(db_,
                           "SELECT " + std::string(group_columns) + " FROM groups WHERE id = ?1");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return read_group(query);
}

std::optional<group_record> store::find_group_by_label(std::string_view label) const
{
    sqlite_statement query(db_, "SELECT " + std::string(group_columns) +
                                    " FROM groups WHERE label = ?1");
    query.bind(1, label);
    if (!query.step())
        return std::nullopt;
    return read_group(query);
}

std::vector<group_summary> store::list_groups(std::int64_t now) const
{
    sqlite_statement query(db_, R"sql(
SELECT g.id, g.label, g.size_cap, g.created_at,
       (SELECT count(*) FROM members m WHERE m.group_id = g.id),
       (SELECT count(*) FROM invites i
         WHERE i.group_id = g.id AND i.revoked = 0 AND i.expires_at > ?1 AND i.uses_left > 0)
  FROM groups g
 ORDER BY g.created_at, g.label)sql");
    query.bind(1, now);
    std::vector<group_summary> groups;
    while (query.step())
        groups.push_back({.group = read_group(query),
                          .members = query.column_int(4),
                          .open_invites = query.column_int(5)});
    return groups;
}

std::vector<id16> store::group_ids() const
{
    sqlite_statement query(db_, "SELECT id FROM groups");
    std::vector<id16> ids;
    while (query.step())
        ids.push_back(query.column_array<16>(0));
    return ids;
}

bool store::delete_group(id16 const& id)
{
    sqlite_statement remove(db_, "DELETE FROM groups WHERE id = ?1");
    remove.bind(1, id);
    (void)remove.step();
    if (sqlite3_changes(db_) == 0)
        return false;
    forget_deleted();
    return true;
}

std::int64_t store::data_version() const
{
    sqlite_statement query(db_, "PRAGMA data_version");
    (void)query.step();
    return query.column_int64(0);
}

std::optional<member_record> store::find_member(id16 const& group, id16 const& member) const
{
    sqlite_statement query(db_, "SELECT sig_pk, dh_pk, role, joined_at FROM members "
                                "WHERE id = ?1 AND group_id = ?2");
    query.bind(1, member).bind(2, group);
    if (!query.step())
        return std::nullopt;
    return member_record{.id = member,
                         .group = group,
                         .sig_pk = query.column_array<32>(0),
                         .dh_pk = query.column_array<32>(1),
                         .role = role_from(query.column_int(2)),
                         .joined_at = query.column_int64(3)};
}

int store::count_members(id16 const& group) const
{
    sqlite_statement query(db_, "SELECT count(*) FROM members WHERE group_id = ?1");
    query.bind(1, group);
    (void)query.step(); // count(*) always yields one row
    return query.column_int(0);
}

void store::create_invite(invite_record const& invite)
{
    sqlite_statement insert(db_, R"sql(
INSERT INTO invites (id, group_id, token_hash, role, created_at, expires_at, uses_left, revoked)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql");
    insert.bind(1, invite.id)
        .bind(2, invite.group)
        .bind(3, invite.token_hash)
        .bind(4, role_value(invite.role))
        .bind(5, invite.created_at)
        .bind(6, invite.expires_at)
        .bind(7, std::int64_t{invite.uses_left})
        .bind(8, std::int64_t{invite.revoked ? 1 : 0});
    (void)insert.step();
}

std::optional<invite_record> store::find_invite(id16 const& id) const
{
    sqlite_statement query(db_, "SELECT group_id, token_hash, role, created_at, expires_at, "
                                "uses_left, revoked FROM invites WHERE id = ?1");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return invite_record{.id = id,
                         .group = query.column_array<16>(0),
                         .token_hash = query.column_array<32>(1),
                         .role = role_from(query.column_int(2)),
                         .created_at = query.column_int64(3),
                         .expires_at = query.column_int64(4),
                         .uses_left = query.column_int(5),
                         .revoked = query.column_int(6) != 0};
}

bool store::revoke_invite(id16 const& id)
{
    sqlite_statement update(db_, "UPDATE invites SET revoked = 1 WHERE id = ?1");
    update.bind(1, id);
    (void)update.step();
    return sqlite3_changes(db_) > 0;
}

int store::revoke_open_invites(id16 const& group, std::int64_t now)
{
    // The same test of "open" as list_groups' count, so the listing then shows 0.
    sqlite_statement update(db_, "UPDATE invites SET revoked = 1 WHERE group_id = ?1 AND "
                                 "revoked = 0 AND expires_at > ?2 AND uses_left > 0");
    update.bind(1, group).bind(2, now);
    (void)update.step();
    return sqlite3_changes(db_);
}

redeem_outcome store::redeem_invite(id16 const& invite, key32 const& token_hash,
                                    member_record const& newcomer, std::int64_t now)
{
    sqlite_transaction transaction(db_);

    sqlite_statement find(db_, "SELECT group_id, token_hash, role, expires_at, uses_left, revoked "
                               "FROM invites WHERE id = ?1");
    find.bind(1, invite);
    if (!find.step())
        return redeem_outcome::invite_invalid;
    // Compare the token before anything else about the invite, in constant time, so the answer
    // and its timing say nothing to someone who has only the invite id.
    if (!protocol::equal_constant_time(find.column_array<32>(1), token_hash))
        return redeem_outcome::invite_invalid;
    if (find.column_array<16>(0) != newcomer.group || find.column_int64(3) <= now ||
        find.column_int(4) <= 0 || find.column_int(5) != 0)
        return redeem_outcome::invite_invalid;
    auto const role = find.column_int64(2);

    sqlite_statement room(db_, "SELECT g.size_cap, (SELECT count(*) FROM members m WHERE "
                               "m.group_id = g.id) FROM groups g WHERE g.id = ?1");
    room.bind(1, newcomer.group);
    // No row cannot happen with foreign keys on; still, never admit anyone into no group.
    if (!room.step())
        return redeem_outcome::invite_invalid;
    if (room.column_int(1) >= room.column_int(0))
        return redeem_outcome::group_full;

    // Member ids are the primary key, so an id taken in any group is refused too.
    sqlite_statement taken(
        db_, "SELECT 1 FROM members WHERE id = ?1 OR (group_id = ?2 AND sig_pk = ?3)");
    taken.bind(1, newcomer.id).bind(2, newcomer.group).bind(3, newcomer.sig_pk);
    if (taken.step())
        return redeem_outcome::member_exists;

    sqlite_statement insert(db_, "INSERT INTO members (id, group_id, sig_pk, dh_pk, role, "
                                 "joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bind(1, newcomer.id)
        .bind(2, newcomer.group)
        .bind(3, newcomer.sig_pk)
        .bind(4, newcomer.dh_pk)
        .bind(5, role)
        .bind(6, now);
    (void)insert.step();

    sqlite_statement use(db_, "UPDATE invites SET uses_left = uses_left - 1 WHERE id = ?1");
    use.bind(1, invite);
    (void)use.step();

    transaction.commit();
    return redeem_outcome::redeemed;
}

std::vector<protocol::roster_version> store::roster_versions(id16 const& group, std::uint64_t from,
                                                             std::size_t limit) const
{
    sqlite_statement query(db_, "SELECT version, body FROM roster_versions WHERE group_id = ?1 "
                                "AND version >= ?2 ORDER BY version LIMIT ?3");
    query.bind(1, group)
        .bind(2, static_cast<std::int64_t>(from))
        .bind(3, static_cast<std::int64_t>(limit));
    std::vector<protocol::roster_version> versions;
    while (query.step())
    {
        auto& v = versions.emplace_back();
        v.v = static_cast<std::uint64_t>(query.column_int64(0));
        v.tbs = query.column_bytes(1);
    }
    sqlite_statement approvals(db_, "SELECT member_id, signature FROM roster_approvals "
                                    "WHERE group_id = ?1 AND version = ?2 ORDER BY position");
    for (auto& v : versions)
    {
        approvals.reset();
        approvals.bind(1, group).bind(2, static_cast<std::int64_t>(v.v));
        while (approvals.step())
            v.approvals.push_back({approvals.column_array<16>(0), approvals.column_array<64>(1)});
    }
    return versions;
}

std::optional<std::uint64_t> store::find_roster_version(id16 const& group,
                                                        key32 const& roster_hash) const
{
    sqlite_statement query(
        db_, "SELECT version FROM roster_versions WHERE group_id = ?1 AND roster_hash = ?2");
    query.bind(1, group).bind(2, roster_hash);
    if (!query.step())
        return std::nullopt;
    return static_cast<std::uint64_t>(query.column_int64(0));
}

void store::commit_roster_version(id16 const& group, protocol::roster const& next,
                                  std::span<protocol::roster_approval const> approvals,
                                  std::int64_t now)
{
    if (next.entries().empty())
    {
        // The last member left: the group has ended and nobody is left to verify its chain
        // (PSG1.md §3.2), so all of it goes, erased like a leaver's rows.
        (void)delete_group(group);
        return;
    }
    sqlite_transaction transaction(db_);
    auto const v = static_cast<std::int64_t>(next.version());
    sqlite_statement insert(db_, "INSERT INTO roster_versions (group_id, version, roster_hash, "
                                 "body, committed_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, group).bind(2, v).bind(3, next.hash()).bind(4, next.tbs()).bind(5, now);
    (void)insert.step();
    std::int64_t position = 0;
    for (auto const& a : approvals)
    {
        sqlite_statement approval(db_, "INSERT INTO roster_approvals (group_id, version, "
                                       "position, member_id, signature) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5)");
        approval.bind(1, group).bind(2, v).bind(3, position++).bind(4, a.member_id).bind(5, a.sig);
        (void)approval.step();
    }

    // The stored members become exactly the roster's (PSG1.md §8.1); someone no longer in it
    // takes their pledge receipt with them (§4.6).
    std::vector<id16> gone;
    {
        sqlite_statement current(db_, "SELECT id FROM members WHERE group_id = ?1");
        current.bind(1, group);
        while (current.step())
        {
            auto const id = current.column_array<16>(0);
            if (next.find(id) == nullptr)
                gone.push_back(id);
        }
    }
    for (auto const& id : gone)
    {
        sqlite_statement remove(db_, "DELETE FROM members WHERE id = ?1 AND group_id = ?2");
        remove.bind(1, id).bind(2, group);
        (void)remove.step();
        sqlite_statement receipt(
            db_, "DELETE FROM pledge_receipts WHERE group_id = ?1 AND member_id = ?2");
        receipt.bind(1, group).bind(2, id);
        (void)receipt.step();
    }
    for (auto const& e : next.entries())
    {
        // A kept member keeps joined_at; keys never change for a member id (PSG1.md §3.4).
        // The facilitator's term counts from the version that gave role 1: a member who gets
        // it takes the group's count of meetings now, one who keeps it keeps theirs.
        sqlite_statement upsert(
            db_, "INSERT INTO members (id, group_id, sig_pk, dh_pk, role, joined_at, "
                 "facilitator_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?5 = 1 THEN "
                 "(SELECT meetings_opened FROM groups WHERE id = ?2) END) "
                 "ON CONFLICT (id) DO UPDATE SET role = excluded.role, facilitator_since = "
                 "CASE WHEN excluded.role = 1 THEN coalesce(members.facilitator_since, "
                 "excluded.facilitator_since) END");
        upsert.bind(1, e.member_id)
            .bind(2, group)
            .bind(3, e.sig_pk)
            .bind(4, e.dh_pk)
            .bind(5, std::int64_t{e.role})
            .bind(6, now);
        (void)upsert.step();
    }
    transaction.commit();
    if (!gone.empty())
        forget_deleted();
}

std::uint64_t store::count_meeting_opened(id16 const& group)
{
    // A storm of openings at 19:00 must not wait for an fsync each (milliseconds on a small
    // server's disk, with the io thread blocked): in WAL mode synchronous = NORMAL still makes
    // the count survive a restart or a crash of the server, and the next durable commit or
    // checkpoint syncs it. Only a power loss before then could forget it. The setting cannot
    // change inside a transaction, so the statement is finished before FULL comes back.
    exec(db_, "PRAGMA synchronous = NORMAL", "relax synchronous");
    std::optional<std::uint64_t> opened;
    try
    {
        sqlite_statement count(db_, "UPDATE groups SET meetings_opened = meetings_opened + 1 "
                                    "WHERE id = ?1 RETURNING meetings_opened");
        count.bind(1, group);
        if (count.step())
            opened = static_cast<std::uint64_t>(count.column_int64(0));
    }
    catch (...)
    {
        exec(db_, "PRAGMA synchronous = FULL", "set synchronous");
        throw;
    }
    exec(db_, "PRAGMA synchronous = FULL", "set synchronous");
    if (!opened)
        throw_store_error(db_, "count a meeting", "no such group");
    return *opened;
}

std::uint64_t store::meetings_opened(id16 const& group) const
{
    sqlite_statement query(db_, "SELECT meetings_opened FROM groups WHERE id = ?1");
    query.bind(1, group);
    return query.step() ? static_cast<std::uint64_t>(query.column_int64(0)) : 0;
}

std::map<id16, std::uint64_t> store::facilitator_grants(id16 const& group) const
{
    sqlite_statement query(db_, "SELECT id, facilitator_since FROM members WHERE group_id = ?1 "
                                "AND facilitator_since IS NOT NULL");
    query.bind(1, group);
    std::map<id16, std::uint64_t> grants;
    while (query.step())
        grants.emplace(query.column_array<16>(0),
                       static_cast<std::uint64_t>(query.column_int64(1)));
    return grants;
}

bool store::member_id_taken(id16 const& member) const
{
    sqlite_statement query(db_, "SELECT 1 FROM members WHERE id = ?1");
    query.bind(1, member);
    return query.step();
}

void store::save_pledge_receipt(id16 const& group, id16 const& member, key32 const& pledge_hash,
                                std::int64_t signed_at, protocol::signature64 const& sig)
{
    sqlite_statement insert(db_, "INSERT OR REPLACE INTO pledge_receipts (group_id, member_id, "
                                 "pledge_hash, signed_at, signature) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, group).bind(2, member).bind(3, pledge_hash).bind(4, signed_at).bind(5, sig);
    (void)insert.step();
}

void store::delete_pledge_receipt(id16 const& group, id16 const& member)
{
    sqlite_statement remove(db_,
                            "DELETE FROM pledge_receipts WHERE group_id = ?1 AND member_id = ?2");
    remove.bind(1, group).bind(2, member);
    (void)remove.step();
    if (sqlite3_changes(db_) > 0)
        forget_deleted();
}

void store::forget_deleted()
{
    // secure_delete zeroed the rows in the new page images, but the WAL still holds the old
    // ones: copy the new images into the database file and empty the WAL. The deletion is
    // committed whatever this returns: should a reader (the admin shell's backup) hold the WAL
    // past the busy timeout, the next checkpoint erases what this one could not.
    (void)sqlite3_exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
}

void store::backup_to(std::filesystem::path const& file) const
{
    // Refuse to overwrite: a backup must never replace an older backup (or a live database).
    std::error_code ec;
    bool const taken = std::filesystem::exists(file, ec);
    if (ec)
        throw store_error(file.string() + ": backup: " + ec.message());
    if (taken)
        throw store_error(file.string() + ": backup: the file already exists");

    sqlite3* target = nullptr;
    if (sqlite3_open_v2(file.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
    {
        std::string message = file.string() + ": backup: ";
        message += target != nullptr ? sqlite3_errmsg(target) : "out of memory";
        sqlite3_close(target);
        throw store_error(message);
    }

    // One step of -1 pages copies the whole file within one read transaction on the source,
    // so the copy is a consistent snapshot; WAL lets the server keep writing meanwhile.
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", db_, "main");
    int rc = SQLITE_ERROR;
    if (backup != nullptr)
    {
        rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
    }
    if (rc != SQLITE_DONE)
    {
        std::string message = file.string() + ": backup: ";
        message += backup != nullptr ? sqlite3_errstr(rc) : sqlite3_errmsg(target);
        sqlite3_close(target);
        std::filesystem::remove(file, ec); // leave no half-written backup behind
        throw store_error(message);
    }
    if (sqlite3_close(target) != SQLITE_OK)
        throw store_error(file.string() + ": backup: could not close the copy");
}

} // namespace sirkel
