// The facilitator's term (PSG1.md §3.1 fac_term) as the server counts it: meetings opened per
// group and each facilitator's grant, in a real SQLite file, across a reopened store.
#include "facilitator_terms.hpp"

#include "store.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <vector>

using namespace sirkel;
using protocol::id16;
using protocol::key32;

namespace
{

constexpr std::int64_t now = 1'700'000'000;

id16 id_of(std::uint8_t b)
{
    id16 id{};
    id.fill(b);
    return id;
}

id16 const A = id_of(0x41), B = id_of(0x42), C = id_of(0x43);

protocol::roster_entry entry(id16 const& member, std::uint8_t role)
{
    key32 sig{}, dh{};
    sig.fill(static_cast<std::uint8_t>(member[0] + 0x10));
    dh.fill(static_cast<std::uint8_t>(member[0] + 0x20));
    return {member, role, sig, dh};
}

/// A store with one group whose chain the test commits version by version, as the ledger would
/// after verify_step (the store does not verify).
struct terms_fixture
{
    test::temp_dir dir;
    std::filesystem::path file = dir / "sirkel.db";
    store db{file};
    id16 group = db.create_group("Thursday", 8, now).id;
    std::vector<protocol::roster> chain;

    protocol::roster const& commit(std::uint16_t fac_term, std::vector<protocol::roster_entry> e)
    {
        protocol::roster_frame frame;
        frame.size_cap = 8;
        frame.fac_term = fac_term;
        auto const v = chain.size() + 1;
        auto next = protocol::roster::build(group, v, chain.empty() ? key32{} : chain.back().hash(),
                                            frame, std::move(e));
        db.commit_roster_version(group, next, {}, now);
        chain.push_back(std::move(next));
        return chain.back();
    }
};

} // namespace

TEST_SUITE("facilitator_terms")
{
    TEST_CASE_FIXTURE(terms_fixture, "a term ends at the opening of the fac_term-th meeting and "
                                     "stays ended after a restart")
    {
        auto const& v1 = commit(2, {entry(A, 1), entry(B, 0)});
        facilitator_terms terms(group, db);
        CHECK(terms.meetings_opened() == 0);
        CHECK(terms.over(v1).empty());
        terms.meeting_opened();
        CHECK(terms.over(v1).empty());
        terms.meeting_opened();
        CHECK(terms.meetings_opened() == 2);
        CHECK(terms.over(v1) == std::vector<id16>{A});

        // The count and the grant are the store's, not the process's.
        store reopened{file};
        facilitator_terms after_restart(group, reopened);
        CHECK(after_restart.meetings_opened() == 2);
        CHECK(after_restart.over(v1) == std::vector<id16>{A});
    }

    TEST_CASE_FIXTURE(terms_fixture, "fac_term 0 never ends a term")
    {
        auto const& v1 = commit(0, {entry(A, 1)});
        facilitator_terms terms(group, db);
        for (int i = 0; i < 5; ++i)
            terms.meeting_opened();
        CHECK(terms.over(v1).empty());
    }

    TEST_CASE_FIXTURE(terms_fixture, "a handover grants the new facilitator at the count of its "
                                     "commit; one who keeps the role keeps its grant")
    {
        commit(2, {entry(A, 1), entry(B, 0), entry(C, 1)});
        facilitator_terms terms(group, db);
        terms.meeting_opened();
        terms.meeting_opened();
        REQUIRE(terms.over(chain.back()) == std::vector<id16>{A, C});

        // A hands over to B; C stays. B counts from 2, C still from 0.
        auto const& v2 = commit(2, {entry(A, 0), entry(B, 1), entry(C, 1)});
        terms.roster_committed();
        CHECK(terms.over(v2) == std::vector<id16>{C});
        terms.meeting_opened();
        CHECK(terms.over(v2) == std::vector<id16>{C});
        terms.meeting_opened();
        CHECK(terms.over(v2) == std::vector<id16>{B, C});

        // A's role back (0 -> 1) is a new grant at the count now, 4.
        auto const& v3 = commit(2, {entry(A, 1), entry(B, 1), entry(C, 1)});
        terms.roster_committed();
        CHECK(terms.over(v3) == std::vector<id16>{B, C});
        CHECK(db.facilitator_grants(group).at(A) == 4);
    }

    TEST_CASE_FIXTURE(terms_fixture, "a member who steps down or leaves loses the grant")
    {
        commit(3, {entry(A, 1), entry(B, 1)});
        facilitator_terms terms(group, db);
        terms.meeting_opened();
        CHECK(db.facilitator_grants(group).size() == 2);
        commit(3, {entry(A, 0), entry(B, 1)});
        CHECK_FALSE(db.facilitator_grants(group).contains(A));
        CHECK(db.facilitator_grants(group).contains(B));
        commit(3, {entry(A, 0)});
        CHECK(db.facilitator_grants(group).empty());
    }

    TEST_CASE_FIXTURE(terms_fixture, "a longer fac_term decided later gives an ended term back")
    {
        commit(1, {entry(A, 1)});
        facilitator_terms terms(group, db);
        terms.meeting_opened();
        REQUIRE(terms.over(chain.back()) == std::vector<id16>{A});
        auto const& v2 = commit(3, {entry(A, 1)});
        terms.roster_committed();
        CHECK(terms.over(v2).empty());
    }

    TEST_CASE_FIXTURE(terms_fixture, "migration 3 counts a facilitator of an older database "
                                     "from 0")
    {
        auto const& v1 = commit(1, {entry(A, 1), entry(B, 0)});
        // The file as schema version 2 left it, with a facilitator and a member.
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
        CHECK(sqlite3_exec(raw,
                           "ALTER TABLE members DROP COLUMN facilitator_since; "
                           "ALTER TABLE groups DROP COLUMN meetings_opened; "
                           "PRAGMA user_version = 2",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);

        store migrated{file};
        CHECK(migrated.user_version() == 3);
        CHECK(migrated.facilitator_grants(group) == std::map<id16, std::uint64_t>{{A, 0}});
        facilitator_terms terms(group, migrated);
        CHECK(terms.over(v1).empty());
        terms.meeting_opened();
        CHECK(terms.over(v1) == std::vector<id16>{A});
    }

    TEST_CASE_FIXTURE(terms_fixture, "a count has no fsync of its own but leaves every later "
                                     "commit durable")
    {
        REQUIRE(db.synchronous() == 2);
        CHECK(db.count_meeting_opened(group) == 1);
        CHECK(db.synchronous() == 2);
        CHECK_THROWS_AS((void)db.count_meeting_opened(id_of(0x99)), store_error);
        CHECK(db.synchronous() == 2);
        store reopened{file};
        CHECK(reopened.meetings_opened(group) == 1);
    }

    TEST_CASE_FIXTURE(terms_fixture, "only a stored group's meetings are counted")
    {
        CHECK(db.count_meeting_opened(group) == 1);
        CHECK_THROWS_AS((void)db.count_meeting_opened(id_of(0x99)), store_error);
        CHECK(db.meetings_opened(id_of(0x99)) == 0);
    }
}
