// Runs the real sirkel binary for one integration test: a fresh temp directory holding its own
// development certificates, SQLite file, static files and log, admin commands on that database,
// and one `sirkel serve` process on 127.0.0.1 with an ephemeral port.
#pragma once

#include "sirkel/protocol/bytes.hpp"
#include "sirkel/protocol/invite_link.hpp"

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sirkel::test
{

/// What a finished program wrote and how it ended.
struct command_result
{
    int exit_code = -1; ///< the exit status, or minus the signal number that ended it
    std::string out;
    std::string err;
};

/** Run a program to completion.
    Feeds stdin_text on its standard input and captures standard output and error through pipes.
    @param cwd the working directory of the child; empty to inherit ours
    @throws std::runtime_error if it cannot be started or does not finish within timeout (it is
    then killed).
*/
[[nodiscard]] command_result
run_program(std::filesystem::path const& program, std::vector<std::string> const& args,
            std::string_view stdin_text = {}, std::filesystem::path const& cwd = {},
            std::chrono::milliseconds timeout = std::chrono::seconds{10});

/// The first executable called name on PATH, like the shell's `command -v`.
[[nodiscard]] std::optional<std::filesystem::path> find_program(std::string_view name);

/// The sirkel executable under test: this build's own, unless the environment variable
/// SIRKEL_SERVER_BINARY names another build of it (./test runs the integration suite against the
/// ASan+UBSan server that way).
[[nodiscard]] std::filesystem::path sirkel_binary();

/// A resource limit (setrlimit) a started server runs under, soft and hard alike.
struct resource_limit
{
    int resource = 0; ///< RLIMIT_NOFILE, RLIMIT_FSIZE, ...
    rlim_t value = 0;
};

/// How server_process::start runs the server beyond its command line, for the fault tests.
struct launch_options
{
    /// Listen on this port instead of an ephemeral one: a restart that clients find where the
    /// last server was.
    std::optional<std::uint16_t> port;
    /// Limits set in the child before exec.
    std::vector<resource_limit> limits;
    /// Drop root's power to write files whatever their mode (CAP_DAC_OVERRIDE) before exec,
    /// so a read-only file is read-only to a server the harness starts as root.
    bool obey_file_modes = false;
};

class server_process
{
public:
    /// The origin every test client sends and signs; it never has to resolve.
    static constexpr std::string_view public_origin = "https://sirkel.test";

    /// How the server is reached: over TLS, or in plain text as behind a TLS reverse proxy.
    enum class transport
    {
        tls,
        insecure_plain ///< `--insecure-plain` instead of the TLS flags
    };

    /** Make the temp directory, its development certificates (certs/make-dev-cert.sh) and a
        static directory with an index.html. Starts nothing.
        @param mode how start() serves, and so how test clients connect
        @throws std::runtime_error if the certificate script is missing or fails.
    */
    explicit server_process(transport mode = transport::tls);
    /// Stop the server if it runs, then remove the temp directory unless SIRKEL_KEEP_TEST_DIRS
    /// is set (it is then kept and named on stderr, for reading the log after a failure).
    ~server_process();
    server_process(server_process const&) = delete;
    server_process& operator=(server_process const&) = delete;

    /// `sirkel admin ARGS --db <db_path>`, run in the temp directory.
    [[nodiscard]] command_result admin(std::vector<std::string> args) const;

    /// `admin init`; throws unless it succeeds.
    void init_database() const;
    /// `admin create-group LABEL` (with `--size-cap` when given, then more_args such as
    /// "--instance", "1", "--instances", "2"); throws unless it succeeds and prints a group id.
    [[nodiscard]] protocol::id16 create_group(std::string_view label,
                                              std::optional<int> size_cap = std::nullopt,
                                              std::vector<std::string> const& more_args = {}) const;
    /// `admin invite-facilitator GROUP`; throws unless it succeeds and prints a valid link.
    [[nodiscard]] protocol::invite_link invite_facilitator(protocol::id16 const& group) const;

    /** Start `sirkel serve` on 127.0.0.1, port 0, with this directory's database, certificates
        (or --insecure-plain), static files and public origin, plus extra_args such as
        "--challenge-ttl-ms", "200". Returns once the server has logged its "listening" event.
        @throws std::runtime_error if it exits or does not listen within 10 s.
    */
    void start(std::vector<std::string> const& extra_args = {}, launch_options const& launch = {});

    /// SIGKILL, as a crash or power cut ends it: no shutdown runs. Returns -SIGKILL once reaped,
    /// or the last exit code when not running.
    int kill();

    /// SIGTERM, up to 10 s for a clean exit, then SIGKILL. Returns the exit code (minus the
    /// signal number if a signal ended it). Safe to call when not running: returns the last code.
    int stop();

    [[nodiscard]] bool running() const { return pid_ > 0; }
    /// The running server's process id (-1 when not running), e.g. to read its CPU time.
    [[nodiscard]] pid_t pid() const { return pid_; }
    /// Whether start() serves plain HTTP and WebSocket (transport::insecure_plain).
    [[nodiscard]] bool plain() const { return mode_ == transport::insecure_plain; }
    [[nodiscard]] std::uint16_t port() const { return port_; }
    [[nodiscard]] std::filesystem::path const& temp_dir() const { return temp_dir_; }
    [[nodiscard]] std::filesystem::path const& db_path() const { return db_path_; }
    [[nodiscard]] std::filesystem::path const& log_path() const { return log_path_; }
    [[nodiscard]] std::filesystem::path const& certs_dir() const { return certs_dir_; }
    [[nodiscard]] std::filesystem::path ca_path() const { return certs_dir_ / "ca.pem"; }
    /// What the server has written to stdout and stderr so far.
    [[nodiscard]] std::string log_text() const;

private:
    /// Reads the log from offset scanned on for the "listening" event and its port.
    void wait_until_listening(std::size_t scanned);

    transport mode_;
    std::filesystem::path temp_dir_;
    std::filesystem::path certs_dir_;
    std::filesystem::path static_dir_;
    std::filesystem::path db_path_;
    std::filesystem::path log_path_;
    pid_t pid_ = -1;
    int last_exit_code_ = -1;
    std::uint16_t port_ = 0;
};

/// init_database, create-group "circle" and start(serve_args): how most tests begin.
[[nodiscard]] protocol::id16 start_with_group(server_process& server,
                                              std::vector<std::string> const& serve_args = {});

} // namespace sirkel::test
