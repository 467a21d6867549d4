// The receive state for one sender in one epoch (PSG1.md §5.3, §6.3): its chain, next counter,
// SK_msg.pk and the keys of messages passed over. open() runs §6.3's checks in order and changes
// the state only once a message has passed all of them.
#pragma once

#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/psg1_message.hpp"

#include <map>

namespace sirkel::protocol
{

class message_receiver
{
public:
    /// The largest ctr - next_ctr accepted: bounds the KDF work one message can cause.
    static constexpr std::uint32_t max_jump = 1000;
    /// The most skipped keys kept; the lowest ctr goes first.
    static constexpr std::size_t max_skipped = 1000;

    /// From sender `from`'s opened skd: CK_0 (copied, wiped on destruction) and SK_msg.pk.
    message_receiver(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                     id16 const& from, key32 const& chain_key, key32 const& sk_msg_pk) noexcept;
    ~message_receiver();
    message_receiver(message_receiver const&) = delete;
    message_receiver& operator=(message_receiver const&) = delete;

    /**
     * Check and decrypt m (§6.3, steps 1..8). On ok, pt holds the canonical plaintext and the
     * chain has advanced; on any failure pt is empty and the state is unchanged. Step 1's
     * "current epoch or the previous within 10 s" and "not self" are the caller's: it picks the
     * receiver for (ses, ep, from); here a mismatch is wrong_epoch or not_a_participant.
     */
    [[nodiscard]] psg1_error open(psg1_message const& m, bytes& pt);

    [[nodiscard]] std::uint32_t next_ctr() const noexcept { return next_ctr_; }
    [[nodiscard]] std::size_t skipped_count() const noexcept { return skipped_.size(); }

private:
    id16 room_id_;
    id16 session_id_;
    std::uint32_t ep_;
    id16 from_;
    key32 chain_key_;
    key32 sk_msg_pk_;
    std::uint32_t next_ctr_ = 0;
    std::map<std::uint32_t, key32> skipped_;
};

} // namespace sirkel::protocol
