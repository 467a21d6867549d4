#include "tampering_relay_process.hpp"

#include "spawn_logged.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
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

#ifndef SIRKEL_TAMPERING_RELAY_BINARY
#error "SIRKEL_TAMPERING_RELAY_BINARY must name the relay executable (set by tests/CMakeLists.txt)"
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

} // namespace

tampering_relay_process::tampering_relay_process(std::uint16_t upstream_port, std::string_view mode,
                                                 std::uint16_t listen_port,
                                                 std::chrono::seconds max_seconds)
    : mode_(mode)
{
    std::string pattern = (std::filesystem::temp_directory_path() / "sirkel-relay-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw_errno("mkdtemp " + pattern);
    temp_dir_ = pattern;
    log_path_ = temp_dir_ / "relay.log";
    pid_ = spawn_logged(SIRKEL_TAMPERING_RELAY_BINARY,
                        {"--upstream-port", std::to_string(upstream_port), "--port",
                         std::to_string(listen_port), "--mode", mode_, "--max-seconds",
                         std::to_string(max_seconds.count())},
                        log_path_);
    try
    {
        wait_until_listening();
    }
    catch (...)
    {
        stop();
        std::error_code ignored;
        std::filesystem::remove_all(temp_dir_, ignored);
        throw;
    }
}

tampering_relay_process::~tampering_relay_process()
{
    stop();
    if (std::getenv("SIRKEL_KEEP_TEST_DIRS") != nullptr)
    {
        std::cerr << "sirkel relay directory kept: " << temp_dir_.string() << '\n';
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
}

void tampering_relay_process::wait_until_listening()
{
    auto const deadline = steady_clock::now() + 10s;
    for (;;)
    {
        std::istringstream lines(log_text());
        for (std::string line; std::getline(lines, line);)
        {
            unsigned port = 0;
            std::istringstream words(line);
            std::string word;
            // Complete lines only: a line still being written has no '\n' yet.
            if (!lines.eof() && words >> word >> port && word == "listening" && port > 0 &&
                port <= 65535)
            {
                port_ = static_cast<std::uint16_t>(port);
                return;
            }
        }
        if (auto const code = exit_code_if_ended(pid_))
        {
            pid_ = -1;
            last_exit_code_ = *code;
            throw std::runtime_error("sirkel_tampering_relay exited with " + std::to_string(*code) +
                                     " before listening; log:\n" + log_text());
        }
        if (steady_clock::now() >= deadline)
            throw std::runtime_error(
                "sirkel_tampering_relay printed no \"listening <port>\" within 10 s; log:\n" +
                log_text());
        std::this_thread::sleep_for(20ms);
    }
}

int tampering_relay_process::stop()
{
    if (!running())
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

std::string tampering_relay_process::log_text() const
{
    return read_whole_file(log_path_);
}

std::size_t tampering_relay_process::tampered_count(std::string_view frame_type) const
{
    std::string const wanted = "tampered " + mode_ + " " + std::string(frame_type);
    std::size_t count = 0;
    std::istringstream lines(log_text());
    for (std::string line; std::getline(lines, line);)
        if (line == wanted)
            ++count;
    return count;
}

} // namespace sirkel::test
