#include "client_address.hpp"

#include "limit_key.hpp"
#include "trusted_proxies.hpp"

#include <boost/algorithm/string/trim.hpp>

#include <string>
#include <string_view>

namespace sirkel
{

client_address::client_address(net::ip::address const& peer, trusted_proxies const& proxies)
{
    if (!proxies.contains(peer))
        peer_ = limit_key(peer);
}

std::optional<net::ip::address> client_address::of(http::fields const& request) const
{
    if (peer_)
        return peer_;
    // Several X-Forwarded-For lines read as one comma-separated list, in their order.
    std::optional<std::string_view> last_line;
    for (auto const& field : request)
        if (beast::iequals(field.name_string(), "X-Forwarded-For"))
            last_line = field.value();
    if (!last_line)
        return std::nullopt;
    // After the last comma, or all of it when there is none (npos + 1 is 0).
    auto const last_entry =
        boost::algorithm::trim_copy(std::string(last_line->substr(last_line->rfind(',') + 1)));
    error_code ec;
    auto const address = net::ip::make_address(last_entry, ec);
    if (ec)
        return std::nullopt;
    return limit_key(address);
}

} // namespace sirkel
