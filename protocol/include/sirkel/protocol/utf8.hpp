// Strict UTF-8 decoding (RFC 3629): what JS's TextDecoder with fatal: true accepts, so the C++
// and TypeScript clients refuse the same names and texts.
#pragma once

#include <string>
#include <string_view>

namespace sirkel::protocol
{

/// Decode s into code points. False (out unspecified) for an overlong form, a surrogate, a code
/// point above U+10FFFF, a stray continuation byte or a truncated sequence.
[[nodiscard]] bool decode_utf8(std::string_view s, std::u32string& out);

/// True if s is well-formed UTF-8.
[[nodiscard]] bool is_valid_utf8(std::string_view s);

} // namespace sirkel::protocol
