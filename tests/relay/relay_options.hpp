// The tampering relay's command line.
#pragma once

#include "tamper_mode.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace sirkel::relay
{

struct relay_options
{
    std::uint16_t port = 0;          ///< on 127.0.0.1; 0 picks a free one
    std::uint16_t upstream_port = 0; ///< the real server on 127.0.0.1, plain HTTP
    tamper_mode mode = tamper_mode::none;
    std::chrono::seconds max_seconds{300}; ///< the relay stops by itself after this
    bool help = false;                     ///< --help: print usage() and run nothing

    /** Parse argv. @throws std::invalid_argument naming the rule a value breaks; its message is
        meant for stderr, followed by usage().
    */
    [[nodiscard]] static relay_options parse(int argc, char const* const* argv);
    [[nodiscard]] static std::string usage();
};

} // namespace sirkel::relay
