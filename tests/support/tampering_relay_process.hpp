// Runs tests/relay's sirkel_tampering_relay for one test: a man in the middle on 127.0.0.1 in
// front of a plain server_process, lying to clients as its mode says (tests/relay/README.md).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sirkel::test
{

class tampering_relay_process
{
public:
    /** Start the relay in front of 127.0.0.1:upstream_port with --mode mode, and return once it
        has printed "listening <port>".
        @param listen_port 0 for a free port, or a port known to be free
        @param max_seconds the relay exits by itself after this, should the test never stop it
        @throws std::runtime_error if it exits or does not listen within 10 s (its log quoted).
    */
    tampering_relay_process(std::uint16_t upstream_port, std::string_view mode,
                            std::uint16_t listen_port = 0,
                            std::chrono::seconds max_seconds = std::chrono::seconds{120});
    /// Stop it, then remove its temp directory (kept if SIRKEL_KEEP_TEST_DIRS is set).
    ~tampering_relay_process();
    tampering_relay_process(tampering_relay_process const&) = delete;
    tampering_relay_process& operator=(tampering_relay_process const&) = delete;

    /// SIGTERM, up to 10 s for the exit, then SIGKILL. The exit code (minus the signal number
    /// if a signal ended it); safe to call again.
    int stop();

    [[nodiscard]] bool running() const { return pid_ > 0; }
    [[nodiscard]] std::uint16_t port() const { return port_; }
    /// Everything it has written to stdout and stderr so far.
    [[nodiscard]] std::string log_text() const;
    /// How many "tampered <mode> <frame_type>" lines it has logged: proof that it really lied.
    [[nodiscard]] std::size_t tampered_count(std::string_view frame_type) const;

private:
    void wait_until_listening();

    std::string mode_;
    std::filesystem::path temp_dir_;
    std::filesystem::path log_path_;
    pid_t pid_ = -1;
    int last_exit_code_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace sirkel::test
