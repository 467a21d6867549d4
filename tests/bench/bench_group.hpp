// One line of the groups file the seeding tool writes and the load generator and the Node peer
// read (tests/bench/README.md): `<g> <group id, base64url 22> <size>`, public data only.
#pragma once

#include "sirkel/protocol/bytes.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sirkel::bench
{

struct bench_group
{
    std::uint32_t meeting = 0; ///< g: the group's index, also the meeting's in bench_identity
    protocol::id16 id{};
    std::uint32_t members = 0;

    /// The file's line for this group, without the line feed.
    [[nodiscard]] std::string line() const;

    /** Every group of a groups file, in file order.
        @throws std::runtime_error naming the file and the line that is not `<g> <id> <size>`
        with a size of 1..12.
    */
    [[nodiscard]] static std::vector<bench_group> read_file(std::filesystem::path const& file);
};

} // namespace sirkel::bench
