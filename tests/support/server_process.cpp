#include "server_process.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#ifndef SIRKEL_BINARY
#error "SIRKEL_BINARY must name the sirkel executable (set by tests/CMakeLists.txt)"
#endif
#ifndef SIRKEL_SOURCE_DIR
#error "SIRKEL_SOURCE_DIR must name the project root (set by tests/CMakeLists.txt)"
#endif

namespace sirkel::test
{
namespace
{

using steady_clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

[[noreturn]] void throw_errno(std::string const& what)
{
    throw std::system_error(errno, std::generic_category(), what);
}

/// Closes its descriptor when it goes out of scope, so no error path leaks a pipe end.
class owned_fd
{
public:
    explicit owned_fd(int fd = -1) noexcept : fd_(fd) {}
    ~owned_fd() { reset(); }
    owned_fd(owned_fd const&) = delete;
    owned_fd& operator=(owned_fd const&) = delete;

    [[nodiscard]] int get() const noexcept { return fd_; }
    void reset(int fd = -1) noexcept
    {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_;
};

struct pipe_ends
{
    owned_fd read;
    owned_fd write;
};

// Close-on-exec, so a pipe meant for one child is never inherited by another.
void make_pipe(pipe_ends& ends)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw_errno("pipe2");
    ends.read.reset(fds[0]);
    ends.write.reset(fds[1]);
}

void set_non_blocking(int fd)
{
    int const flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        throw_errno("fcntl O_NONBLOCK");
}

/** Fork and exec program with the given standard descriptors.
    Everything the child needs is prepared before fork(): between fork and exec only
    async-signal-safe calls are allowed, since the test process may have other threads.
*/
pid_t spawn(std::filesystem::path const& program, std::vector<std::string> const& args, int in_fd,
            int out_fd, int err_fd, std::filesystem::path const& cwd,
            launch_options const& launch = {})
{
    std::vector<std::string> words;
    words.push_back(program.string());
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& word : words)
        argv.push_back(word.data());
    argv.push_back(nullptr);
    std::string const program_text = program.string();
    std::string const cwd_text = cwd.string();

