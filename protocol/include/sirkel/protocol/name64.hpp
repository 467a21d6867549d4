// Names (pseudonyms) and NAME64 = PAD(utf8(name), 64), PSG1.md §1: a name always travels as
// exactly 64 bytes, so its length does not show.
//
// The rules, checked by the sender and again by every receiver (bad_name): 1..63 bytes of valid
// UTF-8; no control character (Unicode Cc: C0, DEL and C1); no leading or trailing whitespace,
// where whitespace is what JS's String.prototype.trim removes. NFC is NOT checked here: the C++
// side has no Unicode normalisation tables; the TypeScript client normalises before sending.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/psg1_error.hpp"

#include <string>
#include <string_view>

namespace sirkel::protocol
{

using name64 = std::array<byte, 64>;

/// The longest name in bytes: PAD adds at least one byte, and NAME64 is 64.
inline constexpr std::size_t name_max_bytes = 63;

/// ok if name keeps the rules above with 1..max_bytes bytes, else bad_name. max_bytes is
/// name_max_bytes for a member's name; a group name (§4.2) allows 64.
[[nodiscard]] psg1_error check_name(std::string_view name, std::size_t max_bytes = name_max_bytes);

/// NAME64 of name, after check_name: ok, or bad_name (out untouched).
[[nodiscard]] psg1_error pad_name64(std::string_view name, name64& out);

/// A received NAME64: exactly 64 bytes, unpadded with block 64, then check_name. ok, or bad_name
/// (name empty).
[[nodiscard]] psg1_error unpad_name64(byte_view padded, std::string& name);

} // namespace sirkel::protocol
