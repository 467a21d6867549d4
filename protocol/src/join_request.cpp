#include "sirkel/protocol/join_request.hpp"

#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view pledge_label = "PSG1-pledge";
constexpr std::string_view joinsig_label = "PSG1-joinsig";
constexpr std::string_view join_label = "PSG1-join";
constexpr std::string_view request_label = "PSG1-request";
constexpr std::string_view decline_label = "PSG1-decline";
constexpr std::uint8_t adult_confirmed_yes = 1;

// req.pt without join_sig: exactly the bytes join_sig signs after its label, room and invite.
struct request_body
{
    id16 member_id{};
    key32 sig_pk{};
    key32 dh_pk{};
    key32 pledge_hash{};
    std::uint8_t adult_confirmed = 0;
    signature64 pledge_sig{};
    name64 name{};

    void append_to(bytes& out) const
    {
        append(out, member_id);
        append(out, sig_pk);
        append(out, dh_pk);
        append(out, pledge_hash);
        append_be(out, adult_confirmed, 1);
        append(out, pledge_sig);
        append(out, name);
    }
};

bytes join_signed_bytes(id16 const& room_id, id16 const& invite_id, request_body const& body)
{
    bytes out;
    append_lp(out, joinsig_label);
    append(out, room_id);
    append(out, invite_id);
    body.append_to(out);
    return out;
}

// Reads fixed fields from the front of req.pt; the caller checked its length.
class field_reader
{
public:
    explicit field_reader(byte_view data) noexcept : data_(data) {}

    template <typename Array>
    [[nodiscard]] Array array() noexcept
    {
        Array a{};
        std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), a.size(), a.begin());
        pos_ += a.size();
        return a;
    }

    [[nodiscard]] std::uint8_t u8() noexcept { return data_[pos_++]; }

private:
    byte_view data_;
    std::size_t pos_ = 0;
};

} // namespace

bytes pledge_message(id16 const& room_id, key32 const& pledge_hash, std::uint8_t adult_confirmed)
{
    bytes out;
    append_lp(out, pledge_label);
    append(out, room_id);
    append(out, pledge_hash);
    append_be(out, adult_confirmed, 1);
    return out;
}

bytes join_request_ad(id16 const& room_id, id16 const& invite_id)
{
    bytes out;
    append_lp(out, join_label);
    append(out, room_id);
    append(out, invite_id);
    return out;
}

bytes possession_message(std::string_view origin, key32 const& challenge, id16 const& room_id,
                         id16 const& invite_id, id16 const& member_id, key32 const& sig_pk,
                         key32 const& dh_pk)
{
    bytes out;
    append_lp(out, request_label);
    append_lp(out, origin);
    append(out, challenge);
    append(out, room_id);
    append(out, invite_id);
    append(out, member_id);
    append(out, sig_pk);
    append(out, dh_pk);
    return out;
}

psg1_error build_join_request(join_request_input const& in, std::span<byte const, 64> sig_sk,
                              key32 const& jk, join_request& out)
{
    request_body body{in.member_id,       in.sig_pk, in.dh_pk, in.pledge_hash,
                      in.adult_confirmed, {},        {}};
    if (auto const e = pad_name64(in.name, body.name); e != psg1_error::ok)
        return e;
    body.pledge_sig =
        sign_detached(pledge_message(in.room_id, in.pledge_hash, in.adult_confirmed), sig_sk);

    bytes pt;
    pt.reserve(join_request_plaintext_bytes);
    body.append_to(pt);
    append(pt, sign_detached(join_signed_bytes(in.room_id, in.invite_id, body), sig_sk));

    join_request r;
    r.member_id = in.member_id;
    r.sig_pk = in.sig_pk;
    r.dh_pk = in.dh_pk;
    r.pledge_hash = in.pledge_hash;
    r.pledge_sig = body.pledge_sig;
    r.n = in.n;
    r.c = aead_xchacha20poly1305_ietf_encrypt(pt, join_request_ad(in.room_id, in.invite_id), in.n,
                                              jk);
    sodium_memzero(pt); // it holds the name
    r.possession =
        sign_detached(possession_message(in.origin, in.challenge, in.room_id, in.invite_id,
                                         in.member_id, in.sig_pk, in.dh_pk),
                      sig_sk);
    out = std::move(r);
    return psg1_error::ok;
}

