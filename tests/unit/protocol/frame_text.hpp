// Client frames as text for the parser tests: an ordered list of members, each value raw JSON,
// so a test can change, drop or add exactly one member of an otherwise valid frame.
#pragma once

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/frame_parser.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sirkel::test
{

using members = std::vector<std::pair<std::string, std::string>>;

inline std::string object(members const& m)
{
    std::string out = "{";
    for (auto const& [key, value] : m)
    {
        if (out.size() > 1)
            out += ',';
        out += '"' + key + "\":" + value;
    }
    return out + '}';
}

inline members with(members m, std::string const& key, std::string const& value)
{
    auto it = std::find_if(m.begin(), m.end(), [&](auto const& kv) { return kv.first == key; });
    if (it == m.end())
        m.emplace_back(key, value);
    else
        it->second = value;
    return m;
}

inline members without(members m, std::string const& key)
{
    std::erase_if(m, [&](auto const& kv) { return kv.first == key; });
    return m;
}

// A quoted base64url string of n bytes, each equal to fill.
inline std::string b64(std::size_t n, protocol::byte fill = 0)
{
    return '"' + protocol::base64url_encode(protocol::bytes(n, fill)) + '"';
}

template <std::size_t N>
std::array<protocol::byte, N> filled(protocol::byte fill)
{
    std::array<protocol::byte, N> a{};
    a.fill(fill);
    return a;
}

// Parse with a fresh parser and require a refusal with this code.
inline protocol::parse_result refused(std::string_view text, protocol::error expected)
{
    protocol::frame_parser parser;
    auto result = parser.parse(text);
    INFO("frame: ", std::string(text.substr(0, 200)));
    CHECK_FALSE(result.ok);
    CHECK(code_name(result.failure) == code_name(expected));
    return result;
}

inline protocol::parse_result accepted(std::string_view text)
{
    protocol::frame_parser parser;
    auto result = parser.parse(text);
    INFO("frame: ", std::string(text.substr(0, 200)));
    INFO("failure: ", code_name(result.failure), " field: ", result.field);
    REQUIRE(result.ok);
    return result;
}

} // namespace sirkel::test
