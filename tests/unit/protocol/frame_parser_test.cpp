#include "frame_text.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/frame_parser.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace sirkel::protocol;
using namespace sirkel::test;

namespace
{

members hello()
{
    return {{"t", "\"hello\""}, {"v", "1"}};
}

members auth()
{
    return {{"t", "\"auth\""}, {"member", b64(16, 1)}, {"sig", b64(64, 2)}};
}

members redeem()
{
    return {{"t", "\"redeem\""},    {"invite", b64(16, 1)}, {"tok", b64(32, 2)},
            {"member", b64(16, 3)}, {"sig_pk", b64(32, 4)}, {"dh_pk", b64(32, 5)},
            {"sig", b64(64, 6)}};
}

members msg()
{
    return {{"t", "\"msg\""},     {"ses", b64(16, 1)}, {"ep", "3"},
            {"from", b64(16, 2)}, {"ctr", "17"},       {"k", "1"},
            {"n", b64(24, 3)},    {"ct", b64(272, 4)}, {"sig", b64(64, 5)}};
}

// Nest n levels: the top-level object plus n-1 arrays in the value of "x".
std::string nested(std::size_t levels)
{
    return R"({"t":"join","x":)" + std::string(levels - 1, '[') + std::string(levels - 1, ']') +
           "}";
}

} // namespace

TEST_CASE("valid frames of every client type decode to their values")
{
    SUBCASE("hello")
    {
        auto const r = accepted(object(hello()));
        REQUIRE(std::holds_alternative<hello_frame>(r.frame));
        CHECK(std::get<hello_frame>(r.frame).version == 1);
    }
    SUBCASE("auth")
    {
        auto const r = accepted(object(auth()));
        REQUIRE(std::holds_alternative<auth_frame>(r.frame));
        auto const& f = std::get<auth_frame>(r.frame);
        CHECK(f.member == filled<16>(1));
        CHECK(f.sig == filled<64>(2));
    }
    SUBCASE("redeem")
    {
        auto const r = accepted(object(redeem()));
        REQUIRE(std::holds_alternative<redeem_frame>(r.frame));
        auto const& f = std::get<redeem_frame>(r.frame);
        CHECK(f.invite == filled<16>(1));
        CHECK(f.token == filled<32>(2));
        CHECK(f.member == filled<16>(3));
        CHECK(f.sig_pk == filled<32>(4));
        CHECK(f.dh_pk == filled<32>(5));
        CHECK(f.sig == filled<64>(6));
    }
    SUBCASE("join")
    {
        CHECK(std::holds_alternative<join_frame>(accepted(R"({"t":"join"})").frame));
    }
    SUBCASE("leave")
    {
        CHECK(std::holds_alternative<leave_frame>(accepted(R"({"t":"leave"})").frame));
    }
    SUBCASE("msg")
    {
        auto const r = accepted(object(msg()));
        REQUIRE(std::holds_alternative<msg_frame>(r.frame));
        auto const& f = std::get<msg_frame>(r.frame);
        CHECK(f.session == filled<16>(1));
        CHECK(f.epoch == 3);
        CHECK(f.from == filled<16>(2));
        CHECK(f.counter == 17);
        CHECK(f.kind == 1);
        CHECK(f.ciphertext_bytes == 272);
    }
}

TEST_CASE("member order does not matter: t may come last")
{
    auto m = msg();
    std::reverse(m.begin(), m.end());
    REQUIRE(m.back().first == "t");
    auto const r = accepted(object(m));
    REQUIRE(std::holds_alternative<msg_frame>(r.frame));
    CHECK(std::get<msg_frame>(r.frame).counter == 17);
}

TEST_CASE("whitespace around tokens and escaped characters in keys and values are JSON")
{
    auto const r = accepted(" { \"\\u0074\" : \"h\\u0065llo\" ,\t\"v\" : 1 } ");
    REQUIRE(std::holds_alternative<hello_frame>(r.frame));
}

