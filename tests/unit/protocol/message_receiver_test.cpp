#include "sirkel/protocol/message_receiver.hpp"

#include "sirkel/protocol/message_sender.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <string>
#include <vector>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

id16 const room = counting<id16>(0xa0);
id16 const ses = counting<id16>(0xb0);
key32 const ck0 = counting<key32>(0x01);
// The sender is member A; its identity signing key stands in for an epoch's sk_msg.
member const A{0};
id16 const alice = A.id;

bytes text(std::string_view s)
{
    std::string const json = R"({"text":")" + std::string(s) + R"("})";
    return bytes(json.begin(), json.end());
}

std::string as_string(bytes const& b)
{
    return std::string(b.begin(), b.end());
}

// Seal count messages of kind 1 "m<i>" from alice in epoch 7.
std::vector<psg1_message> seal_many(std::size_t count)
{
    message_sender sender(room, ses, 7, alice, ck0, A.sig_sk);
    std::vector<psg1_message> out(count);
    for (std::size_t i = 0; i < count; ++i)
        REQUIRE(sender.seal(1, text("m" + std::to_string(i)), out[i]) == psg1_error::ok);
    return out;
}

message_receiver receiver()
{
    return message_receiver(room, ses, 7, alice, ck0, A.sig_pk);
}

// Re-sign m with SK_msg after a change, so that only the AEAD binding can catch it.
void resign(psg1_message& m)
{
    auto const ad = message_ad(room, m.session_id, m.ep, m.from, m.ctr, m.kind);
    m.sig = sign_detached(message_signed_bytes(ad, m.n, m.ct), A.sig_sk);
}

} // namespace

TEST_CASE("ratchet: MK_n = KDF(1, PSGratch, CK_n), CK_n+1 = KDF(2, ...)")
{
    sodium_init_or_throw();
    key32 expected{};
    crypto_kdf_derive_from_key(expected.data(), 32, 1, "PSGratch", ck0.data());
    CHECK(kdf_ratchet_message_key(ck0) == expected);
    crypto_kdf_derive_from_key(expected.data(), 32, 2, "PSGratch", ck0.data());
    CHECK(kdf_ratchet_chain_key(ck0) == expected);
    CHECK(kdf_ratchet_message_key(ck0) != kdf_ratchet_chain_key(ck0));
}

TEST_CASE("message_ad layout, §6.2 (69 bytes)")
{
    auto const ad = message_ad(room, ses, 0x01020304, alice, 0x0a0b0c0d, 2);
    REQUIRE(ad.size() == 69);
    CHECK(bytes(ad.begin(), ad.begin() + 12) ==
          bytes{0, 0, 0, 8, 'P', 'S', 'G', '1', '-', 'm', 's', 'g'});
    CHECK(ad[12] == 0xa0);
    CHECK(ad[28] == 0xb0);
    CHECK(bytes(ad.begin() + 44, ad.begin() + 48) == bytes{1, 2, 3, 4});
    CHECK(ad[48] == 0x40);
    CHECK(bytes(ad.begin() + 64, ad.begin() + 69) == bytes{0x0a, 0x0b, 0x0c, 0x0d, 2});
}

TEST_CASE("seal: padded to 256, MK_ctr, deterministic with a fixed nonce")
{
    message_sender sender(room, ses, 7, alice, ck0, A.sig_sk);
    psg1_message m;
    auto const n = counting<nonce24>(0xc0);
    REQUIRE(sender.seal(1, text("hei"), n, m) == psg1_error::ok);
    CHECK(m.ct.size() == 16 + 256);
    CHECK(m.ctr == 0);
    CHECK(sender.next_ctr() == 1);
    auto const ad = message_ad(room, ses, 7, alice, 0, 1);
    CHECK(m.ct == aead_xchacha20poly1305_ietf_encrypt(sodium_pad(text("hei"), 256), ad, n,
                                                      kdf_ratchet_message_key(ck0)));
    CHECK(sign_verify_detached(m.sig, message_signed_bytes(ad, n, m.ct), A.sig_pk));

    bytes big(16383, 'x');
    CHECK(sender.seal(1, big, m) == psg1_error::ok);
    CHECK(m.ct.size() == 16 + 256 * 64);
    big.push_back('x');
    CHECK(sender.seal(1, big, m) == psg1_error::out_of_range);
}

TEST_CASE("open: in order, out of order, skipped keys")
{
    auto const ms = seal_many(5);
    auto r = receiver();
    bytes pt;
    REQUIRE(r.open(ms[0], pt) == psg1_error::ok);
    CHECK(as_string(pt) == R"({"text":"m0"})");
    REQUIRE(r.open(ms[3], pt) == psg1_error::ok);
    CHECK(as_string(pt) == R"({"text":"m3"})");
    CHECK(r.next_ctr() == 4);
    CHECK(r.skipped_count() == 2);
    REQUIRE(r.open(ms[1], pt) == psg1_error::ok);
    CHECK(as_string(pt) == R"({"text":"m1"})");
    CHECK(r.skipped_count() == 1);
    CHECK(r.open(ms[1], pt) == psg1_error::replay);
    CHECK(r.open(ms[3], pt) == psg1_error::replay);
    CHECK(pt.empty());
    REQUIRE(r.open(ms[4], pt) == psg1_error::ok);
    REQUIRE(r.open(ms[2], pt) == psg1_error::ok);
    CHECK(r.skipped_count() == 0);
}

