// The pledge, possession and decline layouts of PSG1.md §4.4 and §4.5, with real libsodium.
#include "sirkel/protocol/join_request_check.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <array>

using namespace sirkel::protocol;
using sirkel::test::counting;

namespace
{

struct keypair
{
    key32 pk{};
    std::array<byte, 64> sk{};
    keypair()
    {
        sodium_init_or_throw();
        crypto_sign_keypair(pk.data(), sk.data());
    }
};

bytes lp(std::string_view label)
{
    bytes out;
    append_lp(out, label);
    return out;
}

} // namespace

TEST_CASE("pledge_message: LP(label) || room || pledge_hash || u8(adult_confirmed)")
{
    auto const room = counting<id16>(1);
    auto const hash = counting<key32>(50);
    auto expected = lp("PSG1-pledge");
    append(expected, room);
    append(expected, hash);
    expected.push_back(1);
    CHECK(pledge_message(room, hash, 1) == expected);
    expected.back() = 0;
    CHECK(pledge_message(room, hash, 0) == expected);
}

TEST_CASE("a pledge signature holds for its joiner, group and hash only")
{
    keypair const joiner;
    keypair const other;
    auto const room = counting<id16>(1);
    auto const hash = counting<key32>(50);
    auto const sig = sign_detached(pledge_message(room, hash, 1), joiner.sk);
    CHECK(sign_verify_detached(sig, pledge_message(room, hash, 1), joiner.pk));
    CHECK_FALSE(sign_verify_detached(sig, pledge_message(room, hash, 0), joiner.pk));
    CHECK_FALSE(sign_verify_detached(sig, pledge_message(room, counting<key32>(51), 1), joiner.pk));
    CHECK_FALSE(sign_verify_detached(sig, pledge_message(counting<id16>(2), hash, 1), joiner.pk));
    CHECK_FALSE(sign_verify_detached(sig, pledge_message(room, hash, 1), other.pk));
}

TEST_CASE("possession_message and decline_message follow §4.4 and §4.5 byte for byte")
{
    auto const room = counting<id16>(1);
    auto const invite = counting<id16>(20);
    auto const member = counting<id16>(40);
    auto const sig_pk = counting<key32>(60);
    auto const dh_pk = counting<key32>(100);
    auto const challenge = counting<key32>(140);

    auto expected = lp("PSG1-request");
    append_lp(expected, std::string_view("https://sirkel.example"));
    append(expected, challenge);
    append(expected, room);
    append(expected, invite);
    append(expected, member);
    append(expected, sig_pk);
    append(expected, dh_pk);
    CHECK(possession_message("https://sirkel.example", challenge, room, invite, member, sig_pk,
                             dh_pk) == expected);

    auto decline = lp("PSG1-decline");
    append(decline, room);
    append(decline, invite);
    append(decline, member);
    append(decline, sig_pk);
    CHECK(decline_message(room, invite, member, sig_pk) == decline);
    CHECK(decline_message(room, invite, member, sig_pk) !=
          decline_message(room, counting<id16>(21), member, sig_pk));
}
