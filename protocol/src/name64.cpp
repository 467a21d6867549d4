#include "sirkel/protocol/name64.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/utf8.hpp"

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::size_t name64_block = 64;

// Unicode general category Cc: C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F).
bool is_control(char32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

// The code points JS's String.prototype.trim removes (ECMA-262 WhiteSpace and LineTerminator),
// so that a name the TypeScript client calls trimmed is trimmed here too.
bool is_js_whitespace(char32_t cp)
{
    switch (cp)
    {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
    case 0xfeff:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
}

} // namespace

psg1_error check_name(std::string_view name, std::size_t max_bytes)
{
    std::u32string code_points;
    if (name.empty() || name.size() > max_bytes || !decode_utf8(name, code_points))
        return psg1_error::bad_name;
    if (std::any_of(code_points.begin(), code_points.end(), is_control) ||
        is_js_whitespace(code_points.front()) || is_js_whitespace(code_points.back()))
        return psg1_error::bad_name;
    return psg1_error::ok;
}

psg1_error pad_name64(std::string_view name, name64& out)
{
    if (auto const e = check_name(name); e != psg1_error::ok)
        return e;
    auto const padded = sodium_pad(as_byte_view(name), name64_block);
    std::copy(padded.begin(), padded.end(), out.begin());
    return psg1_error::ok;
}

psg1_error unpad_name64(byte_view padded, std::string& name)
{
    if (padded.size() != name64_block)
        return psg1_error::bad_name;
    bytes raw(padded.begin(), padded.end());
    if (!sodium_unpad(raw, name64_block))
        return psg1_error::bad_name;
    std::string candidate(raw.begin(), raw.end());
    if (auto const e = check_name(candidate); e != psg1_error::ok)
        return e;
    name = std::move(candidate);
    return psg1_error::ok;
}

} // namespace sirkel::protocol
