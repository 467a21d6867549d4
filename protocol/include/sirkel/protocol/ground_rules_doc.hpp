// The ground-rules text and the doc that carries a new one to the members (PSG1.md §3.7). The
// frame commits to the text by pledge_hash = H(utf8(text)); the server only ever sees the hash.
//
//   doc.c    = AEAD(PAD(utf8(text), 256), LP("PSG1-text") || room_id || pledge_hash, doc.n, tk)
//   doc.keys = [{"to": member_id, "k": SEAL(tk, IK_dh.pk(member))} for each member of v]
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sirkel::protocol
{

/// One member's copy of tk: {"to", "k"} on the wire, k = SEAL(tk, IK_dh.pk(to)), 80 bytes.
struct ground_rules_key
{
    id16 to{};
    bytes k;
};

/// D = {"n", "c", "keys"} of §8.2.
struct ground_rules_doc
{
    nonce24 n{};
    bytes c;
    std::vector<ground_rules_key> keys;
};

/// The longest text in bytes (§3.7).
inline constexpr std::size_t ground_rules_max_bytes = 8192;

/// ok if text is 1..8192 bytes of valid UTF-8, else doc_invalid.
[[nodiscard]] psg1_error check_ground_rules_text(std::string_view text);

/// pledge_hash = H(utf8(text)).
[[nodiscard]] key32 pledge_hash_of(std::string_view text);

/// check_ground_rules_text, then H(text) = pledge_hash (§3.7, §3.8 step 4): ok or doc_invalid.
[[nodiscard]] psg1_error check_ground_rules_text(std::string_view text, key32 const& pledge_hash);

/// LP("PSG1-text") || room_id || pledge_hash.
[[nodiscard]] bytes ground_rules_ad(id16 const& room_id, key32 const& pledge_hash);

/**
 * Seal text for every member of base (the version the CHANGE builds on): c under tk with nonce
 * n, and tk sealed to each member's IK_dh.pk (randomised). doc_invalid for a bad text, out then
 * untouched. The caller wipes tk afterwards.
 */
[[nodiscard]] psg1_error seal_ground_rules_doc(std::string_view text, roster const& base,
                                               key32 const& tk, nonce24 const& n,
                                               ground_rules_doc& out);

/**
 * A member's opening of doc for the proposed pledge_hash: its own key (doc_invalid if none, or
 * more than one), SEAL and AEAD (aead_failed), unpad (bad_padding), then the text's rules and
 * H(text) = pledge_hash (doc_invalid). A mismatch means: do not approve, and alert.
 */
[[nodiscard]] psg1_error open_ground_rules_doc(ground_rules_doc const& doc, id16 const& room_id,
                                               key32 const& pledge_hash, id16 const& self_id,
                                               key32 const& self_dh_pk, key32 const& self_dh_sk,
                                               std::string& text);

} // namespace sirkel::protocol
