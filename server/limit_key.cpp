#include "limit_key.hpp"

#include <algorithm>

namespace sirkel
{

net::ip::address limit_key(net::ip::address const& address)
{
    if (address.is_v4())
        return address;
    auto const v6 = address.to_v6();
    if (v6.is_v4_mapped())
        return net::ip::make_address_v4(net::ip::v4_mapped, v6);
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), static_cast<unsigned char>(0));
    return net::ip::address_v6(bytes);
}

} // namespace sirkel
