#include "sirkel/protocol/psg1_message.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <string>
#include <string_view>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view msg_label = "PSG1-msg";
constexpr std::string_view sig_label = "PSG1-sig";

// The canonical plaintext is at most 16383 bytes, so that the padded one fits 64 blocks.
constexpr std::size_t max_canonical_bytes = message_pad_block * message_max_blocks - 1;

// JSON.stringify's escaping of a well-formed string (§6.4).
void append_json_string(std::string& out, std::string_view s)
{
    constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (char const ch : s)
    {
        auto const c = static_cast<unsigned char>(ch);
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20)
            {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
            }
            else
                out.push_back(ch);
        }
    }
    out.push_back('"');
}

} // namespace

bool is_canonical_plaintext(std::uint8_t kind, byte_view pt)
{
    std::string_view const text(reinterpret_cast<char const*>(pt.data()), pt.size());
    if (text.size() > max_canonical_bytes)
        return false;
    switch (kind)
    {
    case 1:
    {
        // Boost.JSON refuses invalid UTF-8 and lone surrogates by default: "well-formed".
        boost::system::error_code ec;
        auto const v = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
        if (ec || !v.is_object())
            return false;
        auto const* s = v.as_object().if_contains("text");
        if (s == nullptr || !s->is_string() || s->as_string().empty())
            return false;
        std::string canonical = "{\"text\":";
        append_json_string(canonical,
                           std::string_view(s->as_string().data(), s->as_string().size()));
        canonical.push_back('}');
        return canonical == text;
    }
    case 2:
        return text == R"({"r":"recognise"})" || text == R"({"r":"thanks"})" ||
               text == R"({"r":"heart"})";
    case 3:
        return text == R"({"typing":true})" || text == R"({"typing":false})";
    default:
        return false;
    }
}

bytes message_ad(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                 id16 const& member_id, std::uint32_t ctr, std::uint8_t kind)
{
    bytes out;
    out.reserve(4 + msg_label.size() + 16 + 16 + 4 + 16 + 4 + 1);
    append_lp(out, msg_label);
    append(out, room_id);
    append(out, session_id);
    append_be(out, ep, 4);
    append(out, member_id);
    append_be(out, ctr, 4);
    out.push_back(kind);
    return out;
}

bytes message_signed_bytes(byte_view ad, nonce24 const& n, byte_view ct)
{
    bytes out;
    out.reserve(4 + sig_label.size() + ad.size() + n.size() + ct.size());
    append_lp(out, sig_label);
    append(out, ad);
    append(out, n);
    append(out, ct);
    return out;
}

} // namespace sirkel::protocol
