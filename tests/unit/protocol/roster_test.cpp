#include "sirkel/protocol/roster.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <string>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

member const A{0}, B{1}, C{2}, D{3}, E{4};
id16 const room = counting<id16>(0xa0);

roster_frame frame(std::uint8_t admission = 0, std::uint8_t size_cap = 12)
{
    roster_frame f;
    f.size_cap = size_cap;
    f.admission = admission;
    f.opening = 1;
    f.fac_term = 10;
    f.turn_s = 120;
    f.pledge_hash = counting<key32>(0x70);
    return f;
}

// The next version after prev with the given frame and entries.
roster next_of(roster const& prev, roster_frame const& f, std::vector<roster_entry> entries)
{
    return roster::build(room, prev.version() + 1, prev.hash(), f, std::move(entries));
}

psg1_error step(roster const* prev, roster const& next,
                std::vector<roster_approval> const& approvals, bool final = true)
{
    roster out;
    return verify_step(room, prev, next.tbs(), approvals, final, out);
}

roster v1_of(member const& m, roster_frame const& f = frame())
{
    return roster::build(room, 1, key32{}, f, {m.entry(1)});
}

// A verified chain v1..: A founds, then each of the others is added with everyone's approval.
std::vector<roster> grow(std::vector<member const*> const& ms, roster_frame const& f = frame())
{
    std::vector<roster> chain{v1_of(*ms.front(), f)};
    std::vector<roster_entry> entries{ms.front()->entry(1)};
    for (std::size_t i = 1; i < ms.size(); ++i)
    {
        entries.push_back(ms[i]->entry());
        chain.push_back(next_of(chain.back(), f, entries));
    }
    return chain;
}

} // namespace

