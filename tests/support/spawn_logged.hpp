// Starting a long-running helper program for a test (nginx, the tampering relay) with its
// output in a log file the test reads.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace sirkel::test
{

/** posix_spawn program with args, stdin from /dev/null, and stdout and stderr appended to log
    (made with mode 0600 if missing), with SIGPIPE at its default as a shell would start it.
    The caller reaps the process.
    @throws std::system_error if it cannot be started.
*/
[[nodiscard]] pid_t spawn_logged(std::filesystem::path const& program,
                                 std::vector<std::string> const& args,
                                 std::filesystem::path const& log);

} // namespace sirkel::test
