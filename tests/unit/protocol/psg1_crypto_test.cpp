#include "sirkel/protocol/psg1_crypto.hpp"

#include "test_bytes.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <string>

using namespace sirkel::protocol;
using sirkel::test::counting;

namespace
{

bytes concat(std::initializer_list<byte_view> parts)
{
    bytes out;
    for (auto part : parts)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

bytes ascii(std::string_view s)
{
    return bytes(s.begin(), s.end());
}

struct ed25519_keypair
{
    key32 pk{};
    std::array<byte, 64> sk{};

    ed25519_keypair()
    {
        sodium_init_or_throw();
        crypto_sign_keypair(pk.data(), sk.data());
    }
};

} // namespace

TEST_CASE("sodium_init_or_throw may be called more than once")
{
    CHECK_NOTHROW(sodium_init_or_throw());
    CHECK_NOTHROW(sodium_init_or_throw());
}

TEST_CASE("append_lp writes a big-endian u32 length, then the bytes")
{
    bytes out{0xee};
    append_lp(out, std::string_view("PSG1-auth"));
    CHECK(out == bytes{0xee, 0, 0, 0, 9, 'P', 'S', 'G', '1', '-', 'a', 'u', 't', 'h'});

    bytes empty;
    append_lp(empty, std::string_view());
    CHECK(empty == bytes{0, 0, 0, 0});

    // A length above 255 shows the byte order.
    bytes long_input(0x0102, 0xab);
    bytes lp;
    append_lp(lp, byte_view(long_input));
    REQUIRE(lp.size() == 4 + 0x0102);
    CHECK(lp[0] == 0);
    CHECK(lp[1] == 0);
    CHECK(lp[2] == 0x01);
    CHECK(lp[3] == 0x02);
    CHECK(std::all_of(lp.begin() + 4, lp.end(), [](byte b) { return b == 0xab; }));
}

TEST_CASE("auth_message layout")
{
    auto const nonce = counting<key32>(0x10);
    auto const group = counting<id16>(0x40);
    auto const member = counting<id16>(0x60);
    auto const m = auth_message("https://a.example:8443", nonce, group, member);

    bytes expected = {0, 0, 0, 9};
    auto const label = ascii("PSG1-auth");
    expected.insert(expected.end(), label.begin(), label.end());
    expected.insert(expected.end(), {0, 0, 0, 22});
    auto const origin = ascii("https://a.example:8443");
    expected.insert(expected.end(), origin.begin(), origin.end());
    expected = concat({expected, nonce, group, member});

    CHECK(m.size() == 4 + 9 + 4 + 22 + 32 + 16 + 16);
    CHECK(m == expected);
}

TEST_CASE("redeem_message layout")
{
    auto const nonce = counting<key32>(0x10);
    auto const group = counting<id16>(0x40);
    auto const invite = counting<id16>(0x50);
    auto const member = counting<id16>(0x60);
    auto const sig_pk = counting<key32>(0x80);
    auto const dh_pk = counting<key32>(0xa0);
    auto const m = redeem_message("https://h", nonce, group, invite, member, sig_pk, dh_pk);

    bytes expected = {0, 0, 0, 11};
    auto const label = ascii("PSG1-redeem");
    expected.insert(expected.end(), label.begin(), label.end());
    expected.insert(expected.end(), {0, 0, 0, 9});
    auto const origin = ascii("https://h");
    expected.insert(expected.end(), origin.begin(), origin.end());
    expected = concat({expected, nonce, group, invite, member, sig_pk, dh_pk});

    CHECK(m.size() == 4 + 11 + 4 + 9 + 32 + 16 + 16 + 16 + 32 + 32);
    CHECK(m == expected);
}

TEST_CASE("the origin, nonce, group and member all change the auth message")
{
    auto const nonce = counting<key32>(1);
    auto const group = counting<id16>(2);
    auto const member = counting<id16>(3);
    auto const base = auth_message("https://h", nonce, group, member);
    CHECK(auth_message("https://g", nonce, group, member) != base);
    CHECK(auth_message("https://h", counting<key32>(9), group, member) != base);
    CHECK(auth_message("https://h", nonce, counting<id16>(9), member) != base);
    CHECK(auth_message("https://h", nonce, group, counting<id16>(9)) != base);
}

TEST_CASE("sign_verify_detached: a signature verifies, a flipped bit does not")
{
    ed25519_keypair const keys;
    auto const message =
        auth_message("https://h", counting<key32>(1), counting<id16>(2), counting<id16>(3));
    signature64 sig{};
    REQUIRE(crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                                 keys.sk.data()) == 0);

