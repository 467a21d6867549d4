// --trusted-proxy: which peers may name the client in X-Forwarded-For.
#include "trusted_proxies.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace sirkel;

TEST_CASE("trusted proxies: repeated and comma-separated entries, IPv4 also seen mapped in IPv6")
{
    trusted_proxies const proxies({"127.0.0.1", " ::1 , 192.0.2.10"});
    CHECK(proxies.contains(net::ip::make_address("127.0.0.1")));
    CHECK(proxies.contains(net::ip::make_address("::ffff:127.0.0.1")));
    CHECK(proxies.contains(net::ip::make_address("::1")));
    CHECK(proxies.contains(net::ip::make_address("192.0.2.10")));
    CHECK_FALSE(proxies.contains(net::ip::make_address("127.0.0.2")));
    CHECK_FALSE(proxies.contains(net::ip::make_address("::2")));
}

TEST_CASE("trusted proxies: none by default")
{
    trusted_proxies const proxies({});
    CHECK_FALSE(proxies.contains(net::ip::make_address("127.0.0.1")));
}

TEST_CASE("trusted proxies: an entry that is no IP address is refused, naming the setting")
{
    CHECK_THROWS_WITH_AS(trusted_proxies({"localhost"}),
                         "--trusted-proxy: \"localhost\" is not an IP address",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(trusted_proxies({"127.0.0.1,"}),
                         "--trusted-proxy: \"\" is not an IP address", std::invalid_argument);
    CHECK_THROWS_AS(trusted_proxies({"10.0.0.0/8"}), std::invalid_argument);
}
