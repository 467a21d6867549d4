// The command line of the project's test and benchmark tools (the tampering relay, the interop
// peer, the load generator, the seeding tool). They all read Boost.Program_options the same way:
// `--help` wins over every other check, and a bad option becomes one std::invalid_argument whose
// sentence names the option, which each tool's main prints before its usage.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <optional>

namespace sirkel::test
{

/// Parses argv against description, fills the values bound in it and checks required options.
/// Returns nothing when `--help` was given (then nothing is checked, so `--help` alone works).
/// Throws std::invalid_argument for an unknown option, a missing required one or a value of the
/// wrong type.
[[nodiscard]] std::optional<boost::program_options::variables_map>
read_tool_command_line(int argc, char const* const* argv,
                       boost::program_options::options_description const& description);

} // namespace sirkel::test
