// The peer's standard input, read without blocking: the test's commands, one JSON line each.
#pragma once

#include <string>
#include <vector>

namespace sirkel::interop
{

class command_reader
{
public:
    /// The complete lines that have arrived since the last call (without their '\n').
    [[nodiscard]] std::vector<std::string> take_lines();
    /// Whether stdin has ended (the test closed it, or exited).
    [[nodiscard]] bool ended() const noexcept { return ended_; }

private:
    std::string pending_;
    bool ended_ = false;
};

} // namespace sirkel::interop