TEST_CASE("frame_too_large: checked before anything else")
{
    auto const valid = object(hello());
    SUBCASE("64 KiB is allowed")
    {
        auto const text =
            valid + std::string(frame_parser::default_max_frame_bytes - valid.size(), ' ');
        REQUIRE(text.size() == 65536);
        accepted(text);
    }
    SUBCASE("64 KiB + 1 is refused, even if it is also multi-line and not JSON")
    {
        auto text = "\n[" + std::string(frame_parser::default_max_frame_bytes, ' ');
        REQUIRE(text.size() == 65538);
        refused(text, error::frame_too_large);
        refused(valid + std::string(frame_parser::default_max_frame_bytes + 1 - valid.size(), ' '),
                error::frame_too_large);
    }
    SUBCASE("the cap is a constructor argument")
    {
        frame_parser parser(valid.size());
        CHECK(parser.parse(valid).ok);
        auto const r = parser.parse(valid + " ");
        CHECK_FALSE(r.ok);
        CHECK(r.failure == error::frame_too_large);
    }
}

TEST_CASE("not_single_line: a raw line feed or carriage return anywhere")
{
    refused("{\"t\":\"join\"}\n", error::not_single_line);
    refused("{\"t\":\r\"join\"}", error::not_single_line);
    // Checked before JSON validity.
    refused("{\n", error::not_single_line);
    // An escaped line feed is two characters, not a raw one.
    auto const r = refused(R"({"t":"join\n"})", error::unknown_type);
    CHECK(r.field == "t");
}

TEST_CASE("not_json")
{
    refused("", error::not_json);
    refused(R"({"t":"join")", error::not_json);
    refused(R"({"t":"join",})", error::not_json);
    refused(R"({"t":"join"/* c */})", error::not_json);
    refused(R"({'t':'join'})", error::not_json);
    refused(R"({"t":"join"} {})", error::not_json);
    refused(R"({"t":"join"} x)", error::not_json);
    refused(R"({"t":"hello","v":NaN})", error::not_json);
    refused(R"({"t":"hello","v":01})", error::not_json);
    refused("{\"t\":\"jo\tin\"}", error::not_json); // a raw control character in a string
    refused("{\"t\":\"join\",\"x\":\"\xff\"}", error::not_json);     // invalid UTF-8
    refused("{\"t\":\"join\",\"x\":\"\xc0\xaf\"}", error::not_json); // overlong UTF-8
}

TEST_CASE("not_json takes precedence over the structural checks later in the text")
{
    refused(R"({"t":"join","t":"join",)", error::not_json);
    refused(nested(9).substr(0, nested(9).size() - 1), error::not_json);
    refused(R"([1,)", error::not_json);
}

TEST_CASE("not_an_object")
{
    refused("[]", error::not_an_object);
    refused(R"([{"t":"join"}])", error::not_an_object);
    refused(R"("join")", error::not_an_object);
    refused("1", error::not_an_object);
    refused("null", error::not_an_object);
    // Before too_deep, in PROTOCOL.md §2's order.
    refused("[[[[[[[[[[]]]]]]]]]]", error::not_an_object);
}

TEST_CASE("too_deep: 8 levels pass, 9 are refused")
{
    // At 8 levels the frame passes the depth check and fails a later one: "x" is no field.
    auto const ok = refused(nested(8), error::unknown_field);
    CHECK(ok.field == "x");

    auto const deep = refused(nested(9), error::too_deep);
    CHECK(deep.ref == "join");

    // Objects count as levels too.
    std::string objects = R"({"t":"join","x":)";
    for (int i = 0; i < 8; ++i)
        objects += R"({"a":)";
    objects += "1" + std::string(8, '}') + "}";
    refused(objects, error::too_deep);

    // Far beyond the cap the parser itself stops; it must still answer too_deep, not not_json.
    refused(nested(1000), error::too_deep);
}

TEST_CASE("too_deep takes precedence over a duplicate key")
{
    refused(R"({"t":"join","t":"join","x":[[[[[[[[]]]]]]]]})", error::too_deep);
}

