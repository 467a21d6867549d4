// Base64url without padding (RFC 4648 §5), the encoding of every binary field on the wire.
// Wraps libsodium's sodium_bin2base64 / sodium_base642bin with the URLSAFE_NO_PADDING variant.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

[[nodiscard]] std::string base64url_encode(byte_view data);

/// Decode text into exactly out.size() bytes. Fails (returns false, out zeroed) on padding, a
/// character outside the alphabet, trailing bits, or any other decoded length.
[[nodiscard]] bool base64url_decode_exact(std::string_view text, std::span<byte> out) noexcept;

/** Whether base64url_decode would accept text (the alphabet, no padding, no dangling 6-bit
    group, no trailing bits), found without decoding: for fields whose bytes are only checked,
    such as a relayed ciphertext. Its time depends on text's length only, not its characters.
*/
[[nodiscard]] bool base64url_is_canonical(std::string_view text) noexcept;

/// Decode text of any length up to max_bytes. Fails on the same cases as the exact form.
[[nodiscard]] std::optional<bytes> base64url_decode(std::string_view text, std::size_t max_bytes);

/// Convenience for fixed arrays: std::nullopt on any failure.
template <std::size_t N>
[[nodiscard]] std::optional<std::array<byte, N>> base64url_decode_array(std::string_view text)
{
    std::array<byte, N> out{};
    if (!base64url_decode_exact(text, out))
        return std::nullopt;
    return out;
}

} // namespace sirkel::protocol
