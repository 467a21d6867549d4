// The epoch key announcement of a meeting (PSG1.md §5.1, §5.2): the hash of an epoch's
// participant list and the ekey signature over it. Each receiver, and the server, computes
// parts_hash from its own view of the epoch, so a server that shows different participants to
// different people breaks every ekey signature.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstdint>
#include <span>

namespace sirkel::protocol
{

/// The fields of an "ekey" frame that its signature covers, with the signature (the room is the
/// connection's group; parts_hash is not sent).
struct psg1_ekey
{
    id16 session_id{};
    std::uint32_t ep = 0;
    id16 from{};
    std::uint64_t rv = 0;
    key32 rh{}; // roster_hash(rv)
    key32 ek{}; // EK_from.pk
    signature64 sig{};
};

/**
 * parts_hash = H(LP("PSG1-parts") || u32be(count) || member_id_1 || … || member_id_count), §5.1.
 * parts must already be as the epoch frame carries them: sorted, unique, 1..12 ids. The hash
 * covers the ids in the order given, so the caller's order is the one that counts.
 */
[[nodiscard]] key32 parts_hash(std::span<id16 const> parts);

/**
 * A client's check of an epoch frame's parts (§5.1, check 4): 1..12 ids, strictly ascending
 * (bad_encoding), each a member of roster, the epoch's verified version, and self among them
 * (not_a_participant). The TypeScript client's checkEpoch gives the same codes.
 */
[[nodiscard]] psg1_error check_epoch_parts(std::span<id16 const> parts, roster const& roster,
                                           id16 const& self);

/// LP("PSG1-ekey") || room_id || session_id || u32be(ep) || member_id || u64be(rv) || rh
/// || parts_hash || EK.pk: what IK_sig signs in an ekey (§5.2). ekey.sig is not read.
[[nodiscard]] bytes ekey_signed_bytes(id16 const& room_id, psg1_ekey const& ekey,
                                      key32 const& parts_hash);

/// The signature of ekey (all but its sig) by IK_sig.sk (64 bytes, libsodium layout).
[[nodiscard]] signature64 sign_ekey(id16 const& room_id, psg1_ekey const& ekey,
                                    key32 const& parts_hash, std::span<byte const, 64> sig_sk);

/// True only if ekey.sig is sig_pk's signature over this room, these fields and parts_hash.
[[nodiscard]] bool verify_ekey(id16 const& room_id, psg1_ekey const& ekey, key32 const& parts_hash,
                               key32 const& sig_pk);

} // namespace sirkel::protocol
