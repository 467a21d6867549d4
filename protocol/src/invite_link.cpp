#include "sirkel/protocol/invite_link.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <sodium.h>

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view path_prefix = "/j/";
constexpr std::string_view fragment_prefix = "#1.";
constexpr std::size_t group_chars = 22;   // base64url of 16 bytes
constexpr std::size_t payload_bytes = 80; // invite(16) || secret(32) || roster_hash(32)

// Whitespace, controls, non-ASCII, and anything that would end the authority or add userinfo.
bool foreign_to_authority(char c) noexcept
{
    auto const u = static_cast<unsigned char>(c);
    return u <= 0x20 || u >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@' || c == '\\';
}

/* True if origin is the ASCII serialisation of a web origin: "http" or "https", "://", then a
 * non-empty host[:port]. Only the shape is checked; whether it is the right server is the
 * client's call. */
bool is_origin(std::string_view origin) noexcept
{
    std::string_view authority;
    if (origin.starts_with("https://"))
        authority = origin.substr(8);
    else if (origin.starts_with("http://"))
        authority = origin.substr(7);
    else
        return false;
    return !authority.empty() &&
           std::none_of(authority.begin(), authority.end(), foreign_to_authority);
}

} // namespace

std::string invite_link::to_url(std::string_view public_origin) const
{
    std::array<byte, payload_bytes> payload{};
    auto it = std::copy(invite.begin(), invite.end(), payload.begin());
    it = std::copy(secret.begin(), secret.end(), it);
    std::copy(roster_hash.begin(), roster_hash.end(), it);

    std::string url(public_origin);
    url += path_prefix;
    url += base64url_encode(group);
    url += fragment_prefix;
    url += base64url_encode(payload);
    // The payload holds the invite secret; keep no stray copy of it on the stack.
    sodium_memzero(payload.data(), payload.size());
    return url;
}

std::optional<invite_link> invite_link::parse(std::string_view url)
{
    // Split at the only '#': base64url has no '#', so a second one is malformed.
    auto const hash = url.find('#');
    if (hash == std::string_view::npos || url.find('#', hash + 1) != std::string_view::npos)
        return std::nullopt;
    auto const before = url.substr(0, hash);
    auto const fragment = url.substr(hash);

    // Before the fragment: <origin>/j/<22 characters of group id>, nothing else.
    if (before.size() < path_prefix.size() + group_chars)
        return std::nullopt;
    auto const group_text = before.substr(before.size() - group_chars);
    auto const origin = before.substr(0, before.size() - group_chars - path_prefix.size());
    if (before.substr(origin.size(), path_prefix.size()) != path_prefix || !is_origin(origin))
        return std::nullopt;

    invite_link link;
    if (!base64url_decode_exact(group_text, link.group))
        return std::nullopt;

    // The fragment: the format version 1, a dot, and exactly 80 bytes of payload.
    if (!fragment.starts_with(fragment_prefix))
        return std::nullopt;
    std::array<byte, payload_bytes> payload{};
    if (!base64url_decode_exact(fragment.substr(fragment_prefix.size()), payload))
        return std::nullopt; // base64url_decode_exact zeroed payload
    auto it = payload.begin();
    std::copy_n(it, link.invite.size(), link.invite.begin());
    it += static_cast<std::ptrdiff_t>(link.invite.size());
    std::copy_n(it, link.secret.size(), link.secret.begin());
    it += static_cast<std::ptrdiff_t>(link.secret.size());
    std::copy_n(it, link.roster_hash.size(), link.roster_hash.begin());
    sodium_memzero(payload.data(), payload.size());
    return link;
}

} // namespace sirkel::protocol
