// The client frames PSG1.md §8 adds: each decodes to its values, and each refusal answers its
// code, including inside the nested objects (doc, info, jks, boxes).
#include "frame_text.hpp"

#include "sirkel/protocol/frame_parser.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sirkel::protocol;
using namespace sirkel::test;

namespace
{

// A nested object or array written as raw JSON from its members.
std::string list(std::vector<members> const& elements)
{
    std::string out = "[";
    for (auto const& e : elements)
    {
        if (out.size() > 1)
            out += ',';
        out += object(e);
    }
    return out + ']';
}

members doc_key_member(byte fill)
{
    return {{"to", b64(16, fill)}, {"k", b64(80, fill)}};
}

members doc(std::vector<members> const& keys = {doc_key_member(1), doc_key_member(2)})
{
    return {{"n", b64(24, 7)}, {"c", b64(272, 8)}, {"keys", list(keys)}};
}

members join_key_member(byte fill)
{
    return {{"to", b64(16, fill)}, {"k", b64(160, fill)}};
}

members box_member(byte fill)
{
    return {{"to", b64(16, fill)}, {"n", b64(24, fill)}, {"c", b64(228, fill)}};
}

members roster_get_from()
{
    return {{"t", "\"roster_get\""}, {"from", "3"}};
}

members roster_get_rh()
{
    return {{"t", "\"roster_get\""}, {"rh", b64(32, 4)}};
}

members roster_propose()
{
    return {{"t", "\"roster_propose\""}, {"tbs", b64(114 + 81, 1)}, {"sig", b64(64, 2)}};
}

members approve()
{
    return {{"t", "\"approve\""}, {"rh", b64(32, 1)}, {"sig", b64(64, 2)}};
}

members invite_create()
{
    return {{"t", "\"invite_create\""},
            {"invite", b64(16, 1)},
            {"th", b64(32, 2)},
            {"rv", "4"},
            {"ttl_s", "604800"},
            {"uses", "1"},
            {"info", object({{"n", b64(24, 3)}, {"c", b64(528, 4)}})},
            {"jks", list({join_key_member(5), join_key_member(6)})}};
}

members invite_keys()
{
    return {{"t", "\"invite_keys\""}, {"invite", b64(16, 1)}, {"jks", list({join_key_member(5)})}};
}

members knock()
{
    return {{"t", "\"knock\""}, {"invite", b64(16, 1)}, {"tok", b64(32, 2)}};
}

members join_request()
{
    return {{"t", "\"join_request\""}, {"invite", b64(16, 1)}, {"tok", b64(32, 2)},
            {"member", b64(16, 3)},    {"sig_pk", b64(32, 4)}, {"dh_pk", b64(32, 5)},
            {"ph", b64(32, 6)},        {"pledge", b64(64, 7)}, {"n", b64(24, 8)},
            {"c", b64(321, 9)},        {"sig", b64(64, 10)}};
}

members decline()
{
    return {{"t", "\"decline\""}, {"member", b64(16, 1)}, {"sig", b64(64, 2)}};
}

members ekey()
{
    return {{"t", "\"ekey\""}, {"ses", b64(16, 1)}, {"ep", "2"},        {"from", b64(16, 2)},
            {"rv", "5"},       {"rh", b64(32, 3)},  {"ek", b64(32, 4)}, {"sig", b64(64, 5)}};
}

members skd()
{
    return {{"t", "\"skd\""},
            {"ses", b64(16, 1)},
            {"ep", "2"},
            {"from", b64(16, 2)},
            {"boxes", list({box_member(3), box_member(4)})}};
}

template <typename Frame>
Frame parsed(members const& m)
{
    auto const r = accepted(object(m));
    REQUIRE(std::holds_alternative<Frame>(r.frame));
    return std::get<Frame>(r.frame);
}

void refused_at(members const& m, error code, std::string const& field)
{
    auto const r = refused(object(m), code);
    CHECK(r.field == field);
    CHECK_FALSE(r.ref.empty());
}

} // namespace

TEST_CASE("roster_get: the from form, the rh form, and exactly one of them")
{
    auto const by_number = parsed<roster_get_frame>(roster_get_from());
    CHECK(by_number.from_version == 3u);
    CHECK_FALSE(by_number.from_hash);

    auto const by_hash = parsed<roster_get_frame>(roster_get_rh());
    CHECK_FALSE(by_hash.from_version);
    CHECK(by_hash.from_hash == filled<32>(4));

    refused_at({{"t", "\"roster_get\""}}, error::missing_field, "from");
    refused_at(with(roster_get_from(), "rh", b64(32)), error::unknown_field, "rh");
    refused_at(with(roster_get_rh(), "from", "1"), error::unknown_field, "from");
    refused_at(with(roster_get_from(), "from", "0"), error::out_of_range, "from");
    CHECK(parsed<roster_get_frame>(with(roster_get_from(), "from", "9007199254740991"))
              .from_version == 9007199254740991u);
    refused_at(with(roster_get_from(), "from", "9007199254740992"), error::out_of_range, "from");
    refused_at(with(roster_get_from(), "from", "\"3\""), error::wrong_type, "from");
    refused_at(with(roster_get_rh(), "rh", b64(31)), error::bad_encoding, "rh");
}