TEST_CASE("open: a jump of 1000 is accepted, 1001 is jump_too_far")
{
    auto const ms = seal_many(1003);
    bytes pt;
    {
        auto r = receiver();
        CHECK(r.open(ms[1001], pt) == psg1_error::jump_too_far);
        CHECK(r.next_ctr() == 0);
        REQUIRE(r.open(ms[1000], pt) == psg1_error::ok);
        CHECK(r.skipped_count() == 1000);
        CHECK(r.open(ms[0], pt) == psg1_error::ok);
        CHECK(r.open(ms[999], pt) == psg1_error::ok);
        CHECK(r.open(ms[1001], pt) == psg1_error::ok);
    }
    {
        // At most 1000 skipped keys: the lowest ctr is dropped first and then reads as a replay.
        auto r = receiver();
        REQUIRE(r.open(ms[1], pt) == psg1_error::ok);    // skips 0
        REQUIRE(r.open(ms[1002], pt) == psg1_error::ok); // skips 2..1001: 1001 keys with 0
        CHECK(r.skipped_count() == 1000);
        CHECK(r.open(ms[0], pt) == psg1_error::replay);
        CHECK(r.open(ms[2], pt) == psg1_error::ok);
    }
}

TEST_CASE("open: negative cases fail for the stated reason and change nothing")
{
    auto ms = seal_many(2);
    auto r = receiver();
    bytes pt;
    auto m = ms[0];

    SUBCASE("a flipped ad byte (kind)")
    {
        m.kind = 2;
        CHECK(r.open(m, pt) == psg1_error::sig_invalid);
        resign(m);
        CHECK(r.open(m, pt) == psg1_error::aead_failed);
    }
    SUBCASE("a flipped ct byte, re-signed")
    {
        m.ct[20] ^= 1;
        CHECK(r.open(m, pt) == psg1_error::sig_invalid);
        resign(m);
        CHECK(r.open(m, pt) == psg1_error::aead_failed);
    }
    SUBCASE("a flipped signature")
    {
        m.sig[0] ^= 1;
        CHECK(r.open(m, pt) == psg1_error::sig_invalid);
    }
    SUBCASE("wrong epoch or meeting")
    {
        m.ep = 8;
        CHECK(r.open(m, pt) == psg1_error::wrong_epoch);
        m = ms[0];
        m.session_id[0] ^= 1;
        CHECK(r.open(m, pt) == psg1_error::wrong_epoch);
    }
    SUBCASE("another sender")
    {
        m.from[0] ^= 1;
        CHECK(r.open(m, pt) == psg1_error::not_a_participant);
    }
    SUBCASE("ctr = 2^20")
    {
        m.ctr = 1u << 20;
        CHECK(r.open(m, pt) == psg1_error::out_of_range);
    }
    SUBCASE("ct length not 16 + 256k")
    {
        m.ct.pop_back();
        CHECK(r.open(m, pt) == psg1_error::bad_encoding);
        m.ct.resize(16);
        CHECK(r.open(m, pt) == psg1_error::bad_encoding);
    }
    SUBCASE("bad padding and non-canonical plaintexts, validly sealed")
    {
        message_sender sender(room, ses, 7, alice, ck0, A.sig_sk);
        auto check_rejects = [&](std::uint8_t kind, std::string_view body, psg1_error code)
        {
            psg1_message bad;
            REQUIRE(sender.seal(kind, bytes(body.begin(), body.end()), bad) == psg1_error::ok);
            CHECK(r.open(bad, pt) == code);
        };
        check_rejects(1, R"({"text":"a" })", psg1_error::bad_plaintext);
        check_rejects(1, R"({"text":"a","text":"b"})", psg1_error::bad_plaintext);
        check_rejects(1, R"({"text":""})", psg1_error::bad_plaintext);
        check_rejects(1, R"({"text":"\u0041"})", psg1_error::bad_plaintext);
        check_rejects(1, R"({"text":"\ud800"})", psg1_error::bad_plaintext);
        check_rejects(2, R"({"r":"like"})", psg1_error::bad_plaintext);
        check_rejects(1, R"({"typing":true})", psg1_error::bad_plaintext);
        // A canonical control-character escape is fine.
        psg1_message ok;
        std::string_view const tab = R"({"text":"a\tb\u001f"})";
        REQUIRE(sender.seal(1, bytes(tab.begin(), tab.end()), ok) == psg1_error::ok);
        CHECK(r.next_ctr() == 0);
        CHECK(r.open(ok, pt) == psg1_error::ok);
        CHECK(r.next_ctr() == 8);
        return;
    }
    CHECK(r.next_ctr() == 0);
    CHECK(r.skipped_count() == 0);
}

TEST_CASE("open: bad padding")
{
    // Encrypt unpadded bytes under MK_0 by hand: the AEAD holds, UNPAD does not.
    auto r = receiver();
    psg1_message m;
    m.session_id = ses;
    m.ep = 7;
    m.from = alice;
    m.kind = 1;
    m.n = counting<nonce24>(1);
    auto const ad = message_ad(room, ses, 7, alice, 0, 1);
    m.ct =
        aead_xchacha20poly1305_ietf_encrypt(bytes(256, 'x'), ad, m.n, kdf_ratchet_message_key(ck0));
    resign(m);
    bytes pt;
    CHECK(r.open(m, pt) == psg1_error::bad_padding);
    CHECK(r.next_ctr() == 0);
}
