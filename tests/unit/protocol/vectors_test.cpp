// The frozen PSG1 test vectors (protocol/vectors/psg1-v1.json, PSG1.md §9), run against the C++
// implementation. The TypeScript runner (client-web/test/vectors.test.ts) runs the same file;
// every case id must pass in both. An op this runner does not know is a failure.
#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/ground_rules_doc.hpp"
#include "sirkel/protocol/invite_info.hpp"
#include "sirkel/protocol/invite_link.hpp"
#include "sirkel/protocol/join_key_seal.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/message_receiver.hpp"
#include "sirkel/protocol/message_sender.hpp"
#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/psg1_ekey.hpp"
#include "sirkel/protocol/psg1_message.hpp"
#include "sirkel/protocol/roster.hpp"
#include "sirkel/protocol/safety_number.hpp"
#include "sirkel/protocol/sender_key_distribution.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>
#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace sirkel::protocol;
namespace json = boost::json;

namespace
{

// A malformed vector file is a failure of the case that reads it, reported with its id.
struct bad_vector : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

std::string str(json::value const& v)
{
    if (!v.is_string())
        throw bad_vector("expected a string");
    return std::string(v.as_string());
}

std::string text(json::object const& o, std::string_view key)
{
    auto const* v = o.if_contains(key);
    if (v == nullptr || !v->is_string())
        throw bad_vector("missing string " + std::string(key));
    return std::string(v->as_string());
}

std::int64_t integer(json::object const& o, std::string_view key)
{
    auto const* v = o.if_contains(key);
    if (v == nullptr || !v->is_int64())
        throw bad_vector("missing integer " + std::string(key));
    return v->as_int64();
}

json::object const& object(json::object const& o, std::string_view key)
{
    auto const* v = o.if_contains(key);
    if (v == nullptr || !v->is_object())
        throw bad_vector("missing object " + std::string(key));
    return v->as_object();
}

json::array const& array(json::object const& o, std::string_view key)
{
    auto const* v = o.if_contains(key);
    if (v == nullptr || !v->is_array())
        throw bad_vector("missing array " + std::string(key));
    return v->as_array();
}

bytes from_hex(std::string const& h)
{
    bytes out(h.size() / 2);
    // An empty value is valid and has no buffer: libsodium must not get a null pointer.
    if (h.empty())
        return out;
    std::size_t len = 0;
    if (h.size() % 2 != 0 ||
        sodium_hex2bin(out.data(), out.size(), h.data(), h.size(), nullptr, &len, nullptr) != 0 ||
        len != out.size())
        throw bad_vector("bad hex");
    return out;
}

std::string to_hex(byte_view b)
{
    std::string out(b.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), b.data(), b.size());
    out.pop_back();
    return out;
}

template <typename Array>
Array fixed(std::string const& h)
{
    auto const b = from_hex(h);
    Array a{};
    if (b.size() != a.size())
        throw bad_vector("hex of the wrong length");
    std::copy(b.begin(), b.end(), a.begin());
    return a;
}

template <typename Array>
Array fixed(json::object const& o, std::string_view key)
{
    return fixed<Array>(text(o, key));
}

bytes hex_field(json::object const& o, std::string_view key)
{
    return from_hex(text(o, key));
}

struct member
{
    id16 id{};
    key32 sig_pk{};
    std::array<byte, 64> sig_sk{};
    key32 dh_pk{};
    key32 dh_sk{};
    std::string name;
    key32 ek_pk{};
    key32 ek_sk{};
    key32 ck0{};
    key32 sk_msg_pk{};
    std::array<byte, 64> sk_msg_sk{};
};

struct fixtures
{
    id16 room_id{};
    id16 session_id{};
    std::string origin;
    id16 invite_id{};
    key32 invite_secret{};
    std::map<std::string, member> members;

    member const& at(json::object const& o, std::string_view key) const
    {
        auto const it = members.find(text(o, key));
        if (it == members.end())
            throw bad_vector("no such member");
        return it->second;
    }
};

