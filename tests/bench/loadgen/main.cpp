// sirkel_loadgen: drives a Sirkel server (or the Node peer) with every member of a benchmark's
// meetings over the real protocol and measures it (tests/bench/README.md).
#include "bench_group.hpp"
#include "load_run.hpp"
#include "loadgen_options.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

int main(int argc, char** argv)
{
    using namespace sirkel::bench;
    loadgen_options options;
    try
    {
        options = loadgen_options::parse(argc, argv);
    }
    catch (std::invalid_argument const& e)
    {
        std::cerr << "sirkel_loadgen: " << e.what() << "\n\n" << loadgen_options::usage();
        return 2;
    }
    if (options.help)
    {
        std::cout << loadgen_options::usage();
        return 0;
    }
    try
    {
        sirkel::protocol::sodium_init_or_throw();
        load_run run(options, bench_group::read_file(options.groups));
        auto const results = run.run();
        results.print_table(std::cout);
        if (!options.json.empty())
        {
            std::ofstream out(options.json, std::ios::trunc);
            out << results.to_json() << '\n';
            if (!out)
                throw std::runtime_error(options.json + ": cannot be written");
        }
        return results.failure ? 1 : 0;
    }
    catch (std::exception const& e)
    {
        std::cerr << "sirkel_loadgen: " << e.what() << '\n';
        return 1;
    }
}
