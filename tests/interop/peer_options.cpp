#include "peer_options.hpp"

#include "tool_command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>
#include <stdexcept>

namespace sirkel::interop
{
namespace
{

namespace po = boost::program_options;

/// The longest run a test may ask for: a peer left behind must not outlive a CI job.
constexpr unsigned max_run_seconds = 600;

struct raw_options
{
    unsigned port = 0;
    std::string ca;
    unsigned max_seconds = 120;
};

po::options_description describe(raw_options& raw, peer_options& options)
{
    po::options_description description(
        "sirkel_interop_peer (tests only): a PSG1 member driven by JSON lines on stdin/stdout");
    description.add_options()                                                                  //
        ("help", "print this text")                                                            //
        ("port", po::value(&raw.port)->required(), "the server's port on 127.0.0.1")           //
        ("plain", po::bool_switch(&options.plain), "plain WebSocket instead of TLS")           //
        ("ca", po::value(&raw.ca), "CA file the server's certificate for localhost chains to") //
        ("origin", po::value(&options.origin)->required(), "the server's public origin")       //
        ("link", po::value(&options.facilitator_link)->required(),
         "the facilitator invite link of a group without members")                            //
        ("name", po::value(&options.name)->default_value(options.name), "this member's name") //
        ("group-name", po::value(&options.group_name)->default_value(options.group_name),
         "the group's name, sealed in the member invite") //
        ("size-cap", po::value(&options.size_cap)->default_value(options.size_cap),
         "the group's size cap (the organisation's, 2..12)") //
        ("max-seconds", po::value(&raw.max_seconds)->default_value(raw.max_seconds),
         "exit by itself after this many seconds (1..600)");
    return description;
}

} // namespace

peer_options peer_options::parse(int argc, char const* const* argv)
{
    raw_options raw;
    peer_options options;
    auto const description = describe(raw, options);
    auto const values = test::read_tool_command_line(argc, argv, description);
    if (!values)
    {
        peer_options help;
        help.help = true;
        return help;
    }
    if (raw.port == 0 || raw.port > 65535)
        throw std::invalid_argument("--port must be a TCP port, 1..65535");
    options.port = static_cast<std::uint16_t>(raw.port);
    if (!options.plain && raw.ca.empty())
        throw std::invalid_argument("--ca is required unless --plain");
    options.ca = raw.ca;
    if (raw.max_seconds == 0 || raw.max_seconds > max_run_seconds)
        throw std::invalid_argument("--max-seconds must be 1.." + std::to_string(max_run_seconds));
    options.max_seconds = std::chrono::seconds{raw.max_seconds};
    if (options.size_cap < 2 || options.size_cap > 12)
        throw std::invalid_argument("--size-cap must be 2..12");
    return options;
}

std::string peer_options::usage()
{
    raw_options raw;
    peer_options options;
    std::ostringstream out;
    out << describe(raw, options);
    return out.str();
}

} // namespace sirkel::interop