std::filesystem::path vectors_path()
{
    return std::filesystem::path(SIRKEL_SOURCE_DIR) / "protocol" / "vectors" / "psg1-v1.json";
}

json::value load()
{
    std::ifstream in(vectors_path(), std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << vectors_path().string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return json::parse(buffer.str());
}

fixtures read_fixtures(json::object const& fx)
{
    fixtures f;
    f.room_id = fixed<id16>(fx, "room_id");
    f.session_id = fixed<id16>(fx, "session_id");
    f.origin = text(fx, "origin");
    auto const& invite = object(fx, "invite");
    f.invite_id = fixed<id16>(invite, "invite_id");
    f.invite_secret = fixed<key32>(invite, "invite_secret");
    for (auto const& v : array(fx, "members"))
    {
        auto const& m = v.as_object();
        auto const& ep = object(m, "epoch");
        member x;
        x.id = fixed<id16>(m, "member_id");
        x.sig_pk = fixed<key32>(m, "sig_pk");
        x.sig_sk = fixed<std::array<byte, 64>>(m, "sig_sk");
        x.dh_pk = fixed<key32>(m, "dh_pk");
        x.dh_sk = fixed<key32>(m, "dh_sk");
        x.name = text(m, "name");
        x.ek_pk = fixed<key32>(ep, "ek_pk");
        x.ek_sk = fixed<key32>(ep, "ek_sk");
        x.ck0 = fixed<key32>(ep, "ck0");
        x.sk_msg_pk = fixed<key32>(ep, "sk_msg_pk");
        x.sk_msg_sk = fixed<std::array<byte, 64>>(ep, "sk_msg_sk");

        // The fixture keys must expand from the seeds of §9.
        auto const sig_seed = fixed<key32>(m, "sig_seed");
        auto const dh_seed = fixed<key32>(m, "dh_seed");
        key32 pk{};
        std::array<byte, 64> sk{};
        key32 box_sk{};
        crypto_sign_seed_keypair(pk.data(), sk.data(), sig_seed.data());
        CHECK(pk == x.sig_pk);
        CHECK(sk == x.sig_sk);
        crypto_box_seed_keypair(pk.data(), box_sk.data(), dh_seed.data());
        CHECK(pk == x.dh_pk);
        CHECK(box_sk == x.dh_sk);
        auto const ek_seed = fixed<key32>(ep, "ek_seed");
        crypto_box_seed_keypair(pk.data(), box_sk.data(), ek_seed.data());
        CHECK(pk == x.ek_pk);
        CHECK(box_sk == x.ek_sk);
        auto const sk_msg_seed = fixed<key32>(ep, "sk_msg_seed");
        crypto_sign_seed_keypair(pk.data(), sk.data(), sk_msg_seed.data());
        CHECK(pk == x.sk_msg_pk);
        CHECK(sk == x.sk_msg_sk);
        f.members.emplace(text(m, "label"), x);
    }
    return f;
}

// What one case gives: "ok", or the code of the first failed check.
using verdict = std::string;
verdict const ok = "ok";
verdict code(psg1_error e)
{
    return std::string(code_name(e));
}

#define EXPECT_HEX(actual, out, key) CHECK(to_hex(actual) == text(out, key))

roster parsed_roster(fixtures const& fx, json::object const& in, std::string_view key)
{
    roster r;
    if (roster::parse(fx.room_id, hex_field(in, key), r) != psg1_error::ok)
        throw bad_vector("a roster fixture does not parse");
    return r;
}

std::vector<roster_approval> approvals_of(json::array const& list)
{
    std::vector<roster_approval> out;
    for (auto const& v : list)
    {
        auto const& a = v.as_object();
        out.push_back({fixed<id16>(a, "m"), fixed<signature64>(a, "sig")});
    }
    return out;
}

std::vector<id16> ids_of(json::array const& list)
{
    std::vector<id16> out;
    for (auto const& v : list)
        out.push_back(fixed<id16>(str(v)));
    return out;
}

using handler = std::function<verdict(fixtures const&, json::object const&, json::object const&,
                                      bool positive)>;

std::map<std::string, handler> const handlers{
    {"b64",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         if (in.contains("hex"))
         {
             auto const x = hex_field(in, "hex");
             CHECK(base64url_encode(x) == text(out, "b64"));
             auto const decoded = base64url_decode(text(out, "b64"), x.size());
             REQUIRE(decoded.has_value());
             CHECK(*decoded == x);
             return ok;
         }
         bytes x(static_cast<std::size_t>(integer(in, "len")));
         return base64url_decode_exact(text(in, "b64"), x) ? ok : "bad_encoding";
     }},
    {"lp",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         bytes x;
         append_lp(x, std::string_view(text(in, "text")));
         EXPECT_HEX(x, out, "hex");
         return ok;
     }},
    {"name",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         std::string name;
         if (!in.contains("name"))
             return code(unpad_name64(hex_field(in, "name64"), name));
         name64 padded{};
         if (auto const e = pad_name64(text(in, "name"), padded); e != psg1_error::ok)
             return code(e);
         EXPECT_HEX(padded, out, "name64");
         CHECK(unpad_name64(padded, name) == psg1_error::ok);
         CHECK(name == text(in, "name"));
         return ok;
     }},
    {"kdf",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const secret = fixed<key32>(in, "invite_secret");
         EXPECT_HEX(kdf_invite_token(secret), out, "tok");
         EXPECT_HEX(kdf_invite_join_key(secret), out, "jk");
         EXPECT_HEX(kdf_invite_info_key(secret), out, "ik");
         return ok;
     }},
    {"ratchet",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         std::vector<key32> ck{fixed<key32>(in, "ck0")};
         for (int i = 1; i <= 1000; ++i)
             ck.push_back(kdf_ratchet_chain_key(ck.back()));
         EXPECT_HEX(ck[1], out, "ck1");
         EXPECT_HEX(ck[2], out, "ck2");
         EXPECT_HEX(ck[3], out, "ck3");
         EXPECT_HEX(kdf_ratchet_message_key(ck[0]), out, "mk0");
         EXPECT_HEX(kdf_ratchet_message_key(ck[1]), out, "mk1");
         EXPECT_HEX(kdf_ratchet_message_key(ck[1000]), out, "mk1000");
         return ok;
     }},
    {"roster_tbs",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& f = object(in, "frame");
         roster_frame frame;
         frame.size_cap = static_cast<std::uint8_t>(integer(f, "size_cap"));
         frame.admission = static_cast<std::uint8_t>(integer(f, "admission"));
         frame.opening = static_cast<std::uint8_t>(integer(f, "opening"));
         frame.fac_term = static_cast<std::uint16_t>(integer(f, "fac_term"));
         frame.turn_s = static_cast<std::uint16_t>(integer(f, "turn_s"));
         frame.pledge_hash = fixed<key32>(f, "pledge_hash");
         std::vector<roster_entry> entries;
         for (auto const& v : array(in, "entries"))
         {
             auto const& e = v.as_object();
             auto const& m = fx.at(e, "member");
             entries.push_back(
                 {m.id, static_cast<std::uint8_t>(integer(e, "role")), m.sig_pk, m.dh_pk});
         }
         auto const r = roster::build(fx.room_id, static_cast<std::uint64_t>(integer(in, "v")),
                                      fixed<key32>(in, "prev_hash"), frame, std::move(entries));
         EXPECT_HEX(r.tbs(), out, "tbs");
         EXPECT_HEX(r.hash(), out, "hash");
         auto const& expected = array(out, "approvals");
         auto const& approvers = array(in, "approvers");
         REQUIRE(expected.size() == approvers.size());
         for (std::size_t i = 0; i < approvers.size(); ++i)
         {
             auto const it = fx.members.find(str(approvers[i]));
             REQUIRE(it != fx.members.end());
             auto const a = sign_approval(r, it->second.id, it->second.sig_sk);
             CHECK(to_hex(a.member_id) == text(expected[i].as_object(), "m"));
             CHECK(to_hex(a.sig) == text(expected[i].as_object(), "sig"));
         }
         return ok;
     }},
    {"roster_step",
     [](fixtures const& fx, json::object const& in, json::object const& out,
        bool positive) -> verdict
     {
         roster prev;
         bool const has_prev = !in.at("prev").is_null();
         if (has_prev)
             prev = parsed_roster(fx, in, "prev");
         auto const approvals = approvals_of(array(in, "approvals"));
         bool const final = in.at("final").as_bool();
         roster next;
         auto const e = verify_step(fx.room_id, has_prev ? &prev : nullptr, hex_field(in, "tbs"),
                                    approvals, final, next);
         if (e != psg1_error::ok || !positive)
             return code(e);
         CHECK(next.version() == static_cast<std::uint64_t>(integer(out, "v")));
         EXPECT_HEX(next.hash(), out, "hash");
         return ok;
     }},
    {"roster_chain",
     [](fixtures const& fx, json::object const& in, json::object const& out,
        bool positive) -> verdict
     {
         std::vector<roster_version> versions;
         for (auto const& v : array(in, "versions"))
         {
             auto const& o = v.as_object();
             versions.push_back({static_cast<std::uint64_t>(integer(o, "v")), hex_field(o, "tbs"),
                                 approvals_of(array(o, "approvals"))});
         }
         roster newest;
         auto const e =
             verify_chain_from_pin(fx.room_id, fixed<key32>(in, "pin"), versions, newest);
         if (e != psg1_error::ok || !positive)
             return code(e);
         CHECK(newest.version() == static_cast<std::uint64_t>(integer(out, "v")));
         EXPECT_HEX(newest.hash(), out, "hash");
         return ok;
     }},
    {"invite_link",
     [](fixtures const&, json::object const& in, json::object const& out, bool) -> verdict
     {
         // PSG1.md names no code for a link that does not parse; PROTOCOL.md's is invite_invalid.
         auto const link = invite_link::parse(text(in, "link"));
         if (!link)
             return "invite_invalid";
         EXPECT_HEX(link->group, out, "room_id");
         EXPECT_HEX(link->invite, out, "invite_id");
         EXPECT_HEX(link->secret, out, "invite_secret");
         EXPECT_HEX(link->roster_hash, out, "roster_hash");
         CHECK(link->to_url(text(out, "origin")) == text(in, "link"));
         return ok;
     }},
    {"invite_info",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const ik = kdf_invite_info_key(fx.invite_secret);
         auto const invite_id = fixed<id16>(in, "invite_id");
         auto const n = fixed<nonce24>(in, "n");
         if (in.contains("group_name"))
         {
             invite_info info{text(in, "group_name"), text(in, "creator_name"), text(in, "text")};
             bytes c;
             REQUIRE(seal_invite_info(info, fx.room_id, invite_id, n, ik, c) == psg1_error::ok);
             EXPECT_HEX(c, out, "c");
         }
         invite_info info;
         auto const e = open_invite_info(hex_field(in, "c"), fx.room_id, invite_id, n, ik, info);
         if (e != psg1_error::ok)
             return code(e);
         CHECK(info.group_name == text(out, "group_name"));
         CHECK(info.creator_name == text(out, "creator_name"));
         CHECK(info.text == text(out, "text"));
         return ok;
     }},
    {"jk_seal_open",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& self = fx.at(in, "self");
         key32 jk{};
         auto const e =
             open_join_key(hex_field(in, "sealed"), fx.room_id, fixed<id16>(in, "invite_id"),
                           self.id, self.dh_pk, self.dh_sk, parsed_roster(fx, in, "roster"), jk);
         if (e != psg1_error::ok)
             return code(e);
         EXPECT_HEX(jk, out, "jk");
         // The signer is not returned by the C++ API; the TS runner compares it.
         return ok;
     }},
    {"join_request",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const invite_id = fixed<id16>(in, "invite_id");
         auto const jk = kdf_invite_join_key(fx.invite_secret);
         if (in.contains("build"))
         {
             auto const& b = object(in, "build");
             auto const& joiner = fx.at(b, "joiner");
             join_request_input req;
             req.room_id = fx.room_id;
             req.invite_id = invite_id;
             req.member_id = joiner.id;
             req.sig_pk = joiner.sig_pk;
             req.dh_pk = joiner.dh_pk;
             req.pledge_hash = fixed<key32>(b, "pledge_hash");
             req.name = text(b, "name");
             req.n = fixed<nonce24>(b, "n");
             req.origin = fx.origin;
             req.challenge = fixed<key32>(b, "challenge");
             join_request built;
             REQUIRE(build_join_request(req, joiner.sig_sk, jk, built) == psg1_error::ok);
             EXPECT_HEX(kdf_invite_token(fx.invite_secret), out, "tok");
             EXPECT_HEX(built.pledge_sig, out, "pledge");
             EXPECT_HEX(built.c, out, "c");
             EXPECT_HEX(built.possession, out, "possession");
             CHECK(possession_holds(built, fx.origin, req.challenge, fx.room_id, invite_id));
         }
         auto const& c = object(in, "clear");
         join_request r;
         r.member_id = fixed<id16>(c, "member");
         r.sig_pk = fixed<key32>(c, "sig_pk");
         r.dh_pk = fixed<key32>(c, "dh_pk");
         r.pledge_hash = fixed<key32>(c, "ph");
         r.pledge_sig = fixed<signature64>(c, "pledge");
         r.n = fixed<nonce24>(c, "n");
         r.c = hex_field(c, "c");
         std::string name;
         auto const e = open_join_request(r, fx.room_id, invite_id, jk,
                                          fixed<key32>(in, "current_pledge_hash"), name);
         if (e != psg1_error::ok)
             return code(e);
         CHECK(name == text(out, "name"));
         return ok;
     }},
    {"decline",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& joiner = fx.at(in, "joiner");
         auto const invite_id = fixed<id16>(in, "invite_id");
         if (in.contains("decliner"))
         {
             auto const& d = fx.at(in, "decliner");
             auto const signed_decline =
                 sign_decline(fx.room_id, invite_id, joiner.id, joiner.sig_pk, d.id, d.sig_sk);
             EXPECT_HEX(signed_decline.sig, out, "sig");
         }
         roster_approval const decline{fixed<id16>(in, "m"), fixed<signature64>(in, "sig")};
         return code(verify_decline(decline, fx.room_id, invite_id, joiner.id, joiner.sig_pk,
                                    parsed_roster(fx, in, "roster")));
     }},
    {"doc",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& d = object(in, "doc");
         ground_rules_doc doc;
         doc.n = fixed<nonce24>(d, "n");
         doc.c = hex_field(d, "c");
         for (auto const& v : array(d, "keys"))
             doc.keys.push_back({fixed<id16>(v.as_object(), "to"), hex_field(v.as_object(), "k")});
         auto const& self = fx.at(in, "self");
         std::string t;
         auto const e = open_ground_rules_doc(doc, fx.room_id, fixed<key32>(in, "pledge_hash"),
                                              self.id, self.dh_pk, self.dh_sk, t);
         if (e != psg1_error::ok)
             return code(e);
         CHECK(t == text(out, "text"));
         return ok;
     }},
    {"parts_hash",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const parts = ids_of(array(in, "parts"));
         auto const e =
             check_epoch_parts(parts, parsed_roster(fx, in, "roster"), fx.at(in, "self").id);
         if (e != psg1_error::ok)
             return code(e);
         EXPECT_HEX(parts_hash(parts), out, "hash");
         return ok;
     }},
    {"ekey",
     [](fixtures const& fx, json::object const& in, json::object const& out,
        bool positive) -> verdict
     {
         auto const r = parsed_roster(fx, in, "roster");
         auto const ph = parts_hash(ids_of(array(in, "parts")));
         auto const& from = fx.at(in, "from");
         psg1_ekey e;
         e.session_id = fx.session_id;
         e.ep = static_cast<std::uint32_t>(integer(in, "ep"));
         e.from = from.id;
         e.rv = r.version();
         e.rh = r.hash();
         e.ek = fixed<key32>(in, "ek_pk");
         if (positive)
             EXPECT_HEX(sign_ekey(fx.room_id, e, ph, from.sig_sk), out, "sig");
         e.sig = fixed<signature64>(in, "sig");
         auto const* entry = r.find(from.id);
         return entry != nullptr && verify_ekey(fx.room_id, e, ph, entry->sig_pk) ? ok
                                                                                  : "ekey_invalid";
     }},
    {"skd",
     [](fixtures const& fx, json::object const& in, json::object const& out,
        bool positive) -> verdict
     {
         auto const& from = fx.at(in, "from");
         auto const& to = fx.at(in, "to");
         sender_key_route const route{fx.room_id, fx.session_id,
                                      static_cast<std::uint32_t>(integer(in, "ep")), from.id,
                                      to.id};
         auto const n = fixed<nonce24>(in, "n");
         if (positive)
         {
             bytes c;
             REQUIRE(seal_sender_key(route, {from.ck0, from.sk_msg_pk, from.name}, n, to.ek_pk,
                                     from.ek_sk, c) == psg1_error::ok);
             EXPECT_HEX(c, out, "c");
         }
         sender_key key;
         auto const e = open_sender_key(route, hex_field(in, "c"), n, from.ek_pk, to.ek_sk, key);
         if (e != psg1_error::ok)
             return code(e);
         EXPECT_HEX(key.chain_key, out, "ck0");
         EXPECT_HEX(key.sk_msg_pk, out, "sk_msg_pk");
         CHECK(key.name == text(out, "name"));
         return ok;
     }},
    {"msg_send",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& from = fx.at(in, "from");
         auto const ep = static_cast<std::uint32_t>(integer(in, "ep"));
         message_sender sender(fx.room_id, fx.session_id, ep, from.id, from.ck0, from.sk_msg_sk);
         auto const& messages = array(in, "messages");
         auto const& expected = array(out, "messages");
         REQUIRE(messages.size() == expected.size());
         for (std::size_t i = 0; i < messages.size(); ++i)
         {
             auto const& m = messages[i].as_object();
             auto const& x = expected[i].as_object();
             auto const kind = static_cast<std::uint8_t>(integer(m, "kind"));
             auto const pt = text(m, "plaintext");
             psg1_message sent;
             REQUIRE(sender.seal(kind, as_byte_view(pt), fixed<nonce24>(m, "n"), sent) ==
                     psg1_error::ok);
             CHECK(sent.ctr == static_cast<std::uint32_t>(integer(x, "ctr")));
             EXPECT_HEX(sodium_pad(as_byte_view(pt), message_pad_block), x, "pt");
             EXPECT_HEX(message_ad(fx.room_id, fx.session_id, ep, from.id, sent.ctr, kind), x,
                        "ad");
             EXPECT_HEX(sent.ct, x, "ct");
             EXPECT_HEX(sent.sig, x, "sig");
         }
         return ok;
     }},
    {"msg_receive",
     [](fixtures const& fx, json::object const& in, json::object const& out,
        bool positive) -> verdict
     {
         auto const& from = fx.at(in, "from");
         message_receiver receiver(fx.room_id, fx.session_id,
                                   static_cast<std::uint32_t>(integer(in, "ep")), from.id, from.ck0,
                                   from.sk_msg_pk);
         auto const& messages = array(in, "messages");
         std::vector<std::string> opened;
         for (std::size_t i = 0; i < messages.size(); ++i)
         {
             auto const& w = messages[i].as_object();
             psg1_message m;
             m.session_id = fixed<id16>(w, "ses");
             m.ep = static_cast<std::uint32_t>(integer(w, "ep"));
             m.from = fixed<id16>(w, "from");
             m.ctr = static_cast<std::uint32_t>(integer(w, "ctr"));
             m.kind = static_cast<std::uint8_t>(integer(w, "kind"));
             m.n = fixed<nonce24>(w, "n");
             m.ct = hex_field(w, "ct");
             m.sig = fixed<signature64>(w, "sig");
             bytes pt;
             auto const e = receiver.open(m, pt);
             bool const last = i + 1 == messages.size();
             if (last && !positive)
                 return code(e);
             // Every message before the last must open.
             REQUIRE_MESSAGE(e == psg1_error::ok, "message " << i << ": " << code_name(e));
             opened.emplace_back(pt.begin(), pt.end());
         }
         auto const& expected = array(out, "plaintexts");
         REQUIRE(expected.size() == opened.size());
         for (std::size_t i = 0; i < opened.size(); ++i)
             CHECK(opened[i] == str(expected[i]));
         return ok;
     }},
    {"safety_number",
     [](fixtures const& fx, json::object const& in, json::object const& out, bool) -> verdict
     {
         auto const& a = fx.at(in, "a");
         auto const& b = fx.at(in, "b");
         auto const fa = safety_fingerprint(a.sig_pk, a.dh_pk);
         auto const fb = safety_fingerprint(b.sig_pk, b.dh_pk);
         EXPECT_HEX(fa, out, "fp_a");
         EXPECT_HEX(fb, out, "fp_b");
         CHECK(safety_digits(fa) == text(out, "digits_a"));
         CHECK(safety_digits(fb) == text(out, "digits_b"));
         CHECK(safety_number(a.sig_pk, a.dh_pk, b.sig_pk, b.dh_pk) == text(out, "number"));
         CHECK(safety_number(b.sig_pk, b.dh_pk, a.sig_pk, a.dh_pk) == text(out, "number"));
         return ok;
     }},
    {"plaintext",
     [](fixtures const&, json::object const& in, json::object const& out, bool positive) -> verdict
     {
         auto const pt = hex_field(in, "pt");
         if (!is_canonical_plaintext(static_cast<std::uint8_t>(integer(in, "kind")), pt))
             return "bad_plaintext";
         if (positive)
             CHECK(std::string(pt.begin(), pt.end()) == text(out, "json"));
         return ok;
     }},
};

} // namespace

