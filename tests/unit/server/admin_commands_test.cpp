// Test that the header is self-contained.
#include "admin_commands.hpp"

#include "nginx_hash_pick.hpp"
#include "temp_dir.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/invite_link.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

using namespace sirkel;
using namespace std::chrono_literals;

namespace
{

std::vector<std::string> lines_of(std::string const& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

/// The lines that start like a URL: the contract is that only the invite link does.
std::vector<std::string> link_lines(std::string const& text)
{
    auto lines = lines_of(text);
    std::erase_if(lines, [](std::string const& line)
                  { return !line.starts_with("https://") && !line.starts_with("http://"); });
    return lines;
}

/// The value of the "key: value" line for key, or "" if there is none.
std::string value_of(std::string const& text, std::string const& key)
{
    for (auto const& line : lines_of(text))
        if (line.starts_with(key + ": "))
            return line.substr(key.size() + 2);
    return {};
}

bool file_contains(std::filesystem::path const& file, protocol::byte_view needle)
{
    std::ifstream in(file, std::ios::binary);
    std::vector<char> const content{std::istreambuf_iterator<char>(in), {}};
    return std::search(content.begin(), content.end(), needle.begin(), needle.end(),
                       [](char a, protocol::byte b)
                       { return static_cast<protocol::byte>(a) == b; }) != content.end();
}

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct admin_fixture
{
    test::temp_dir dir;
    store db{dir / "sirkel.db"};
    std::ostringstream out;
    std::ostringstream err;
    admin_commands admin{db, out, err};

    /// Create a group through the command and return its id.
    id16 make_group(std::string_view label, int size_cap = store::default_size_cap)
    {
        REQUIRE(admin.create_group(label, size_cap) == 0);
        auto const id = protocol::base64url_decode_array<16>(value_of(out.str(), "group"));
        REQUIRE(id);
        clear();
        return *id;
    }

    void clear()
    {
        out.str("");
        err.str("");
    }
};

} // namespace

TEST_SUITE("admin_commands")
{
    TEST_CASE_FIXTURE(admin_fixture, "init reports the schema version")
    {
        CHECK(admin.init() == 0);
        CHECK(value_of(out.str(), "schema_version") == "3");
        CHECK(value_of(out.str(), "database") == (dir / "sirkel.db").string());
        CHECK(err.str().empty());
    }

    TEST_CASE_FIXTURE(admin_fixture, "create_group prints the new group's id, label and cap")
    {
        CHECK(admin.create_group("Tuesday evening", 6) == 0);
        CHECK(err.str().empty());
        auto const id = protocol::base64url_decode_array<16>(value_of(out.str(), "group"));
        REQUIRE(id);
        CHECK(value_of(out.str(), "label") == "Tuesday evening");
        CHECK(value_of(out.str(), "size_cap") == "6");
        auto const group = db.find_group(*id);
        REQUIRE(group);
        CHECK(group->label == "Tuesday evening");
        CHECK(group->size_cap == 6);
    }

    TEST_CASE_FIXTURE(admin_fixture, "create_group refuses with a message and exit code 1")
    {
        (void)make_group("Tuesday");
        CHECK(admin.create_group("Tuesday", 8) == 1);
        CHECK(admin.create_group("big", 13) == 1);
        CHECK(admin.create_group("two\nlines", 8) == 1);
        CHECK(admin.create_group("", 8) == 1);
        CHECK(out.str().empty());
        auto const errors = lines_of(err.str());
        REQUIRE(errors.size() == 4);
        for (auto const& line : errors)
            CHECK(line.starts_with("error: "));
        CHECK(errors[0].find("already exists") != std::string::npos);
        CHECK(errors[1].find("size cap") != std::string::npos);
        CHECK(db.list_groups(unix_now()).size() == 1);
    }

    TEST_CASE_FIXTURE(admin_fixture,
                      "create_group for instance I of N draws an id nginx sends there")
    {
        for (int instance = 1; instance <= 3; ++instance)
            for (int round = 0; round < 8; ++round)
            {
                auto const label =
                    "circle " + std::to_string(instance) + "." + std::to_string(round);
                REQUIRE(admin.create_group(label, 8, instance, 3) == 0);
                CHECK(err.str().empty());
                auto const text = value_of(out.str(), "group");
                CHECK(nginx_hash_pick(text, 3) == static_cast<std::size_t>(instance - 1));
                CHECK(value_of(out.str(), "instance") == std::to_string(instance) + " of 3");
                auto const id = protocol::base64url_decode_array<16>(text);
                REQUIRE(id);
                CHECK(db.find_group(*id));
                clear();
            }
    }

    TEST_CASE_FIXTURE(admin_fixture, "create_group refuses an instance outside 1..instances")
    {
        CHECK(admin.create_group("zero", 8, 0, 2) == 1);
        CHECK(admin.create_group("third", 8, 3, 2) == 1);
        CHECK(admin.create_group("many", 8, 1, admin_commands::max_instances + 1) == 1);
        CHECK(out.str().empty());
        auto const errors = lines_of(err.str());
        REQUIRE(errors.size() == 3);
        for (auto const& line : errors)
            CHECK(line.find("--instance must be from 1 to --instances") != std::string::npos);
        CHECK(db.list_groups(unix_now()).empty());
    }

    TEST_CASE_FIXTURE(admin_fixture, "invite_facilitator prints a link that redeems once")
    {
        auto const group = make_group("Tuesday");
        CHECK(admin.invite_facilitator("Tuesday", 72h, "https://chat.example.org") == 0);
        CHECK(err.str().empty());

        auto const links = link_lines(out.str());
        REQUIRE(links.size() == 1);
        CHECK(links[0].starts_with("https://chat.example.org/j/"));
        auto const link = protocol::invite_link::parse(links[0]);
        REQUIRE(link);
        CHECK(link->group == group);
        CHECK(link->roster_hash == key32{});

        auto const invite = db.find_invite(link->invite);
        REQUIRE(invite);
        CHECK(invite->group == group);
        CHECK(invite->role == member_role::facilitator);
        CHECK(invite->uses_left == 1);
        CHECK_FALSE(invite->revoked);
        CHECK(invite->expires_at - invite->created_at == 72 * 3600);
        CHECK(std::abs(invite->created_at - unix_now()) < 60);

        // The client derives tok from the secret in the link; the server keeps H(tok) only.
        auto const token = protocol::kdf_invite_token(link->secret);
        auto const token_hash = protocol::generichash32(token);
        CHECK(invite->token_hash == token_hash);
        for (auto const& entry : std::filesystem::directory_iterator(dir.path()))
        {
            INFO(entry.path().string());
            CHECK_FALSE(file_contains(entry.path(), link->secret));
            CHECK_FALSE(file_contains(entry.path(), token));
        }

        member_record const facilitator{.id = protocol::random_array<id16>(),
                                        .group = group,
                                        .sig_pk = protocol::random_array<key32>(),
                                        .dh_pk = protocol::random_array<key32>(),
                                        .role = member_role::member,
                                        .joined_at = 0};
        CHECK(db.redeem_invite(link->invite, token_hash, facilitator, unix_now()) ==
              redeem_outcome::redeemed);
        CHECK(db.find_member(group, facilitator.id).value().role == member_role::facilitator);
        CHECK(db.redeem_invite(link->invite, token_hash, facilitator, unix_now()) ==
              redeem_outcome::invite_invalid);
    }

    TEST_CASE_FIXTURE(admin_fixture, "invite_facilitator finds the group by id as well")
    {
        auto const group = make_group("Tuesday");
        CHECK(admin.invite_facilitator(protocol::base64url_encode(group), 1h,
                                       "http://localhost:8080/") == 0);
        auto const links = link_lines(out.str());
        REQUIRE(links.size() == 1);
        CHECK(links[0].starts_with("http://localhost:8080/j/"));
        auto const link = protocol::invite_link::parse(links[0]);
        REQUIRE(link);
        CHECK(link->group == group);
        CHECK(db.list_groups(unix_now()).front().open_invites == 1);
    }

    TEST_CASE_FIXTURE(admin_fixture, "invite_facilitator refuses and stores nothing")
    {
        auto const group = make_group("Pair", 2);
        auto const refused = [&](std::string_view ref, std::chrono::hours ttl,
                                 std::string_view origin, std::string_view reason)
        {
            clear();
            CHECK(admin.invite_facilitator(ref, ttl, origin) == 1);
            CHECK(out.str().empty());
            INFO(err.str());
            CHECK(err.str().starts_with("error: "));
            CHECK(err.str().find(reason) != std::string::npos);
        };
        refused("Nobody", 72h, "https://chat.example.org", "no group");
        refused("Pair", 0h, "https://chat.example.org", "hours");
        refused("Pair", admin_commands::max_invite_ttl + 1h, "https://chat.example.org", "hours");
        refused("Pair", 72h, "ftp://chat.example.org", "origin");
        refused("Pair", 72h, "https://chat.example.org/path", "origin");
        refused("Pair", 72h, "chat.example.org", "origin");
        CHECK(db.list_groups(unix_now()).front().open_invites == 0);

        // Fill the group through invites of the store's own.
        invite_record invite{.id = protocol::random_array<id16>(),
                             .group = group,
                             .token_hash = key32{},
                             .role = member_role::member,
                             .created_at = unix_now(),
                             .expires_at = unix_now() + 3600,
                             .uses_left = 2,
                             .revoked = false};
        db.create_invite(invite);
        for (int n = 0; n < 2; ++n)
        {
            member_record const m{.id = protocol::random_array<id16>(),
                                  .group = group,
                                  .sig_pk = protocol::random_array<key32>(),
                                  .dh_pk = protocol::random_array<key32>(),
                                  .role = member_role::member,
                                  .joined_at = 0};
            REQUIRE(db.redeem_invite(invite.id, key32{}, m, unix_now()) ==
                    redeem_outcome::redeemed);
        }
        refused("Pair", 72h, "https://chat.example.org", "full");
    }

    TEST_CASE_FIXTURE(admin_fixture, "list_groups prints counts, never keys")
    {
        CHECK(admin.list_groups() == 0);
        CHECK(lines_of(out.str()).size() == 1); // the header only
        clear();

        auto const tuesday = make_group("Tuesday evening", 5);
        auto const monday = make_group("Monday", 8);
        REQUIRE(admin.invite_facilitator("Monday", 24h, "https://chat.example.org") == 0);
        clear();

        CHECK(admin.list_groups() == 0);
        auto const lines = lines_of(out.str());
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].starts_with("id "));
        CHECK(link_lines(out.str()).empty());

