#include "certificate_reloader.hpp"

#include "listener.hpp"
#include "logger.hpp"
#include "metrics.hpp"
#include "tls_context.hpp"

#include <csignal>
#include <exception>
#include <utility>

namespace sirkel
{

certificate_reloader::certificate_reloader(net::io_context& ioc, std::shared_ptr<listener> server,
                                           logger const& log, metrics& stats,
                                           std::filesystem::path certificate_chain,
                                           std::filesystem::path private_key)
    : signals_(ioc, SIGHUP), server_(std::move(server)), log_(log), stats_(stats),
      certificate_chain_(std::move(certificate_chain)), private_key_(std::move(private_key))
{
    wait();
}

void certificate_reloader::wait()
{
    signals_.async_wait(
        [this](error_code ec, int)
        {
            if (ec)
                return;
            reload();
            wait();
        });
}

void certificate_reloader::reload()
{
    if (certificate_chain_.empty())
    {
        log_.log(log_level::info, "tls_reload_ignored",
                 {{"reason", "no certificate to reload: --insecure-plain serves behind a "
                             "reverse proxy that holds it"}});
        return;
    }
    try
    {
        auto next = make_tls_context(certificate_chain_, private_key_);
        auto const fingerprint = certificate_sha256(*next);
        auto const not_after = certificate_not_after(*next);
        auto const expires_at = certificate_not_after_unix(*next);
        server_->use_tls_context(std::move(next));
        ++stats_.tls_reloads;
        stats_.tls_certificate_not_after = expires_at;
        log_.log(log_level::info, "tls_reloaded",
                 {{"certificate_sha256", fingerprint}, {"not_after", not_after}});
    }
    catch (std::exception const& e)
    {
        ++stats_.tls_reload_failures;
        log_.log(log_level::error, "tls_reload_failed",
                 {{"reason", e.what()}, {"kept", "the certificate served before"}});
    }
}

} // namespace sirkel
