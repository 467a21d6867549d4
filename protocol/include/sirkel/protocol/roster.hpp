// One version of a group's roster (PSG1.md §3): the frame, the member entries, the to-be-signed
// bytes and their hash, and the checks that make a chain of versions a chain of group decisions.
// The server and every client run the same verify_step (§3.5), so neither can add anyone alone.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sirkel::protocol
{

/// The group frame, §3.1 (39 bytes on the wire).
struct roster_frame
{
    std::uint8_t size_cap = 12; // 2..12
    std::uint8_t admission = 0; // 0: all eligible approve; 1: a majority
    std::uint8_t opening = 0;   // 0: facilitators open meetings; 1: any member
    std::uint16_t fac_term = 0; // 0: no expiry; otherwise meetings
    std::uint16_t turn_s = 0;   // 0, or 30..3600
    key32 pledge_hash{};        // H(utf8(ground-rules text)), §3.7

    friend bool operator==(roster_frame const&, roster_frame const&) = default;
};

/// One member, §3.2 (81 bytes on the wire).
struct roster_entry
{
    id16 member_id{};
    std::uint8_t role = 0; // 0 member, 1 facilitator (floor rights only)
    key32 sig_pk{};        // IK_sig.pk
    key32 dh_pk{};         // IK_dh.pk

    friend bool operator==(roster_entry const&, roster_entry const&) = default;
};

/// An approval of a version, §3.3: {"m", "sig"} on the wire.
struct roster_approval
{
    id16 member_id{};
    signature64 sig{};
};

/// One version as the server sends it, §3.5: {"v", "tbs", "approvals"}.
struct roster_version
{
    std::uint64_t v = 0;
    bytes tbs;
    std::vector<roster_approval> approvals;
};

class roster
{
public:
    static constexpr std::size_t frame_bytes = 39;
    static constexpr std::size_t entry_bytes = 81;
    static constexpr std::size_t header_bytes = 114; // len(tbs) with n = 0
    static constexpr std::size_t max_members = 12;

    roster() = default;

    /// Build a version from its parts: entries are sorted by member_id, as §3.2 requires, so two
    /// proposers of the same change make the same bytes (§3.6). Does not check ranges; parse does.
    [[nodiscard]] static roster build(id16 const& room_id, std::uint64_t v, key32 const& prev_hash,
                                      roster_frame const& frame, std::vector<roster_entry> entries);

    /// Check 1 of §3.5: parse tbs for the group room_id. Returns ok and fills out, or
    /// roster_invalid (out untouched).
    [[nodiscard]] static psg1_error parse(id16 const& room_id, byte_view tbs, roster& out);

    [[nodiscard]] id16 const& room_id() const noexcept { return room_id_; }
    [[nodiscard]] std::uint64_t version() const noexcept { return version_; }
    [[nodiscard]] key32 const& prev_hash() const noexcept { return prev_hash_; }
    [[nodiscard]] roster_frame const& frame() const noexcept { return frame_; }
    [[nodiscard]] std::vector<roster_entry> const& entries() const noexcept { return entries_; }
    [[nodiscard]] bytes const& tbs() const noexcept { return tbs_; }
    /// roster_hash(v) = H(tbs(v)).
    [[nodiscard]] key32 const& hash() const noexcept { return hash_; }

    /// The entry of member_id, or nullptr.
    [[nodiscard]] roster_entry const* find(id16 const& member_id) const noexcept;

private:
    void serialise();

    id16 room_id_{};
    std::uint64_t version_ = 0;
    key32 prev_hash_{};
    roster_frame frame_{};
    std::vector<roster_entry> entries_;
    bytes tbs_;
    key32 hash_{};
};

/// LP("PSG1-approve") || room_id || u64be(v) || roster_hash(v): what an approval of v signs, §3.3.
[[nodiscard]] bytes approval_message(id16 const& room_id, std::uint64_t v,
                                     key32 const& roster_hash);

/// Approve version next as member_id with IK_sig.sk (64 bytes, libsodium layout).
[[nodiscard]] roster_approval sign_approval(roster const& next, id16 const& member_id,
                                            std::span<byte const, 64> sig_sk) noexcept;

/**
 * verify_step of §3.5: check tbs as the successor of prev (nullptr: tbs must be version 1).
 * Runs checks 1..7 in the spec's order and returns the first failure's code; check 7
 * (approvals_missing) only when final. On ok, out holds the parsed version.
 */
[[nodiscard]] psg1_error verify_step(id16 const& room_id, roster const* prev, byte_view tbs,
                                     std::span<roster_approval const> approvals, bool final,
                                     roster& out);

/**
 * Verify versions forward from anchor (a verified version, or nullptr: the chain must start at
 * version 1), each with verify_step(final = true). A V whose "v" differs from its tbs is
 * roster_invalid. On ok, newest holds the last version (the anchor if versions is empty; an
 * empty chain without anchor is no_roster).
 */
[[nodiscard]] psg1_error verify_chain(id16 const& room_id, roster const* anchor,
                                      std::span<roster_version const> versions, roster& newest);

/**
 * A joiner's check of §3.8: versions p..current, where H(tbs(p)) must equal pin. Version p is
 * the trust anchor and is parsed, not re-verified. A pin of ZERO32 means "no roster yet": the
 * chain must then start at version 1.
 */
[[nodiscard]] psg1_error verify_chain_from_pin(id16 const& room_id, key32 const& pin,
                                               std::span<roster_version const> versions,
                                               roster& newest);

} // namespace sirkel::protocol
