#include "frame_fields.hpp"

#include <string>

namespace sirkel::bench
{
namespace
{

/// Where the value of key starts (just after `"key":`), or npos.
std::size_t value_of(std::string_view frame, std::string_view key) noexcept
{
    for (std::size_t at = frame.find(key); at != std::string_view::npos;
         at = frame.find(key, at + 1))
    {
        if (at == 0 || frame[at - 1] != '"')
            continue;
        auto const end = at + key.size();
        if (end + 1 < frame.size() && frame[end] == '"' && frame[end + 1] == ':')
            return end + 2;
    }
    return std::string_view::npos;
}

} // namespace

std::string_view frame_type(std::string_view frame) noexcept
{
    constexpr std::string_view start = R"({"t":")";
    if (frame.starts_with(start))
    {
        auto const end = frame.find('"', start.size());
        if (end != std::string_view::npos)
            return frame.substr(start.size(), end - start.size());
    }
    return string_field(frame, "t");
}

std::string_view string_field(std::string_view frame, std::string_view key) noexcept
{
    auto const at = value_of(frame, key);
    if (at == std::string_view::npos || at >= frame.size() || frame[at] != '"')
        return {};
    auto const end = frame.find('"', at + 1);
    if (end == std::string_view::npos)
        return {};
    return frame.substr(at + 1, end - at - 1);
}

std::optional<std::uint64_t> integer_field(std::string_view frame, std::string_view key) noexcept
{
    auto at = value_of(frame, key);
    if (at == std::string_view::npos || at >= frame.size() || frame[at] < '0' || frame[at] > '9')
        return std::nullopt;
    std::uint64_t value = 0;
    for (; at < frame.size() && frame[at] >= '0' && frame[at] <= '9'; ++at)
        value = value * 10 + static_cast<std::uint64_t>(frame[at] - '0');
    return value;
}

std::vector<std::string_view> string_array_field(std::string_view frame, std::string_view key)
{
    std::vector<std::string_view> values;
    auto at = value_of(frame, key);
    if (at == std::string_view::npos || at >= frame.size() || frame[at] != '[')
        return values;
    auto const end = frame.find(']', at);
    if (end == std::string_view::npos)
        return values;
    while (true)
    {
        auto const open = frame.find('"', at);
        if (open == std::string_view::npos || open > end)
            break;
        auto const close = frame.find('"', open + 1);
        if (close == std::string_view::npos || close > end)
            break;
        values.push_back(frame.substr(open + 1, close - open - 1));
        at = close + 1;
    }
    return values;
}

} // namespace sirkel::bench
