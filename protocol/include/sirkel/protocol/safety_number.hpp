// Safety numbers (PSG1.md §7): 30 digits per member from its two public keys, and the 60-digit
// number two people compare outside Sirkel before a joiner is admitted.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <string>

namespace sirkel::protocol
{

/// fp(m) = H(LP("PSG1-fp") || IK_sig.pk || IK_dh.pk).
[[nodiscard]] key32 safety_fingerprint(key32 const& sig_pk, key32 const& dh_pk);

/// digits(m): for k = 0..5, u40be(fp[5k..5k+5]) mod 100000 as 5 digits; 30 in all.
[[nodiscard]] std::string safety_digits(key32 const& fingerprint);

/// pair(a, b): the two digit strings sorted as ASCII and concatenated (60 digits), so both
/// people see the same number.
[[nodiscard]] std::string safety_number(key32 const& sig_pk_a, key32 const& dh_pk_a,
                                        key32 const& sig_pk_b, key32 const& dh_pk_b);

} // namespace sirkel::protocol
