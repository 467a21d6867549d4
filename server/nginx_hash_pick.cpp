#include "nginx_hash_pick.hpp"

#include <boost/crc.hpp>

#include <stdexcept>

namespace sirkel
{

std::size_t nginx_hash_pick(std::string_view key, std::size_t servers)
{
    if (servers == 0)
        throw std::invalid_argument("an nginx upstream has at least one server");
    boost::crc_32_type crc;
    crc.process_bytes(key.data(), key.size());
    // nginx keeps 15 bits of the checksum, as Cache::Memcached does, then takes them modulo the
    // servers' total weight (one each here).
    std::size_t const hash = (crc.checksum() >> 16) & 0x7fff;
    return hash % servers;
}

} // namespace sirkel
