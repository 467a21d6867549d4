// Fuzz target of the client frame codec (frame_parser, PROTOCOL.md §2): any text, any order of
// faults. Invariants, beyond "no crash, no sanitizer report, no exception":
//  - a long-lived parser, whose buffers carry over from earlier frames, answers exactly as a
//    fresh one does;
//  - its verdict on JSON agrees with Boost.JSON's own strict parser: a frame it accepts is a
//    JSON object at most max_depth deep, and one that Boost.JSON parses (single line, within the
//    size cap) is never not_json. (Boost.JSON keeps one of two equal keys silently, so it cannot
//    judge duplicate_key; the unit tests do.)
//  - an accepted frame has a known "t" in ref and no error field.
#include "fuzz_require.hpp"

#include "sirkel/protocol/frame_parser.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace
{

namespace json = boost::json;
using sirkel::fuzz::require;
using sirkel::protocol::error;
using sirkel::protocol::frame_parser;
using sirkel::protocol::parse_result;

// A small cap as well as the default one, so that frame_too_large is reached by short inputs.
constexpr std::size_t small_cap = 512;

bool same(parse_result const& a, parse_result const& b)
{
    return a.ok == b.ok && a.ref == b.ref && a.field == b.field &&
           (a.ok || a.failure == b.failure) && a.frame.index() == b.frame.index();
}

std::size_t depth_of(json::value const& v)
{
    std::size_t deepest = 0;
    if (v.is_array())
        for (auto const& e : v.as_array())
            deepest = std::max(deepest, depth_of(e));
    else if (v.is_object())
        for (auto const& member : v.as_object())
            deepest = std::max(deepest, depth_of(member.value()));
    else
        return 0;
    return deepest + 1;
}

// Boost.JSON's verdict, as strict as the parser's and with the same hard depth stop.
std::optional<json::value> reference_parse(std::string_view text)
{
    json::parse_options options;
    options.max_depth = 64;
    boost::system::error_code ec;
    auto value = json::parse(json::string_view(text.data(), text.size()), ec, {}, options);
    if (ec)
        return std::nullopt;
    return value;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    sirkel::protocol::sodium_init_or_throw();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static frame_parser long_lived;
    static frame_parser long_lived_small(small_cap);
    std::string_view const text(reinterpret_cast<char const*>(data), size);

    auto const result = long_lived.parse(text);
    frame_parser fresh;
    require(same(result, fresh.parse(text)), "a reused parser answers as a fresh one");

    auto const small = long_lived_small.parse(text);
    require(size <= small_cap || (!small.ok && small.failure == error::frame_too_large),
            "a frame over the cap is frame_too_large");
    if (size <= small_cap)
        require(same(small, result), "the cap changes nothing below it");

    if (result.ok)
    {
        require(!result.ref.empty() && result.field.empty(), "an accepted frame names its type");
        auto const reference = reference_parse(text);
        require(reference && reference->is_object(), "an accepted frame is a JSON object");
        require(depth_of(*reference) <= frame_parser::max_depth, "an accepted frame is shallow");
        return 0;
    }

    bool const single_line = text.find_first_of("\n\r") == std::string_view::npos;
    if (size <= frame_parser::default_max_frame_bytes && single_line && reference_parse(text))
        require(result.failure != error::not_json, "Boost.JSON's JSON is never not_json");
    return 0;
}
