#include "sirkel/protocol/message_sender.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>

namespace sirkel::protocol
{

message_sender::message_sender(id16 const& room_id, id16 const& session_id, std::uint32_t ep,
                               id16 const& member_id, key32 const& chain_key,
                               std::span<byte const, 64> sk_msg) noexcept
    : room_id_(room_id), session_id_(session_id), ep_(ep), member_id_(member_id),
      chain_key_(chain_key)
{
    std::copy(sk_msg.begin(), sk_msg.end(), sk_msg_.begin());
}

message_sender::~message_sender()
{
    sodium_memzero(chain_key_);
    sodium_memzero(sk_msg_);
}

psg1_error message_sender::seal(std::uint8_t kind, byte_view pt, psg1_message& out)
{
    return seal(kind, pt, random_array<nonce24>(), out);
}

psg1_error message_sender::seal(std::uint8_t kind, byte_view pt, nonce24 const& n,
                                psg1_message& out)
{
    if (next_ctr_ >= message_ctr_limit || pt.size() >= message_pad_block * message_max_blocks)
        return psg1_error::out_of_range;

    auto const ad = message_ad(room_id_, session_id_, ep_, member_id_, next_ctr_, kind);
    auto padded = sodium_pad(pt, message_pad_block);
    auto message_key = kdf_ratchet_message_key(chain_key_);
    psg1_message m;
    m.session_id = session_id_;
    m.ep = ep_;
    m.from = member_id_;
    m.ctr = next_ctr_;
    m.kind = kind;
    m.n = n;
    m.ct = aead_xchacha20poly1305_ietf_encrypt(padded, ad, n, message_key);
    m.sig = sign_detached(message_signed_bytes(ad, n, m.ct), sk_msg_);

    // Step the chain and wipe what was used (§5.5: MK_n and CK_n right after use).
    auto next_chain_key = kdf_ratchet_chain_key(chain_key_);
    sodium_memzero(message_key);
    sodium_memzero(padded);
    chain_key_ = next_chain_key;
    sodium_memzero(next_chain_key);
    ++next_ctr_;
    out = std::move(m);
    return psg1_error::ok;
}

} // namespace sirkel::protocol
