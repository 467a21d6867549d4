// `sirkel admin ...`, what an organisation does on its server's shell: create the database and
// groups, invite a first facilitator, see counts (never keys), revoke invites, delete a group (also
// while the server runs) and back up.
#include "admitted_group.hpp"
#include "meeting_of_two.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// Whether file starts with the SQLite 3 header ("SQLite format 3" and a NUL).
bool is_sqlite_file(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    std::string header(16, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    return in && header == std::string("SQLite format 3\0", 16);
}

/// The words of line made of letters, digits, '-' and '_', e.g. the numbers in a table row.
std::vector<std::string> words_of(std::string const& line)
{
    std::vector<std::string> words;
    std::string word;
    for (char const c : line + ' ')
    {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
            word += c;
        else if (!word.empty())
            words.push_back(std::exchange(word, {}));
    }
    return words;
}

} // namespace

TEST_CASE("admin: init creates the database")
{
    server_process server;
    REQUIRE_FALSE(std::filesystem::exists(server.db_path()));
    auto const result = server.admin({"init"});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(is_sqlite_file(server.db_path()));
}

TEST_CASE("admin: create-group prints an id and refuses a duplicate label")
{
    server_process server;
    server.init_database();
    auto const first = server.create_group("tuesday circle");

    auto const duplicate = server.admin({"create-group", "tuesday circle"});
    INFO(duplicate.out << duplicate.err);
    CHECK(duplicate.exit_code != 0);
    CHECK_FALSE(duplicate.err.empty());

    CHECK(server.create_group("thursday circle") != first);
}

TEST_CASE("admin: create-group --instance I --instances N says so; one without the other fails")
{
    server_process server;
    server.init_database();
    auto const placed =
        server.admin({"create-group", "second", "--instance", "2", "--instances", "3"});
    INFO(placed.out << placed.err);
    CHECK(placed.exit_code == 0);
    CHECK(placed.out.find("instance: 2 of 3\n") != std::string::npos);

    for (auto const& alone : {std::vector<std::string>{"--instance", "1"},
                              std::vector<std::string>{"--instances", "2"}})
    {
        std::vector<std::string> args{"create-group", "alone"};
        args.insert(args.end(), alone.begin(), alone.end());
        auto const refused = server.admin(args);
        INFO(refused.out << refused.err);
        CHECK(refused.exit_code == 1);
        CHECK(refused.err == "error: --instance and --instances go together\n");
    }
    auto const outside =
        server.admin({"create-group", "fourth", "--instance", "4", "--instances", "3"});
    CHECK(outside.exit_code == 1);
    CHECK(outside.err.find("--instance must be from 1 to --instances") != std::string::npos);
    // Only the first was made.
    auto const listed = server.admin({"list-groups"});
    CHECK(listed.out.find("second") != std::string::npos);
    CHECK(listed.out.find("alone") == std::string::npos);
    CHECK(listed.out.find("fourth") == std::string::npos);
}

TEST_CASE("admin: invite-facilitator makes a link for a known group only")
{
    server_process server;
    server.init_database();
    auto const group = server.create_group("circle");

    auto const link = server.invite_facilitator(group);
    CHECK(link.group == group);

    auto const unknown = server.admin(
        {"invite-facilitator", protocol::base64url_encode(protocol::random_array<protocol::id16>()),
         "--public-origin", "https://sirkel.test"});
    INFO(unknown.out << unknown.err);
    CHECK(unknown.exit_code != 0);
    CHECK_FALSE(unknown.err.empty());
    CHECK(unknown.out.find("https://") == std::string::npos);
}

TEST_CASE("admin: list-groups shows counts and no key material")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const used = server.invite_facilitator(group);
    auto const open_1 = server.invite_facilitator(group);
    auto const open_2 = server.invite_facilitator(group);
    auto const alice = device_identity::generate();
    {
        test_client client(server, group);
        REQUIRE(field_string(client.redeem(alice, used), "t") == "authed");
    }
    REQUIRE(server.stop() == 0);

    auto const listing = server.admin({"list-groups"});
    INFO(listing.out << listing.err);
    REQUIRE(listing.exit_code == 0);
    std::string row;
    std::istringstream lines(listing.out);
    for (std::string line; std::getline(lines, line);)
        if (line.find(protocol::base64url_encode(group)) != std::string::npos)
            row = line;
    REQUIRE_FALSE(row.empty());
    CHECK(row.find("circle") != std::string::npos);
    auto const words = words_of(row);
    // One member, two invites still open.
    CHECK(std::find(words.begin(), words.end(), "1") != words.end());
    CHECK(std::find(words.begin(), words.end(), "2") != words.end());

    for (auto const* link : {&used, &open_1, &open_2})
    {
        auto const token = protocol::kdf_invite_token(link->secret);
        auto const token_hash = protocol::generichash32(token);
        for (protocol::byte_view secret :
             {protocol::byte_view(link->secret), protocol::byte_view(token),
              protocol::byte_view(token_hash)})
        {
            CHECK(listing.out.find(protocol::base64url_encode(secret)) == std::string::npos);
            CHECK(listing.out.find(to_hex(secret)) == std::string::npos);
        }
    }
    for (protocol::byte_view key :
         {protocol::byte_view(alice.sig_pk), protocol::byte_view(alice.dh_pk)})
    {
        CHECK(listing.out.find(protocol::base64url_encode(key)) == std::string::npos);
        CHECK(listing.out.find(to_hex(key)) == std::string::npos);
    }
}

