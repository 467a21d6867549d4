// Serialises the frames the server sends (PROTOCOL.md §4, PSG1.md §8). Each returns one line of
// JSON without the trailing line feed; the connection's write queue joins frames with '\n'.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

enum class member_role : std::uint8_t
{
    member = 0,
    facilitator = 1,
};

[[nodiscard]] std::string_view role_name(member_role role) noexcept;

/// Why a proposal closed (PSG1.md §3.6).
enum class proposal_outcome : std::uint8_t
{
    committed,
    stale,
    rejected,
    withdrawn,
    expired,
};

/// Why an invite closed (PSG1.md §8.3).
enum class invite_outcome : std::uint8_t
{
    revoked,
    used,
    expired,
};

/// A join request's state as its joiner is told (join_status) and, but for pending, as members
/// are told when it closes (request_closed).
enum class join_state : std::uint8_t
{
    pending,
    admitted,
    declined,
    expired,
    withdrawn,
};

[[nodiscard]] std::string_view outcome_name(proposal_outcome outcome) noexcept;
[[nodiscard]] std::string_view outcome_name(invite_outcome outcome) noexcept;
[[nodiscard]] std::string_view state_name(join_state state) noexcept;

/// A decline of a join request, {"m","sig"} on the wire like an approval (PSG1.md §4.5).
using member_signature = roster_approval;

/// An open join request as members see it (PSG1.md §8.3 request).
struct join_request_view
{
    join_request_frame const& request;
    std::int64_t at = 0;
    std::int64_t expires_at = 0;
    sealed_join_key const* jk = nullptr; ///< the recipient's own copy, if it has one
    std::span<member_signature const> declines;
};

[[nodiscard]] std::string make_challenge_frame(id16 const& group, key32 const& nonce,
                                               std::uint32_t expires_in_ms);
[[nodiscard]] std::string make_authed_frame(id16 const& member, member_role role);
/// authed with role "pending": a joiner whose request is open (PSG1.md §8.1).
[[nodiscard]] std::string make_authed_pending_frame(id16 const& member);
[[nodiscard]] std::string make_joined_frame(id16 const& session, std::span<id16 const> present);
[[nodiscard]] std::string make_presence_frame(id16 const& member, bool present);
/// ref is the refused frame's "t", or empty. speaker, when given, is who holds the floor
/// (PROTOCOL.md §8.4: not_your_turn, turn_over, floor_not_granted, speaker_changed).
[[nodiscard]] std::string make_error_frame(error code, std::string_view ref,
                                           id16 const* speaker = nullptr);
/// meeting_state (PROTOCOL.md §8.2): whether a meeting is open, who said they cannot come, and
/// the role-1 members whose facilitator term has ended (PSG1.md §3.1 fac_term), sorted.
[[nodiscard]] std::string make_meeting_state_frame(bool open, std::span<id16 const> away,
                                                   std::span<id16 const> away_next,
                                                   std::span<id16 const> term_over);

/** roster: versions V in ascending order, at most 16 (PSG1.md §8.2). The version numbered
    doc_version, if it is among them, carries doc (the V that last changed pledge_hash, while the
    server keeps its D).
*/
[[nodiscard]] std::string make_roster_frame(std::span<roster_version const> versions, bool more,
                                            std::uint64_t doc_version = 0,
                                            sealed_doc const* doc = nullptr);
[[nodiscard]] std::string
make_proposal_frame(key32 const& roster_hash, id16 const& by, byte_view tbs,
                    std::span<roster_approval const> approvals, std::span<id16 const> objections,
                    std::int64_t expires_at, sealed_doc const* doc = nullptr);
[[nodiscard]] std::string make_proposal_closed_frame(key32 const& roster_hash,
                                                     proposal_outcome reason);
[[nodiscard]] std::string make_invite_frame(id16 const& invite, id16 const& by,
                                            std::int64_t expires_at, int uses_left);
[[nodiscard]] std::string make_invite_closed_frame(id16 const& invite, invite_outcome reason);
[[nodiscard]] std::string make_invite_info_frame(id16 const& invite, sealed_box const& info,
                                                 std::int64_t expires_at);
/// expires_at goes with pending, declines with declined; other states carry neither.
[[nodiscard]] std::string make_join_status_frame(join_state state, std::int64_t expires_at = 0,
                                                 std::span<member_signature const> declines = {});
[[nodiscard]] std::string make_request_frame(join_request_view const& request);
/// state is the request's outcome: admitted, declined, expired or withdrawn.
[[nodiscard]] std::string make_request_closed_frame(id16 const& member, join_state state);
/// epoch (PSG1.md §5.1): parts sorted, unique.
[[nodiscard]] std::string make_epoch_frame(id16 const& session, std::uint32_t epoch,
                                           std::uint64_t roster_version, key32 const& roster_hash,
                                           std::span<id16 const> parts);

} // namespace sirkel::protocol