    pid_t const pid = ::fork();
    if (pid < 0)
        throw_errno("fork");
    if (pid == 0)
    {
        if (::dup2(in_fd, STDIN_FILENO) < 0 || ::dup2(out_fd, STDOUT_FILENO) < 0 ||
            ::dup2(err_fd, STDERR_FILENO) < 0)
            ::_exit(126);
        if (!cwd_text.empty() && ::chdir(cwd_text.c_str()) != 0)
            ::_exit(126);
        for (auto const& limit : launch.limits)
        {
            rlimit const value{limit.value, limit.value};
            if (::setrlimit(limit.resource, &value) != 0)
                ::_exit(126);
        }
        // Root stays root (it must still reach the binary wherever the checkout is), but loses
        // the capability that lets it write through the mode bits, for good: exec gives root
        // only what the bounding set keeps.
        if (launch.obey_file_modes && ::prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0)
            ::_exit(126);
        // The harness ignores SIGPIPE; exec keeps an ignored signal ignored, so give the child
        // the default it would have had if started from a shell.
        std::signal(SIGPIPE, SIG_DFL);
        ::execv(program_text.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

int exit_code_of(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return -WTERMSIG(status);
    return -1;
}

/// Reap pid if it exits before deadline; std::nullopt if it is still running then.
std::optional<int> wait_for_exit(pid_t pid, steady_clock::time_point deadline)
{
    for (;;)
    {
        int status = 0;
        pid_t const reaped = ::waitpid(pid, &status, WNOHANG);
        if (reaped == pid)
            return exit_code_of(status);
        if (reaped < 0 && errno != EINTR)
            throw_errno("waitpid");
        if (steady_clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

/// A sanitizer's summary line in the server's log. A sanitized server may report and go on
/// (UBSan without halting) or report only at exit (leaks), where no test's check would look.
bool has_sanitizer_report(std::string_view log)
{
    for (std::string_view const summary : {"SUMMARY: AddressSanitizer", "SUMMARY: LeakSanitizer",
                                           "SUMMARY: UndefinedBehaviorSanitizer"})
        if (log.find(summary) != std::string_view::npos)
            return true;
    return false;
}

void kill_and_reap(pid_t pid)
{
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

std::string read_whole_file(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string describe(std::string const& what, command_result const& result)
{
    std::ostringstream text;
    text << what << " exited with " << result.exit_code << "\n--- stdout:\n"
         << result.out << "\n--- stderr:\n"
         << result.err;
    return text.str();
}

/// Every maximal run of base64url characters in text.
std::vector<std::string_view> base64url_words(std::string_view text)
{
    auto const is_b64u = [](char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    };
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size())
    {
        if (!is_b64u(text[i]))
        {
            ++i;
            continue;
        }
        std::size_t const start = i;
        while (i < text.size() && is_b64u(text[i]))
            ++i;
        words.push_back(text.substr(start, i - start));
    }
    return words;
}

void ignore_sigpipe_once()
{
    // A write to a pipe or socket whose reader is gone must fail with EPIPE, not end the test
    // run; the harness checks every write's result instead.
    static bool const ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    if (!ignored)
        throw std::runtime_error("cannot ignore SIGPIPE");
}

} // namespace

command_result run_program(std::filesystem::path const& program,
                           std::vector<std::string> const& args, std::string_view stdin_text,
                           std::filesystem::path const& cwd, std::chrono::milliseconds timeout)
{
    ignore_sigpipe_once();
    auto const deadline = steady_clock::now() + timeout;
    pipe_ends in, out, err;
    make_pipe(in);
    make_pipe(out);
    make_pipe(err);
    pid_t const pid = spawn(program, args, in.read.get(), out.write.get(), err.write.get(), cwd);
    in.read.reset();
    out.write.reset();
    err.write.reset();

    // Feed stdin and drain both outputs together, so a child that fills one pipe while we wait
    // on another cannot deadlock us.
    command_result result;
    std::size_t written = 0;
    if (stdin_text.empty())
        in.write.reset();
    else
        set_non_blocking(in.write.get());
    for (;;)
    {
        std::vector<pollfd> fds;
        if (in.write.get() >= 0)
            fds.push_back({in.write.get(), POLLOUT, 0});
        if (out.read.get() >= 0)
            fds.push_back({out.read.get(), POLLIN, 0});
        if (err.read.get() >= 0)
            fds.push_back({err.read.get(), POLLIN, 0});
        if (fds.empty())
            break;
        auto const left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
        if (left <= 0ms)
        {
            kill_and_reap(pid);
            throw std::runtime_error(program.string() + " did not finish within " +
                                     std::to_string(timeout.count()) + " ms");
        }
        int const ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
        if (ready < 0 && errno != EINTR)
            throw_errno("poll");
        for (auto const& fd : fds)
        {
            if (fd.revents == 0)
                continue;
            if (fd.fd == in.write.get())
            {
                auto const rest = stdin_text.substr(written);
                ssize_t const n = ::write(fd.fd, rest.data(), rest.size());
                if (n > 0)
                    written += static_cast<std::size_t>(n);
                // A child that exits without reading all of its input gets no more of it.
                if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == stdin_text.size())
                    in.write.reset();
                continue;
            }
            char buffer[4096];
            ssize_t const n = ::read(fd.fd, buffer, sizeof buffer);
            std::string& sink = fd.fd == out.read.get() ? result.out : result.err;
            if (n > 0)
                sink.append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                (fd.fd == out.read.get() ? out.read : err.read).reset();
        }
    }

    auto const code = wait_for_exit(pid, deadline);
    if (!code)
    {
        kill_and_reap(pid);
        throw std::runtime_error(program.string() + " closed its output but did not exit within " +
                                 std::to_string(timeout.count()) + " ms");
    }
    result.exit_code = *code;
    return result;
}

std::optional<std::filesystem::path> find_program(std::string_view name)
{
    char const* path = std::getenv("PATH");
    std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!dirs.empty())
    {
        auto const colon = dirs.find(':');
        std::filesystem::path const candidate = std::filesystem::path(dirs.substr(0, colon)) / name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
    }
    return std::nullopt;
}

server_process::server_process(transport mode) : mode_(mode)
{
    ignore_sigpipe_once();
    std::string pattern = (std::filesystem::temp_directory_path() / "sirkel-itest-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw_errno("mkdtemp " + pattern);
    temp_dir_ = pattern;
    certs_dir_ = temp_dir_ / "certs";
    static_dir_ = temp_dir_ / "static";
    db_path_ = temp_dir_ / "sirkel.db";
    log_path_ = temp_dir_ / "server.log";

    std::filesystem::path const script =
        std::filesystem::path(SIRKEL_SOURCE_DIR) / "certs" / "make-dev-cert.sh";
    if (!std::filesystem::exists(script))
        throw std::runtime_error(script.string() +
                                 " is missing: the harness needs it to make a test CA and server "
                                 "certificate (ca.pem, server.pem, server.key)");
    auto const made = run_program("/bin/bash", {script.string(), certs_dir_.string()}, {},
                                  temp_dir_, std::chrono::seconds{30});
    if (made.exit_code != 0)
        throw std::runtime_error(describe(script.string(), made));
    for (char const* file : {"ca.pem", "server.pem", "server.key"})
        if (!std::filesystem::exists(certs_dir_ / file))
            throw std::runtime_error(script.string() + " did not write " +
                                     (certs_dir_ / file).string());

    // A page of our own, so the HTTP tests know exactly what the server must serve.
    std::filesystem::create_directory(static_dir_);
    std::ofstream(static_dir_ / "index.html")
        << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<title>sirkel test page</title></head><body>sirkel-test-index</body></html>\n";
}

std::filesystem::path sirkel_binary()
{
    if (char const* chosen = std::getenv("SIRKEL_SERVER_BINARY"); chosen != nullptr && *chosen)
        return chosen;
    return SIRKEL_BINARY;
}

server_process::~server_process()
{
    stop();
    if (auto const log = log_text(); has_sanitizer_report(log))
    {
        // A destructor cannot fail the test case, and a memory error in the server must not
        // pass: end the test program, with the report, so ctest counts it as failed.
        std::cerr << "sirkel serve reported a sanitizer error; its log:\n" << log;
        std::abort();
    }
    if (std::getenv("SIRKEL_KEEP_TEST_DIRS") != nullptr)
    {
        std::cerr << "sirkel test directory kept: " << temp_dir_.string() << '\n';
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
}

command_result server_process::admin(std::vector<std::string> args) const
{
    args.insert(args.begin(), "admin");
    args.push_back("--db");
    args.push_back(db_path_.string());
    return run_program(sirkel_binary(), args, {}, temp_dir_);
}

void server_process::init_database() const
{
    auto const result = admin({"init"});
    if (result.exit_code != 0)
        throw std::runtime_error(describe("sirkel admin init", result));
}

protocol::id16 server_process::create_group(std::string_view label, std::optional<int> size_cap,
                                            std::vector<std::string> const& more_args) const
{
    std::vector<std::string> args = {"create-group", std::string(label)};
    if (size_cap)
        args.insert(args.end(), {"--size-cap", std::to_string(*size_cap)});
    args.insert(args.end(), more_args.begin(), more_args.end());
    auto const result = admin(std::move(args));
    if (result.exit_code != 0)
        throw std::runtime_error(describe("sirkel admin create-group", result));
    // The id is the one 22-character base64url word that decodes to 16 bytes.
    for (auto const word : base64url_words(result.out))
        if (word.size() == 22)
            if (auto const id = protocol::base64url_decode_array<16>(word))
                return *id;
    throw std::runtime_error(describe("sirkel admin create-group printed no group id;", result));
}

protocol::invite_link server_process::invite_facilitator(protocol::id16 const& group) const
{
    auto const result = admin({"invite-facilitator", protocol::base64url_encode(group),
                               "--public-origin", std::string(public_origin)});
    if (result.exit_code != 0)
        throw std::runtime_error(describe("sirkel admin invite-facilitator", result));
    std::vector<std::string> links;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("https://"))
            links.push_back(line);
    if (links.size() != 1)
        throw std::runtime_error(describe(
            "sirkel admin invite-facilitator printed not exactly one https:// line;", result));
    auto const link = protocol::invite_link::parse(links.front());
    if (!link)
        throw std::runtime_error("sirkel admin invite-facilitator printed an invalid link: " +
                                 links.front());
    return *link;
}

void server_process::start(std::vector<std::string> const& extra_args, launch_options const& launch)
{
    if (running())
        throw std::logic_error("server_process::start: already running");
    std::vector<std::string> args = {"serve",
                                     "--listen",
                                     "127.0.0.1",
                                     "--port",
                                     std::to_string(launch.port.value_or(0)),
                                     "--db",
                                     db_path_.string(),
                                     "--public-origin",
                                     std::string(public_origin),
                                     "--static-dir",
                                     static_dir_.string()};
    if (plain())
        args.push_back("--insecure-plain");
    else
        args.insert(args.end(), {"--tls-cert", (certs_dir_ / "server.pem").string(), "--tls-key",
                                 (certs_dir_ / "server.key").string()});
    args.insert(args.end(), extra_args.begin(), extra_args.end());

    // Append, so a restarted server's log follows the first one's instead of erasing it; its
    // "listening" is looked for after what the log already holds, not in the last run's lines.
    auto const logged = read_whole_file(log_path_).size();
    owned_fd const log{::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)};
    if (log.get() < 0)
        throw_errno("open " + log_path_.string());
    owned_fd const null_in{::open("/dev/null", O_RDONLY | O_CLOEXEC)};
    if (null_in.get() < 0)
        throw_errno("open /dev/null");
    pid_ = spawn(sirkel_binary(), args, null_in.get(), log.get(), log.get(), temp_dir_, launch);
    port_ = 0;
    wait_until_listening(logged);
}

void server_process::wait_until_listening(std::size_t scanned)
{
    auto const deadline = steady_clock::now() + 10s;
    for (;;)
    {
        // Look at complete lines only: a line still being written would not parse yet.
        std::string const text = read_whole_file(log_path_);
        std::size_t end = 0;
        while ((end = text.find('\n', scanned)) != std::string::npos)
        {
            std::string_view const line(text.data() + scanned, end - scanned);
            scanned = end + 1;
            boost::system::error_code ec;
            auto const value = boost::json::parse(line, ec);
            if (ec || !value.is_object())
                continue;
            auto const& event = value.as_object();
            auto const* name = event.if_contains("event");
            auto const* port = event.if_contains("port");
            if (name == nullptr || !name->is_string() || name->as_string() != "listening" ||
                port == nullptr)
                continue;
            std::int64_t number = 0;
            if (port->is_int64())
                number = port->as_int64();
            else if (port->is_uint64())
                number = static_cast<std::int64_t>(port->as_uint64());
            if (number <= 0 || number > 65535)
                throw std::runtime_error("the listening event has no valid port: " +
                                         std::string(line));
            port_ = static_cast<std::uint16_t>(number);
            return;
        }

        if (auto const code = wait_for_exit(pid_, steady_clock::now()))
        {
            pid_ = -1;
            last_exit_code_ = *code;
            throw std::runtime_error("sirkel serve exited with " + std::to_string(*code) +
                                     " before listening; log:\n" + log_text());
        }
        if (steady_clock::now() >= deadline)
        {
            kill_and_reap(pid_);
            pid_ = -1;
            throw std::runtime_error(
                "sirkel serve logged no {\"event\":\"listening\",\"port\":N} line within 10 s; "
                "log:\n" +
                log_text());
        }
        std::this_thread::sleep_for(20ms);
    }
}

int server_process::stop()
{
    if (!running())
        return last_exit_code_;
    ::kill(pid_, SIGTERM);
    auto code = wait_for_exit(pid_, steady_clock::now() + 10s);
    if (!code)
    {
        kill_and_reap(pid_);
        code = -SIGKILL;
    }
    pid_ = -1;
    last_exit_code_ = *code;
    return last_exit_code_;
}

int server_process::kill()
{
    if (!running())
        return last_exit_code_;
    kill_and_reap(pid_);
    pid_ = -1;
    last_exit_code_ = -SIGKILL;
    return last_exit_code_;
}

std::string server_process::log_text() const
{
    return read_whole_file(log_path_);
}

protocol::id16 start_with_group(server_process& server, std::vector<std::string> const& serve_args)
{
    server.init_database();
    auto const group = server.create_group("circle");
    server.start(serve_args);
    return group;
}

} // namespace sirkel::test
