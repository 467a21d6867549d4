#include "sirkel/protocol/utf8.hpp"

#include <cstdint>

namespace sirkel::protocol
{
namespace
{

// The shortest form's first code point and the bounds of the second byte, per lead byte
// (RFC 3629 §4): bounding the second byte refuses overlongs, surrogates and > U+10FFFF at once.
struct sequence_rule
{
    std::size_t length;
    std::uint8_t second_min;
    std::uint8_t second_max;
};

bool rule_for(std::uint8_t lead, sequence_rule& rule)
{
    if (lead >= 0xc2 && lead <= 0xdf)
        rule = {2, 0x80, 0xbf};
    else if (lead == 0xe0)
        rule = {3, 0xa0, 0xbf};
    else if (lead == 0xed)
        rule = {3, 0x80, 0x9f};
    else if (lead >= 0xe1 && lead <= 0xef)
        rule = {3, 0x80, 0xbf};
    else if (lead == 0xf0)
        rule = {4, 0x90, 0xbf};
    else if (lead == 0xf4)
        rule = {4, 0x80, 0x8f};
    else if (lead >= 0xf1 && lead <= 0xf3)
        rule = {4, 0x80, 0xbf};
    else
        return false;
    return true;
}

} // namespace

bool decode_utf8(std::string_view s, std::u32string& out)
{
    out.clear();
    std::size_t i = 0;
    while (i < s.size())
    {
        auto const lead = static_cast<std::uint8_t>(s[i]);
        if (lead < 0x80)
        {
            out.push_back(lead);
            ++i;
            continue;
        }
        sequence_rule rule{};
        if (!rule_for(lead, rule) || s.size() - i < rule.length)
            return false;
        auto const second = static_cast<std::uint8_t>(s[i + 1]);
        if (second < rule.second_min || second > rule.second_max)
            return false;
        // The lead byte keeps 7 - length payload bits.
        char32_t cp = lead & (0x7fu >> rule.length);
        for (std::size_t k = 1; k < rule.length; ++k)
        {
            auto const next = static_cast<std::uint8_t>(s[i + k]);
            if ((next & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (next & 0x3fu);
        }
        out.push_back(cp);
        i += rule.length;
    }
    return true;
}

bool is_valid_utf8(std::string_view s)
{
    std::u32string ignored;
    return decode_utf8(s, ignored);
}

} // namespace sirkel::protocol
