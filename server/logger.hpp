// Structured logs: one JSON object per line on stdout (time, level, event, then fields).
// Callers pass ids and counts only: never content, ciphertext, tokens, names or full addresses.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

namespace sirkel
{

enum class log_level
{
    debug,
    info,
    warn,
    error,
};

/// One field of a log line: a key and a string, integer or boolean value.
struct log_field
{
    std::string_view key;
    std::variant<std::string_view, std::int64_t, std::uint64_t, bool> value;
};

class logger
{
public:
    explicit logger(log_level threshold = log_level::info) noexcept : threshold_(threshold) {}

    /// Write one line if level is at or above the threshold. Never throws: a log that cannot
    /// be written must not take a meeting down.
    void log(log_level level, std::string_view event,
             std::initializer_list<log_field> fields = {}) const noexcept;

private:
    log_level threshold_;
};

} // namespace sirkel