TEST_CASE("duplicate_key")
{
    SUBCASE("at the top level")
    {
        auto m = msg();
        m.emplace_back("ep", "4");
        auto const dup = refused(object(m), error::duplicate_key);
        CHECK(dup.ref == "msg");
    }
    SUBCASE("t repeated keeps the first t as ref")
    {
        auto const r = refused(R"({"t":"leave","t":"join"})", error::duplicate_key);
        CHECK(r.ref == "leave");
    }
    SUBCASE("an escaped spelling of the same key")
    {
        auto const r = refused(R"({"t":"join","\u0074":"join"})", error::duplicate_key);
        CHECK(r.ref == "join");
        refused(R"({"t":"join","x":1,"\u0078":2})", error::duplicate_key);
    }
    SUBCASE("in a nested object")
    {
        refused(R"({"t":"join","x":{"a":1,"b":{"c":1,"d":[{"e":1,"e":2}]}}})",
                error::duplicate_key);
        refused(R"({"t":"join","x":{"a":1,"b":2,"a":3}})", error::duplicate_key);
    }
    SUBCASE("equal keys in different objects are not duplicates")
    {
        auto const r = refused(R"({"t":"join","x":{"t":1,"a":{"t":2}},"y":{"t":1,"a":3}})",
                               error::unknown_field);
        CHECK(r.field == "x");
    }
    SUBCASE("keys that differ only by case are different")
    {
        auto const r = refused(R"({"t":"join","T":"join"})", error::unknown_field);
        CHECK(r.field == "T");
    }
    SUBCASE("many distinct keys are not duplicates")
    {
        std::string text = R"({"t":"join")";
        for (int i = 0; i < 5000; ++i)
            text += ",\"k" + std::to_string(i) + "\":0";
        text += '}';
        auto const r = refused(text, error::unknown_field);
        CHECK(r.field == "k0");
    }
}

TEST_CASE("t: missing, wrong type, unknown type")
{
    auto const missing = refused(R"({"v":1})", error::missing_field);
    CHECK(missing.field == "t");
    CHECK(missing.ref.empty());

    auto const number = refused(R"({"t":1})", error::wrong_type);
    CHECK(number.field == "t");
    refused(R"({"t":null})", error::wrong_type);
    refused(R"({"t":["hello"]})", error::wrong_type);

    auto const unknown = refused(R"({"t":"epoch"})", error::unknown_type);
    CHECK(unknown.ref.empty()); // only a known type is echoed back
    refused(R"({"t":"Hello","v":1})", error::unknown_type);
    refused(R"({"t":"challenge","v":1})", error::unknown_type); // a server frame
    refused(R"({"t":""})", error::unknown_type);

    // t problems come before every per-field problem.
    refused(R"({"v":"x","zz":1})", error::missing_field);
}

TEST_CASE("missing_field names the first missing field in the type's order")
{
    auto const r = refused(object(without(msg(), "ctr")), error::missing_field);
    CHECK(r.field == "ctr");
    CHECK(r.ref == "msg");
    CHECK(refused(object(without(without(msg(), "sig"), "ses")), error::missing_field).field ==
          "ses");
    CHECK(refused(R"({"t":"hello"})", error::missing_field).field == "v");
    CHECK(refused(object(without(redeem(), "dh_pk")), error::missing_field).field == "dh_pk");
    CHECK(refused(object(without(auth(), "member")), error::missing_field).field == "member");
}

TEST_CASE("wrong_type")
{
    auto check = [](members const& m, std::string const& field)
    {
        auto const r = refused(object(m), error::wrong_type);
        CHECK(r.field == field);
    };
    check(with(hello(), "v", "\"1\""), "v");
    check(with(hello(), "v", "1.0"), "v");
    check(with(hello(), "v", "1e2"), "v");
    check(with(hello(), "v", "1E0"), "v");
    check(with(hello(), "v", "-1.5"), "v");
    check(with(hello(), "v", "true"), "v");
    check(with(hello(), "v", "null"), "v");
    check(with(hello(), "v", "[1]"), "v");
    check(with(hello(), "v", R"({"v":1})"), "v");
    check(with(msg(), "ep", "3.0"), "ep");
    check(with(msg(), "k", "\"text\""), "k");
    check(with(auth(), "member", "5"), "member");
    check(with(msg(), "ct", R"({"a":1})"), "ct");
    check(with(msg(), "n", R"(["AAAA"])"), "n");
    check(with(redeem(), "tok", "null"), "tok");
}