    CHECK(sign_verify_detached(sig, message, keys.pk));

    SUBCASE("every bit of the message counts")
    {
        for (std::size_t i = 0; i < message.size(); i += 7)
        {
            auto flipped = message;
            flipped[i] ^= 0x01;
            CHECK_FALSE(sign_verify_detached(sig, flipped, keys.pk));
        }
    }
    SUBCASE("a flipped bit in the signature")
    {
        for (std::size_t i = 0; i < sig.size(); ++i)
        {
            auto flipped = sig;
            flipped[i] ^= 0x80;
            CHECK_FALSE(sign_verify_detached(flipped, message, keys.pk));
        }
    }
    SUBCASE("another key")
    {
        ed25519_keypair const other;
        CHECK_FALSE(sign_verify_detached(sig, message, other.pk));
    }
    SUBCASE("a truncated message")
    {
        CHECK_FALSE(
            sign_verify_detached(sig, byte_view(message).first(message.size() - 1), keys.pk));
    }
}

TEST_CASE("sign_detached gives libsodium's deterministic Ed25519 signature")
{
    ed25519_keypair const keys;
    auto const message = ascii("PSG1 test message");
    signature64 expected{};
    crypto_sign_detached(expected.data(), nullptr, message.data(), message.size(), keys.sk.data());

    auto const sig = sign_detached(message, keys.sk);
    CHECK(sig == expected);
    CHECK(sign_verify_detached(sig, message, keys.pk));
}

TEST_CASE("generichash32 is unkeyed BLAKE2b-256")
{
    sodium_init_or_throw();
    auto const data = ascii("token");
    key32 expected{};
    crypto_generichash(expected.data(), expected.size(), data.data(), data.size(), nullptr, 0);
    CHECK(generichash32(data) == expected);
    CHECK(generichash32(ascii("tokem")) != expected);

    // The empty input's hash is a published constant (BLAKE2b-256 of "").
    auto const empty = generichash32(byte_view());
    CHECK(empty[0] == 0x0e);
    CHECK(empty[1] == 0x57);
    CHECK(empty[31] == 0xa8);
}

TEST_CASE("invite KDF: subkeys 1, 2 and 3 of context PSGinvit")
{
    sodium_init_or_throw();
    auto const secret = counting<key32>(0x20);

    key32 raw_token{};
    key32 raw_join_key{};
    REQUIRE(crypto_kdf_derive_from_key(raw_token.data(), raw_token.size(), 1, "PSGinvit",
                                       secret.data()) == 0);
    REQUIRE(crypto_kdf_derive_from_key(raw_join_key.data(), raw_join_key.size(), 2, "PSGinvit",
                                       secret.data()) == 0);

    auto const token = kdf_invite_token(secret);
    auto const join_key = kdf_invite_join_key(secret);
    CHECK(token == raw_token);
    CHECK(join_key == raw_join_key);
    CHECK(token != join_key);

    // Deterministic, and dependent on every input.
    CHECK(kdf_invite_token(secret) == token);
    CHECK(kdf_invite_join_key(secret) == join_key);
    auto other_secret = secret;
    other_secret[31] ^= 1;
    CHECK(kdf_invite_token(other_secret) != token);

    key32 other_context{};
    REQUIRE(crypto_kdf_derive_from_key(other_context.data(), other_context.size(), 1, "PSGratch",
                                       secret.data()) == 0);
    CHECK(token != other_context);

    key32 raw_info_key{};
    REQUIRE(crypto_kdf_derive_from_key(raw_info_key.data(), raw_info_key.size(), 3, "PSGinvit",
                                       secret.data()) == 0);
    CHECK(kdf_invite_info_key(secret) == raw_info_key);
}

namespace
{

struct x25519_keypair
{
    key32 pk{};
    key32 sk{};

    explicit x25519_keypair(byte seed_byte)
    {
        sodium_init_or_throw();
        key32 seed{};
        seed.fill(seed_byte);
        crypto_box_seed_keypair(pk.data(), sk.data(), seed.data());
    }
};

} // namespace

