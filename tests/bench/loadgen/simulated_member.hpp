// One simulated member of a benchmark meeting: its keys, where it is in the session (PROTOCOL.md
// §4) and in the current key epoch (PSG1.md §5), its send counters and what it has received
// from each other member. load_run drives it; this holds the state only.
#pragma once

#include "test_client.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace sirkel::bench
{

struct simulated_member
{
    enum class stage : std::uint8_t
    {
        waiting,    ///< not connected yet
        connecting, ///< TCP, TLS and the upgrade
        hello_sent,
        auth_sent,
        authed,    ///< waits for its facilitator to open the meeting
        join_sent, ///< until joined
        joined,
        closed,
    };

    std::uint32_t meeting = 0; ///< g of the groups file
    std::uint32_t index = 0;   ///< within the meeting; 0 is the facilitator
    std::uint32_t first = 0;   ///< load_run's index of the meeting's member 0
    std::uint32_t meeting_size = 0;
    protocol::id16 group{};
    test::device_identity identity;
    std::string id_text; ///< base64url of identity.member

    stage state = stage::waiting;
    bool slow = false; ///< stopped reading (--slow-member)

    // The current key epoch (PSG1.md §5).
    std::string ses_text;
    std::uint32_t ep = 0;
    std::uint32_t parts = 0;
    std::uint32_t ekeys_seen = 0; ///< of the others, in ep
    std::uint32_t skds_seen = 0;  ///< of the others, in ep
    bool skd_sent = false;        ///< own skd of ep: it may send in ep
    std::string pending_skd;      ///< built at the epoch, sent once every other ekey came
    bool talking = false;         ///< every participant present, own and all others' skd done
    bool was_talking = false;     ///< talking at least once

    // Sending: ctr counts in ep, seq over the whole run (gaps and reorders are per seq).
    std::uint32_t ctr = 0;
    std::uint32_t seq = 0;
    std::deque<std::int64_t> backlog; ///< intended send times due while it had no skd

    /// Per sender index: the highest seq received from it plus one (0: none yet).
    std::vector<std::uint32_t> next_seq_from;
};

} // namespace sirkel::bench
