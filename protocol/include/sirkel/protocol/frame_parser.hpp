// Parses and validates one client frame (PROTOCOL.md §2) in one pass: size cap before parsing,
// depth cap, duplicate keys, unknown types and fields, types, ranges and base64url lengths.
#pragma once

#include "sirkel/protocol/client_frame.hpp"
#include "sirkel/protocol/error.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace sirkel::protocol
{

/// What parse() found: a frame, or the error and the frame type it refused (empty if unread).
struct parse_result
{
    client_frame frame;
    error failure{};   ///< valid only when !ok
    std::string ref;   ///< the refused frame's "t" when it could be read
    std::string field; ///< the offending field, when the error concerns one
    bool ok = false;
};

/// The "t" of the floor frame type that asks for action (PROTOCOL.md §8.5), e.g. "floor_pass".
[[nodiscard]] std::string_view frame_type_name(floor_action action) noexcept;

class frame_parser
{
public:
    static constexpr std::size_t default_max_frame_bytes = 65536;
    static constexpr std::size_t max_depth = 8;

    explicit frame_parser(std::size_t max_frame_bytes = default_max_frame_bytes);
    ~frame_parser();
    frame_parser(frame_parser const&) = delete;
    frame_parser& operator=(frame_parser const&) = delete;

    /** Parse one client frame.
        Reuses internal buffers between calls, so a long-lived parser allocates little.
        @param text the complete WebSocket text message
    */
    [[nodiscard]] parse_result parse(std::string_view text);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sirkel::protocol
