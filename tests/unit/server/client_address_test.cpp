// Which address a request counts as for the per-address limits: the TCP peer, or from a trusted
// proxy the last X-Forwarded-For entry.
#include "client_address.hpp"

#include "trusted_proxies.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string_view>

using namespace sirkel;

namespace
{

auto const proxy = net::ip::make_address("127.0.0.1");
trusted_proxies const proxies({"127.0.0.1"});

/// A request carrying one X-Forwarded-For line per value.
http::fields forwarded_for(std::initializer_list<std::string_view> lines)
{
    http::fields fields;
    fields.set(http::field::host, "sirkel.test");
    for (auto const line : lines)
        fields.insert("X-Forwarded-For", line);
    return fields;
}

std::optional<net::ip::address> counted(std::initializer_list<std::string_view> lines)
{
    return client_address(proxy, proxies).of(forwarded_for(lines));
}

} // namespace

TEST_CASE("client address: a direct client counts as its peer, whatever X-Forwarded-For says")
{
    client_address const direct(net::ip::make_address("198.51.100.4"), proxies);
    CHECK_FALSE(direct.via_proxy());
    CHECK(direct.connection() == net::ip::make_address("198.51.100.4"));
    CHECK(direct.of(forwarded_for({"203.0.113.7"})) == net::ip::make_address("198.51.100.4"));
    CHECK(direct.of(forwarded_for({})) == net::ip::make_address("198.51.100.4"));
}

TEST_CASE("client address: a direct IPv6 client counts by its /64, a mapped IPv4 one as IPv4")
{
    client_address const v6(net::ip::make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), proxies);
    CHECK(v6.connection() == net::ip::make_address("2001:db8:1:2::"));
    client_address const mapped(net::ip::make_address("::ffff:198.51.100.4"), proxies);
    CHECK(mapped.connection() == net::ip::make_address("198.51.100.4"));
}

TEST_CASE("client address: a trusted proxy counts as nobody; its request as the last entry")
{
    client_address const via(proxy, proxies);
    CHECK(via.via_proxy());
    CHECK_FALSE(via.connection());
    CHECK(counted({"203.0.113.7"}) == net::ip::make_address("203.0.113.7"));
    // What a client sent comes first; the proxy's own entry is last.
    CHECK(counted({"1.2.3.4, 203.0.113.7"}) == net::ip::make_address("203.0.113.7"));
    CHECK(counted({"1.2.3.4", " 203.0.113.7 "}) == net::ip::make_address("203.0.113.7"));
    CHECK(counted({"2001:db8:1:2::99"}) == net::ip::make_address("2001:db8:1:2::"));
    CHECK(counted({"::ffff:203.0.113.7"}) == net::ip::make_address("203.0.113.7"));
}

TEST_CASE("client address: a trusted proxy's request without a usable last entry counts as none")
{
    CHECK_FALSE(counted({}));
    CHECK_FALSE(counted({""}));
    CHECK_FALSE(counted({"203.0.113.7, "}));
    CHECK_FALSE(counted({"203.0.113.7", "unknown"}));
    CHECK_FALSE(counted({"203.0.113.7:4711"}));
    CHECK_FALSE(counted({"[2001:db8::1]"}));
}