TEST_CASE("integer ranges")
{
    auto version = [](std::string const& v)
    { return accepted(object(with(hello(), "v", v))).frame; };
    CHECK(std::get<hello_frame>(version("0")).version == 0);
    CHECK(std::get<hello_frame>(version("4294967295")).version == 4294967295u);
    CHECK(std::get<hello_frame>(version("-0")).version == 0);
    // The parser does not judge the version: that is the server's unsupported_version.
    CHECK(std::get<hello_frame>(version("2")).version == 2);

    auto out_of_range = [](members const& m, std::string const& field)
    {
        auto const r = refused(object(m), error::out_of_range);
        CHECK(r.field == field);
    };
    out_of_range(with(hello(), "v", "4294967296"), "v");
    out_of_range(with(hello(), "v", "-1"), "v");
    out_of_range(with(hello(), "v", "9223372036854775808"), "v");  // beyond int64
    out_of_range(with(hello(), "v", "18446744073709551616"), "v"); // beyond uint64
    out_of_range(with(hello(), "v", "-9223372036854775809"), "v"); // below int64
    out_of_range(with(msg(), "ep", "-1"), "ep");
    out_of_range(with(msg(), "ctr", "4294967296"), "ctr");
    out_of_range(with(msg(), "k", "0"), "k");
    out_of_range(with(msg(), "k", "4"), "k");

    auto const edge = accepted(object(with(with(msg(), "ep", "4294967295"), "ctr", "0")));
    CHECK(std::get<msg_frame>(edge.frame).epoch == 4294967295u);
    CHECK(std::get<msg_frame>(edge.frame).counter == 0);
    for (int k = 1; k <= 3; ++k)
        CHECK(
            std::get<msg_frame>(accepted(object(with(msg(), "k", std::to_string(k)))).frame).kind ==
            k);
}

TEST_CASE("unknown_field names the first member, in document order, the type lacks")
{
    auto const r = refused(object(with(hello(), "room", b64(16))), error::unknown_field);
    CHECK(r.field == "room");
    CHECK(r.ref == "hello");
    // A field of another frame type is still unknown to this one.
    CHECK(refused(object(with(hello(), "member", b64(16))), error::unknown_field).field ==
          "member");
    CHECK(refused(R"({"t":"join","ses":"x"})", error::unknown_field).field == "ses");
    CHECK(refused(R"({"t":"leave","zz":1,"ep":1})", error::unknown_field).field == "zz");
    CHECK(refused(R"({"t":"leave","ep":1,"zz":1})", error::unknown_field).field == "ep");
    // PSG1.md's envelope has "v" on msg; this protocol version does not.
    CHECK(refused(object(with(msg(), "v", "1")), error::unknown_field).field == "v");
}

TEST_CASE("bad_encoding: base64url without padding, of the exact length")
{
    auto bad = [](members const& m, std::string const& field)
    {
        auto const r = refused(object(m), error::bad_encoding);
        CHECK(r.field == field);
    };
    SUBCASE("padding")
    {
        bad(with(msg(), "n", "\"" + base64url_encode(bytes(24)) + "=\""), "n"); // 33 characters
        bad(with(auth(), "member", "\"" + base64url_encode(bytes(16)) + "==\""), "member");
        // 16 bytes padded to 24 characters by standard base64.
        bad(with(auth(), "member", R"("AAAAAAAAAAAAAAAAAAAAAA==")"), "member");
    }
    SUBCASE("non-ASCII in place of '_'")
    {
        // "é" is two bytes, C3 A9, each of which libsodium 1.0.18 alone would read as '_'.
        auto const member = base64url_encode(bytes(16, 0xff)); // "_____..._w"
        REQUIRE(member.starts_with("__"));
        bad(with(auth(), "member", "\"\u00e9" + member.substr(2) + "\""), "member");
        bad(with(auth(), "member", "\"\xc3\xa9" + member.substr(2) + "\""), "member");
    }
    SUBCASE("lengths one byte off")
    {
        bad(with(auth(), "member", b64(15)), "member");
        bad(with(auth(), "member", b64(17)), "member");
        bad(with(auth(), "sig", b64(63)), "sig");
        bad(with(auth(), "sig", b64(65)), "sig");
        bad(with(redeem(), "invite", b64(15)), "invite");
        bad(with(redeem(), "tok", b64(31)), "tok");
        bad(with(redeem(), "sig_pk", b64(33)), "sig_pk");
        bad(with(redeem(), "dh_pk", b64(16)), "dh_pk");
        bad(with(msg(), "ses", b64(17)), "ses");
        bad(with(msg(), "from", b64(15)), "from");
        bad(with(msg(), "n", b64(23)), "n");
        bad(with(msg(), "n", b64(32)), "n");
        bad(with(msg(), "sig", b64(32)), "sig");
    }
    SUBCASE("characters outside the URL-safe alphabet")
    {
        auto text = base64url_encode(bytes(16, 0xfb));
        std::replace(text.begin(), text.end(), '-', '+');
        REQUIRE(text.find('+') != std::string::npos);
        bad(with(auth(), "member", '"' + text + '"'), "member");
        bad(with(auth(), "member", R"("AAAAAAAAAAA AAAAAAAAAA")"), "member");
    }
    SUBCASE("non-zero trailing bits")
    {
        bad(with(auth(), "member", R"("AAAAAAAAAAAAAAAAAAAAAB")"), "member");
    }
    SUBCASE("empty")
    {
        bad(with(msg(), "sig", R"("")"), "sig");
    }
}

