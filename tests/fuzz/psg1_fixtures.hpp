// The fixed parties of the frozen PSG1 vectors (protocol/vectors/psg1-v1.json) that the fuzz
// targets need to get past signatures and AEADs: the room, members A..E with their secret keys,
// the invite, and the verified roster chain v1..v12 of the case "chain-v1-v12". Read once, from
// the source tree, as protocol_tests reads it.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/roster.hpp"

#include <array>
#include <string>
#include <vector>

namespace sirkel::fuzz
{

class psg1_fixtures
{
public:
    struct member
    {
        protocol::id16 id{};
        protocol::key32 sig_pk{};
        std::array<protocol::byte, 64> sig_sk{};
        protocol::key32 dh_pk{};
        protocol::key32 dh_sk{};
        std::string name;
        protocol::key32 ek_pk{};
        protocol::key32 ek_sk{};
        protocol::key32 ck0{};
        protocol::key32 sk_msg_pk{};
        std::array<protocol::byte, 64> sk_msg_sk{};
    };

    /// The fixtures, loaded on first use; aborts with a message if the vectors cannot be read.
    [[nodiscard]] static psg1_fixtures const& get();

    protocol::id16 room_id{};
    protocol::id16 session_id{};
    protocol::id16 invite_id{};
    protocol::key32 invite_secret{};
    protocol::nonce24 nonce{};     ///< fixtures.nonces.n0
    protocol::key32 pledge_hash{}; ///< H(fixtures.texts.pledge_en), the chain's pledge_hash
    std::vector<member> members;   ///< A, B, C, D, E
    /// chain[k] is version k + 1, each verified against the one before.
    std::vector<protocol::roster> chain;
    /// The approvals that made chain[k] valid.
    std::vector<std::vector<protocol::roster_approval>> chain_approvals;

private:
    psg1_fixtures() = default;
};

} // namespace sirkel::fuzz