TEST_CASE("roster_propose: tbs 114..1086 bytes, an optional doc")
{
    auto const plain = parsed<roster_propose_frame>(roster_propose());
    CHECK(plain.tbs == bytes(195, 1));
    CHECK(plain.sig == filled<64>(2));
    CHECK_FALSE(plain.doc);

    auto const with_doc =
        parsed<roster_propose_frame>(with(roster_propose(), "doc", object(doc())));
    REQUIRE(with_doc.doc);
    CHECK(with_doc.doc->n == filled<24>(7));
    CHECK(with_doc.doc->c == bytes(272, 8));
    REQUIRE(with_doc.doc->keys.size() == 2);
    CHECK(with_doc.doc->keys[1].to == filled<16>(2));
    CHECK(with_doc.doc->keys[1].k == filled<80>(2));

    CHECK(parsed<roster_propose_frame>(with(roster_propose(), "tbs", b64(114))).tbs.size() == 114);
    CHECK(parsed<roster_propose_frame>(with(roster_propose(), "tbs", b64(1086))).tbs.size() ==
          1086);
    refused_at(with(roster_propose(), "tbs", b64(113)), error::bad_encoding, "tbs");
    refused_at(with(roster_propose(), "tbs", b64(1087)), error::bad_encoding, "tbs");
    refused_at(without(roster_propose(), "sig"), error::missing_field, "sig");
    refused_at(with(roster_propose(), "doc", "[]"), error::wrong_type, "doc");
    refused_at(with(roster_propose(), "zz", "1"), error::unknown_field, "zz");

    SUBCASE("inside the doc")
    {
        auto with_bad_doc = [](members const& d)
        { return with(roster_propose(), "doc", object(d)); };
        refused_at(with_bad_doc(without(doc(), "keys")), error::missing_field, "doc.keys");
        refused_at(with_bad_doc(with(doc(), "n", "1")), error::wrong_type, "doc.n");
        refused_at(with_bad_doc(with(doc(), "keys", "[1]")), error::wrong_type, "doc.keys");
        refused_at(with_bad_doc(with(doc(), "keys", "[]")), error::out_of_range, "doc.keys");
        std::vector<members> thirteen(13, doc_key_member(1));
        refused_at(with_bad_doc(doc(thirteen)), error::out_of_range, "doc.keys");
        refused_at(with_bad_doc(with(doc(), "x", "1")), error::unknown_field, "doc.x");
        refused_at(with_bad_doc(with(doc(), "", "1")), error::unknown_field, "doc.");
        refused_at(with_bad_doc(with(doc(), "c", b64(273))), error::bad_encoding, "doc.c");
        refused_at(with_bad_doc(with(doc(), "c", b64(8464 + 256))), error::bad_encoding, "doc.c");
        CHECK(
            parsed<roster_propose_frame>(with_bad_doc(with(doc(), "c", b64(8464)))).doc->c.size() ==
            8464);
        refused_at(with_bad_doc(doc({doc_key_member(1), with(doc_key_member(2), "k", b64(79))})),
                   error::bad_encoding, "doc.keys.k");
        refused_at(with_bad_doc(doc({doc_key_member(1), without(doc_key_member(2), "to")})),
                   error::missing_field, "doc.keys.to");
        refused_at(with_bad_doc(doc({with(doc_key_member(1), "m", b64(16))})), error::unknown_field,
                   "doc.keys.m");
    }
    SUBCASE("a duplicate key inside a doc's keys is refused like any other")
    {
        refused(R"({"t":"roster_propose","tbs":)" + b64(114) + R"(,"sig":)" + b64(64) +
                    R"(,"doc":{"n":)" + b64(24) + R"(,"c":)" + b64(272) +
                    R"(,"keys":[{"to":"x","to":"y"}]}})",
                error::duplicate_key);
    }
}