TEST_CASE("bad_encoding reports the first bad field in the type's order")
{
    CHECK(refused(object(with(with(redeem(), "sig", b64(1)), "tok", b64(1))), error::bad_encoding)
              .field == "tok");
}

TEST_CASE("msg ct: 16 + 256·k bytes, 1 <= k <= 64 (PSG1.md §8.1)")
{
    auto ct_bytes = [](std::size_t n)
    {
        return std::get<msg_frame>(accepted(object(with(msg(), "ct", b64(n, 7)))).frame)
            .ciphertext_bytes;
    };
    CHECK(ct_bytes(272) == 272);
    CHECK(ct_bytes(528) == 528);
    CHECK(ct_bytes(16400) == 16400);

    for (std::size_t n :
         std::initializer_list<std::size_t>{0, 16, 17, 271, 273, 527, 16145, 16401, 16656})
        CHECK(refused(object(with(msg(), "ct", b64(n))), error::bad_encoding).field == "ct");
    auto padded = "\"" + base64url_encode(bytes(272)) + "==\"";
    CHECK(refused(object(with(msg(), "ct", padded)), error::bad_encoding).field == "ct");
    // A length no unpadded encoding has.
    auto dangling = "\"" + base64url_encode(bytes(272)) + "A\"";
    CHECK(refused(object(with(msg(), "ct", dangling)), error::bad_encoding).field == "ct");
}

TEST_CASE("per-field precedence: missing, wrong_type, out_of_range, unknown_field, bad_encoding")
{
    // Missing beats a wrong type in an earlier field.
    CHECK(refused(object(with(without(msg(), "sig"), "ep", "\"3\"")), error::missing_field).field ==
          "sig");
    // A wrong type in a later field beats an out-of-range value in an earlier one.
    CHECK(refused(object(with(with(msg(), "ep", "-1"), "k", "1.0")), error::wrong_type).field ==
          "k");
    // Out of range beats an unknown field.
    CHECK(refused(object(with(with(msg(), "zz", "1"), "k", "9")), error::out_of_range).field ==
          "k");
    // An unknown field beats bad encoding.
    CHECK(
        refused(object(with(with(msg(), "ses", b64(3)), "zz", "1")), error::unknown_field).field ==
        "zz");
}

TEST_CASE("a parser is reusable: nothing of one frame leaks into the next")
{
    frame_parser parser;
    auto const first = parser.parse(object(with(msg(), "zz", "1")));
    CHECK(first.failure == error::unknown_field);
    CHECK(parser.parse("{\"t\":").failure == error::not_json);
    CHECK(parser.parse(nested(9)).failure == error::too_deep);
    CHECK(parser.parse(R"({"t":"join","t":"join"})").failure == error::duplicate_key);

    auto const m = parser.parse(object(msg()));
    REQUIRE(m.ok);
    CHECK(std::get<msg_frame>(m.frame).counter == 17);

    // A hello after a msg: the msg's fields are gone, so they are neither unknown nor present.
    auto const h = parser.parse(object(hello()));
    REQUIRE(h.ok);
    auto const missing = parser.parse(R"({"t":"auth","sig":)" + b64(64) + "}");
    CHECK(missing.failure == error::missing_field);
    CHECK(missing.field == "member");
}

TEST_CASE("a parse_result names no field and no ref for frame-level errors")
{
    auto const r = refused("[]", error::not_an_object);
    CHECK(r.field.empty());
    CHECK(r.ref.empty());
}
