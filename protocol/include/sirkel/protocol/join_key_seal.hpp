// A member's sealed copy of an invite's join key jk (PSG1.md §4.2, §4.5):
//
//   jks[to].k = SEAL(signer_id(16) || jk(32)
//                    || SIG(IK_sig.sk(signer), LP("PSG1-jk") || room_id || invite_id || to || jk),
//                    IK_dh.pk(to))                                                    (160 bytes)
//
// A bare seal is anonymous; the signature inside stops the server from slipping a member its own
// jk' and showing it a fabricated join request.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <span>

namespace sirkel::protocol
{

/// len(jks[to].k).
inline constexpr std::size_t join_key_seal_bytes = 160;

/// LP("PSG1-jk") || room_id || invite_id || to || jk: what the signer signs.
[[nodiscard]] bytes join_key_signed_bytes(id16 const& room_id, id16 const& invite_id,
                                          id16 const& to, key32 const& jk);

/// The sealed jk for member `to` (IK_dh.pk to_dh_pk), signed by signer_id with its IK_sig.sk.
[[nodiscard]] bytes seal_join_key(id16 const& room_id, id16 const& invite_id, id16 const& signer_id,
                                  std::span<byte const, 64> signer_sig_sk, id16 const& to,
                                  key32 const& to_dh_pk, key32 const& jk);

/**
 * Open self's sealed jk and check its signature. bad_encoding: not 160 bytes; aead_failed: the
 * seal does not open with self's IK_dh; approval_invalid: the signer is not in verified (a
 * verified version at the invite's rv or later) or the signature fails. On ok, jk holds the
 * key (the caller wipes it when the request closes); otherwise jk is untouched.
 */
[[nodiscard]] psg1_error open_join_key(byte_view sealed, id16 const& room_id, id16 const& invite_id,
                                       id16 const& self_id, key32 const& self_dh_pk,
                                       key32 const& self_dh_sk, roster const& verified, key32& jk);

} // namespace sirkel::protocol
