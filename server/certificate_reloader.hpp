// SIGHUP re-reads the certificate and key files (issue 8): certbot renews a certificate every 60
// to 90 days, and a restart to load it would end every meeting in progress. New TLS handshakes
// use the new certificate; connections already open keep theirs until they end.
#pragma once

#include "net.hpp"

#include <filesystem>
#include <memory>

namespace sirkel
{

class listener;
class logger;
class metrics;

class certificate_reloader
{
public:
    /** Handle SIGHUP on ioc from now on. With empty paths (--insecure-plain: a reverse proxy
        holds the certificate) a SIGHUP is logged and ignored, so a reload never ends the
        server.
    */
    certificate_reloader(net::io_context& ioc, std::shared_ptr<listener> server, logger const& log,
                         metrics& stats, std::filesystem::path certificate_chain,
                         std::filesystem::path private_key);

private:
    void wait();
    /// Build a context from the files; hand it to the listener only if every check passes,
    /// else log why (tls_reload_failed) and keep the certificate being served. Either way it
    /// is counted in the metrics.
    void reload();

    net::signal_set signals_;
    std::shared_ptr<listener> server_;
    logger const& log_;
    metrics& stats_;
    std::filesystem::path certificate_chain_;
    std::filesystem::path private_key_;
};

} // namespace sirkel
