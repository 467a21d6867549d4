// The frames a client may send (PROTOCOL.md §4), as typed values after validation. Binary fields
// are already decoded and length-checked; a msg keeps only what the server routes on.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>
#include <variant>

namespace sirkel::protocol
{

struct hello_frame
{
    std::uint32_t version = 0;
};

struct auth_frame
{
    id16 member{};
    signature64 sig{};
};

struct redeem_frame
{
    id16 invite{};
    key32 token{};
    id16 member{};
    key32 sig_pk{};
    key32 dh_pk{};
    signature64 sig{};
};

struct join_frame
{
};

struct leave_frame
{
};

/// The routing metadata of an end-to-end encrypted message. The server relays the original
/// text of the frame; it never needs the nonce, ciphertext or signature bytes, only their
/// validated lengths.
struct msg_frame
{
    id16 session{};
    std::uint32_t epoch = 0;
    id16 from{};
    std::uint32_t counter = 0;
    std::uint8_t kind = 0; ///< 1 text, 2 reaction, 3 control
    std::uint32_t ciphertext_bytes = 0;
};

using client_frame =
    std::variant<hello_frame, auth_frame, redeem_frame, join_frame, leave_frame, msg_frame>;

} // namespace sirkel::protocol
