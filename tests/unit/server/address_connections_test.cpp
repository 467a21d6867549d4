// The count behind --max-connections-per-address.
#include "address_connections.hpp"

#include <doctest/doctest.h>

using namespace sirkel;

TEST_CASE("connections are counted per address, and an address goes with its last one")
{
    address_connections open;
    auto const a = net::ip::make_address("192.0.2.1");
    auto const b = net::ip::make_address("192.0.2.2");
    open.add(a);
    open.add(a);
    open.add(b);
    CHECK(open.count(a) == 2);
    CHECK(open.count(b) == 1);
    CHECK(open.count(net::ip::make_address("192.0.2.3")) == 0);
    open.remove(a);
    open.remove(b);
    CHECK(open.count(a) == 1);
    CHECK(open.size() == 1);
    open.remove(a);
    CHECK(open.size() == 0);
    // A remove without an add changes nothing.
    open.remove(a);
    CHECK(open.size() == 0);
}
