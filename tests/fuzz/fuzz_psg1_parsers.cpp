// Fuzz target of PSG1's parsers of received bytes: base64url, NAME64, UTF-8, the invite link, and
// the plaintexts behind the AEADs and boxes (invite info, sender key, join request, sealed join
// key, ground-rules doc, message). The first input byte picks the parser. For the encrypted ones
// the harness encrypts the rest of the input with the vectors' keys, so the fuzzer writes the
// plaintext the parser reads after a successful decryption (a mutated ciphertext would only ever
// reach aead_failed).
//
// Invariants beyond "no crash, no sanitizer report, no exception": where a codec has both
// directions, whatever the parser accepts encodes back to exactly the input (a parser that
// accepts two encodings of one value lets a sender vary bytes the receiver cannot see); and an
// accepted value keeps the rules its type promises (a valid name, canonical plaintext).
#include "fuzz_require.hpp"
#include "psg1_fixtures.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/ground_rules_doc.hpp"
#include "sirkel/protocol/invite_info.hpp"
#include "sirkel/protocol/invite_link.hpp"
#include "sirkel/protocol/join_key_seal.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/message_receiver.hpp"
#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/psg1_message.hpp"
#include "sirkel/protocol/sender_key_distribution.hpp"
#include "sirkel/protocol/utf8.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace
{

using namespace sirkel::protocol;
using sirkel::fuzz::psg1_fixtures;
using sirkel::fuzz::require;

enum class parser : std::uint8_t
{
    base64url,
    name64,
    utf8,
    invite_link,
    invite_info,
    sender_key,
    join_request,
    join_key,
    ground_rules_doc,
    plaintext,
    message,
    count,
};

std::string_view as_text(byte_view b)
{
    return {reinterpret_cast<char const*>(b.data()), b.size()};
}

bool equal(byte_view a, byte_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

psg1_fixtures::member const& member(std::size_t k)
{
    return psg1_fixtures::get().members.at(k);
}

void base64url_round_trip(byte_view input)
{
    auto const text = as_text(input);
    auto const decoded = base64url_decode(text, input.size());
    if (!decoded)
        return;
    require(base64url_encode(*decoded) == text, "base64url: decode then encode gives the text");
    bytes exact(decoded->size());
    require(base64url_decode_exact(text, exact) && exact == *decoded,
            "base64url: the exact decoder agrees");
}

void name64_round_trip(byte_view input)
{
    std::string name;
    if (unpad_name64(input, name) != psg1_error::ok)
        return;
    name64 padded{};
    require(pad_name64(name, padded) == psg1_error::ok, "NAME64: an opened name is a valid name");
    require(equal(padded, input), "NAME64: unpad then pad gives the 64 bytes");
}

void utf8_round_trip(byte_view input)
{
    auto const text = as_text(input);
    std::u32string code_points;
    bool const decoded = decode_utf8(text, code_points);
    require(decoded == is_valid_utf8(text), "UTF-8: decode and is_valid agree");
    if (!decoded)
        return;
    std::string encoded;
    for (char32_t const c : code_points)
    {
        require(c <= 0x10ffff && (c < 0xd800 || c > 0xdfff), "UTF-8: a scalar value");
        auto const u = static_cast<std::uint32_t>(c);
        if (u < 0x80)
            encoded.push_back(static_cast<char>(u));
        else if (u < 0x800)
        {
            encoded.push_back(static_cast<char>(0xc0 | (u >> 6)));
            encoded.push_back(static_cast<char>(0x80 | (u & 0x3f)));
        }
        else if (u < 0x10000)
        {
            encoded.push_back(static_cast<char>(0xe0 | (u >> 12)));
            encoded.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3f)));
            encoded.push_back(static_cast<char>(0x80 | (u & 0x3f)));
        }
        else
        {
            encoded.push_back(static_cast<char>(0xf0 | (u >> 18)));
            encoded.push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3f)));
            encoded.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3f)));
            encoded.push_back(static_cast<char>(0x80 | (u & 0x3f)));
        }
    }
    require(encoded == text, "UTF-8: decode then encode gives the bytes");
}

void invite_link_round_trip(byte_view input)
{
    auto const url = as_text(input);
    auto const link = invite_link::parse(url);
    if (!link)
        return;
    // <origin>/j/<22 characters>#1.<...>: the origin is all before the path.
    constexpr std::size_t path_and_group = 3 + 22;
    auto const origin = url.substr(0, url.find('#') - path_and_group);
    require(link->to_url(origin) == url, "invite link: parse then to_url gives the link");
}