TEST_CASE("PSG1 frozen vectors psg1-v1.json: every case passes with the C++ implementation")
{
    sodium_init_or_throw();
    auto const file = load();
    auto const& root = file.as_object();
    CHECK(text(root, "name") == "psg1-v1");
    auto const fx = read_fixtures(object(root, "fixtures"));
    auto const& cases = array(root, "cases");
    REQUIRE(!cases.empty());

    std::set<std::string> ids;
    std::size_t run = 0;
    std::size_t ts_only = 0;
    for (auto const& v : cases)
    {
        auto const& c = v.as_object();
        auto const id = text(c, "id");
        auto const op = text(c, "op");
        INFO("case " << id << " (" << op << ")");
        CHECK(ids.insert(id).second);
        // TS-only cases drive the client meeting state, which the C++ library does not have (the
        // file's notes say why); only that op may be TS-only, and no case is skipped silently.
        if (c.contains("only"))
        {
            CHECK(text(c, "only") == "ts");
            CHECK(op == "meeting");
            ++ts_only;
            continue;
        }
        auto const it = handlers.find(op);
        CHECK_MESSAGE(it != handlers.end(), "unknown op " << op);
        if (it == handlers.end())
            continue;
        auto const& out = object(c, "out");
        bool const positive = !out.contains("error");
        verdict got;
        try
        {
            got = it->second(fx, object(c, "in"), out, positive);
        }
        catch (bad_vector const& e)
        {
            FAIL_CHECK("malformed case: " << e.what());
            continue;
        }
        CHECK(got == (positive ? ok : text(out, "error")));
        ++run;
    }
    CHECK(run + ts_only == cases.size());
    MESSAGE(run << " vector cases run, " << ts_only << " TS-only cases left to the TS runner");
}
