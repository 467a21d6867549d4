// Which server of an nginx `upstream` block with `hash KEY;` (without `consistent`) a request
// goes to, computed as nginx's ngx_http_upstream_hash_module.c does. `sirkel admin create-group
// --instance I --instances N` draws group ids until nginx would send the group's WebSocket to
// instance I, the one that holds the group (deploy/SCALING.md).
#pragma once

#include <cstddef>
#include <string_view>

namespace sirkel
{

/** The index, from 0, of the server nginx's `hash key;` picks first among `servers` servers of
    equal weight: ((crc32(key) >> 16) & 0x7fff) % servers, crc32 being zlib's (IEEE 802.3).
    Only when that server is down or has failed does nginx hash again and try another, which
    this does not follow: no other instance holds the group.
    @param servers how many `server` lines the upstream has, at least 1
*/
[[nodiscard]] std::size_t nginx_hash_pick(std::string_view key, std::size_t servers);

} // namespace sirkel