TEST_CASE("approve, object, withdraw: rh, and approve's sig")
{
    auto const a = parsed<approve_frame>(approve());
    CHECK(a.roster_hash == filled<32>(1));
    CHECK(a.sig == filled<64>(2));
    refused_at(without(approve(), "sig"), error::missing_field, "sig");
    refused_at(with(approve(), "rh", b64(16)), error::bad_encoding, "rh");

    CHECK(parsed<object_frame>({{"t", "\"object\""}, {"rh", b64(32, 9)}}).roster_hash ==
          filled<32>(9));
    refused_at({{"t", "\"object\""}}, error::missing_field, "rh");
    refused_at({{"t", "\"object\""}, {"rh", b64(32)}, {"sig", b64(64)}}, error::unknown_field,
               "sig");

    CHECK(parsed<withdraw_frame>({{"t", "\"withdraw\""}, {"rh", b64(32, 8)}}).roster_hash ==
          filled<32>(8));
    refused_at({{"t", "\"withdraw\""}, {"rh", "null"}}, error::wrong_type, "rh");
}

TEST_CASE("invite_create: ranges, info and jks")
{
    auto const f = parsed<invite_create_frame>(invite_create());
    CHECK(f.invite == filled<16>(1));
    CHECK(f.token_hash == filled<32>(2));
    CHECK(f.roster_version == 4);
    CHECK(f.ttl_s == 604800);
    CHECK(f.uses == 1);
    CHECK(f.info.n == filled<24>(3));
    CHECK(f.info.c == bytes(528, 4));
    REQUIRE(f.jks.size() == 2);
    CHECK(f.jks[0].to == filled<16>(5));
    CHECK(f.jks[1].k == filled<160>(6));

    refused_at(with(invite_create(), "ttl_s", "3599"), error::out_of_range, "ttl_s");
    refused_at(with(invite_create(), "ttl_s", "2592001"), error::out_of_range, "ttl_s");
    CHECK(parsed<invite_create_frame>(with(invite_create(), "ttl_s", "3600")).ttl_s == 3600);
    CHECK(parsed<invite_create_frame>(with(invite_create(), "ttl_s", "2592000")).ttl_s == 2592000);
    refused_at(with(invite_create(), "uses", "0"), error::out_of_range, "uses");
    refused_at(with(invite_create(), "uses", "13"), error::out_of_range, "uses");
    CHECK(parsed<invite_create_frame>(with(invite_create(), "uses", "12")).uses == 12);
    refused_at(with(invite_create(), "rv", "0"), error::out_of_range, "rv");
    refused_at(without(invite_create(), "info"), error::missing_field, "info");
    refused_at(with(invite_create(), "info", "\"x\""), error::wrong_type, "info");
    refused_at(with(invite_create(), "jks", "[]"), error::out_of_range, "jks");
    refused_at(with(invite_create(), "jks", list(std::vector<members>(13, join_key_member(1)))),
               error::out_of_range, "jks");
    refused_at(with(invite_create(), "jks", list({with(join_key_member(1), "to", "1")})),
               error::wrong_type, "jks.to");
    refused_at(with(invite_create(), "jks", "{}"), error::wrong_type, "jks");
    refused_at(with(invite_create(), "info", object({{"n", b64(24)}})), error::missing_field,
               "info.c");
    refused_at(with(invite_create(), "info", object({{"n", b64(24)}, {"c", b64(271)}})),
               error::bad_encoding, "info.c");
    refused_at(with(invite_create(), "jks", list({with(join_key_member(1), "k", b64(161))})),
               error::bad_encoding, "jks.k");
    refused_at(with(invite_create(), "th", b64(33)), error::bad_encoding, "th");
}

TEST_CASE("invite_revoke, invite_keys, knock")
{
    CHECK(
        parsed<invite_revoke_frame>({{"t", "\"invite_revoke\""}, {"invite", b64(16, 3)}}).invite ==
        filled<16>(3));
    refused_at({{"t", "\"invite_revoke\""}}, error::missing_field, "invite");

    auto const keys = parsed<invite_keys_frame>(invite_keys());
    CHECK(keys.invite == filled<16>(1));
    REQUIRE(keys.jks.size() == 1);
    CHECK(keys.jks[0].to == filled<16>(5));
    refused_at(without(invite_keys(), "jks"), error::missing_field, "jks");
    refused_at(with(invite_keys(), "jks", list({with(join_key_member(1), "x", "1")})),
               error::unknown_field, "jks.x");

    auto const k = parsed<knock_frame>(knock());
    CHECK(k.invite == filled<16>(1));
    CHECK(k.token == filled<32>(2));
    refused_at(with(knock(), "tok", b64(31)), error::bad_encoding, "tok");
    refused_at(with(knock(), "member", b64(16)), error::unknown_field, "member");
}

