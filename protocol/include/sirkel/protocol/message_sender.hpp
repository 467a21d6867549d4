// One participant's sending side of one epoch (PSG1.md §6.1, §6.2): the chain CK_n, the counter,
// and SK_msg. Each seal uses MK_ctr once, then wipes it and steps the chain.
#pragma once

#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/psg1_message.hpp"

#include <array>
#include <span>

namespace sirkel::protocol
{

class message_sender
{
public:
    /// chain_key is CK_0 and sk_msg SK_msg.sk (64 bytes); both are copied and wiped on destruction.
    message_sender(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                   id16 const& member_id, key32 const& chain_key,
                   std::span<byte const, 64> sk_msg) noexcept;
    ~message_sender();
    message_sender(message_sender const&) = delete;
    message_sender& operator=(message_sender const&) = delete;

    /**
     * Encrypt and sign canonical plaintext pt of kind under MK_ctr with a random nonce.
     * out_of_range when ctr reached 2^20 or pt is over 16383 bytes. pt is not checked
     * against the schema: the caller builds it.
     */
    [[nodiscard]] psg1_error seal(std::uint8_t kind, byte_view pt, psg1_message& out);

    /// The same with a given nonce: for fixed test vectors only, never reuse a nonce.
    [[nodiscard]] psg1_error seal(std::uint8_t kind, byte_view pt, nonce24 const& n,
                                  psg1_message& out);

    [[nodiscard]] std::uint32_t next_ctr() const noexcept { return next_ctr_; }

private:
    id16 room_id_;
    id16 session_id_;
    std::uint32_t ep_;
    id16 member_id_;
    key32 chain_key_;
    std::array<byte, 64> sk_msg_{};
    std::uint32_t next_ctr_ = 0;
};

} // namespace sirkel::protocol
