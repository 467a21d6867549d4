#include "sirkel/protocol/invite_info.hpp"

#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"

#include <doctest/doctest.h>

using namespace sirkel::protocol;
using sirkel::test::counting;

namespace
{

id16 const room = counting<id16>(0xa0);
id16 const invite = counting<id16>(0xc0);
key32 const secret = counting<key32>(0xd0);
nonce24 const n0 = counting<nonce24>(0x01);

invite_info const info{"Tirsdagsgruppa", "Kari", "Vi lover å holde det som sies her for oss selv."};

key32 ik()
{
    sodium_init_or_throw();
    return kdf_invite_info_key(secret);
}

bytes sealed(invite_info const& i = info)
{
    bytes c;
    REQUIRE(seal_invite_info(i, room, invite, n0, ik(), c) == psg1_error::ok);
    return c;
}

// An info plaintext built by hand, for layouts the sealing side refuses to make.
bytes sealed_raw(bytes const& body)
{
    return aead_xchacha20poly1305_ietf_encrypt(sodium_pad(body, 256), invite_info_ad(room, invite),
                                               n0, ik());
}

bytes body_of(std::string_view group, std::string_view creator, std::string_view text)
{
    bytes b;
    append_lp(b, group);
    auto const creator64 = sodium_pad(as_byte_view(creator), 64);
    append(b, creator64);
    append_lp(b, text);
    return b;
}

} // namespace

TEST_CASE("invite_info: ik is KDF(3, \"PSGinvit\", secret), distinct from tok and jk")
{
    auto const k = ik();
    CHECK(k != kdf_invite_token(secret));
    CHECK(k != kdf_invite_join_key(secret));
    CHECK(k == kdf_invite_info_key(secret));
}

TEST_CASE("invite_info: the layout of §4.2 and its round trip")
{
    auto const c = sealed();
    // LP(group) + NAME64 + LP(text), padded to a multiple of 256, plus the AEAD tag.
    CHECK(c.size() == 256 + 16);
    CHECK(c == sealed()); // fixed nonce and key: deterministic

    bytes pt;
    REQUIRE(aead_xchacha20poly1305_ietf_decrypt(pt, c, invite_info_ad(room, invite), n0, ik()));
    REQUIRE(sodium_unpad(pt, 256));
    CHECK(pt == body_of(info.group_name, info.creator_name, info.text));

    auto const ad = invite_info_ad(room, invite);
    CHECK(ad.size() == 4 + 12 + 16 + 16);
    CHECK(bytes(ad.begin(), ad.begin() + 16) ==
          bytes{0, 0, 0, 12, 'P', 'S', 'G', '1', '-', 'i', 'n', 'v', 'i', 'n', 'f', 'o'});

    invite_info opened;
    REQUIRE(open_invite_info(c, room, invite, n0, ik(), opened) == psg1_error::ok);
    CHECK(opened == info);
}

TEST_CASE("invite_info: a wrong key, room, invite, nonce or byte is aead_failed")
{
    auto const c = sealed();
    invite_info opened;
    CHECK(open_invite_info(c, room, invite, n0, kdf_invite_join_key(secret), opened) ==
          psg1_error::aead_failed);
    CHECK(open_invite_info(c, counting<id16>(0xa1), invite, n0, ik(), opened) ==
          psg1_error::aead_failed);
    CHECK(open_invite_info(c, room, counting<id16>(0xc1), n0, ik(), opened) ==
          psg1_error::aead_failed);
    CHECK(open_invite_info(c, room, invite, counting<nonce24>(0x02), ik(), opened) ==
          psg1_error::aead_failed);
    auto flipped = c;
    flipped[10] ^= 1;
    CHECK(open_invite_info(flipped, room, invite, n0, ik(), opened) == psg1_error::aead_failed);
    CHECK(opened == invite_info{});
}

