// Runs real nginx for one integration test with a site made from an example of deploy/nginx/:
// in a temp prefix of its own, on 127.0.0.1 and free ports, with a certificate for "localhost",
// in front of plain server_processes. No root needed, nothing of the system's nginx touched.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace sirkel::test
{

class nginx_process
{
public:
    /// For each port an upstream `server 127.0.0.1:PORT` of the site names, the port of the test
    /// server that takes its place, e.g. {{8080, server.port()}}.
    using upstream_ports = std::map<std::uint16_t, std::uint16_t>;

    /// deploy/nginx/<file> as it is in the source tree.
    [[nodiscard]] static std::string deploy_example(std::string_view file = "sirkel.conf");

    /** Make site runnable here (each `listen` on 127.0.0.1 and a free port, its port 443 the TLS
        one, the certificate and key given, each upstream server on its test server's port),
        wrap it in a main configuration whose paths are all in the temp prefix, check it with
        `nginx -t`, and start nginx in the foreground. Returns once nginx accepts connections on
        both ports.
        @throws std::runtime_error if nginx is not installed, site lacks a `listen 443 ssl`, an
        `ssl_certificate`, an `ssl_certificate_key` or an upstream `server 127.0.0.1:PORT`, an
        upstream's port is not in upstreams, `nginx -t` refuses the configuration (its output
        quoted), or nginx does not listen within 10 s.
    */
    nginx_process(std::string const& site, upstream_ports const& upstreams,
                  std::filesystem::path const& certificate, std::filesystem::path const& key);
    /// Stop nginx, then remove the prefix unless SIRKEL_KEEP_TEST_DIRS is set.
    ~nginx_process();
    nginx_process(nginx_process const&) = delete;
    nginx_process& operator=(nginx_process const&) = delete;

    /// SIGTERM (nginx's fast shutdown), up to 10 s, then SIGKILL. The exit code (minus the
    /// signal number if a signal ended it); safe to call again.
    int stop();

    [[nodiscard]] std::uint16_t tls_port() const { return tls_port_; }
    [[nodiscard]] std::uint16_t http_port() const { return http_port_; }
    /// What `nginx -t` printed.
    [[nodiscard]] std::string const& config_test_output() const { return config_test_output_; }
    /// The site as nginx runs it.
    [[nodiscard]] std::string const& site() const { return site_; }
    /// nginx's error log so far.
    [[nodiscard]] std::string error_log() const;

private:
    void wait_until_listening();

    std::filesystem::path prefix_;
    std::uint16_t tls_port_ = 0;
    std::uint16_t http_port_ = 0;
    std::string site_;
    std::string config_test_output_;
    pid_t pid_ = -1;
    int last_exit_code_ = -1;
};

} // namespace sirkel::test
