#include "nginx_process.hpp"

#include "server_process.hpp"
#include "spawn_logged.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#ifndef SIRKEL_SOURCE_DIR
#error "SIRKEL_SOURCE_DIR must name the source tree (set by tests/CMakeLists.txt)"
#endif

namespace sirkel::test
{
namespace
{

using steady_clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

[[noreturn]] void throw_errno(std::string const& what, int code = errno)
{
    throw std::system_error(code, std::generic_category(), what);
}

std::string read_whole_file(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(std::filesystem::path const& file, std::string const& text)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out)
        throw std::runtime_error("nginx_process: cannot write " + file.string());
}

/// nginx on PATH, or where Debian puts it: /usr/sbin is not on an ordinary user's PATH.
std::filesystem::path nginx_binary()
{
    if (auto const found = find_program("nginx"))
        return *found;
    if (::access("/usr/sbin/nginx", X_OK) == 0)
        return "/usr/sbin/nginx";
    throw std::runtime_error(
        "nginx_process: nginx is not installed (scripts/setup.sh installs Debian's nginx)");
}

/// A TCP socket and the address 127.0.0.1:port for it to bind or connect to.
struct loopback_socket
{
    int fd = -1;
    sockaddr_in address{};

    explicit loopback_socket(std::uint16_t port)
        : fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        if (fd < 0)
            throw_errno("socket");
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
    }
    ~loopback_socket() { ::close(fd); }
    loopback_socket(loopback_socket const&) = delete;
    loopback_socket& operator=(loopback_socket const&) = delete;

    [[nodiscard]] sockaddr* generic() { return reinterpret_cast<sockaddr*>(&address); }
};

/// A port on 127.0.0.1 that was free a moment ago: bound to port 0, read back, released.
std::uint16_t free_loopback_port()
{
    loopback_socket socket(0);
    socklen_t length = sizeof socket.address;
    if (::bind(socket.fd, socket.generic(), sizeof socket.address) != 0 ||
        ::getsockname(socket.fd, socket.generic(), &length) != 0)
        throw_errno("bind 127.0.0.1:0");
    return ntohs(socket.address.sin_port);
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
bool accepts_connections(std::uint16_t port)
{
    loopback_socket socket(port);
    return ::connect(socket.fd, socket.generic(), sizeof socket.address) == 0;
}

/// The exit code of pid if it has ended (reaped), else std::nullopt.
std::optional<int> exit_code_if_ended(pid_t pid)
{
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != pid)
        return std::nullopt;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
}

struct loopback_ports
{
    std::uint16_t http = 0;
    std::uint16_t tls = 0;
    nginx_process::upstream_ports const& upstreams;
};

/** site with every `listen PORT ...;` on 127.0.0.1 (443 becoming ports.tls, any other port
    ports.http), IPv6 listens left out (a test machine may have no ::1), the certificate and key
    replaced and each upstream `server 127.0.0.1:PORT` on the port ports.upstreams gives PORT,
    the rest of its line kept. Everything else is the example's own.
*/
std::string loopback_site(std::string const& site, loopback_ports const& ports,
                          std::filesystem::path const& certificate,
                          std::filesystem::path const& key)
{
    constexpr std::string_view upstream_prefix = "server 127.0.0.1:";
    int tls_listens = 0, certificates = 0, keys = 0, upstreams = 0;
    std::ostringstream out;
    std::istringstream lines(site);
    for (std::string line; std::getline(lines, line);)
    {
        auto const start = line.find_first_not_of(' ');
        std::string const indent = line.substr(0, start == std::string::npos ? 0 : start);
        std::string_view const directive =
            start == std::string::npos ? std::string_view{} : std::string_view(line).substr(start);
        if (directive.starts_with("listen "))
        {
            if (directive.find("[::]") != std::string_view::npos)
                continue;
            auto const port_end = directive.find_first_of(" ;", 7);
            auto const port = directive.substr(7, port_end - 7);
            bool const tls = port == "443";
            tls_listens += tls ? 1 : 0;
            out << indent << "listen 127.0.0.1:" << (tls ? ports.tls : ports.http)
                << directive.substr(port_end) << '\n';
        }
        else if (directive.starts_with("ssl_certificate "))
        {
            ++certificates;
            out << indent << "ssl_certificate " << certificate.string() << ";\n";
        }
        else if (directive.starts_with("ssl_certificate_key "))
        {
            ++keys;
            out << indent << "ssl_certificate_key " << key.string() << ";\n";
        }
        else if (directive.starts_with(upstream_prefix))
        {
            ++upstreams;
            auto const port_end = directive.find_first_of(" ;", upstream_prefix.size());
            auto const port =
                directive.substr(upstream_prefix.size(), port_end - upstream_prefix.size());
            auto const test_port = std::find_if(ports.upstreams.begin(), ports.upstreams.end(),
                                                [port](auto const& entry)
                                                { return std::to_string(entry.first) == port; });
            if (test_port == ports.upstreams.end())
                throw std::runtime_error("nginx_process: the site's upstream server 127.0.0.1:" +
                                         std::string(port) + " has no test server");
            out << indent << upstream_prefix << test_port->second << directive.substr(port_end)
                << '\n';
        }
        else
        {
            out << line << '\n';
        }
    }
    if (tls_listens == 0 || certificates == 0 || keys == 0 || upstreams == 0)
        throw std::runtime_error("nginx_process: the site lacks a `listen 443 ssl`, an "
                                 "`ssl_certificate`, an `ssl_certificate_key` or an upstream "
                                 "`server 127.0.0.1:PORT`; what the test replaces has changed");
    return out.str();
}