void invite_info_round_trip(byte_view padded)
{
    auto const& fx = psg1_fixtures::get();
    auto const ik = kdf_invite_info_key(fx.invite_secret);
    auto const c = aead_xchacha20poly1305_ietf_encrypt(
        padded, invite_info_ad(fx.room_id, fx.invite_id), fx.nonce, ik);
    invite_info info;
    if (open_invite_info(c, fx.room_id, fx.invite_id, fx.nonce, ik, info) != psg1_error::ok)
        return;
    bytes resealed;
    require(seal_invite_info(info, fx.room_id, fx.invite_id, fx.nonce, ik, resealed) ==
                psg1_error::ok,
            "invite info: an opened info seals again");
    require(resealed == c, "invite info: open then seal gives the ciphertext");
}

void sender_key_round_trip(byte_view plaintext)
{
    auto const& fx = psg1_fixtures::get();
    auto const& from = member(0);
    auto const& to = member(1);
    sender_key_route const route{fx.room_id, fx.session_id, 3, from.id, to.id};
    auto const c = box_easy(plaintext, fx.nonce, to.ek_pk, from.ek_sk);
    sender_key key;
    if (open_sender_key(route, c, fx.nonce, from.ek_pk, to.ek_sk, key) != psg1_error::ok)
        return;
    require(check_name(key.name) == psg1_error::ok, "sender key: the name is valid");
    bytes resealed;
    require(seal_sender_key(route, key, fx.nonce, to.ek_pk, from.ek_sk, resealed) == psg1_error::ok,
            "sender key: an opened key seals again");
    require(resealed == c, "sender key: open then seal gives the box");
}

void join_request_open(byte_view plaintext)
{
    auto const& fx = psg1_fixtures::get();
    auto const jk = kdf_invite_join_key(fx.invite_secret);
    join_request r;
    r.c = aead_xchacha20poly1305_ietf_encrypt(plaintext, join_request_ad(fx.room_id, fx.invite_id),
                                              fx.nonce, jk);
    r.n = fx.nonce;
    // The clear fields repeat the inner ones, as an honest joiner sends them: the fuzzer then
    // gets past request_mismatch to the pledge, the signature and the name.
    if (plaintext.size() == join_request_plaintext_bytes)
    {
        std::size_t at = 0;
        auto const take = [&](auto& field)
        {
            std::copy_n(plaintext.begin() + static_cast<std::ptrdiff_t>(at), field.size(),
                        field.begin());
            at += field.size();
        };
        take(r.member_id);
        take(r.sig_pk);
        take(r.dh_pk);
        take(r.pledge_hash);
        ++at; // adult_confirmed
        take(r.pledge_sig);
    }
    std::string name;
    if (open_join_request(r, fx.room_id, fx.invite_id, jk, fx.pledge_hash, name) != psg1_error::ok)
        return;
    require(check_name(name) == psg1_error::ok, "join request: the name is valid");
    require(verify_pledge(r, fx.room_id, fx.pledge_hash) == psg1_error::ok,
            "join request: an opened request has a valid pledge");
}

void join_key_open(byte_view plaintext)
{
    auto const& fx = psg1_fixtures::get();
    auto const& self = member(1);
    // Version 6 of the chain has all five members, so any of them may sign.
    auto const& verified = fx.chain.at(5);
    auto const sealed = box_seal(plaintext, self.dh_pk);
    key32 jk{};
    if (open_join_key(sealed, fx.room_id, fx.invite_id, self.id, self.dh_pk, self.dh_sk, verified,
                      jk) != psg1_error::ok)
        return;
    require(plaintext.size() == 16 + 32 + 64, "join key: signer, jk and signature");
    require(equal(jk, plaintext.subspan(16, 32)), "join key: jk is the sealed one");
    id16 signer{};
    std::copy_n(plaintext.begin(), signer.size(), signer.begin());
    require(verified.find(signer) != nullptr, "join key: the signer is a member");
}

