#include "sirkel/protocol/psg1_ekey.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>

#include <string_view>
#include <vector>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

id16 const room = counting<id16>(0xa0);
id16 const ses = counting<id16>(0xb0);
// alice, bob and carol are members A, B and C: the ids and signing keys of PSG1.md §9.
member const A{0}, B{1}, C{2};
id16 const alice = A.id;
id16 const bob = B.id;
id16 const carol = C.id;

std::vector<id16> const parts{alice, bob, carol};

psg1_ekey alice_ekey()
{
    psg1_ekey e;
    e.session_id = ses;
    e.ep = 3;
    e.from = alice;
    e.rv = 7;
    e.rh = counting<key32>(0x70);
    e.ek = counting<key32>(0x90);
    e.sig = sign_ekey(room, e, parts_hash(parts), A.sig_sk);
    return e;
}

} // namespace

TEST_CASE("parts_hash is H(LP(PSG1-parts) || u32be(count) || ids in order)")
{
    bytes expected{0, 0, 0, 10, 'P', 'S', 'G', '1', '-', 'p', 'a', 'r', 't', 's', 0, 0, 0, 3};
    for (auto const& id : parts)
        expected.insert(expected.end(), id.begin(), id.end());
    CHECK(parts_hash(parts) == generichash32(expected));

    // The order and the count are covered: another list is another hash.
    std::vector<id16> const swapped{bob, alice, carol};
    std::vector<id16> const fewer{alice, bob};
    CHECK(parts_hash(swapped) != parts_hash(parts));
    CHECK(parts_hash(fewer) != parts_hash(parts));
}

TEST_CASE("ekey_signed_bytes lays out every field of PSG1.md §5.2 in order")
{
    auto const e = alice_ekey();
    auto const ph = parts_hash(parts);
    auto const m = ekey_signed_bytes(room, e, ph);
    constexpr std::string_view label = "PSG1-ekey";
    REQUIRE(m.size() == 4 + label.size() + 16 + 16 + 4 + 16 + 8 + 32 + 32 + 32);

    bytes expected;
    append_lp(expected, label);
    append(expected, room);
    append(expected, ses);
    expected.insert(expected.end(), {0, 0, 0, 3});
    append(expected, alice);
    expected.insert(expected.end(), {0, 0, 0, 0, 0, 0, 0, 7});
    append(expected, e.rh);
    append(expected, ph);
    append(expected, e.ek);
    CHECK(m == expected);
}

TEST_CASE("an ekey verifies with its signer's key over the same view of the epoch")
{
    auto const e = alice_ekey();
    CHECK(verify_ekey(room, e, parts_hash(parts), A.sig_pk));
    // Another signer's key.
    CHECK_FALSE(verify_ekey(room, e, parts_hash(parts), B.sig_pk));
}

TEST_CASE("an ekey over another view of the epoch is refused")
{
    auto const ph = parts_hash(parts);

    SUBCASE("another parts_hash: the server showed other participants")
    {
        std::vector<id16> const other{alice, bob};
        CHECK_FALSE(verify_ekey(room, alice_ekey(), parts_hash(other), A.sig_pk));
    }
    SUBCASE("another room")
    {
        CHECK_FALSE(verify_ekey(counting<id16>(0xa1), alice_ekey(), ph, A.sig_pk));
    }
    SUBCASE("another meeting")
    {
        auto e = alice_ekey();
        e.session_id[0] ^= 1;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("another ep")
    {
        auto e = alice_ekey();
        e.ep = 4;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("another sender id")
    {
        auto e = alice_ekey();
        e.from = bob;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("another rv")
    {
        auto e = alice_ekey();
        e.rv = 8;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("another rh")
    {
        auto e = alice_ekey();
        e.rh[31] ^= 1;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("another EK")
    {
        auto e = alice_ekey();
        e.ek[0] ^= 1;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
    SUBCASE("a flipped signature byte")
    {
        auto e = alice_ekey();
        e.sig[10] ^= 1;
        CHECK_FALSE(verify_ekey(room, e, ph, A.sig_pk));
    }
}

TEST_CASE("an epoch's parts must be sorted, unique members of the roster, with self among them")
{
    sirkel::test::member const a{0};
    sirkel::test::member const b{1};
    sirkel::test::member const c{2};
    sirkel::test::member const d{3};
    roster_frame frame;
    auto const r = roster::build(room, 1, key32{}, frame, {a.entry(1), b.entry(), c.entry()});
    std::vector<id16> const ab{a.id, b.id};
    CHECK(check_epoch_parts(ab, r, a.id) == psg1_error::ok);
    CHECK(check_epoch_parts(std::vector<id16>{b.id}, r, b.id) == psg1_error::ok);

    CHECK(check_epoch_parts(std::vector<id16>{}, r, a.id) == psg1_error::bad_encoding);
    CHECK(check_epoch_parts(std::vector<id16>{b.id, a.id}, r, a.id) == psg1_error::bad_encoding);
    CHECK(check_epoch_parts(std::vector<id16>{a.id, a.id}, r, a.id) == psg1_error::bad_encoding);
    CHECK(check_epoch_parts(std::vector<id16>(13, a.id), r, a.id) == psg1_error::bad_encoding);
    CHECK(check_epoch_parts(std::vector<id16>{a.id, d.id}, r, a.id) ==
          psg1_error::not_a_participant);
    CHECK(check_epoch_parts(ab, r, c.id) == psg1_error::not_a_participant);
}
