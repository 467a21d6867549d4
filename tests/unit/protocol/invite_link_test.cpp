#include "sirkel/protocol/invite_link.hpp"

#include "sirkel/protocol/base64url.hpp"

#include "test_bytes.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sirkel::protocol;
using sirkel::test::counting;

namespace
{

invite_link sample()
{
    invite_link link;
    link.group = counting<id16>(0x01);
    link.invite = counting<id16>(0x20);
    link.secret = counting<key32>(0x40);
    link.roster_hash = counting<key32>(0x80);
    return link;
}

bool same(invite_link const& a, invite_link const& b)
{
    return a.group == b.group && a.invite == b.invite && a.secret == b.secret &&
           a.roster_hash == b.roster_hash;
}

} // namespace

TEST_CASE("to_url writes origin, /j/, the group, then the payload in the fragment")
{
    auto const link = sample();
    auto const url = link.to_url("https://localhost:8443");

    bytes payload(link.invite.begin(), link.invite.end());
    payload.insert(payload.end(), link.secret.begin(), link.secret.end());
    payload.insert(payload.end(), link.roster_hash.begin(), link.roster_hash.end());
    CHECK(url == "https://localhost:8443/j/" + base64url_encode(link.group) + "#1." +
                     base64url_encode(payload));
    CHECK(url.size() == 22 + 3 + 22 + 3 + 107);
}

TEST_CASE("parse inverts to_url")
{
    auto const link = sample();
    for (auto origin :
         {"https://localhost:8443", "https://sirkel.example", "http://127.0.0.1:8080"})
    {
        auto const parsed = invite_link::parse(link.to_url(origin));
        REQUIRE(parsed);
        CHECK(same(*parsed, link));
    }

    invite_link zero_roster = link;
    zero_roster.roster_hash = {};
    auto const parsed = invite_link::parse(zero_roster.to_url("https://h"));
    REQUIRE(parsed);
    CHECK(same(*parsed, zero_roster));
}

TEST_CASE("parse refuses every other shape")
{
    auto const good = sample().to_url("https://h.example");
    REQUIRE(invite_link::parse(good));
    auto const hash = good.find('#');
    auto const group_start = good.find("/j/") + 3;
    auto const base = good.substr(0, hash);
    auto const payload = good.substr(hash + 3);

    CHECK_FALSE(invite_link::parse(""));
    CHECK_FALSE(invite_link::parse(base));                             // no fragment
    CHECK_FALSE(invite_link::parse(base + "#"));                       // empty fragment
    CHECK_FALSE(invite_link::parse(base + "#2." + payload));           // another format version
    CHECK_FALSE(invite_link::parse(base + "#1" + payload));            // no dot
    CHECK_FALSE(invite_link::parse(base + "#1." + payload + "="));     // padding
    CHECK_FALSE(invite_link::parse(base + "#1." + payload + "A"));     // too long
    CHECK_FALSE(invite_link::parse(base + "#1." + payload.substr(1))); // too short
    CHECK_FALSE(invite_link::parse(good + "#1." + payload));           // a second fragment
    CHECK_FALSE(invite_link::parse(base + "/#1." + payload));          // trailing slash
    CHECK_FALSE(invite_link::parse(base + "?x=1#1." + payload));       // a query
    CHECK_FALSE(invite_link::parse(good.substr(group_start - 3)));     // no origin
    CHECK_FALSE(invite_link::parse("h.example" + good.substr(group_start - 3)));
    CHECK_FALSE(invite_link::parse("ftp://h.example" + good.substr(group_start - 3)));
    CHECK_FALSE(invite_link::parse("https://" + good.substr(group_start - 3)));
    CHECK_FALSE(invite_link::parse("https://h.example/x" + good.substr(group_start - 3)));
    CHECK_FALSE(invite_link::parse("https://u@h.example" + good.substr(group_start - 3)));
    CHECK_FALSE(invite_link::parse("https://h example" + good.substr(group_start - 3)));

    auto replace = [&](std::size_t pos, std::string const& with)
    {
        auto copy = good;
        copy.replace(pos, with.size(), with);
        return copy;
    };
    CHECK_FALSE(invite_link::parse(replace(group_start - 2, "k"))); // /k/ instead of /j/
    CHECK_FALSE(invite_link::parse(replace(group_start, "+")));     // outside the alphabet
    CHECK_FALSE(invite_link::parse(replace(hash + 3, "/")));

    // A group one character short or long.
    auto const short_group = good.substr(0, group_start) + good.substr(group_start + 1);
    CHECK_FALSE(invite_link::parse(short_group));
    auto const long_group = good.substr(0, group_start) + "A" + good.substr(group_start);
    CHECK_FALSE(invite_link::parse(long_group));
}
