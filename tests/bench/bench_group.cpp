#include "bench_group.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sirkel::bench
{

std::string bench_group::line() const
{
    return std::to_string(meeting) + ' ' + protocol::base64url_encode(id) + ' ' +
           std::to_string(members);
}

std::vector<bench_group> bench_group::read_file(std::filesystem::path const& file)
{
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot be read");
    std::vector<bench_group> groups;
    std::string text;
    for (std::size_t number = 1; std::getline(in, text); ++number)
    {
        if (text.empty())
            continue;
        std::istringstream fields(text);
        std::uint32_t meeting = 0;
        std::string id;
        std::uint32_t members = 0;
        std::string rest;
        fields >> meeting >> id >> members;
        auto const decoded = protocol::base64url_decode_array<16>(id);
        if (!fields || (fields >> rest) || !decoded || members < 1 || members > 12)
            throw std::runtime_error(
                file.string() + ":" + std::to_string(number) +
                ": a line must be `<g> <group id, base64url 22> <size 1..12>`");
        groups.push_back({meeting, *decoded, members});
    }
    return groups;
}

} // namespace sirkel::bench
