#include "sirkel/protocol/ground_rules_doc.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/utf8.hpp"

#include <algorithm>

namespace sirkel::protocol
{
namespace
{

constexpr std::string_view text_label = "PSG1-text";
constexpr std::size_t text_pad_block = 256;

} // namespace

psg1_error check_ground_rules_text(std::string_view text)
{
    if (text.empty() || text.size() > ground_rules_max_bytes || !is_valid_utf8(text))
        return psg1_error::doc_invalid;
    return psg1_error::ok;
}

key32 pledge_hash_of(std::string_view text)
{
    return generichash32(as_byte_view(text));
}

psg1_error check_ground_rules_text(std::string_view text, key32 const& pledge_hash)
{
    if (auto const e = check_ground_rules_text(text); e != psg1_error::ok)
        return e;
    if (!equal_constant_time(pledge_hash_of(text), pledge_hash))
        return psg1_error::doc_invalid;
    return psg1_error::ok;
}

bytes ground_rules_ad(id16 const& room_id, key32 const& pledge_hash)
{
    bytes out;
    append_lp(out, text_label);
    append(out, room_id);
    append(out, pledge_hash);
    return out;
}

psg1_error seal_ground_rules_doc(std::string_view text, roster const& base, key32 const& tk,
                                 nonce24 const& n, ground_rules_doc& out)
{
    if (auto const e = check_ground_rules_text(text); e != psg1_error::ok)
        return e;
    ground_rules_doc doc;
    doc.n = n;
    doc.c = aead_xchacha20poly1305_ietf_encrypt(
        sodium_pad(as_byte_view(text), text_pad_block),
        ground_rules_ad(base.room_id(), pledge_hash_of(text)), n, tk);
    for (auto const& member : base.entries())
        doc.keys.push_back({member.member_id, box_seal(tk, member.dh_pk)});
    out = std::move(doc);
    return psg1_error::ok;
}

psg1_error open_ground_rules_doc(ground_rules_doc const& doc, id16 const& room_id,
                                 key32 const& pledge_hash, id16 const& self_id,
                                 key32 const& self_dh_pk, key32 const& self_dh_sk,
                                 std::string& text)
{
    auto const is_mine = [&](ground_rules_key const& k) { return k.to == self_id; };
    auto const mine = std::find_if(doc.keys.begin(), doc.keys.end(), is_mine);
    if (mine == doc.keys.end() || std::count_if(doc.keys.begin(), doc.keys.end(), is_mine) != 1)
        return psg1_error::doc_invalid;

    bytes tk_bytes;
    if (!box_seal_open(tk_bytes, mine->k, self_dh_pk, self_dh_sk) ||
        tk_bytes.size() != std::tuple_size_v<key32>)
    {
        sodium_memzero(tk_bytes);
        return psg1_error::aead_failed;
    }
    key32 tk{};
    std::copy(tk_bytes.begin(), tk_bytes.end(), tk.begin());
    sodium_memzero(tk_bytes);

    bytes pt;
    bool const opened = aead_xchacha20poly1305_ietf_decrypt(
        pt, doc.c, ground_rules_ad(room_id, pledge_hash), doc.n, tk);
    sodium_memzero(tk);
    if (!opened)
        return psg1_error::aead_failed;
    if (!sodium_unpad(pt, text_pad_block))
        return psg1_error::bad_padding;
    std::string candidate(pt.begin(), pt.end());
    if (auto const e = check_ground_rules_text(candidate, pledge_hash); e != psg1_error::ok)
        return e;
    text = std::move(candidate);
    return psg1_error::ok;
}

} // namespace sirkel::protocol
