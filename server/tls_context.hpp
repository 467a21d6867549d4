// The TLS settings: TLS 1.2 and 1.3 only, forward-secret AEAD suites only (Mozilla's
// "intermediate" profile), OpenSSL's released buffers to save memory on idle connections.
#pragma once

#include "net.hpp"

#include <filesystem>
#include <memory>

namespace sirkel
{

/** Build a server context from a PEM certificate chain and key.
    @throws std::runtime_error naming the file if either cannot be loaded or they do not match.
*/
[[nodiscard]] std::shared_ptr<ssl::context>
make_tls_context(std::filesystem::path const& certificate_chain,
                 std::filesystem::path const& private_key);

} // namespace sirkel