void ground_rules_doc_open(byte_view padded)
{
    auto const& fx = psg1_fixtures::get();
    auto const& self = member(1);
    static key32 const tk = [] { return generichash32(as_byte_view("fuzz tk")); }();
    // A seal is randomised: made once, so that every run opens the same key.
    static bytes const sealed_tk = box_seal(tk, member(1).dh_pk);
    // The pledge hash that the fuzzer's text, once unpadded, would have: else only the one
    // text of the vectors would ever pass.
    bytes unpadded(padded.begin(), padded.end());
    key32 const pledge_hash =
        sodium_unpad(unpadded, 256) ? generichash32(unpadded) : fx.pledge_hash;
    ground_rules_doc doc;
    doc.n = fx.nonce;
    doc.c = aead_xchacha20poly1305_ietf_encrypt(padded, ground_rules_ad(fx.room_id, pledge_hash),
                                                doc.n, tk);
    doc.keys.push_back({self.id, sealed_tk});
    std::string text;
    if (open_ground_rules_doc(doc, fx.room_id, pledge_hash, self.id, self.dh_pk, self.dh_sk,
                              text) != psg1_error::ok)
        return;
    require(check_ground_rules_text(text, pledge_hash) == psg1_error::ok,
            "ground rules: an opened text keeps the rules");
    require(sodium_pad(as_byte_view(text), 256) == bytes(padded.begin(), padded.end()),
            "ground rules: open then pad gives the plaintext");
}

void plaintext_canonical(byte_view input)
{
    if (input.empty())
        return;
    auto const kind = static_cast<std::uint8_t>(input[0] % 4);
    auto const pt = input.subspan(1);
    if (!is_canonical_plaintext(kind, pt))
        return;
    auto const text = as_text(pt);
    boost::system::error_code ec;
    auto const value = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
    require(!ec && value.is_object() && value.as_object().size() == 1,
            "plaintext: canonical is one JSON object of one member");
    require(text.find_first_of(" \n\r\t") == std::string_view::npos || kind == 1,
            "plaintext: no whitespace outside a text");
}

void message_open(byte_view input)
{
    if (input.empty())
        return;
    auto const& fx = psg1_fixtures::get();
    auto const& from = member(0);
    psg1_message m;
    m.session_id = fx.session_id;
    m.ep = 3;
    m.from = from.id;
    m.ctr = 0;
    m.kind = static_cast<std::uint8_t>(input[0] % 4);
    m.n = fx.nonce;
    auto const padded = input.subspan(1);
    auto const ad = message_ad(fx.room_id, m.session_id, m.ep, m.from, m.ctr, m.kind);
    m.ct = aead_xchacha20poly1305_ietf_encrypt(padded, ad, m.n, kdf_ratchet_message_key(from.ck0));
    m.sig = sign_detached(message_signed_bytes(ad, m.n, m.ct), from.sk_msg_sk);
    message_receiver receiver(fx.room_id, m.session_id, m.ep, m.from, from.ck0, from.sk_msg_pk);
    bytes pt;
    if (receiver.open(m, pt) != psg1_error::ok)
    {
        require(pt.empty() && receiver.next_ctr() == 0, "message: a refusal changes nothing");
        return;
    }
    require(is_canonical_plaintext(m.kind, pt), "message: the plaintext is canonical");
    require(sodium_pad(pt, message_pad_block) == bytes(padded.begin(), padded.end()),
            "message: open then pad gives the plaintext");
    require(receiver.next_ctr() == 1, "message: the chain moved on");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    static_cast<void>(psg1_fixtures::get());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size == 0)
        return 0;
    byte_view const input(data + 1, size - 1);
    switch (static_cast<parser>(data[0] % static_cast<std::uint8_t>(parser::count)))
    {
    case parser::base64url:
        base64url_round_trip(input);
        break;
    case parser::name64:
        name64_round_trip(input);
        break;
    case parser::utf8:
        utf8_round_trip(input);
        break;
    case parser::invite_link:
        invite_link_round_trip(input);
        break;
    case parser::invite_info:
        invite_info_round_trip(input);
        break;
    case parser::sender_key:
        sender_key_round_trip(input);
        break;
    case parser::join_request:
        join_request_open(input);
        break;
    case parser::join_key:
        join_key_open(input);
        break;
    case parser::ground_rules_doc:
        ground_rules_doc_open(input);
        break;
    case parser::plaintext:
        plaintext_canonical(input);
        break;
    case parser::message:
        message_open(input);
        break;
    case parser::count:
        break;
    }
    return 0;
}
