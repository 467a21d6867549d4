#include "sirkel/protocol/sender_key_distribution.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

member const A{0}, B{1}, C{2};
id16 const room = counting<id16>(0xa0);
id16 const ses = counting<id16>(0xb0);
nonce24 const n0 = counting<nonce24>(0x01);

// An epoch key pair, from a fixed seed so that BOX is deterministic.
struct epoch_key
{
    key32 pk{};
    key32 sk{};

    explicit epoch_key(byte seed_byte)
    {
        key32 seed{};
        seed.fill(seed_byte);
        crypto_box_seed_keypair(pk.data(), sk.data(), seed.data());
    }
};

epoch_key const ek_a{0x51}, ek_b{0x52}, ek_c{0x53};

// A's box for B in epoch 3.
sender_key_route const a_to_b{room, ses, 3, A.id, B.id};
sender_key const a_key{counting<key32>(0x01), counting<key32>(0x81), "Kari"};

bytes box_a_to_b(sender_key_route const& route = a_to_b, sender_key const& key = a_key,
                 key32 const& to_ek_pk = ek_b.pk)
{
    bytes c;
    REQUIRE(seal_sender_key(route, key, n0, to_ek_pk, ek_a.sk, c) == psg1_error::ok);
    return c;
}

psg1_error open_as_b(byte_view c, sender_key& out, sender_key_route const& route = a_to_b)
{
    return open_sender_key(route, c, n0, ek_a.pk, ek_b.sk, out);
}

// A box from A to B around any plaintext.
bytes box_raw(bytes const& pt)
{
    return box_easy(pt, n0, ek_b.pk, ek_a.sk);
}

bytes plaintext_of(bytes const& c)
{
    bytes pt;
    REQUIRE(box_open_easy(pt, c, n0, ek_a.pk, ek_b.sk));
    return pt;
}

} // namespace

TEST_CASE("sender_key_distribution: P_ij is 212 bytes, the box 228, laid out as §5.3")
{
    auto const c = box_a_to_b();
    CHECK(c.size() == sender_key_box_bytes);
    CHECK(c == box_a_to_b()); // fixed nonce and keys: deterministic
    auto const pt = plaintext_of(c);
    REQUIRE(pt.size() == sender_key_plaintext_bytes);
    CHECK(bytes(pt.begin(), pt.begin() + 12) ==
          bytes{0, 0, 0, 8, 'P', 'S', 'G', '1', '-', 's', 'k', 'd'});
    CHECK(bytes(pt.begin() + 12, pt.begin() + 28) == bytes(room.begin(), room.end()));
    CHECK(bytes(pt.begin() + 28, pt.begin() + 44) == bytes(ses.begin(), ses.end()));
    CHECK(bytes(pt.begin() + 44, pt.begin() + 48) == bytes{0, 0, 0, 3});
    CHECK(bytes(pt.begin() + 48, pt.begin() + 64) == bytes(A.id.begin(), A.id.end()));
    CHECK(bytes(pt.begin() + 64, pt.begin() + 80) == bytes(B.id.begin(), B.id.end()));
    CHECK(pt[80] == 0x01);  // CK
    CHECK(pt[112] == 0x81); // SK_msg.pk
    CHECK(bytes(pt.begin() + 144, pt.begin() + 148) == bytes{0, 0, 0, 64});
    CHECK(bytes(pt.begin() + 148, pt.begin() + 153) == bytes{'K', 'a', 'r', 'i', 0x80});
}

TEST_CASE("sender_key_distribution: the recipient opens its box and gets CK, SK_msg.pk, name")
{
    sender_key out;
    REQUIRE(open_as_b(box_a_to_b(), out) == psg1_error::ok);
    CHECK(out.chain_key == a_key.chain_key);
    CHECK(out.sk_msg_pk == a_key.sk_msg_pk);
    CHECK(out.name == "Kari");
}

TEST_CASE("sender_key_distribution: the sender refuses a bad name")
{
    bytes c;
    sender_key bad = a_key;
    bad.name = "";
    CHECK(seal_sender_key(a_to_b, bad, n0, ek_b.pk, ek_a.sk, c) == psg1_error::bad_name);
    bad.name = "Ka\x1bri";
    CHECK(seal_sender_key(a_to_b, bad, n0, ek_b.pk, ek_a.sk, c) == psg1_error::bad_name);
    CHECK(c.empty());
}

TEST_CASE("sender_key_distribution: every field is checked, and any failure is skd_invalid")
{
    sender_key out;
    auto const expect_invalid = [&](byte_view c, sender_key_route const& route = a_to_b)
    { CHECK(open_as_b(c, out, route) == psg1_error::skd_invalid); };

    // A box for someone else: A's box for C, handed to B (as B, to C's EK or with C as `to`).
    sender_key_route const a_to_c{room, ses, 3, A.id, C.id};
    expect_invalid(box_a_to_b(a_to_c, a_key, ek_c.pk));
    expect_invalid(box_a_to_b(a_to_c, a_key, ek_b.pk));
    // Another room, meeting, epoch or sender than the route B expects.
    expect_invalid(box_a_to_b({counting<id16>(0xa1), ses, 3, A.id, B.id}));
    expect_invalid(box_a_to_b({room, counting<id16>(0xb1), 3, A.id, B.id}));
    expect_invalid(box_a_to_b({room, ses, 4, A.id, B.id}));
    expect_invalid(box_a_to_b({room, ses, 3, C.id, B.id}));
    // Opened with another sender's EK.
    CHECK(open_sender_key(a_to_b, box_a_to_b(), n0, ek_c.pk, ek_b.sk, out) ==
          psg1_error::skd_invalid);
    // A flipped byte, a wrong nonce, a truncated box.
    auto flipped = box_a_to_b();
    flipped[100] ^= 1;
    expect_invalid(flipped);
    CHECK(open_sender_key(a_to_b, box_a_to_b(), counting<nonce24>(0x02), ek_a.pk, ek_b.sk, out) ==
          psg1_error::skd_invalid);
    auto const good = box_a_to_b();
    expect_invalid(byte_view(good).first(227));

    // Plaintexts no honest sender makes: another label, another LP length, a bad name, a
    // plaintext of another length.
    auto pt = plaintext_of(good);
    pt[4] = 'X';
    expect_invalid(box_raw(pt));
    pt = plaintext_of(good);
    pt[147] = 63;
    expect_invalid(box_raw(pt));
    pt = plaintext_of(good);
    pt[148] = 0x80; // an empty name
    pt[149] = 0;
    pt[150] = 0;
    pt[151] = 0;
    expect_invalid(box_raw(pt));
    pt = plaintext_of(good);
    pt[149] = 0x07; // a control character
    expect_invalid(box_raw(pt));
    pt = plaintext_of(good);
    pt.push_back(0);
    expect_invalid(box_raw(pt));

    CHECK(out.name.empty());
}
