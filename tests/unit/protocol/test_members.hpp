// Members A..E (k = 0..4) of PSG1.md §9 for the protocol unit tests: sig_seed = 32 bytes of
// 0x10+k expanded by crypto_sign_seed_keypair, dh_seed = 32 bytes of 0x20+k by
// crypto_box_seed_keypair, and a member id counting up from 0x40 + 16k.
#pragma once

#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/roster.hpp"
#include "test_bytes.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace sirkel::test
{

struct member
{
    protocol::id16 id{};
    protocol::key32 sig_pk{};
    std::array<protocol::byte, 64> sig_sk{};
    protocol::key32 dh_pk{};
    protocol::key32 dh_sk{};

    explicit member(int k)
    {
        protocol::sodium_init_or_throw();
        id = counting<protocol::id16>(static_cast<protocol::byte>(0x40 + 16 * k));
        protocol::key32 seed{};
        seed.fill(static_cast<protocol::byte>(0x10 + k));
        crypto_sign_seed_keypair(sig_pk.data(), sig_sk.data(), seed.data());
        seed.fill(static_cast<protocol::byte>(0x20 + k));
        crypto_box_seed_keypair(dh_pk.data(), dh_sk.data(), seed.data());
    }

    [[nodiscard]] protocol::roster_entry entry(std::uint8_t role = 0) const
    {
        return {id, role, sig_pk, dh_pk};
    }

    [[nodiscard]] protocol::roster_approval approve(protocol::roster const& next) const
    {
        return protocol::sign_approval(next, id, sig_sk);
    }
};

} // namespace sirkel::test
