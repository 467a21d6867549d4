// Backup while the server runs, restore (stop, copy, start), and upgrades (issue 8): the copy
// `sirkel admin backup` makes of a live database is a database a server starts from, with its
// groups and members; a database from a newer schema than the binary knows is refused untouched.
#include "meeting_of_two.hpp"
#include "server_process.hpp"
#include "sqlite_integrity.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <sstream>
#include <string>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// The list-groups row of group in a listing, split into words: id, cap, members, invites, label.
std::vector<std::string> row_of(std::string const& listing, protocol::id16 const& group)
{
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with(protocol::base64url_encode(group)))
        {
            std::istringstream words(line);
            std::vector<std::string> row;
            for (std::string word; words >> word;)
                row.push_back(word);
            return row;
        }
    return {};
}

int user_version(std::filesystem::path const& file)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &query, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(query) == SQLITE_ROW);
    int const version = sqlite3_column_int(query, 0);
    sqlite3_finalize(query);
    sqlite3_close(db);
    return version;
}

void set_user_version(std::filesystem::path const& file, int version)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    auto const sql = "PRAGMA user_version = " + std::to_string(version);
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

} // namespace

TEST_CASE("backup: a copy made while a meeting runs restores into a server its members log in to")
{
    server_process live;
    meeting_of_two meeting(live);
    auto const copy = live.temp_dir() / "sirkel-backup.db";
    auto const backup = live.admin({"backup", copy.string()});
    INFO(backup.out << backup.err);
    REQUIRE(backup.exit_code == 0);
    // Made after the backup, so not in it.
    (void)live.create_group("later");
    meeting.pa->send_text("the meeting goes on while the copy is made");
    REQUIRE(meeting.pb->next_text());
    CHECK(live.stop() == 0);
    meeting.a.reset();
    meeting.b.reset();

    // The restore: a fresh directory, the copy in place of its database, a start.
    server_process restored;
    std::filesystem::copy_file(copy, restored.db_path());
    CHECK(integrity_check(restored.db_path()) == "ok");
    restored.start();
    auto const listing = restored.admin({"list-groups"});
    INFO(listing.out << listing.err);
    auto const row = row_of(listing.out, meeting.group);
    REQUIRE(row.size() == 5);
    CHECK(row[2] == "2"); // alice and bob
    CHECK(row[4] == "circle");
    CHECK(listing.out.find("later") == std::string::npos);

    test_client alice(restored, meeting.group);
    CHECK(field_string(alice.auth(meeting.alice), "t") == "authed");
    // Someone the copy does not hold is refused as before.
    test_client stranger(restored, meeting.group);
    CHECK(field_string(stranger.auth(device_identity::generate()), "code") == "auth_failed");
}

TEST_CASE("backup: a database from a newer schema stops the server and the admin commands, "
          "untouched")
{
    server_process server;
    (void)server.create_group("circle");
    set_user_version(server.db_path(), 4);

    CHECK_THROWS_AS(server.start(), std::runtime_error);
    auto const log = server.log_text();
    CHECK(log.find(R"("event":"startup_failed")") != std::string::npos);
    CHECK(log.find("the database has schema version 4, newer than the 3 this sirkel knows; run a "
                   "newer sirkel or restore a backup") != std::string::npos);

    auto const init = server.admin({"init"});
    CHECK(init.exit_code == 1);
    CHECK((init.out + init.err).find("newer than the 3") != std::string::npos);

    // Nothing was migrated or written: the version is still the newer one, the group still there.
    CHECK(user_version(server.db_path()) == 4);
    set_user_version(server.db_path(), 3);
    auto const listing = server.admin({"list-groups"});
    CHECK(listing.exit_code == 0);
    CHECK(listing.out.find("circle") != std::string::npos);
}
