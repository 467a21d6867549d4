#include "sirkel/protocol/message_receiver.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <vector>

namespace sirkel::protocol
{
namespace
{

constexpr std::size_t aead_tag_bytes = 16;

} // namespace

message_receiver::message_receiver(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                                   id16 const& from, key32 const& chain_key,
                                   key32 const& sk_msg_pk) noexcept
    : room_id_(room_id), session_id_(session_id), ep_(ep), from_(from), chain_key_(chain_key),
      sk_msg_pk_(sk_msg_pk)
{
}

message_receiver::~message_receiver()
{
    sodium_memzero(chain_key_);
    for (auto& [ctr, key] : skipped_)
        sodium_memzero(key);
}

psg1_error message_receiver::open(psg1_message const& m, bytes& pt)
{
    pt.clear();
    // 1. The meeting, epoch, sender, counter range and ciphertext length.
    if (m.session_id != session_id_ || m.ep != ep_)
        return psg1_error::wrong_epoch;
    if (m.from != from_)
        return psg1_error::not_a_participant;
    if (m.ctr >= message_ctr_limit)
        return psg1_error::out_of_range;
    std::size_t const body = m.ct.size() - aead_tag_bytes;
    if (m.ct.size() <= aead_tag_bytes || body % message_pad_block != 0 ||
        body / message_pad_block > message_max_blocks)
        return psg1_error::bad_encoding;

    // 2. The sender's signature over ad, n and ct, before any key is touched.
    auto const ad = message_ad(room_id_, m.session_id, m.ep, m.from, m.ctr, m.kind);
    if (!sign_verify_detached(m.sig, message_signed_bytes(ad, m.n, m.ct), sk_msg_pk_))
        return psg1_error::sig_invalid;

    // 3. Not seen before.
    auto const skipped_it = skipped_.find(m.ctr);
    bool const from_skipped = skipped_it != skipped_.end();
    if (m.ctr < next_ctr_ && !from_skipped)
        return psg1_error::replay;

    // 4. The jump is bounded before any derivation, so one message cannot make us derive 2^20
    // keys. Derive on scratch copies: nothing is committed until step 8.
    key32 message_key{};
    key32 scratch_chain = chain_key_;
    std::vector<std::pair<std::uint32_t, key32>> passed_over;
    if (from_skipped)
        message_key = skipped_it->second;
    else
    {
        if (m.ctr - next_ctr_ > max_jump)
            return psg1_error::jump_too_far;
        passed_over.reserve(m.ctr - next_ctr_);
        for (std::uint32_t c = next_ctr_; c < m.ctr; ++c)
        {
            passed_over.emplace_back(c, kdf_ratchet_message_key(scratch_chain));
            auto next = kdf_ratchet_chain_key(scratch_chain);
            sodium_memzero(scratch_chain);
            scratch_chain = next;
            sodium_memzero(next);
        }
        message_key = kdf_ratchet_message_key(scratch_chain);
        auto next = kdf_ratchet_chain_key(scratch_chain);
        sodium_memzero(scratch_chain);
        scratch_chain = next;
        sodium_memzero(next);
    }
    auto const wipe_scratch = [&]
    {
        sodium_memzero(message_key);
        sodium_memzero(scratch_chain);
        for (auto& [c, key] : passed_over)
            sodium_memzero(key);
    };

    // 5. Decrypt; 6. unpad; 7. the schema of kind.
    psg1_error result = psg1_error::ok;
    bytes padded;
    if (!aead_xchacha20poly1305_ietf_decrypt(padded, m.ct, ad, m.n, message_key))
        result = psg1_error::aead_failed;
    else if (!sodium_unpad(padded, message_pad_block))
        result = psg1_error::bad_padding;
    else if (!is_canonical_plaintext(m.kind, padded))
        result = psg1_error::bad_plaintext;
    if (result != psg1_error::ok)
    {
        sodium_memzero(padded);
        wipe_scratch();
        return result;
    }

    // 8. Commit: use up the skipped key, or advance the chain keeping the keys passed over.
    if (from_skipped)
    {
        sodium_memzero(skipped_it->second);
        skipped_.erase(skipped_it);
    }
    else
    {
        for (auto const& [c, key] : passed_over)
            skipped_.emplace(c, key);
        chain_key_ = scratch_chain;
        next_ctr_ = m.ctr + 1;
        while (skipped_.size() > max_skipped)
        {
            sodium_memzero(skipped_.begin()->second);
            skipped_.erase(skipped_.begin());
        }
    }
    wipe_scratch();
    pt = std::move(padded);
    return psg1_error::ok;
}

} // namespace sirkel::protocol