TEST_CASE("join_request: every field in clear, and c of 321 bytes")
{
    auto const f = parsed<join_request_frame>(join_request());
    CHECK(f.invite == filled<16>(1));
    CHECK(f.token == filled<32>(2));
    CHECK(f.member == filled<16>(3));
    CHECK(f.sig_pk == filled<32>(4));
    CHECK(f.dh_pk == filled<32>(5));
    CHECK(f.pledge_hash == filled<32>(6));
    CHECK(f.pledge == filled<64>(7));
    CHECK(f.n == filled<24>(8));
    CHECK(f.c == filled<321>(9));
    CHECK(f.sig == filled<64>(10));

    refused_at(with(join_request(), "c", b64(320)), error::bad_encoding, "c");
    refused_at(with(join_request(), "c", b64(322)), error::bad_encoding, "c");
    refused_at(without(join_request(), "ph"), error::missing_field, "ph");
    refused_at(with(join_request(), "pledge", "7"), error::wrong_type, "pledge");
    refused_at(with(join_request(), "name", "\"Kari\""), error::unknown_field, "name");
}

TEST_CASE("join_withdraw and decline")
{
    CHECK(std::holds_alternative<join_withdraw_frame>(accepted(R"({"t":"join_withdraw"})").frame));
    refused_at({{"t", "\"join_withdraw\""}, {"member", b64(16)}}, error::unknown_field, "member");

    auto const d = parsed<decline_frame>(decline());
    CHECK(d.member == filled<16>(1));
    CHECK(d.sig == filled<64>(2));
    refused_at(with(decline(), "sig", b64(65)), error::bad_encoding, "sig");
    refused_at(without(decline(), "member"), error::missing_field, "member");
}

TEST_CASE("ekey")
{
    auto const f = parsed<ekey_frame>(ekey());
    CHECK(f.session == filled<16>(1));
    CHECK(f.epoch == 2);
    CHECK(f.from == filled<16>(2));
    CHECK(f.roster_version == 5);
    CHECK(f.roster_hash == filled<32>(3));
    CHECK(f.ek == filled<32>(4));
    CHECK(f.sig == filled<64>(5));

    refused_at(with(ekey(), "ep", "4294967296"), error::out_of_range, "ep");
    refused_at(with(ekey(), "rv", "0"), error::out_of_range, "rv");
    refused_at(with(ekey(), "ek", b64(33)), error::bad_encoding, "ek");
    refused_at(without(ekey(), "rh"), error::missing_field, "rh");
    refused_at(with(ekey(), "parts", "[]"), error::unknown_field, "parts");
}

TEST_CASE("skd: 0..11 boxes of {to, n, c}")
{
    auto const f = parsed<skd_frame>(skd());
    CHECK(f.session == filled<16>(1));
    CHECK(f.epoch == 2);
    CHECK(f.from == filled<16>(2));
    REQUIRE(f.recipients.size() == 2);
    CHECK(f.recipients[0] == filled<16>(3));
    CHECK(f.recipients[1] == filled<16>(4));

    CHECK(parsed<skd_frame>(with(skd(), "boxes", "[]")).recipients.empty());
    refused_at(with(skd(), "boxes", list(std::vector<members>(12, box_member(1)))),
               error::out_of_range, "boxes");
    CHECK(parsed<skd_frame>(with(skd(), "boxes", list(std::vector<members>(11, box_member(1)))))
              .recipients.size() == 11);
    refused_at(with(skd(), "boxes", list({with(box_member(1), "c", b64(227))})),
               error::bad_encoding, "boxes.c");
    refused_at(with(skd(), "boxes", list({with(box_member(1), "n", b64(32))})), error::bad_encoding,
               "boxes.n");
    refused_at(with(skd(), "boxes", list({without(box_member(1), "n")})), error::missing_field,
               "boxes.n");
    refused_at(with(skd(), "boxes", "[null]"), error::wrong_type, "boxes");
}

TEST_CASE("nested objects count toward the depth cap")
{
    // top 1, doc 2, keys 3, a key 4: far inside the cap. A doc nested five levels more is not.
    auto const deep = with(roster_propose(), "doc", R"({"n":[[[[[[[1]]]]]]]})");
    refused(object(deep), error::too_deep);
}

TEST_CASE("a nested problem is found when its field's turn comes in the bad_encoding pass")
{
    // A top-level bad encoding before doc in field order wins over a problem inside doc.
    auto const m = with(with(roster_propose(), "tbs", b64(3)), "doc", object(without(doc(), "n")));
    refused_at(m, error::bad_encoding, "tbs");
    // A top-level unknown field wins over a problem inside doc.
    refused_at(with(with(roster_propose(), "doc", object(without(doc(), "n"))), "zz", "1"),
               error::unknown_field, "zz");
}
