// The frames a client may send (PROTOCOL.md §4 and PSG1.md §8), as typed values after
// validation. Binary fields are already decoded and length-checked. The frames the server
// relays (msg, ekey, skd) keep only what the server checks and routes on: the server forwards
// the original text of the frame, byte for byte.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

namespace sirkel::protocol
{

/// SEAL(tk, IK_dh.pk): a ground-rules text key sealed to one member (PSG1.md §3.7), 80 bytes.
using sealed_text_key = std::array<byte, 80>;
/// SEAL(signer_id || jk || sig, IK_dh.pk): a join key sealed to one member (§4.2), 160 bytes.
using sealed_join_key = std::array<byte, 160>;
/// AEAD(req.pt, ...): a join request's ciphertext (§4.4), 321 bytes.
using join_request_ciphertext = std::array<byte, 321>;

/// {"to","k"} of a doc's keys.
struct doc_key
{
    id16 to{};
    sealed_text_key k{};
};

/// {"to","k"} of an invite's jks.
struct join_key_copy
{
    id16 to{};
    sealed_join_key k{};
};

/// {"n","c"}: a nonce and a padded AEAD ciphertext of 16 + 256·k bytes (invite info, §4.2).
struct sealed_box
{
    nonce24 n{};
    bytes c;
};

/// D of PSG1.md §8.2: the ground-rules text sealed to every member of the base version.
struct sealed_doc
{
    nonce24 n{};
    bytes c;
    std::vector<doc_key> keys;
};

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

/// roster_get in one of its two forms: versions from a number on, or from the one with a hash.
struct roster_get_frame
{
    std::optional<std::uint64_t> from_version; ///< set in the "from" form
    std::optional<key32> from_hash;            ///< set in the "rh" form
};

struct roster_propose_frame
{
    bytes tbs; ///< 114..1086 bytes; roster::parse judges the rest
    signature64 sig{};
    std::optional<sealed_doc> doc;
};

struct approve_frame
{
    key32 roster_hash{};
    signature64 sig{};
};

struct object_frame
{
    key32 roster_hash{};
};

struct withdraw_frame
{
    key32 roster_hash{};
};

struct invite_create_frame
{
    id16 invite{};
    key32 token_hash{}; ///< th = H(tok)
    std::uint64_t roster_version = 0;
    std::uint32_t ttl_s = 0; ///< 3600..2592000
    std::uint8_t uses = 0;   ///< 1..12
    sealed_box info;
    std::vector<join_key_copy> jks;
};

struct invite_revoke_frame
{
    id16 invite{};
};

struct invite_keys_frame
{
    id16 invite{};
    std::vector<join_key_copy> jks;
};

struct knock_frame
{
    id16 invite{};
    key32 token{};
};

struct join_request_frame
{
    id16 invite{};
    key32 token{};
    id16 member{};
    key32 sig_pk{};
    key32 dh_pk{};
    key32 pledge_hash{}; ///< ph
    signature64 pledge{};
    nonce24 n{};
    join_request_ciphertext c{};
    signature64 sig{}; ///< possession, over this connection's challenge
};

struct join_withdraw_frame
{
};

struct decline_frame
{
    id16 member{};
    signature64 sig{};
};

/// An epoch key announcement (PSG1.md §5.2). The server verifies sig and relays the text.
struct ekey_frame
{
    id16 session{};
    std::uint32_t epoch = 0;
    id16 from{};
    std::uint64_t roster_version = 0;
    key32 roster_hash{};
    key32 ek{};
    signature64 sig{};
};

/// A sender-key distribution (PSG1.md §5.3). The server checks the recipients and relays the
/// text whole; the boxes' nonces and ciphertexts are only length-checked.
struct skd_frame
{
    id16 session{};
    std::uint32_t epoch = 0;
    id16 from{};
    std::vector<id16> recipients; ///< each box's "to", in the frame's order
};

/// The kind of a round (PROTOCOL.md §8.5 floor_round "kind").
enum class round_kind : std::uint8_t
{
    opening,
    closing,
    other,
};

/// Where the floor goes when a round's last turn ends (floor_round "after").
enum class after_round : std::uint8_t
{
    open,
    on_break,
};

/// What a floor frame of PROTOCOL.md §8.5 asks for, one per frame type.
enum class floor_action : std::uint8_t
{
    start_round,  ///< floor_round
    next_speaker, ///< floor_next
    open_floor,   ///< floor_open
    set_hands,    ///< floor_hands
    grant,        ///< floor_grant
    start_break,  ///< floor_break
    remove,       ///< floor_remove
    hand_over,    ///< floor_hand_over
    take_chair,   ///< floor_take_chair
    end_meeting,  ///< meeting_end
    raise_hand,   ///< floor_raise
    lower_hand,   ///< floor_lower
    done,         ///< floor_done
    pass,         ///< floor_pass
    yield,        ///< floor_yield
};

/// Every floor frame in one shape: the action and the fields its type has (the others keep
/// their defaults), so that the session hands each to the room in one place.
struct floor_frame
{
    floor_action action = floor_action::open_floor;
    /// floor_next's speaker, floor_grant's and floor_remove's member, floor_hand_over's to.
    id16 member{};
    bool on = false; ///< floor_hands
    round_kind kind = round_kind::other;
    after_round after = after_round::open;
    std::optional<std::uint16_t> turn_s; ///< floor_round: 0 (none) or 30..3600
};

/// "I can't come to the next meeting" (on) or taking it back (PROTOCOL.md §8.2).
struct away_frame
{
    bool on = false;
};

using client_frame =
    std::variant<hello_frame, auth_frame, redeem_frame, join_frame, leave_frame, msg_frame,
                 roster_get_frame, roster_propose_frame, approve_frame, object_frame,
                 withdraw_frame, invite_create_frame, invite_revoke_frame, invite_keys_frame,
                 knock_frame, join_request_frame, join_withdraw_frame, decline_frame, ekey_frame,
                 skd_frame, floor_frame, away_frame>;

/// Whether the server forwards this frame type's original text (msg, ekey, skd).
template <typename Frame>
inline constexpr bool is_relayed_frame =
    std::is_same_v<Frame, msg_frame> || std::is_same_v<Frame, ekey_frame> ||
    std::is_same_v<Frame, skd_frame>;

} // namespace sirkel::protocol
