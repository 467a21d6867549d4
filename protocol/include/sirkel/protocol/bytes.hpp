// Fixed-size byte types shared by the codec and the crypto wrappers.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sirkel::protocol
{

using byte = std::uint8_t;
using bytes = std::vector<byte>;
using byte_view = std::span<byte const>;

/// A 16-byte identifier: group, member, invite, meeting (session).
using id16 = std::array<byte, 16>;
/// A 32-byte public key, nonce, token or hash.
using key32 = std::array<byte, 32>;
/// A 24-byte XChaCha20 nonce.
using nonce24 = std::array<byte, 24>;
/// A 64-byte Ed25519 signature.
using signature64 = std::array<byte, 64>;

/// The UTF-8 bytes of s, as the byte layouts carry text.
inline byte_view as_byte_view(std::string_view s) noexcept
{
    return {reinterpret_cast<byte const*>(s.data()), s.size()};
}

} // namespace sirkel::protocol
