// sirkel_bench_seed: the database a benchmark's server serves, and the groups file the load
// generator and the Node peer read (tests/bench/README.md).
#include "group_seeder.hpp"
#include "work_file.hpp"

#include "store.hpp"
#include "tool_command_line.hpp"

#include <boost/program_options.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

namespace
{

namespace po = boost::program_options;
using sirkel::bench::bench_group;

struct size_range
{
    std::uint32_t low = 0;
    std::uint32_t high = 0;
};

/// "A" or "A-B" with 1 <= A <= B <= 12.
size_range parse_sizes(std::string const& text)
{
    size_range range;
    auto const dash = text.find('-');
    try
    {
        std::size_t used = 0;
        auto const low = std::stoul(text.substr(0, dash), &used);
        if (used != text.substr(0, dash).size())
            throw std::invalid_argument(text);
        auto high = low;
        if (dash != std::string::npos)
        {
            high = std::stoul(text.substr(dash + 1), &used);
            if (used != text.size() - dash - 1)
                throw std::invalid_argument(text);
        }
        range = {static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(high)};
    }
    catch (std::logic_error const&)
    {
        range = {};
    }
    if (range.low < 1 || range.low > range.high ||
        range.high > static_cast<std::uint32_t>(sirkel::store::max_size_cap))
        throw std::invalid_argument("--sizes must be A or A-B with 1 <= A <= B <= 12");
    return range;
}

int run(int argc, char** argv)
{
    std::string db;
    std::string seed;
    std::uint32_t meetings = 0;
    std::string sizes;
    std::string groups_out;
    po::options_description description(
        "sirkel_bench_seed: a benchmark's groups in a new database, and its groups file");
    description.add_options()                                                                 //
        ("help", "print this text")                                                           //
        ("db", po::value(&db)->required(), "the SQLite file to create (must not exist)")      //
        ("seed", po::value(&seed)->required(), "the run's seed, from which keys are derived") //
        ("meetings", po::value(&meetings)->required(), "groups to create (1..20000)")         //
        ("sizes", po::value(&sizes)->default_value("8"),
         "members per group: A, or A-B (meeting g has A + g mod (B-A+1))") //
        ("groups-out", po::value(&groups_out)->required(),
         "the groups file to write: `<g> <group id> <size>` per line");
    if (!sirkel::test::read_tool_command_line(argc, argv, description))
    {
        std::cout << description << '\n';
        return 0;
    }
    auto const range = parse_sizes(sizes);
    if (meetings < 1 || meetings > 20000)
        throw std::invalid_argument("--meetings must be from 1 to 20000");
    if (std::filesystem::exists(db))
        throw std::invalid_argument("--db " + db + " exists; the seeding tool makes a new one");

    auto const started = std::chrono::steady_clock::now();
    std::ofstream out(groups_out, std::ios::trunc);
    if (!out)
        throw std::runtime_error(groups_out + ": cannot be written");
    std::uint64_t members = 0;
    {
        sirkel::bench::work_file work(db);
        sirkel::store store(work.path());
        sirkel::bench::group_seeder seeder(store, seed);
        for (std::uint32_t g = 0; g < meetings; ++g)
        {
            auto const size = range.low + g % (range.high - range.low + 1);
            out << seeder.seed(g, size).line() << '\n';
            members += size;
        }
        if (work.temporary())
            store.backup_to(db);
    }
    out.close();
    if (!out)
        throw std::runtime_error(groups_out + ": cannot be written");
    auto const seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "seeded " << meetings << " groups, " << members << " members in " << seconds
              << " s\n";
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try
    {
        return run(argc, argv);
    }
    catch (std::exception const& e)
    {
        std::cerr << "sirkel_bench_seed: " << e.what() << '\n';
        return 2;
    }
}
