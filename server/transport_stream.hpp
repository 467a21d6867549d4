// The two transports a connection can run on. TLS is the normal case; plain TCP exists only for
// --insecure-plain behind a reverse proxy on loopback. A std::variant keeps one session class
// for both instead of duplicating it per transport (the server-flex CRTP split).
#pragma once

#include "net.hpp"
#include "tls_socket.hpp"

#include <variant>

namespace sirkel
{

using plain_stream = beast::tcp_stream;
using tls_stream = tls_socket;
using transport_stream = std::variant<plain_stream, tls_stream>;

using plain_websocket = websocket::stream<tcp::socket>;
using tls_websocket = websocket::stream<tls_stream>;
using any_websocket = std::variant<plain_websocket, tls_websocket>;

} // namespace sirkel