TEST_CASE("box_easy: crypto_box_easy, len(m) + 16, opened only by the right pair and nonce")
{
    x25519_keypair const alice{0x21}, bob{0x22}, carol{0x23};
    auto const n = counting<nonce24>(0x01);
    auto const m = ascii("sender key");
    auto const c = box_easy(m, n, bob.pk, alice.sk);
    CHECK(c.size() == m.size() + 16);

    bytes raw(m.size() + crypto_box_MACBYTES);
    REQUIRE(crypto_box_easy(raw.data(), m.data(), m.size(), n.data(), bob.pk.data(),
                            alice.sk.data()) == 0);
    CHECK(c == raw);

    bytes opened;
    REQUIRE(box_open_easy(opened, c, n, alice.pk, bob.sk));
    CHECK(opened == m);
    CHECK_FALSE(box_open_easy(opened, c, n, carol.pk, bob.sk));
    CHECK(opened.empty());
    CHECK_FALSE(box_open_easy(opened, c, counting<nonce24>(0x02), alice.pk, bob.sk));
    auto flipped = c;
    flipped[0] ^= 1;
    CHECK_FALSE(box_open_easy(opened, flipped, n, alice.pk, bob.sk));
    CHECK_FALSE(box_open_easy(opened, byte_view(c).first(15), n, alice.pk, bob.sk));
}

TEST_CASE("box_seal: crypto_box_seal, len(m) + 48, randomised, opened by the recipient only")
{
    x25519_keypair const bob{0x22}, carol{0x23};
    auto const m = ascii("text key");
    auto const c = box_seal(m, bob.pk);
    CHECK(c.size() == m.size() + 48);
    CHECK(box_seal(m, bob.pk) != c);

    bytes opened;
    REQUIRE(box_seal_open(opened, c, bob.pk, bob.sk));
    CHECK(opened == m);
    CHECK_FALSE(box_seal_open(opened, c, carol.pk, carol.sk));
    CHECK(opened.empty());
    auto flipped = c;
    flipped[40] ^= 1;
    CHECK_FALSE(box_seal_open(opened, flipped, bob.pk, bob.sk));
    CHECK_FALSE(box_seal_open(opened, byte_view(c).first(47), bob.pk, bob.sk));
}

// Found by fuzz_psg1_parsers (UBSan: a null pointer into libsodium for an empty x).
TEST_CASE("sodium_unpad: only whole blocks, as PAD makes them and the TypeScript client reads them")
{
    auto const padded = sodium_pad(ascii("name"), 64);
    REQUIRE(padded.size() == 64);
    auto x = padded;
    CHECK(sodium_unpad(x, 64));
    CHECK(x == ascii("name"));

    bytes empty;
    CHECK_FALSE(sodium_unpad(empty, 64));
    CHECK(empty.empty());

    // 70 bytes, 0x80, 29 zeros: libsodium reads only the last 64 bytes and would take it.
    auto part = ascii(std::string(70, 'a'));
    part.push_back(0x80);
    part.resize(100);
    CHECK_FALSE(sodium_unpad(part, 64));
    CHECK(part.size() == 100);
    part.resize(128);
    CHECK(sodium_unpad(part, 64));
    CHECK(part == ascii(std::string(70, 'a')));
}

TEST_CASE("equal_constant_time")
{
    auto const a = counting<key32>(1);
    auto b = a;
    CHECK(equal_constant_time(a, b));
    b[0] ^= 1;
    CHECK_FALSE(equal_constant_time(a, b));
    b = a;
    b[31] ^= 0x80;
    CHECK_FALSE(equal_constant_time(a, b));
}

TEST_CASE("randombytes_buf fills the whole buffer")
{
    sodium_init_or_throw();
    // Two 32-byte draws collide, or stay all zero, with probability 2^-256.
    auto const a = random_array<key32>();
    auto const b = random_array<key32>();
    CHECK(a != b);
    CHECK(a != key32{});

    std::array<byte, 1000> big{};
    randombytes_buf(big);
    // A run of 100 zero bytes at the end would mean the tail was never written.
    CHECK(std::any_of(big.end() - 100, big.end(), [](byte x) { return x != 0; }));
}