        struct row
        {
            std::string id;
            int cap = 0;
            int members = 0;
            int invites = 0;
            std::string label;
        };
        auto const parse = [](std::string const& line)
        {
            row r;
            std::istringstream in(line);
            in >> r.id >> r.cap >> r.members >> r.invites >> std::ws;
            std::getline(in, r.label);
            return r;
        };
        std::vector<row> rows{parse(lines[1]), parse(lines[2])};
        std::sort(rows.begin(), rows.end(),
                  [](row const& a, row const& b) { return a.label < b.label; });
        CHECK(rows[0].id == protocol::base64url_encode(monday));
        CHECK(rows[0].cap == 8);
        CHECK(rows[0].members == 0);
        CHECK(rows[0].invites == 1);
        CHECK(rows[0].label == "Monday");
        CHECK(rows[1].id == protocol::base64url_encode(tuesday));
        CHECK(rows[1].cap == 5);
        CHECK(rows[1].invites == 0);
        CHECK(rows[1].label == "Tuesday evening");
    }

    TEST_CASE_FIXTURE(admin_fixture, "delete_group removes the group")
    {
        auto const group = make_group("Tuesday");
        CHECK(admin.delete_group("Tuesday") == 0);
        CHECK(out.str().find(protocol::base64url_encode(group)) != std::string::npos);
        CHECK_FALSE(db.find_group(group));
        clear();
        CHECK(admin.delete_group("Tuesday") == 1);
        CHECK(err.str().starts_with("error: no group"));
    }

    TEST_CASE_FIXTURE(admin_fixture, "backup writes a new file and never overwrites one")
    {
        (void)make_group("Tuesday");
        auto const file = dir / "backup.db";
        CHECK(admin.backup(file) == 0);
        CHECK(value_of(out.str(), "backup") == file.string());
        CHECK(std::filesystem::exists(file));
        {
            store const copy{file};
            CHECK(copy.find_group_by_label("Tuesday"));
        }
        clear();
        CHECK(admin.backup(file) == 1);
        CHECK(err.str().find("already exists") != std::string::npos);
    }
}
