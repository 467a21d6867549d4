#include "sirkel/protocol/base64url.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace sirkel::protocol
{
namespace
{

constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

/* The 6-bit value of a base64url character, or -1 (all bits set) for any other, from comparisons
 * alone (no table, no branch). */
int sextet(unsigned char c) noexcept
{
    int const x = c;
    // Both differences are negative, so their sign bits shift into -1, only when x is in range.
    auto const in = [x](int low, int high) { return ((low - 1 - x) & (x - high - 1)) >> 31; };
    return (in('A', 'Z') & (x - 'A')) | (in('a', 'z') & (x - 'a' + 26)) |
           (in('0', '9') & (x - '0' + 52)) | (in('-', '-') & 62) | (in('_', '_') & 63) |
           ~(in('A', 'Z') | in('a', 'z') | in('0', '9') | in('-', '-') | in('_', '_'));
}

/* The base64url alphabet as a bitmap of byte values, in one cache line: looking a character up
 * takes no branch, and the cache sees no difference between characters. */
struct alphabet_bitmap
{
    alignas(64) std::array<std::uint32_t, 8> words{};

    constexpr alphabet_bitmap()
    {
        for (int c = 0; c < 256; ++c)
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_')
                words[static_cast<std::size_t>(c >> 5)] |= std::uint32_t{1} << (c & 31);
    }

    /// 1 for a character outside the alphabet, else 0.
    [[nodiscard]] std::uint32_t outside(char c) const noexcept
    {
        auto const value = std::uint32_t{static_cast<unsigned char>(c)};
        return ~(words[value >> 5u] >> (value & 31u)) & 1u;
    }
};

constexpr alphabet_bitmap alphabet;

/* Decode text into out (capacity out.size()) and return the decoded length, or nullopt if text
 * is not canonical unpadded base64url or decodes to more than out.size() bytes.
 * sodium_base642bin stops at the first character outside the alphabet ('=' included) and
 * reports where through b64_end, so a text it did not consume whole is refused here; it
 * refuses a dangling 6-bit group and non-zero trailing bits itself. */
std::optional<std::size_t> decode_into(std::string_view text, std::span<byte> out) noexcept
{
    // The empty text is the empty value; it may have no buffer, and libsodium wants one.
    if (text.empty())
        return std::size_t{0};
    // libsodium 1.0.18 decodes every byte from 0x80 up as '_' (found by fuzz_psg1_parsers), so
    // "é" would pass for "__": the alphabet is checked here first.
    if (std::any_of(text.begin(), text.end(), [](char c) { return alphabet.outside(c) != 0; }))
        return std::nullopt;
    std::size_t decoded = 0;
    char const* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, &end,
                          variant) != 0)
        return std::nullopt;
    if (end != text.data() + text.size())
        return std::nullopt;
    return decoded;
}

} // namespace

bool base64url_is_canonical(std::string_view text) noexcept
{
    // A single character of a last group carries 6 bits: no whole byte.
    if (text.size() % 4 == 1)
        return false;
    std::uint32_t outside = 0;
    for (char const c : text)
        outside |= alphabet.outside(c);
    if (outside != 0)
        return false;
    // The bits of a last group past its whole bytes must be zero (two characters carry one byte
    // and 4 spare bits, three carry two bytes and 2 spare bits).
    auto const spare_bits = std::array{0, 0, 4, 2}[text.size() % 4];
    return text.empty() ||
           (sextet(static_cast<unsigned char>(text.back())) & ((1 << spare_bits) - 1)) == 0;
}

std::string base64url_encode(byte_view data)
{
    // sodium_base64_ENCODED_LEN counts the terminating NUL that sodium_bin2base64 writes.
    std::string text(sodium_base64_ENCODED_LEN(data.size(), variant), '\0');
    sodium_bin2base64(text.data(), text.size(), data.data(), data.size(), variant);
    text.resize(text.size() - 1);
    return text;
}

bool base64url_decode_exact(std::string_view text, std::span<byte> out) noexcept
{
    auto const decoded = decode_into(text, out);
    if (!decoded || *decoded != out.size())
    {
        sodium_memzero(out.data(), out.size());
        return false;
    }
    return true;
}

std::optional<bytes> base64url_decode(std::string_view text, std::size_t max_bytes)
{
    // Four characters carry three bytes, so this bounds the output before anything is allocated.
    bytes out(std::min(max_bytes, text.size() / 4 * 3 + 2));
    auto const decoded = decode_into(text, out);
    if (!decoded)
        return std::nullopt;
    out.resize(*decoded);
    return out;
}

} // namespace sirkel::protocol
