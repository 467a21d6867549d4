// The fuzz targets' invariant check: unlike assert, it holds in every build type (the replay
// runners are built RelWithDebInfo, with NDEBUG), and it aborts, which libFuzzer records as a
// crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace sirkel::fuzz
{

inline void require(bool holds, char const* invariant)
{
    if (holds)
        return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", invariant);
    std::abort();
}

} // namespace sirkel::fuzz
