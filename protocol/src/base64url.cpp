#include "sirkel/protocol/base64url.hpp"

#include <sodium.h>

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

bool in_alphabet(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

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
    if (!std::all_of(text.begin(), text.end(), in_alphabet))
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
