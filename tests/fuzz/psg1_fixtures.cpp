#include "psg1_fixtures.hpp"

#include "sirkel/protocol/ground_rules_doc.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json.hpp>
#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace sirkel::fuzz
{
namespace
{

namespace json = boost::json;
using protocol::byte;
using protocol::bytes;

// A broken vector file is not an input the fuzzer found: stop before fuzzing anything.
[[noreturn]] void fail(std::string_view what)
{
    std::fprintf(stderr, "psg1_fixtures: %.*s\n", static_cast<int>(what.size()), what.data());
    std::abort();
}

std::string text(json::object const& o, std::string_view key)
{
    auto const* v = o.if_contains(key);
    if (v == nullptr || !v->is_string())
        fail(key);
    return std::string(v->as_string());
}

bytes from_hex(std::string const& h)
{
    bytes out(h.size() / 2);
    std::size_t len = 0;
    if (h.size() % 2 != 0 ||
        sodium_hex2bin(out.data(), out.size(), h.data(), h.size(), nullptr, &len, nullptr) != 0 ||
        len != out.size())
        fail("bad hex");
    return out;
}

template <typename Array>
Array fixed(json::object const& o, std::string_view key)
{
    auto const b = from_hex(text(o, key));
    Array a{};
    if (b.size() != a.size())
        fail(key);
    std::copy(b.begin(), b.end(), a.begin());
    return a;
}

json::object load()
{
    std::string const path = SIRKEL_SOURCE_DIR "/protocol/vectors/psg1-v1.json";
    std::ifstream in(path, std::ios::binary);
    if (!in.good())
        fail("cannot read " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    boost::system::error_code ec;
    auto value = json::parse(buffer.str(), ec);
    if (ec || !value.is_object())
        fail("not a JSON object: " + path);
    return std::move(value.as_object());
}

json::object const& find_case(json::array const& cases, std::string_view id)
{
    for (auto const& c : cases)
        if (c.is_object() && text(c.as_object(), "id") == id)
            return c.as_object();
    fail(id);
}

} // namespace

psg1_fixtures const& psg1_fixtures::get()
{
    static psg1_fixtures const fixtures = []
    {
        protocol::sodium_init_or_throw();
        auto const root = load();
        auto const& fx = root.at("fixtures").as_object();
        psg1_fixtures f;
        f.room_id = fixed<protocol::id16>(fx, "room_id");
        f.session_id = fixed<protocol::id16>(fx, "session_id");
        auto const& invite = fx.at("invite").as_object();
        f.invite_id = fixed<protocol::id16>(invite, "invite_id");
        f.invite_secret = fixed<protocol::key32>(invite, "invite_secret");
        f.nonce = fixed<protocol::nonce24>(fx.at("nonces").as_object(), "n0");
        f.pledge_hash = protocol::pledge_hash_of(text(fx.at("texts").as_object(), "pledge_en"));
        for (auto const& v : fx.at("members").as_array())
        {
            auto const& m = v.as_object();
            auto const& ep = m.at("epoch").as_object();
            member x;
            x.id = fixed<protocol::id16>(m, "member_id");
            x.sig_pk = fixed<protocol::key32>(m, "sig_pk");
            x.sig_sk = fixed<std::array<byte, 64>>(m, "sig_sk");
            x.dh_pk = fixed<protocol::key32>(m, "dh_pk");
            x.dh_sk = fixed<protocol::key32>(m, "dh_sk");
            x.name = text(m, "name");
            x.ek_pk = fixed<protocol::key32>(ep, "ek_pk");
            x.ek_sk = fixed<protocol::key32>(ep, "ek_sk");
            x.ck0 = fixed<protocol::key32>(ep, "ck0");
            x.sk_msg_pk = fixed<protocol::key32>(ep, "sk_msg_pk");
            x.sk_msg_sk = fixed<std::array<byte, 64>>(ep, "sk_msg_sk");
            f.members.push_back(x);
        }

        auto const& chain_case =
            find_case(root.at("cases").as_array(), "chain-v1-v12").at("in").as_object();
        auto const& versions = chain_case.at("versions").as_array();
        // prev points into chain: no reallocation while it grows.
        f.chain.reserve(versions.size());
        protocol::roster const* prev = nullptr;
        for (auto const& v : versions)
        {
            auto const& version = v.as_object();
            std::vector<protocol::roster_approval> approvals;
            for (auto const& a : version.at("approvals").as_array())
                approvals.push_back({fixed<protocol::id16>(a.as_object(), "m"),
                                     fixed<protocol::signature64>(a.as_object(), "sig")});
            protocol::roster next;
            if (protocol::verify_step(f.room_id, prev, from_hex(text(version, "tbs")), approvals,
                                      true, next) != protocol::psg1_error::ok)
                fail("chain-v1-v12 does not verify");
            f.chain.push_back(std::move(next));
            f.chain_approvals.push_back(std::move(approvals));
            prev = &f.chain.back();
        }
        return f;
    }();
    return fixtures;
}

} // namespace sirkel::fuzz
