// Test that the header is self-contained.
#include "store.hpp"

#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace sirkel;

namespace
{

constexpr std::int64_t now = 1'700'000'000;
constexpr std::int64_t day = 24 * 60 * 60;

template <typename Array>
Array filled(std::uint8_t value)
{
    Array a{};
    a.fill(value);
    return a;
}

/// Run sql on file through a connection of the test's own, bypassing the store; return the
/// first column of every row, as text.
std::vector<std::string> raw_query(std::filesystem::path const& file, char const* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    std::vector<std::string> rows;
    auto const on_row = [](void* out, int, char** values, char**)
    {
        static_cast<std::vector<std::string>*>(out)->emplace_back(values[0] != nullptr ? values[0]
                                                                                       : "NULL");
        return 0;
    };
    int const rc = sqlite3_exec(db, sql, on_row, &rows, nullptr);
    std::string const message = sqlite3_errmsg(db);
    sqlite3_close(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
    return rows;
}

std::string raw_scalar(std::filesystem::path const& file, char const* sql)
{
    auto const rows = raw_query(file, sql);
    REQUIRE(rows.size() == 1);
    return rows.front();
}

/// The message of the store_error that body throws, or "" if it throws none.
template <typename Body>
std::string store_error_message(Body&& body)
{
    try
    {
        body();
    }
    catch (store_error const& e)
    {
        return e.what();
    }
    return {};
}

struct store_fixture
{
    test::temp_dir dir;
    std::filesystem::path file = dir / "sirkel.db";
};

/// A store with one group and one invite in it, and a newcomer ready to redeem it.
struct redeem_fixture : store_fixture
{
    store db{file};
    group_record group = db.create_group("Tuesday", 3, now);
    key32 token_hash = filled<key32>(0x7a);
    invite_record invite{.id = filled<id16>(0x11),
                         .group = group.id,
                         .token_hash = token_hash,
                         .role = member_role::facilitator,
                         .created_at = now,
                         .expires_at = now + day,
                         .uses_left = 1,
                         .revoked = false};
    member_record newcomer{.id = filled<id16>(0x21),
                           .group = group.id,
                           .sig_pk = filled<key32>(0x31),
                           .dh_pk = filled<key32>(0x41),
                           .role = member_role::member,
                           .joined_at = 0};

    /// Another newcomer, with keys and id of its own.
    [[nodiscard]] member_record other(std::uint8_t n) const
    {
        auto m = newcomer;
        m.id = filled<id16>(static_cast<std::uint8_t>(0x50 + n));
        m.sig_pk = filled<key32>(static_cast<std::uint8_t>(0x60 + n));
        m.dh_pk = filled<key32>(static_cast<std::uint8_t>(0x70 + n));
        return m;
    }

    [[nodiscard]] int uses_left() const { return db.find_invite(invite.id).value().uses_left; }

    /// Store a copy of invite with another id, group, expiry, uses and revocation; its id.
    id16 add_invite(std::uint8_t id, id16 const& of_group, std::int64_t expires_at, int uses,
                    bool revoked = false)
    {
        auto copy = invite;
        copy.id = filled<id16>(id);
        copy.group = of_group;
        copy.expires_at = expires_at;
        copy.uses_left = uses;
        copy.revoked = revoked;
        db.create_invite(copy);
        return copy.id;
    }
};

} // namespace

TEST_SUITE("store")
{
    TEST_CASE_FIXTURE(store_fixture, "opening a new file runs migrations 1 to 3")
    {
        store const db{file};
        CHECK(db.user_version() == store::schema_version);
        CHECK(db.user_version() == 3);
        CHECK(raw_scalar(file, "PRAGMA user_version") == "3");
        CHECK(db.file() == file);
    }

    TEST_CASE_FIXTURE(store_fixture, "the schema has no table for messages or names")
    {
        {
            store const db{file};
        }
        auto const tables =
            raw_query(file, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        CHECK(tables == std::vector<std::string>{"groups", "invites", "members", "pledge_receipts",
                                                 "roster_approvals", "roster_versions"});
    }

    TEST_CASE_FIXTURE(store_fixture, "the file is in WAL mode and the store enforces foreign keys")
    {
        store db{file};
        CHECK(raw_scalar(file, "PRAGMA journal_mode") == "wal");

        // foreign_keys is a setting of each connection, so a raw connection cannot see the
        // store's; check its effect instead: an invite for no group is refused.
        invite_record orphan{.id = filled<id16>(1),
                             .group = filled<id16>(2),
                             .token_hash = filled<key32>(3),
                             .role = member_role::member,
                             .created_at = now,
                             .expires_at = now + day,
                             .uses_left = 1,
                             .revoked = false};
        auto const message = store_error_message([&] { db.create_invite(orphan); });
        CHECK(message.find("FOREIGN KEY constraint failed") != std::string::npos);
    }

    TEST_CASE_FIXTURE(store_fixture, "reopening keeps the data")
    {
        id16 id{};
        {
            store db{file};
            id = db.create_group("Monday", 6, now).id;
        }
        store const db{file};
        CHECK(db.user_version() == store::schema_version);
        auto const group = db.find_group(id);
        REQUIRE(group);
        CHECK(group->label == "Monday");
        CHECK(group->size_cap == 6);
        CHECK(group->created_at == now);
    }

    TEST_CASE_FIXTURE(store_fixture, "a database from a newer schema is refused, naming both")
    {
        raw_query(file, "PRAGMA user_version = 99");
        auto const message = store_error_message([&] { store const db{file}; });
        CHECK(message.find("99") != std::string::npos);
        CHECK(message.find("newer than the 3") != std::string::npos);
        CHECK(message.find(file.string()) != std::string::npos);
        // Refusing must leave the file as it was.
        CHECK(raw_scalar(file, "PRAGMA user_version") == "99");
        CHECK(raw_query(file, "SELECT name FROM sqlite_schema").empty());
    }

    TEST_CASE_FIXTURE(store_fixture, "a file that is not a database is refused")
    {
        {
            std::ofstream junk(file);
            junk << "this is not an SQLite database, but it is long enough to look at.\n";
        }
        auto const message = store_error_message([&] { store const db{file}; });
        CHECK(message.find(file.string()) != std::string::npos);
    }

    TEST_CASE_FIXTURE(store_fixture, "create and find a group by id and by label")
    {
        store db{file};
        auto const created = db.create_group("Tuesday", store::default_size_cap, now);
        CHECK(created.label == "Tuesday");
        CHECK(created.size_cap == 8);
        CHECK(created.created_at == now);
        CHECK(created.id != id16{});

        auto const by_id = db.find_group(created.id);
        REQUIRE(by_id);
        CHECK(by_id->id == created.id);
        CHECK(by_id->label == "Tuesday");
        CHECK(by_id->size_cap == 8);

        auto const by_label = db.find_group_by_label("Tuesday");
        REQUIRE(by_label);
        CHECK(by_label->id == created.id);

        CHECK_FALSE(db.find_group(filled<id16>(9)));
        CHECK_FALSE(db.find_group_by_label("tuesday"));
        CHECK(db.count_members(created.id) == 0);
    }

    TEST_CASE_FIXTURE(store_fixture, "a duplicate label is refused without echoing it")
    {
        store db{file};
        (void)db.create_group("Tuesday evening", 8, now);
        auto const message =
            store_error_message([&] { (void)db.create_group("Tuesday evening", 4, now); });
        CHECK(message.find("already exists") != std::string::npos);
        CHECK(message.find(file.string()) != std::string::npos);
        CHECK(message.find("Tuesday evening") == std::string::npos);
        CHECK(db.list_groups(now).size() == 1);
    }

    TEST_CASE_FIXTURE(store_fixture, "size caps outside 2..12 are refused")
    {
        store db{file};
        CHECK_THROWS_AS((void)db.create_group("thirteen", 13, now), store_error);
        CHECK_THROWS_AS((void)db.create_group("one", 1, now), store_error);
        CHECK_THROWS_AS((void)db.create_group("empty", 0, now), store_error);
        CHECK(db.create_group("two", 2, now).size_cap == 2);
        CHECK(db.create_group("twelve", 12, now).size_cap == 12);
        CHECK(db.list_groups(now).size() == 2);
    }

    TEST_CASE_FIXTURE(store_fixture, "an empty or overlong label is refused by the schema")
    {
        store db{file};
        CHECK_THROWS_AS((void)db.create_group("", 8, now), store_error);
        CHECK_THROWS_AS((void)db.create_group(std::string(65, 'x'), 8, now), store_error);
        CHECK(db.create_group(std::string(64, 'x'), 8, now).label.size() == 64);
    }

    TEST_CASE_FIXTURE(store_fixture, "the schema refuses blobs of the wrong length")
    {
        {
            store const db{file};
        }
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        CHECK(sqlite3_exec(raw,
                           "INSERT INTO groups (id, label, size_cap, created_at) VALUES "
                           "(zeroblob(15), 'short', 8, 0)",
                           nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
        // STRICT: sixteen characters of text are not sixteen bytes of blob.
        CHECK(sqlite3_exec(raw,
                           "INSERT INTO groups (id, label, size_cap, created_at) VALUES "
                           "('0123456789abcdef', 'text', 8, 0)",
                           nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
        sqlite3_close(raw);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "redeeming stores the member with the invite's role")
    {
        db.create_invite(invite);
        CHECK(uses_left() == 1);

        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, now + 60) ==
              redeem_outcome::redeemed);

        auto const member = db.find_member(group.id, newcomer.id);
        REQUIRE(member);
        CHECK(member->id == newcomer.id);
        CHECK(member->group == group.id);
        CHECK(member->sig_pk == newcomer.sig_pk);
        CHECK(member->dh_pk == newcomer.dh_pk);
        CHECK(member->role == member_role::facilitator);
        CHECK(member->joined_at == now + 60);
        CHECK(db.count_members(group.id) == 1);
        CHECK(uses_left() == 0);

        // The member belongs to this group only.
        auto const elsewhere = db.create_group("Wednesday", 8, now);
        CHECK_FALSE(db.find_member(elsewhere.id, newcomer.id));
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a single-use invite works once")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);
        CHECK(db.redeem_invite(invite.id, token_hash, other(1), now) ==
              redeem_outcome::invite_invalid);
        CHECK_FALSE(db.find_member(group.id, other(1).id));
        CHECK(db.count_members(group.id) == 1);
        CHECK(uses_left() == 0);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a wrong token is refused and changes nothing")
    {
        db.create_invite(invite);
        auto wrong = token_hash;
        wrong[31] ^= 1;
        CHECK(db.redeem_invite(invite.id, wrong, newcomer, now) == redeem_outcome::invite_invalid);
        CHECK(db.count_members(group.id) == 0);
        CHECK(uses_left() == 1);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "an unknown invite is refused")
    {
        db.create_invite(invite);
        CHECK(db.redeem_invite(filled<id16>(0x99), token_hash, newcomer, now) ==
              redeem_outcome::invite_invalid);
        CHECK(db.count_members(group.id) == 0);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "an expired invite is refused, from its expiry second on")
    {
        db.create_invite(invite);
        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, invite.expires_at) ==
              redeem_outcome::invite_invalid);
        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, invite.expires_at + day) ==
              redeem_outcome::invite_invalid);
        CHECK(uses_left() == 1);
        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, invite.expires_at - 1) ==
              redeem_outcome::redeemed);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a revoked invite is refused")
    {
        db.create_invite(invite);
        CHECK(db.revoke_invite(invite.id));
        CHECK(db.find_invite(invite.id).value().revoked);
        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, now) ==
              redeem_outcome::invite_invalid);
        CHECK(db.count_members(group.id) == 0);
        CHECK_FALSE(db.revoke_invite(filled<id16>(0x99)));
    }

    TEST_CASE_FIXTURE(redeem_fixture, "an invite is valid for its own group only")
    {
        db.create_invite(invite);
        auto const elsewhere = db.create_group("Wednesday", 8, now);
        auto stray = newcomer;
        stray.group = elsewhere.id;
        CHECK(db.redeem_invite(invite.id, token_hash, stray, now) ==
              redeem_outcome::invite_invalid);
        CHECK(db.count_members(elsewhere.id) == 0);
        CHECK(uses_left() == 1);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a group at its size cap is full")
    {
        invite.uses_left = 5;
        db.create_invite(invite);
        for (std::uint8_t n = 0; n < group.size_cap; ++n)
            REQUIRE(db.redeem_invite(invite.id, token_hash, other(n), now) ==
                    redeem_outcome::redeemed);
        CHECK(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::group_full);
        CHECK(db.count_members(group.id) == group.size_cap);
        CHECK(uses_left() == 5 - group.size_cap);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "an identity key or member id joins a group once")
    {
        invite.uses_left = 3;
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);

        auto same_key = other(1);
        same_key.sig_pk = newcomer.sig_pk;
        CHECK(db.redeem_invite(invite.id, token_hash, same_key, now) ==
              redeem_outcome::member_exists);

        auto same_id = other(2);
        same_id.id = newcomer.id;
        CHECK(db.redeem_invite(invite.id, token_hash, same_id, now) ==
              redeem_outcome::member_exists);

        CHECK(db.count_members(group.id) == 1);
        CHECK(uses_left() == 2);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "the same identity key may be a member of two groups")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);

        auto const elsewhere = db.create_group("Wednesday", 8, now);
        auto second = invite;
        second.id = filled<id16>(0x12);
        second.group = elsewhere.id;
        db.create_invite(second);
        auto again = newcomer;
        again.id = filled<id16>(0x22);
        again.group = elsewhere.id;
        CHECK(db.redeem_invite(second.id, token_hash, again, now) == redeem_outcome::redeemed);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "find_invite returns what create_invite stored")
    {
        invite.role = member_role::member;
        invite.uses_left = 4;
        db.create_invite(invite);
        auto const found = db.find_invite(invite.id);
        REQUIRE(found);
        CHECK(found->id == invite.id);
        CHECK(found->group == group.id);
        CHECK(found->token_hash == token_hash);
        CHECK(found->role == member_role::member);
        CHECK(found->created_at == now);
        CHECK(found->expires_at == now + day);
        CHECK(found->uses_left == 4);
        CHECK_FALSE(found->revoked);
        CHECK_FALSE(db.find_invite(filled<id16>(0x99)));
        CHECK_THROWS_AS(db.create_invite(invite), store_error);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "list_groups counts members and open invites only")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);

        add_invite(0x81, group.id, now + day, 1);       // open
        add_invite(0x82, group.id, now + day, 2);       // open
        add_invite(0x83, group.id, now, 1);             // expired at now
        add_invite(0x84, group.id, now + day, 1, true); // revoked
        add_invite(0x85, group.id, now + day, 0);       // used up
        auto const empty = db.create_group("Wednesday", 8, now + 1);

        auto const groups = db.list_groups(now);
        REQUIRE(groups.size() == 2);
        CHECK(groups[0].group.id == group.id);
        CHECK(groups[0].group.label == "Tuesday");
        CHECK(groups[0].group.size_cap == 3);
        CHECK(groups[0].members == 1);
        CHECK(groups[0].open_invites == 2);
        CHECK(groups[1].group.id == empty.id);
        CHECK(groups[1].members == 0);
        CHECK(groups[1].open_invites == 0);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "revoke_open_invites revokes the group's open invites only")
    {
        auto const elsewhere = db.create_group("Wednesday", 8, now + 1); // listed second
        auto const open_one = add_invite(0x81, group.id, now + day, 1);
        add_invite(0x82, group.id, now + day, 2); // open
        add_invite(0x83, group.id, now, 1);       // expired at now: not open, not counted
        add_invite(0x84, group.id, now + day, 0); // used up
        auto const other_group = add_invite(0x85, elsewhere.id, now + day, 1);

        CHECK(db.revoke_open_invites(group.id, now) == 2);
        CHECK(db.list_groups(now)[0].open_invites == 0);
        CHECK(db.redeem_invite(open_one, token_hash, newcomer, now) ==
              redeem_outcome::invite_invalid);
        // Another group's invite is untouched, and a second call finds nothing left.
        CHECK(db.list_groups(now)[1].open_invites == 1);
        CHECK_FALSE(db.find_invite(other_group).value().revoked);
        CHECK(db.revoke_open_invites(group.id, now) == 0);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "deleting a group cascades to everything of it")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);
        auto const kept = db.create_group("Wednesday", 8, now);

        // Rows in the tables that later work fills, written behind the store's back.
        raw_query(file, "INSERT INTO roster_versions (group_id, version, roster_hash, body, "
                        "committed_at) SELECT id, 1, zeroblob(32), zeroblob(114), 0 FROM groups");
        raw_query(file, "INSERT INTO roster_approvals (group_id, version, position, member_id, "
                        "signature) SELECT id, 1, 0, zeroblob(16), zeroblob(64) FROM groups");
        raw_query(file, "INSERT INTO pledge_receipts (group_id, member_id, pledge_hash, "
                        "signed_at, signature) SELECT id, zeroblob(16), zeroblob(32), 0, "
                        "zeroblob(64) FROM groups");

        CHECK(db.delete_group(group.id));
        CHECK_FALSE(db.find_group(group.id));
        CHECK_FALSE(db.find_member(group.id, newcomer.id));
        CHECK_FALSE(db.find_invite(invite.id));
        CHECK(raw_scalar(file, "SELECT count(*) FROM members") == "0");
        CHECK(raw_scalar(file, "SELECT count(*) FROM invites") == "0");
        CHECK(raw_scalar(file, "SELECT count(*) FROM roster_versions") == "1");
        CHECK(raw_scalar(file, "SELECT count(*) FROM roster_approvals") == "1");
        CHECK(raw_scalar(file, "SELECT count(*) FROM pledge_receipts") == "1");

        CHECK(db.find_group(kept.id));
        CHECK_FALSE(db.delete_group(group.id));
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a committed version replaces the members and keeps "
                                      "its approvals")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);
        protocol::roster_frame frame;
        frame.size_cap = 3;
        auto const v1 = protocol::roster::build(
            group.id, 1, key32{}, frame, {{newcomer.id, 1, newcomer.sig_pk, newcomer.dh_pk}});
        std::vector<protocol::roster_approval> const approvals = {
            {newcomer.id, filled<protocol::signature64>(0x99)}};
        db.commit_roster_version(group.id, v1, approvals, now);

        auto const joiner = other(1);
        db.save_pledge_receipt(group.id, joiner.id, filled<key32>(5), now,
                               filled<protocol::signature64>(6));
        auto entries = v1.entries();
        entries.push_back({joiner.id, 0, joiner.sig_pk, joiner.dh_pk});
        auto const v2 = protocol::roster::build(group.id, 2, v1.hash(), frame, entries);
        db.commit_roster_version(group.id, v2, approvals, now + 1);

        CHECK(db.count_members(group.id) == 2);
        CHECK(db.find_member(group.id, joiner.id).value().role == member_role::member);
        CHECK(db.find_member(group.id, newcomer.id).value().role == member_role::facilitator);
        CHECK(db.member_id_taken(joiner.id));
        CHECK(db.find_roster_version(group.id, v2.hash()) == 2u);
        CHECK_FALSE(db.find_roster_version(group.id, filled<key32>(1)));

        auto const versions = db.roster_versions(group.id, 1, 16);
        REQUIRE(versions.size() == 2);
        CHECK(versions[1].v == 2);
        CHECK(versions[1].tbs == v2.tbs());
        REQUIRE(versions[1].approvals.size() == 1);
        CHECK(versions[1].approvals[0].sig == filled<protocol::signature64>(0x99));
        CHECK(db.roster_versions(group.id, 2, 1).size() == 1);

        // A removal takes the member and its pledge receipt.
        auto const v3 = protocol::roster::build(group.id, 3, v2.hash(), frame, v1.entries());
        db.commit_roster_version(group.id, v3, approvals, now + 2);
        CHECK(db.count_members(group.id) == 1);
        CHECK_FALSE(db.find_member(group.id, joiner.id));
        CHECK(raw_scalar(file, "SELECT count(*) FROM pledge_receipts") == "0");
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a removed member is erased from the file and its WAL, "
                                      "but for the chain")
    {
        protocol::roster_frame frame;
        frame.size_cap = 3;
        auto const v1 = protocol::roster::build(
            group.id, 1, key32{}, frame, {{newcomer.id, 1, newcomer.sig_pk, newcomer.dh_pk}});
        std::vector<protocol::roster_approval> const approvals = {
            {newcomer.id, filled<protocol::signature64>(0x99)}};
        db.commit_roster_version(group.id, v1, approvals, now);
        auto const joiner = other(1);
        auto const pledge = filled<protocol::signature64>(0x06);
        db.save_pledge_receipt(group.id, joiner.id, filled<key32>(5), now, pledge);
        auto entries = v1.entries();
        entries.push_back({joiner.id, 0, joiner.sig_pk, joiner.dh_pk});
        auto const v2 = protocol::roster::build(group.id, 2, v1.hash(), frame, entries);
        db.commit_roster_version(group.id, v2, approvals, now + 1);

        auto const on_disk = [&]
        {
            std::vector<protocol::byte> bytes;
            for (auto const& f : {file, std::filesystem::path(file.string() + "-wal")})
            {
                std::ifstream in(f, std::ios::binary);
                bytes.insert(bytes.end(), std::istreambuf_iterator<char>(in),
                             std::istreambuf_iterator<char>());
            }
            return bytes;
        };
        auto const count = [](std::vector<protocol::byte> const& haystack, auto const& needle)
        {
            std::size_t n = 0;
            for (auto at = haystack.begin(); (at = std::search(at, haystack.end(), needle.begin(),
                                                               needle.end())) != haystack.end();
                 ++at)
                ++n;
            return n;
        };
        // While a member: the receipt, and the keys in the members row and in v2's tbs.
        auto const before = on_disk();
        CHECK(count(before, pledge) >= 1);
        CHECK(count(before, joiner.sig_pk) >= 2);

        auto const v3 = protocol::roster::build(group.id, 3, v2.hash(), frame, v1.entries());
        db.commit_roster_version(group.id, v3, approvals, now + 2);
        CHECK(std::filesystem::file_size(file.string() + "-wal") == 0);
        auto const after = on_disk();
        CHECK(count(after, pledge) == 0);
        // Only version 2's tbs still lists them.
        CHECK(count(after, joiner.sig_pk) == 1);
        CHECK(count(after, joiner.dh_pk) == 1);
    }

    TEST_CASE_FIXTURE(redeem_fixture, "a backup opens as a store with the same groups")
    {
        db.create_invite(invite);
        REQUIRE(db.redeem_invite(invite.id, token_hash, newcomer, now) == redeem_outcome::redeemed);
        (void)db.create_group("Wednesday", 12, now);

        auto const copy_file = dir / "backup.db";
        db.backup_to(copy_file);
        // Writes after the backup stay out of it.
        (void)db.create_group("Thursday", 4, now);

        store const copy{copy_file};
        CHECK(copy.user_version() == store::schema_version);
        auto const groups = copy.list_groups(now);
        REQUIRE(groups.size() == 2);
        CHECK(groups[0].group.id == group.id);
        CHECK(groups[0].group.label == "Tuesday");
        CHECK(groups[0].members == 1);
        CHECK(groups[1].group.label == "Wednesday");
        CHECK(groups[1].group.size_cap == 12);
        auto const member = copy.find_member(group.id, newcomer.id);
        REQUIRE(member);
        CHECK(member->sig_pk == newcomer.sig_pk);
    }

    TEST_CASE_FIXTURE(store_fixture, "a backup never overwrites a file")
    {
        store db{file};
        auto const copy_file = dir / "backup.db";
        db.backup_to(copy_file);
        auto const message = store_error_message([&] { db.backup_to(copy_file); });
        CHECK(message.find("already exists") != std::string::npos);
        CHECK_THROWS_AS(db.backup_to(file), store_error);
        CHECK_THROWS_AS(db.backup_to(dir / "no-such-dir" / "backup.db"), store_error);
        CHECK_FALSE(std::filesystem::exists(dir / "no-such-dir"));
    }
}
