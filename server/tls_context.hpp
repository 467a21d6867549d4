// The TLS settings: TLS 1.2 and 1.3 only, forward-secret AEAD suites only (Mozilla's
// "intermediate" profile), OpenSSL's released buffers to save memory on idle connections.
#pragma once

#include "net.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace sirkel
{

/** Build a server context from a PEM certificate chain and key.
    @throws std::runtime_error naming the file and the rule if either cannot be loaded, they do
    not match, or the certificate is not valid now (expired or not yet valid).
*/
[[nodiscard]] std::shared_ptr<ssl::context>
make_tls_context(std::filesystem::path const& certificate_chain,
                 std::filesystem::path const& private_key);

/// The SHA-256 fingerprint of context's certificate in lowercase hex, as
/// `openssl x509 -noout -fingerprint -sha256` shows it (without the colons): public, and what
/// tells an operator which certificate a server serves.
[[nodiscard]] std::string certificate_sha256(ssl::context& context);

/// When context's certificate expires, e.g. "2028-03-05 10:00:00 UTC".
[[nodiscard]] std::string certificate_not_after(ssl::context& context);

/// When context's certificate expires, in seconds since 1970 (UTC), for the metric an operator
/// alerts on before the renewal is late.
[[nodiscard]] std::int64_t certificate_not_after_unix(ssl::context& context);

} // namespace sirkel