TEST_CASE("invite_info: the sender refuses bad names and texts")
{
    bytes c;
    CHECK(seal_invite_info({"", "Kari", "t"}, room, invite, n0, ik(), c) == psg1_error::bad_name);
    CHECK(seal_invite_info({std::string(65, 'g'), "Kari", "t"}, room, invite, n0, ik(), c) ==
          psg1_error::bad_name);
    CHECK(seal_invite_info({std::string(64, 'g'), "Kari", "t"}, room, invite, n0, ik(), c) ==
          psg1_error::ok);
    c.clear();
    CHECK(seal_invite_info({"G", "Ka\tri", "t"}, room, invite, n0, ik(), c) ==
          psg1_error::bad_name);
    CHECK(seal_invite_info({"G", "Kari", ""}, room, invite, n0, ik(), c) ==
          psg1_error::doc_invalid);
    CHECK(seal_invite_info({"G", "Kari", std::string(8193, 't')}, room, invite, n0, ik(), c) ==
          psg1_error::doc_invalid);
    CHECK(c.empty());
}

TEST_CASE("invite_info: the receiver checks padding, layout, names and text")
{
    invite_info opened;
    CHECK(open_invite_info(sealed_raw(body_of("G", "Kari", std::string(8192, 't'))), room, invite,
                           n0, ik(), opened) == psg1_error::ok);

    // Not padded: the last byte is not part of a 7816-4 pad.
    auto const raw = body_of("G", "Kari", "t");
    auto const unpadded =
        aead_xchacha20poly1305_ietf_encrypt(raw, invite_info_ad(room, invite), n0, ik());
    CHECK(open_invite_info(unpadded, room, invite, n0, ik(), opened) == psg1_error::bad_padding);

    auto trailing = raw;
    trailing.push_back('x');
    CHECK(open_invite_info(sealed_raw(trailing), room, invite, n0, ik(), opened) ==
          psg1_error::bad_encoding);
    auto truncated = raw;
    truncated.pop_back();
    CHECK(open_invite_info(sealed_raw(truncated), room, invite, n0, ik(), opened) ==
          psg1_error::bad_encoding);
    CHECK(open_invite_info(sealed_raw(bytes(raw.begin(), raw.begin() + 30)), room, invite, n0, ik(),
                           opened) == psg1_error::bad_encoding);

    CHECK(open_invite_info(sealed_raw(body_of("", "Kari", "t")), room, invite, n0, ik(), opened) ==
          psg1_error::bad_name);
    CHECK(open_invite_info(sealed_raw(body_of("G", "", "t")), room, invite, n0, ik(), opened) ==
          psg1_error::bad_name);
    CHECK(open_invite_info(sealed_raw(body_of("G", "Ka\x1bri", "t")), room, invite, n0, ik(),
                           opened) == psg1_error::bad_name);
    CHECK(open_invite_info(sealed_raw(body_of("G", "Kari", "")), room, invite, n0, ik(), opened) ==
          psg1_error::doc_invalid);
    CHECK(open_invite_info(sealed_raw(body_of("G", "Kari", "\xff")), room, invite, n0, ik(),
                           opened) == psg1_error::doc_invalid);
    CHECK(open_invite_info(sealed_raw(body_of("G", "Kari", std::string(8193, 't'))), room, invite,
                           n0, ik(), opened) == psg1_error::doc_invalid);
}

// Found by fuzz_psg1_parsers: an empty plaintext reached libsodium's sodium_unpad as a null pointer
// (UBSan), and a plaintext of one block and a bit, padded within its last 256 bytes, was opened
// although PAD never makes it and the TypeScript client refuses it.
TEST_CASE("invite_info: a plaintext of no bytes or of part of a block is bad_padding")
{
    auto const aead = [](bytes const& pt)
    { return aead_xchacha20poly1305_ietf_encrypt(pt, invite_info_ad(room, invite), n0, ik()); };
    invite_info opened;
    CHECK(open_invite_info(aead(bytes{}), room, invite, n0, ik(), opened) ==
          psg1_error::bad_padding);

    auto whole_blocks = sodium_pad(body_of("G", "Kari", std::string(200, 't')), 256);
    REQUIRE(whole_blocks.size() == 512);
    CHECK(open_invite_info(aead(whole_blocks), room, invite, n0, ik(), opened) == psg1_error::ok);
    // The same body with 40 bytes of padding fewer: the pad still sits in the last 256 bytes.
    whole_blocks.resize(whole_blocks.size() - 40);
    CHECK(open_invite_info(aead(whole_blocks), room, invite, n0, ik(), opened) ==
          psg1_error::bad_padding);
}
