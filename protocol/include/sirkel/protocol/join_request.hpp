// The join request and its answers (PSG1.md §4.4, §4.5, §4.6): the joiner's pledge and signed,
// encrypted request; the server's checks of what travels in clear; a member's opening of the
// encrypted part; and a member's signed decline.
//
//   pledge_sig = SIG(IK_sig.sk, LP("PSG1-pledge") || room_id || pledge_hash || u8(1))
//   join_sig   = SIG(IK_sig.sk, LP("PSG1-joinsig") || room_id || invite_id || member_id
//                               || IK_sig.pk || IK_dh.pk || pledge_hash || u8(1) || pledge_sig
//                               || NAME64(name))
//   req.pt     = member_id || IK_sig.pk || IK_dh.pk || pledge_hash || u8(1) || pledge_sig
//                || NAME64(name) || join_sig                                           (305 B)
//   req.c      = AEAD(req.pt, LP("PSG1-join") || room_id || invite_id, req.n, jk)       (321 B)
//   possession = SIG(IK_sig.sk, LP("PSG1-request") || LP(origin) || challenge(32) || room_id
//                               || invite_id || member_id || IK_sig.pk || IK_dh.pk)
//   decline    = SIG(IK_sig.sk, LP("PSG1-decline") || room_id || invite_id || joiner_member_id
//                               || joiner_IK_sig.pk)
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

/// The PSG1 fields of a join_request frame (§8.3); "invite" and "tok" are the caller's.
struct join_request
{
    id16 member_id{};         ///< "member"
    key32 sig_pk{};           ///< "sig_pk"
    key32 dh_pk{};            ///< "dh_pk"
    key32 pledge_hash{};      ///< "ph"
    signature64 pledge_sig{}; ///< "pledge"
    nonce24 n{};              ///< "n"
    bytes c;                  ///< "c": req.c, 321 bytes
    signature64 possession{}; ///< "sig"
};

/// What the joiner's client has decided and holds when it asks (§4.3, §4.4), secrets aside.
struct join_request_input
{
    id16 room_id{};
    id16 invite_id{};
    id16 member_id{};
    key32 sig_pk{};
    key32 dh_pk{};
    key32 pledge_hash{}; ///< the current one, checked against the invite text before asking
    std::string name;
    nonce24 n{};        ///< RAND(24)
    std::string origin; ///< signed in possession, as in auth and redeem
    key32 challenge{};  ///< from the connection's hello
    /// 1: the person confirmed being 18 or older. Anything else exists only to test refusals.
    std::uint8_t adult_confirmed = 1;
};

inline constexpr std::size_t join_request_plaintext_bytes = 305;
inline constexpr std::size_t join_request_ciphertext_bytes = 321;

/// LP("PSG1-pledge") || room_id || pledge_hash || u8(adult_confirmed).
[[nodiscard]] bytes pledge_message(id16 const& room_id, key32 const& pledge_hash,
                                   std::uint8_t adult_confirmed);

/// LP("PSG1-join") || room_id || invite_id: the AD of req.c.
[[nodiscard]] bytes join_request_ad(id16 const& room_id, id16 const& invite_id);

/// LP("PSG1-request") || LP(origin) || challenge || room_id || invite_id || member_id || IK_sig.pk
/// || IK_dh.pk.
[[nodiscard]] bytes possession_message(std::string_view origin, key32 const& challenge,
                                       id16 const& room_id, id16 const& invite_id,
                                       id16 const& member_id, key32 const& sig_pk,
                                       key32 const& dh_pk);

/**
 * The joiner's request: pledge_sig, join_sig, req.c under jk, and possession, all with the
 * joiner's IK_sig.sk. bad_name for a name that breaks §1 (out untouched).
 */
[[nodiscard]] psg1_error build_join_request(join_request_input const& in,
                                            std::span<byte const, 64> sig_sk, key32 const& jk,
                                            join_request& out);

/// The server's check of `sig` (§8.3): true if possession holds for this connection's origin and
/// challenge. The server answers a false with auth_failed.
[[nodiscard]] bool possession_holds(join_request const& r, std::string_view origin,
                                    key32 const& challenge, id16 const& room_id,
                                    id16 const& invite_id);

/**
 * The pledge check of the server (§4.6, §8.3) and of members (§4.5): ph equals the group's
 * current pledge_hash and pledge_sig verifies with sig_pk over adult_confirmed = 1. ok or
 * pledge_invalid.
 */
[[nodiscard]] psg1_error verify_pledge(join_request const& r, id16 const& room_id,
                                       key32 const& current_pledge_hash);

/**
 * A member's opening of a request with the jk it opened (§4.5), in this order: decrypt
 * (aead_failed), 305 bytes (bad_encoding), the inner member id, keys, pledge_hash and pledge_sig
 * equal the clear fields (request_mismatch), adult_confirmed = 1, the current pledge_hash and a
 * valid pledge_sig (pledge_invalid), join_sig (sig_invalid), the name (bad_name). On ok, name
 * holds the joiner's name; a failure is shown as unreadable, with only decline offered.
 */
[[nodiscard]] psg1_error open_join_request(join_request const& r, id16 const& room_id,
                                           id16 const& invite_id, key32 const& jk,
                                           key32 const& current_pledge_hash, std::string& name);

/// LP("PSG1-decline") || room_id || invite_id || joiner_member_id || joiner_IK_sig.pk.
[[nodiscard]] bytes decline_message(id16 const& room_id, id16 const& invite_id,
                                    id16 const& joiner_member_id, key32 const& joiner_sig_pk);

/// A decline {"m", "sig"} by member decliner_id with its IK_sig.sk.
[[nodiscard]] roster_approval sign_decline(id16 const& room_id, id16 const& invite_id,
                                           id16 const& joiner_member_id, key32 const& joiner_sig_pk,
                                           id16 const& decliner_id,
                                           std::span<byte const, 64> sig_sk);

/// A decline's check by the server (§8.3) and the joiner (§4.5): the decliner is in current and
/// its signature holds. ok or approval_invalid. Counting once is the caller's.
[[nodiscard]] psg1_error verify_decline(roster_approval const& decline, id16 const& room_id,
                                        id16 const& invite_id, id16 const& joiner_member_id,
                                        key32 const& joiner_sig_pk, roster const& current);

} // namespace sirkel::protocol
