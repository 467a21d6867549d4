// The floor on the wire (PROTOCOL.md §8): a floor_announcement as the `floor` frame, and a
// floor_machine verdict as the protocol error of the same name.
#pragma once

#include "floor_machine.hpp"

#include "sirkel/protocol/error.hpp"

#include <string>

namespace sirkel
{

/// The `floor` frame of PROTOCOL.md §8.3, one line of JSON.
[[nodiscard]] std::string make_floor_frame(floor_announcement const& floor);

/// The protocol error a refusal of the floor is answered with (verdict ok has none; it maps to
/// internal_error so that a caller's slip never reads as a rule).
[[nodiscard]] protocol::error error_of(floor_machine::verdict verdict) noexcept;

} // namespace sirkel