TEST_CASE("admin: revoke-invites ends a group's open facilitator links while the server runs")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const sent_to_the_wrong_person = server.invite_facilitator(group);
    (void)server.invite_facilitator(group);

    auto const revoked = server.admin({"revoke-invites", "circle"});
    INFO(revoked.out << revoked.err);
    CHECK(revoked.exit_code == 0);
    CHECK(revoked.out.find("revoked: 2 open invites of group " + protocol::base64url_encode(group) +
                           " (circle)") != std::string::npos);
    {
        test_client client(server, group);
        CHECK(field_string(client.redeem(device_identity::generate(), sent_to_the_wrong_person),
                           "code") == "invite_invalid");
    }
    // Nothing left to revoke; a link made afterwards works.
    auto const again = server.admin({"revoke-invites", protocol::base64url_encode(group)});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("revoked: 0 open invites") != std::string::npos);
    auto const fresh = server.invite_facilitator(group);
    test_client client(server, group);
    CHECK(field_string(client.redeem(device_identity::generate(), fresh), "t") == "authed");

    auto const unknown = server.admin({"revoke-invites", "no such circle"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.err == "error: no group has the id or label \"no such circle\"\n");
}

TEST_CASE("admin: delete-group removes a group with its members and invites")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const link = server.invite_facilitator(group);
    {
        test_client client(server, group);
        REQUIRE(field_string(client.redeem(device_identity::generate(), link), "t") == "authed");
    }
    (void)server.create_group("other circle");
    REQUIRE(server.stop() == 0);

    auto const deleted = server.admin({"delete-group", protocol::base64url_encode(group)});
    INFO(deleted.out << deleted.err);
    CHECK(deleted.exit_code == 0);
    CHECK(deleted.out.find("deleted group " + protocol::base64url_encode(group) + " (circle)") !=
          std::string::npos);
    auto const listing = server.admin({"list-groups"});
    CHECK(listing.out.find(protocol::base64url_encode(group)) == std::string::npos);
    CHECK(listing.out.find("other circle") != std::string::npos);

    auto const twice = server.admin({"delete-group", "circle"});
    CHECK(twice.exit_code == 1);
    CHECK(twice.err == "error: no group has the id or label \"circle\"\n");
}

TEST_CASE("admin: delete-group on a running server ends that group's meeting and no other")
{
    server_process server;
    meeting_of_two meeting(server);
    auto const other = server.create_group("other circle");
    admitted_group bystanders(server, other);
    auto& bystander = *bystanders.members()[0].client;

    auto const deleted = server.admin({"delete-group", protocol::base64url_encode(meeting.group)});
    INFO(deleted.out << deleted.err);
    REQUIRE(deleted.exit_code == 0);
    // The server notices within deleted_group_watch's two seconds (await_close waits longer).
    CHECK(await_close(*meeting.a) == 4002);
    CHECK(await_close(*meeting.b) == 4002);
    CHECK(test_client::upgrade_status(server, "/ws/" + protocol::base64url_encode(meeting.group)) ==
          404);
    CHECK(server.log_text().find("\"group_deleted\"") != std::string::npos);

    // The other group is still served on its open connection and on a new one.
    bystander.send_text(R"({"t":"roster_get","from":1})");
    CHECK(expect_skipping(bystander, "roster").at("versions").as_array().size() == 1);
    CHECK(test_client::upgrade_status(server, "/ws/" + protocol::base64url_encode(other)) == 101);
}

TEST_CASE("admin: backup writes a SQLite copy holding the group")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const backup = server.temp_dir() / "backup.db";

    // Online: the server is running.
    auto const result = server.admin({"backup", backup.string()});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    REQUIRE(is_sqlite_file(backup));

    auto const listing =
        run_program(sirkel_binary(), {"admin", "list-groups", "--db", backup.string()});
    INFO(listing.out << listing.err);
    CHECK(listing.exit_code == 0);
    CHECK(listing.out.find(protocol::base64url_encode(group)) != std::string::npos);
    CHECK(listing.out.find("circle") != std::string::npos);
}

TEST_CASE("admin: an operand that begins with '-' or '--' and names no option is an operand")
{
    // One base64url group id in 64 begins with '-', one in 4,096 with "--"; a label may too.
    server_process server;
    REQUIRE(server.admin({"init"}).exit_code == 0);
    for (std::string const label : {"-tuesday", "--thursday"})
    {
        CAPTURE(label);
        auto const created = server.admin({"create-group", label});
        INFO(created.out << created.err);
        REQUIRE(created.exit_code == 0);
        auto const invited =
            server.admin({"invite-facilitator", label, "--public-origin", "https://sirkel.test"});
        INFO(invited.out << invited.err);
        CHECK(invited.exit_code == 0);
        CHECK(invited.out.find("https://sirkel.test/j/") != std::string::npos);
    }

    // A word that names an option is still the option: --size-cap takes its value.
    auto const capped = server.admin({"create-group", "wednesday", "--size-cap", "1"});
    CHECK(capped.exit_code != 0);
    CHECK(capped.err.find("size") != std::string::npos);
}
