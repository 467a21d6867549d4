// What every connection of the relay shares.
#pragma once

#include "frame_tamperer.hpp"

#include <cstdint>

namespace sirkel::relay
{

struct relay_context
{
    /// The real server, always on 127.0.0.1: the relay never connects anywhere else.
    std::uint16_t upstream_port = 0;
    frame_tamperer& tamperer;
    std::uint64_t next_connection = 1;
};

} // namespace sirkel::relay
