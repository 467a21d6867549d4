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

TEST_CASE("pledge_message: LP(label) || room || pledge_hash || u8(1)")
{
    auto const room = counting<id16>(1);
    auto const hash = counting<key32>(50);
    auto const m = pledge_message(room, hash);
    auto expected = lp("PSG1-pledge");
    append(expected, room);
    append(expected, hash);
    expected.push_back(1);
    CHECK(m == expected);
}

TEST_CASE("pledge_valid: the joiner's signature over the group's pledge hash, nothing else")
{
    keypair const joiner;
    keypair const other;
    auto const room = counting<id16>(1);
    auto const hash = counting<key32>(50);
    auto const sig = sign_detached(pledge_message(room, hash), joiner.sk);
    CHECK(pledge_valid(room, hash, joiner.pk, sig));
    CHECK_FALSE(pledge_valid(room, counting<key32>(51), joiner.pk, sig));
    CHECK_FALSE(pledge_valid(counting<id16>(2), hash, joiner.pk, sig));
    CHECK_FALSE(pledge_valid(room, hash, other.pk, sig));
}

TEST_CASE("join_possession_message and decline_message follow §4.4 and §4.5 byte for byte")
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
    CHECK(join_possession_message("https://sirkel.example", challenge, room, invite, member, sig_pk,
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