bool possession_holds(join_request const& r, std::string_view origin, key32 const& challenge,
                      id16 const& room_id, id16 const& invite_id)
{
    return sign_verify_detached(
        r.possession,
        possession_message(origin, challenge, room_id, invite_id, r.member_id, r.sig_pk, r.dh_pk),
        r.sig_pk);
}

psg1_error verify_pledge(join_request const& r, id16 const& room_id,
                         key32 const& current_pledge_hash)
{
    if (r.pledge_hash != current_pledge_hash ||
        !sign_verify_detached(
            r.pledge_sig, pledge_message(room_id, r.pledge_hash, adult_confirmed_yes), r.sig_pk))
        return psg1_error::pledge_invalid;
    return psg1_error::ok;
}

psg1_error open_join_request(join_request const& r, id16 const& room_id, id16 const& invite_id,
                             key32 const& jk, key32 const& current_pledge_hash, std::string& name)
{
    bytes pt;
    if (!aead_xchacha20poly1305_ietf_decrypt(pt, r.c, join_request_ad(room_id, invite_id), r.n, jk))
        return psg1_error::aead_failed;
    if (pt.size() != join_request_plaintext_bytes)
    {
        sodium_memzero(pt);
        return psg1_error::bad_encoding;
    }
    field_reader read(pt);
    request_body body;
    body.member_id = read.array<id16>();
    body.sig_pk = read.array<key32>();
    body.dh_pk = read.array<key32>();
    body.pledge_hash = read.array<key32>();
    body.adult_confirmed = read.u8();
    body.pledge_sig = read.array<signature64>();
    body.name = read.array<name64>();
    auto const join_sig = read.array<signature64>();
    sodium_memzero(pt);

    auto const verdict = [&]
    {
        if (body.member_id != r.member_id || body.sig_pk != r.sig_pk || body.dh_pk != r.dh_pk ||
            body.pledge_hash != r.pledge_hash || body.pledge_sig != r.pledge_sig)
            return psg1_error::request_mismatch;
        if (body.adult_confirmed != adult_confirmed_yes)
            return psg1_error::pledge_invalid;
        if (auto const e = verify_pledge(r, room_id, current_pledge_hash); e != psg1_error::ok)
            return e;
        if (!sign_verify_detached(join_sig, join_signed_bytes(room_id, invite_id, body),
                                  body.sig_pk))
            return psg1_error::sig_invalid;
        return unpad_name64(body.name, name);
    }();
    sodium_memzero(body.name);
    return verdict;
}

bytes decline_message(id16 const& room_id, id16 const& invite_id, id16 const& joiner_member_id,
                      key32 const& joiner_sig_pk)
{
    bytes out;
    append_lp(out, decline_label);
    append(out, room_id);
    append(out, invite_id);
    append(out, joiner_member_id);
    append(out, joiner_sig_pk);
    return out;
}

roster_approval sign_decline(id16 const& room_id, id16 const& invite_id,
                             id16 const& joiner_member_id, key32 const& joiner_sig_pk,
                             id16 const& decliner_id, std::span<byte const, 64> sig_sk)
{
    return {decliner_id,
            sign_detached(decline_message(room_id, invite_id, joiner_member_id, joiner_sig_pk),
                          sig_sk)};
}

psg1_error verify_decline(roster_approval const& decline, id16 const& room_id,
                          id16 const& invite_id, id16 const& joiner_member_id,
                          key32 const& joiner_sig_pk, roster const& current)
{
    auto const* decliner = current.find(decline.member_id);
    if (decliner == nullptr ||
        !sign_verify_detached(decline.sig,
                              decline_message(room_id, invite_id, joiner_member_id, joiner_sig_pk),
                              decliner->sig_pk))
        return psg1_error::approval_invalid;
    return psg1_error::ok;
}

} // namespace sirkel::protocol
