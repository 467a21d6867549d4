// Every way a PSG1 check can fail, named after the codes of PSG1.md §3.5, §6.3, §8.5 and §9.
// Some are wire codes the server sends (roster_invalid, version_gap, ...); others are client
// verdicts that never reach the wire (sig_invalid, replay, approvals_missing, ...), see §9.
#pragma once

#include <string_view>

namespace sirkel::protocol
{

enum class psg1_error
{
    ok = 0,
    // Roster chain (§3.5, §3.8).
    roster_invalid,
    version_gap,
    prev_hash_mismatch,
    size_cap_reached,
    approval_invalid,
    approvals_missing,
    no_roster,
    // The first version fetched from a pin does not hash to the pin. §3.8 names no code for it.
    pin_mismatch,
    // Messages (§6.3).
    wrong_epoch,
    not_a_participant,
    out_of_range,
    bad_encoding,
    sig_invalid,
    replay,
    jump_too_far,
    aead_failed,
    bad_padding,
    bad_plaintext,
    // Names, invites, join requests, the ground-rules text and sender keys (§1, §3.7, §4, §5.3).
    bad_name,
    pledge_invalid,
    doc_invalid,
    // The encrypted join request does not repeat its clear fields (§4.5). §4.5 names no code.
    request_mismatch,
    skd_invalid,
};

/// The stable identifier, e.g. "version_gap"; "ok" for success.
[[nodiscard]] std::string_view code_name(psg1_error e) noexcept;

} // namespace sirkel::protocol
