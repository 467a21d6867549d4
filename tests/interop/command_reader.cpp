#include "command_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace sirkel::interop
{

std::vector<std::string> command_reader::take_lines()
{
    std::array<char, 4096> chunk{};
    while (!ended_)
    {
        pollfd in{STDIN_FILENO, POLLIN, 0};
        if (::poll(&in, 1, 0) <= 0 || (in.revents & (POLLIN | POLLHUP)) == 0)
            break;
        auto const got = ::read(STDIN_FILENO, chunk.data(), chunk.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
        {
            ended_ = true;
            break;
        }
        pending_.append(chunk.data(), static_cast<std::size_t>(got));
    }
    std::vector<std::string> lines;
    for (auto end = pending_.find('\n'); end != std::string::npos; end = pending_.find('\n'))
    {
        lines.push_back(pending_.substr(0, end));
        pending_.erase(0, end + 1);
    }
    return lines;
}

} // namespace sirkel::interop