/// The main configuration: every path nginx writes is under prefix, and site is included in
/// the http block as Debian's nginx.conf includes sites-enabled/.
std::string main_configuration(std::filesystem::path const& prefix)
{
    auto const at = [&prefix](char const* name) { return (prefix / name).string(); };
    std::ostringstream out;
    out << "pid " << at("nginx.pid") << ";\n"
        << "error_log " << at("error.log") << " info;\n"
        << "events {\n    worker_connections 256;\n}\n"
        << "http {\n"
        << "    client_body_temp_path " << at("client_body_temp") << ";\n"
        << "    proxy_temp_path " << at("proxy_temp") << ";\n"
        << "    fastcgi_temp_path " << at("fastcgi_temp") << ";\n"
        << "    uwsgi_temp_path " << at("uwsgi_temp") << ";\n"
        << "    scgi_temp_path " << at("scgi_temp") << ";\n"
        << "    access_log " << at("access.log") << ";\n"
        << "    include " << at("site.conf") << ";\n"
        << "}\n";
    return out.str();
}

} // namespace

std::string nginx_process::deploy_example(std::string_view file)
{
    std::filesystem::path const example =
        std::filesystem::path(SIRKEL_SOURCE_DIR) / "deploy" / "nginx" / file;
    auto text = read_whole_file(example);
    if (text.empty())
        throw std::runtime_error("nginx_process: cannot read " + example.string());
    return text;
}

nginx_process::nginx_process(std::string const& site, upstream_ports const& upstreams,
                             std::filesystem::path const& certificate,
                             std::filesystem::path const& key)
{
    auto const nginx = nginx_binary();
    std::string pattern = (std::filesystem::temp_directory_path() / "sirkel-nginx-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw_errno("mkdtemp " + pattern);
    prefix_ = pattern;
    try
    {
        http_port_ = free_loopback_port();
        tls_port_ = free_loopback_port();
        site_ = loopback_site(site, {http_port_, tls_port_, upstreams}, certificate, key);
        write_file(prefix_ / "site.conf", site_);
        write_file(prefix_ / "nginx.conf", main_configuration(prefix_));
        // -e: the error log before the configuration is read, which otherwise is
        // /var/log/nginx/error.log, not writable without root.
        std::vector<std::string> const common{"-p", prefix_.string(),
                                              "-c", (prefix_ / "nginx.conf").string(),
                                              "-e", (prefix_ / "error.log").string()};
        auto test_args = common;
        test_args.emplace_back("-t");
        auto const checked = run_program(nginx, test_args);
        config_test_output_ = checked.out + checked.err;
        if (checked.exit_code != 0)
            throw std::runtime_error("nginx -t refused the configuration:\n" + config_test_output_ +
                                     "\nsite:\n" + site_);
        auto run_args = common;
        run_args.insert(run_args.end(), {"-g", "daemon off;"});
        pid_ = spawn_logged(nginx, run_args, prefix_ / "nginx.out");
        wait_until_listening();
    }
    catch (...)
    {
        stop();
        std::error_code ignored;
        std::filesystem::remove_all(prefix_, ignored);
        throw;
    }
}

nginx_process::~nginx_process()
{
    stop();
    if (std::getenv("SIRKEL_KEEP_TEST_DIRS") != nullptr)
    {
        std::cerr << "nginx prefix kept: " << prefix_.string() << '\n';
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(prefix_, ignored);
}

void nginx_process::wait_until_listening()
{
    auto const deadline = steady_clock::now() + 10s;
    while (!(accepts_connections(tls_port_) && accepts_connections(http_port_)))
    {
        if (auto const code = exit_code_if_ended(pid_))
        {
            pid_ = -1;
            last_exit_code_ = *code;
            throw std::runtime_error("nginx exited with " + std::to_string(*code) +
                                     " before listening; error log:\n" + error_log() +
                                     read_whole_file(prefix_ / "nginx.out"));
        }
        if (steady_clock::now() >= deadline)
            throw std::runtime_error("nginx did not listen within 10 s; error log:\n" +
                                     error_log());
        std::this_thread::sleep_for(20ms);
    }
}

int nginx_process::stop()
{
    if (pid_ <= 0)
        return last_exit_code_;
    ::kill(pid_, SIGTERM);
    auto const deadline = steady_clock::now() + 10s;
    std::optional<int> code;
    while (!(code = exit_code_if_ended(pid_)) && steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    if (!code)
    {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        code = -SIGKILL;
    }
    pid_ = -1;
    last_exit_code_ = *code;
    return last_exit_code_;
}

std::string nginx_process::error_log() const
{
    return read_whole_file(prefix_ / "error.log");
}

} // namespace sirkel::test
