// What the load generator reads of a server frame, without a JSON parser: the server writes its
// frames in a fixed shape (protocol/src/server_frames.cpp), and relays the load generator's own
// frames byte for byte, so finding `"key":` is enough. The receive path of a benchmark must
// cost far less than the server's, or the generator measures itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sirkel::bench
{

/// The frame's "t": read from the fixed `{"t":"` start, else searched for.
[[nodiscard]] std::string_view frame_type(std::string_view frame) noexcept;
/// The first string value of key (base64url, ids and codes hold no escapes); "" if absent.
[[nodiscard]] std::string_view string_field(std::string_view frame, std::string_view key) noexcept;
/// The first non-negative integer value of key; std::nullopt if absent or not digits.
[[nodiscard]] std::optional<std::uint64_t> integer_field(std::string_view frame,
                                                         std::string_view key) noexcept;
/// The strings of the array value of key (e.g. an epoch's "parts"); empty if absent.
[[nodiscard]] std::vector<std::string_view> string_array_field(std::string_view frame,
                                                               std::string_view key);

} // namespace sirkel::bench