TEST_CASE("roster tbs: the layout of PSG1.md §3.2, 114 + 81·n bytes")
{
    auto const r = roster::build(room, 0x0102030405060708, counting<key32>(0x30), frame(1, 5),
                                 {B.entry(), A.entry(1)});
    auto const& t = r.tbs();
    REQUIRE(t.size() == 114 + 81 * 2);
    CHECK(bytes(t.begin(), t.begin() + 15) ==
          bytes{0, 0, 0, 11, 'P', 'S', 'G', '1', '-', 'r', 'o', 's', 't', 'e', 'r'});
    CHECK(bytes(t.begin() + 15, t.begin() + 31) == bytes(room.begin(), room.end()));
    CHECK(bytes(t.begin() + 31, t.begin() + 39) == bytes{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(t[39] == 0x30);
    // frame: size_cap, admission, opening, fac_term 10, turn_s 120, pledge_hash
    CHECK(bytes(t.begin() + 71, t.begin() + 78) == bytes{5, 1, 1, 0, 10, 0, 120});
    CHECK(t[78] == 0x70);
    CHECK(bytes(t.begin() + 110, t.begin() + 114) == bytes{0, 0, 0, 2});
    // Sorted by member_id: A (0x40..) before B (0x50..).
    CHECK(bytes(t.begin() + 114, t.begin() + 130) == bytes(A.id.begin(), A.id.end()));
    CHECK(t[130] == 1);
    CHECK(bytes(t.begin() + 131, t.begin() + 163) == bytes(A.sig_pk.begin(), A.sig_pk.end()));
    CHECK(bytes(t.begin() + 163, t.begin() + 195) == bytes(A.dh_pk.begin(), A.dh_pk.end()));
    CHECK(r.hash() == generichash32(t));

    roster parsed;
    REQUIRE(roster::parse(room, t, parsed) == psg1_error::ok);
    CHECK(parsed.tbs() == t);
    CHECK(parsed.version() == 0x0102030405060708);
    CHECK(parsed.frame() == frame(1, 5));
    CHECK(parsed.entries() == r.entries());
}

TEST_CASE("approval_message layout, §3.3")
{
    auto const h = counting<key32>(0x90);
    auto const m = approval_message(room, 7, h);
    REQUIRE(m.size() == 4 + 12 + 16 + 8 + 32);
    CHECK(bytes(m.begin(), m.begin() + 16) ==
          bytes{0, 0, 0, 12, 'P', 'S', 'G', '1', '-', 'a', 'p', 'p', 'r', 'o', 'v', 'e'});
    CHECK(bytes(m.begin() + 32, m.begin() + 40) == bytes{0, 0, 0, 0, 0, 0, 0, 7});
    CHECK(m.back() == 0x90 + 31);
}

TEST_CASE("roster parse refuses malformed tbs (roster_invalid)")
{
    auto const good = roster::build(room, 2, counting<key32>(1), frame(), {A.entry(1), B.entry()});
    roster out;
    auto parse = [&](bytes t) { return roster::parse(room, t, out); };
    auto mutate = [&](std::size_t at, byte value)
    {
        bytes t = good.tbs();
        t[at] = value;
        return parse(t);
    };
    CHECK(parse(good.tbs()) == psg1_error::ok);

    SUBCASE("truncated")
    {
        CHECK(parse(bytes(good.tbs().begin(), good.tbs().end() - 1)) == psg1_error::roster_invalid);
    }
    SUBCASE("too short")
    {
        CHECK(parse(bytes(113, 0)) == psg1_error::roster_invalid);
    }
    SUBCASE("n disagrees with the length")
    {
        CHECK(mutate(113, 3) == psg1_error::roster_invalid);
    }
    SUBCASE("wrong label")
    {
        CHECK(mutate(5, 'p') == psg1_error::roster_invalid);
    }
    SUBCASE("wrong room_id")
    {
        auto other = room;
        other[0] ^= 1;
        CHECK(roster::parse(other, good.tbs(), out) == psg1_error::roster_invalid);
    }
    SUBCASE("frame fields out of range")
    {
        CHECK(mutate(71, 1) == psg1_error::roster_invalid);  // size_cap 1
        CHECK(mutate(71, 13) == psg1_error::roster_invalid); // size_cap 13
        CHECK(mutate(72, 2) == psg1_error::roster_invalid);  // admission
        CHECK(mutate(73, 2) == psg1_error::roster_invalid);  // opening
        CHECK(mutate(77, 29) == psg1_error::roster_invalid); // turn_s 29
    }
    SUBCASE("role 2")
    {
        CHECK(mutate(130, 2) == psg1_error::roster_invalid);
    }
    SUBCASE("unsorted ids")
    {
        auto t = good.tbs();
        std::swap_ranges(t.begin() + 114, t.begin() + 195, t.begin() + 195);
        CHECK(parse(t) == psg1_error::roster_invalid);
    }
    SUBCASE("a repeated key")
    {
        auto const dup = roster::build(room, 2, counting<key32>(1), frame(),
                                       {A.entry(1), {B.id, 0, A.sig_pk, B.dh_pk}});
        CHECK(parse(dup.tbs()) == psg1_error::roster_invalid);
    }
    SUBCASE("13 entries")
    {
        std::vector<roster_entry> es;
        for (int k = 0; k < 13; ++k)
            es.push_back({counting<id16>(static_cast<byte>(16 * k)), 0,
                          counting<key32>(static_cast<byte>(2 * k)),
                          counting<key32>(static_cast<byte>(2 * k + 100))});
        auto const big = roster::build(room, 2, counting<key32>(1), frame(), es);
        CHECK(parse(big.tbs()) == psg1_error::roster_invalid);
    }
}

TEST_CASE("verify_step FIRST: one facilitator, its own approval")
{
    auto const v1 = v1_of(A);
    CHECK(step(nullptr, v1, {A.approve(v1)}) == psg1_error::ok);
    CHECK(step(nullptr, v1, {}) == psg1_error::approvals_missing);
    CHECK(step(nullptr, v1, {}, false) == psg1_error::ok);
    CHECK(step(nullptr, v1, {B.approve(v1)}) == psg1_error::approval_invalid);

    auto const as_member = roster::build(room, 1, key32{}, frame(), {A.entry(0)});
    CHECK(step(nullptr, as_member, {A.approve(as_member)}) == psg1_error::roster_invalid);
    auto const two = roster::build(room, 1, key32{}, frame(), {A.entry(1), B.entry()});
    CHECK(step(nullptr, two, {A.approve(two)}) == psg1_error::roster_invalid);
    auto const v2 = roster::build(room, 2, key32{}, frame(), {A.entry(1)});
    CHECK(step(nullptr, v2, {A.approve(v2)}) == psg1_error::version_gap);
    auto const linked = roster::build(room, 1, counting<key32>(1), frame(), {A.entry(1)});
    CHECK(step(nullptr, linked, {A.approve(linked)}) == psg1_error::prev_hash_mismatch);
}

TEST_CASE("verify_step ADD: q(P) approvals of v's members under v's policy")
{
    SUBCASE("a group of one: the facilitator alone admits the second member")
    {
        auto const c = grow({&A, &B});
        CHECK(step(&c[0], c[1], {A.approve(c[1])}) == psg1_error::ok);
        CHECK(step(&c[0], c[1], {}) == psg1_error::approvals_missing);
        // The joiner being added is not a member of v.
        CHECK(step(&c[0], c[1], {A.approve(c[1]), B.approve(c[1])}) ==
              psg1_error::approval_invalid);
    }
    SUBCASE("policy 0: everyone; one short is missing")
    {
        auto const c = grow({&A, &B, &C});
        CHECK(step(&c[1], c[2], {A.approve(c[2]), B.approve(c[2])}) == psg1_error::ok);
        CHECK(step(&c[1], c[2], {A.approve(c[2])}) == psg1_error::approvals_missing);
        CHECK(step(&c[1], c[2], {A.approve(c[2])}, false) == psg1_error::ok);
        // A facilitator adding alone in a group of two.
        CHECK(step(&c[1], c[2], {A.approve(c[2])}) == psg1_error::approvals_missing);
    }
    SUBCASE("policy 1: majorities at 3, 4 and 5 members")
    {
        auto const c = grow({&A, &B, &C, &D, &E}, frame(1));
        // 2 -> 3: q(2) = 2
        CHECK(step(&c[1], c[2], {A.approve(c[2])}) == psg1_error::approvals_missing);
        CHECK(step(&c[1], c[2], {A.approve(c[2]), B.approve(c[2])}) == psg1_error::ok);
        // 3 -> 4: q(3) = 2
        CHECK(step(&c[2], c[3], {C.approve(c[3])}) == psg1_error::approvals_missing);
        CHECK(step(&c[2], c[3], {C.approve(c[3]), B.approve(c[3])}) == psg1_error::ok);
        // 4 -> 5: q(4) = 3
        CHECK(step(&c[3], c[4], {A.approve(c[4]), D.approve(c[4])}) ==
              psg1_error::approvals_missing);
        CHECK(step(&c[3], c[4], {A.approve(c[4]), D.approve(c[4]), C.approve(c[4])}) ==
              psg1_error::ok);
    }
    SUBCASE("bad approvals")
    {
        auto const c = grow({&A, &B, &C});
        auto forged = A.approve(c[2]);
        forged.sig[10] ^= 1;
        CHECK(step(&c[1], c[2], {forged, B.approve(c[2])}) == psg1_error::approval_invalid);
        CHECK(step(&c[1], c[2], {A.approve(c[2]), A.approve(c[2])}) ==
              psg1_error::approval_invalid);
        CHECK(step(&c[1], c[2], {A.approve(c[2]), E.approve(c[2])}) ==
              psg1_error::approval_invalid);
        // An approval of another version does not carry over.
        CHECK(step(&c[1], c[2], {A.approve(c[1]), B.approve(c[2])}) ==
              psg1_error::approval_invalid);
    }
    SUBCASE("shapes refused")
    {
        auto const c = grow({&A, &B});
        auto const f = frame();
        auto const as_fac = next_of(c[1], f, {A.entry(1), B.entry(), C.entry(1)});
        CHECK(step(&c[1], as_fac, {A.approve(as_fac), B.approve(as_fac)}) ==
              psg1_error::roster_invalid);
        auto const two = next_of(c[1], f, {A.entry(1), B.entry(), C.entry(), D.entry()});
        CHECK(step(&c[1], two, {A.approve(two), B.approve(two)}) == psg1_error::roster_invalid);
        auto rekeyed = B.entry();
        rekeyed.dh_pk = E.dh_pk;
        auto const changed = next_of(c[1], f, {A.entry(1), rekeyed, C.entry()});
        CHECK(step(&c[1], changed, {A.approve(changed), B.approve(changed)}) ==
              psg1_error::roster_invalid);
        auto const swap = next_of(c[1], f, {A.entry(1), C.entry()});
        CHECK(step(&c[1], swap, {A.approve(swap), B.approve(swap)}) == psg1_error::roster_invalid);
        auto f2 = f;
        f2.turn_s = 60;
        auto const with_frame = next_of(c[1], f2, {A.entry(1), B.entry(), C.entry()});
        CHECK(step(&c[1], with_frame, {A.approve(with_frame), B.approve(with_frame)}) ==
              psg1_error::roster_invalid);
        auto const empty = next_of(c[1], f, {A.entry(1), B.entry()});
        CHECK(step(&c[1], empty, {A.approve(empty), B.approve(empty)}) ==
              psg1_error::roster_invalid);
    }
    SUBCASE("size cap: n = size_cap + 1")
    {
        auto const c = grow({&A, &B}, frame(0, 2));
        auto const third = next_of(c[1], frame(0, 2), {A.entry(1), B.entry(), C.entry()});
        CHECK(step(&c[1], third, {A.approve(third), B.approve(third)}) ==
              psg1_error::size_cap_reached);
    }
    SUBCASE("version gap and prev_hash")
    {
        auto const c = grow({&A, &B});
        auto const skip =
            roster::build(room, 4, c[1].hash(), frame(), {A.entry(1), B.entry(), C.entry()});
        CHECK(step(&c[1], skip, {A.approve(skip), B.approve(skip)}) == psg1_error::version_gap);
        auto const bad =
            roster::build(room, 3, c[0].hash(), frame(), {A.entry(1), B.entry(), C.entry()});
        CHECK(step(&c[1], bad, {A.approve(bad), B.approve(bad)}) == psg1_error::prev_hash_mismatch);
    }
}

TEST_CASE("verify_step REMOVE: by self, or by q of the others")
{
    auto const c = grow({&A, &B, &C});
    auto const f = frame();
    auto const without_c = next_of(c[2], f, {A.entry(1), B.entry()});
    CHECK(step(&c[2], without_c, {C.approve(without_c)}) == psg1_error::ok);
    CHECK(step(&c[2], without_c, {A.approve(without_c), B.approve(without_c)}) == psg1_error::ok);
    CHECK(step(&c[2], without_c, {A.approve(without_c)}) == psg1_error::approvals_missing);

    SUBCASE("a self-REMOVE signed only by someone else")
    {
        auto const g = grow({&A, &B}, frame(1));
        auto const without_b = next_of(g[1], frame(1), {A.entry(1)});
        // In a group of two, the other one alone removes (q(1) = 1)...
        CHECK(step(&g[1], without_b, {A.approve(without_b)}) == psg1_error::ok);
        // ...but in a group of three under policy 0 one other is short.
        auto const without_a = next_of(c[2], f, {B.entry(), C.entry()});
        CHECK(step(&c[2], without_a, {B.approve(without_a)}) == psg1_error::approvals_missing);
    }
    SUBCASE("the last member leaves; nothing may follow")
    {
        auto const v2 = next_of(c[0], f, {});
        CHECK(step(&c[0], v2, {A.approve(v2)}) == psg1_error::ok);
        CHECK(step(&c[0], v2, {}) == psg1_error::approvals_missing);
        auto const v3 = next_of(v2, f, {A.entry(1)});
        CHECK(step(&v2, v3, {}) == psg1_error::roster_invalid);
    }
    SUBCASE("majority among the others, policy 1, 5 members")
    {
        auto const g = grow({&A, &B, &C, &D, &E}, frame(1));
        auto const without_e =
            next_of(g[4], frame(1), {A.entry(1), B.entry(), C.entry(), D.entry()});
        // q(4) = 3 of the others
        CHECK(step(&g[4], without_e, {A.approve(without_e), B.approve(without_e)}) ==
              psg1_error::approvals_missing);
        CHECK(step(&g[4], without_e,
                   {A.approve(without_e), B.approve(without_e), D.approve(without_e)}) ==
              psg1_error::ok);
    }
}

TEST_CASE("verify_step CHANGE: policy, roles, handover, STEP-DOWN, cap")
{
    auto const c = grow({&A, &B, &C});
    auto const f = frame();
    auto const all = [](roster const& r) {
        return std::vector<roster_approval>{A.approve(r), B.approve(r), C.approve(r)};
    };

    auto f_major = f;
    f_major.admission = 1;
    auto const policy = next_of(c[2], f_major, {A.entry(1), B.entry(), C.entry()});
    CHECK(step(&c[2], policy, all(policy)) == psg1_error::ok);
    // Decided under the old policy (all), not the new one (majority).
    CHECK(step(&c[2], policy, {A.approve(policy), B.approve(policy)}) ==
          psg1_error::approvals_missing);

    auto const handover = next_of(c[2], f, {A.entry(0), B.entry(1), C.entry()});
    CHECK(step(&c[2], handover, all(handover)) == psg1_error::ok);
    CHECK(step(&c[2], handover, {A.approve(handover)}) == psg1_error::approvals_missing);

    auto const step_down = next_of(c[2], f, {A.entry(0), B.entry(), C.entry()});
    CHECK(step(&c[2], step_down, {A.approve(step_down)}) == psg1_error::ok);
    CHECK(step(&c[2], step_down, {B.approve(step_down)}) == psg1_error::approvals_missing);

    auto const cap = next_of(c[2], frame(0, 2), {A.entry(1), B.entry(), C.entry()});
    CHECK(step(&c[2], cap, all(cap)) == psg1_error::size_cap_reached);

    auto const empty = next_of(c[2], f, {A.entry(1), B.entry(), C.entry()});
    CHECK(step(&c[2], empty, all(empty)) == psg1_error::roster_invalid);
}

TEST_CASE("verify_chain and verify_chain_from_pin, §3.8")
{
    // v1..v5 adds A..E under majority; v6 is B's self-removal.
    auto chain = grow({&A, &B, &C, &D, &E}, frame(1));
    chain.push_back(next_of(chain.back(), frame(1), {A.entry(1), C.entry(), D.entry(), E.entry()}));
    std::vector<roster_version> wire;
    std::vector<member const*> const ms{&A, &B, &C, &D, &E};
    for (std::size_t i = 0; i < chain.size(); ++i)
    {
        std::vector<roster_approval> approvals;
        if (i == 5)
            approvals.push_back(B.approve(chain[i]));
        else
            for (std::size_t k = 0; k < std::max<std::size_t>(i, 1); ++k)
                approvals.push_back(ms[k]->approve(chain[i]));
        wire.push_back({chain[i].version(), chain[i].tbs(), approvals});
    }

    roster newest;
    CHECK(verify_chain(room, nullptr, wire, newest) == psg1_error::ok);
    CHECK(newest.hash() == chain.back().hash());

    SUBCASE("from a pin at v3")
    {
        std::span<roster_version const> const from_v3(wire.begin() + 2, wire.end());
        CHECK(verify_chain_from_pin(room, chain[2].hash(), from_v3, newest) == psg1_error::ok);
        CHECK(newest.version() == 6);
        CHECK(verify_chain_from_pin(room, chain[1].hash(), from_v3, newest) ==
              psg1_error::pin_mismatch);
    }
    SUBCASE("a chain without v1")
    {
        std::span<roster_version const> const from_v2(wire.begin() + 1, wire.end());
        CHECK(verify_chain(room, nullptr, from_v2, newest) == psg1_error::version_gap);
        CHECK(verify_chain_from_pin(room, key32{}, from_v2, newest) == psg1_error::version_gap);
    }
    SUBCASE("a missing version")
    {
        auto gap = wire;
        gap.erase(gap.begin() + 3);
        CHECK(verify_chain(room, nullptr, gap, newest) == psg1_error::version_gap);
    }
    SUBCASE("the wire v disagrees with the tbs")
    {
        auto lied = wire;
        lied[2].v = 9;
        CHECK(verify_chain(room, nullptr, lied, newest) == psg1_error::roster_invalid);
    }
    SUBCASE("approvals stripped below the majority")
    {
        // v5 needs q(4) = 3 of v4's members; keep two.
        auto short_of = wire;
        short_of[4].approvals.resize(2);
        CHECK(verify_chain(room, nullptr, short_of, newest) == psg1_error::approvals_missing);
    }
    SUBCASE("empty")
    {
        CHECK(verify_chain(room, nullptr, {}, newest) == psg1_error::no_roster);
    }
}
