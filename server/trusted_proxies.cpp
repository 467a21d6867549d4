#include "trusted_proxies.hpp"

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>

#include <algorithm>
#include <stdexcept>

namespace sirkel
{

namespace
{

net::ip::address unmapped(net::ip::address const& address)
{
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
    return address;
}

} // namespace

trusted_proxies::trusted_proxies(std::vector<std::string> const& settings)
{
    for (auto const& setting : settings)
    {
        std::vector<std::string> entries;
        boost::algorithm::split(entries, setting, boost::algorithm::is_any_of(","));
        for (auto& entry : entries)
        {
            boost::algorithm::trim(entry);
            error_code ec;
            auto const address = net::ip::make_address(entry, ec);
            if (ec)
                throw std::invalid_argument("--trusted-proxy: \"" + entry +
                                            "\" is not an IP address");
            addresses_.push_back(unmapped(address));
        }
    }
}

bool trusted_proxies::contains(net::ip::address const& peer) const
{
    return std::ranges::find(addresses_, unmapped(peer)) != addresses_.end();
}

} // namespace sirkel
