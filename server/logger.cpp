#include "logger.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace sirkel
{

namespace
{

std::string_view level_name(log_level level) noexcept
{
    switch (level)
    {
    case log_level::debug:
        return "debug";
    case log_level::info:
        return "info";
    case log_level::warn:
        return "warn";
    case log_level::error:
        return "error";
    }
    return "info";
}

// RFC 3339 UTC time with milliseconds, e.g. 2026-11-22T19:00:01.234Z.
std::string utc_timestamp()
{
    auto const now = std::chrono::system_clock::now();
    auto const seconds = std::chrono::system_clock::to_time_t(now);
    auto const millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[40];
    auto const length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
    std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(millis));
    return text;
}

} // namespace

void logger::log(log_level level, std::string_view event,
                 std::initializer_list<log_field> fields) const noexcept
{
    if (level < threshold_)
        return;
    try
    {
        boost::json::object line;
        line["ts"] = utc_timestamp();
        line["level"] = level_name(level);
        line["event"] = event;
        for (auto const& field : fields)
            std::visit([&](auto const& value) { line[field.key] = value; }, field.value);
        auto text = boost::json::serialize(line);
        text.push_back('\n');
        // One fwrite per line keeps lines whole; flush so a crash loses no earlier line.
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
    }
    catch (...)
    {
        // Out of memory while logging: drop the line rather than the connection.
    }
}

} // namespace sirkel
