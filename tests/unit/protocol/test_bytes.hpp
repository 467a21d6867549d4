// Byte arrays for the protocol unit tests: known, distinct contents that make a wrong offset or a
// swapped field show up in a comparison.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstddef>

namespace sirkel::test
{

/// An Array whose bytes count up from start (wrapping at 256).
template <typename Array>
Array counting(protocol::byte start)
{
    Array a{};
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] = static_cast<protocol::byte>(start + i);
    return a;
}

} // namespace sirkel::test
