#include "sirkel/protocol/ground_rules_doc.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

member const A{0}, B{1}, C{2};
id16 const room = counting<id16>(0xa0);
key32 const tk = counting<key32>(0x60);
nonce24 const n0 = counting<nonce24>(0x01);
std::string const text = "Det som sies i gruppa, blir i gruppa.\nVi lytter uten å avbryte.";

// The version a CHANGE builds on: A and B.
roster base()
{
    roster_frame f;
    f.pledge_hash = pledge_hash_of("old text");
    return roster::build(room, 2, counting<key32>(0x30), f, {A.entry(1), B.entry()});
}

ground_rules_doc sealed(std::string_view t = text)
{
    ground_rules_doc doc;
    REQUIRE(seal_ground_rules_doc(t, base(), tk, n0, doc) == psg1_error::ok);
    return doc;
}

psg1_error open_as(member const& m, ground_rules_doc const& doc, std::string& out,
                   key32 const& ph = pledge_hash_of(text))
{
    return open_ground_rules_doc(doc, room, ph, m.id, m.dh_pk, m.dh_sk, out);
}

} // namespace

TEST_CASE("ground_rules_doc: pledge_hash is H(utf8(text)); the text is 1..8192 bytes of UTF-8")
{
    CHECK(pledge_hash_of(text) == generichash32(as_byte_view(text)));
    CHECK(check_ground_rules_text(text) == psg1_error::ok);
    CHECK(check_ground_rules_text(std::string(8192, 't')) == psg1_error::ok);
    CHECK(check_ground_rules_text("") == psg1_error::doc_invalid);
    CHECK(check_ground_rules_text(std::string(8193, 't')) == psg1_error::doc_invalid);
    CHECK(check_ground_rules_text("ab\xc3") == psg1_error::doc_invalid);
    CHECK(check_ground_rules_text(text, pledge_hash_of(text)) == psg1_error::ok);
    CHECK(check_ground_rules_text(text, pledge_hash_of(text + " ")) == psg1_error::doc_invalid);
}

TEST_CASE("ground_rules_doc: the layout of §3.7, one sealed tk per member of the base")
{
    auto const doc = sealed();
    CHECK(doc.n == n0);
    // PAD(text, 256) + 16.
    CHECK(doc.c.size() == 256 + 16);
    CHECK(doc.c == sealed().c); // tk and n fixed: deterministic
    bytes pt;
    REQUIRE(aead_xchacha20poly1305_ietf_decrypt(
        pt, doc.c, ground_rules_ad(room, pledge_hash_of(text)), n0, tk));
    REQUIRE(sodium_unpad(pt, 256));
    CHECK(std::string(pt.begin(), pt.end()) == text);
    auto const ad = ground_rules_ad(room, pledge_hash_of(text));
    CHECK(ad.size() == 4 + 9 + 16 + 32);

    REQUIRE(doc.keys.size() == 2);
    CHECK(doc.keys[0].to == A.id);
    CHECK(doc.keys[1].to == B.id);
    for (auto const& k : doc.keys)
        CHECK(k.k.size() == 80);
    bytes opened_tk;
    REQUIRE(box_seal_open(opened_tk, doc.keys[1].k, B.dh_pk, B.dh_sk));
    CHECK(opened_tk == bytes(tk.begin(), tk.end()));

    CHECK(sealed(std::string(8192, 't')).c.size() == 8448 + 16);
}

TEST_CASE("ground_rules_doc: every member opens it and the text matches pledge_hash")
{
    auto const doc = sealed();
    std::string out;
    REQUIRE(open_as(A, doc, out) == psg1_error::ok);
    CHECK(out == text);
    out.clear();
    REQUIRE(open_as(B, doc, out) == psg1_error::ok);
    CHECK(out == text);
}

TEST_CASE("ground_rules_doc: the sender refuses a bad text with doc_invalid")
{
    ground_rules_doc doc;
    CHECK(seal_ground_rules_doc("", base(), tk, n0, doc) == psg1_error::doc_invalid);
    CHECK(seal_ground_rules_doc(std::string(8193, 't'), base(), tk, n0, doc) ==
          psg1_error::doc_invalid);
    CHECK(doc.c.empty());
}

TEST_CASE("ground_rules_doc: failures to open")
{
    auto const doc = sealed();
    std::string out = "unchanged";

    // No key for C, or two for B.
    CHECK(open_as(C, doc, out) == psg1_error::doc_invalid);
    auto twice = doc;
    twice.keys.push_back(twice.keys[1]);
    CHECK(open_as(B, twice, out) == psg1_error::doc_invalid);

    // B's key sealed to C's IK_dh; a changed byte of c; another room or pledge_hash in the AD.
    auto wrong_seal = doc;
    wrong_seal.keys[1].k = box_seal(tk, C.dh_pk);
    CHECK(open_as(B, wrong_seal, out) == psg1_error::aead_failed);
    auto flipped = doc;
    flipped.c[5] ^= 1;
    CHECK(open_as(B, flipped, out) == psg1_error::aead_failed);
    CHECK(open_ground_rules_doc(doc, counting<id16>(0xa1), pledge_hash_of(text), B.id, B.dh_pk,
                                B.dh_sk, out) == psg1_error::aead_failed);
    CHECK(open_as(B, doc, out, pledge_hash_of("another text")) == psg1_error::aead_failed);
    // A sealed key of another length than 32 bytes.
    auto short_key = doc;
    short_key.keys[1].k = box_seal(bytes(31, 1), B.dh_pk);
    CHECK(open_as(B, short_key, out) == psg1_error::aead_failed);

    // Not padded.
    auto unpadded = doc;
    unpadded.c = aead_xchacha20poly1305_ietf_encrypt(
        as_byte_view(text), ground_rules_ad(room, pledge_hash_of(text)), n0, tk);
    CHECK(open_as(B, unpadded, out) == psg1_error::bad_padding);

    // A proposer that encrypts one text under another text's pledge_hash: the AEAD holds, the
    // hash does not. The client must not approve, and alerts.
    auto const ph = pledge_hash_of(text);
    auto lying = doc;
    lying.c = aead_xchacha20poly1305_ietf_encrypt(sodium_pad(as_byte_view("other rules"), 256),
                                                  ground_rules_ad(room, ph), n0, tk);
    CHECK(open_as(B, lying, out, ph) == psg1_error::doc_invalid);
    CHECK(out == "unchanged");
}
