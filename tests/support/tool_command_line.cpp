#include "tool_command_line.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/parsers.hpp>

#include <stdexcept>

namespace po = boost::program_options;

namespace sirkel::test
{

std::optional<po::variables_map> read_tool_command_line(int argc, char const* const* argv,
                                                        po::options_description const& description)
{
    po::variables_map values;
    try
    {
        po::store(po::parse_command_line(argc, argv, description), values);
        if (values.count("help") != 0)
            return std::nullopt;
        po::notify(values);
    }
    catch (po::error const& e)
    {
        throw std::invalid_argument(e.what());
    }
    return values;
}

} // namespace sirkel::test
