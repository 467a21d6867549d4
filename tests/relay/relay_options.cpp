#include "relay_options.hpp"

#include "tool_command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>
#include <stdexcept>

namespace sirkel::relay
{
namespace
{

namespace po = boost::program_options;

/// The longest run a test may ask for: a relay left behind must not outlive a CI job.
constexpr unsigned max_run_seconds = 3600;

struct raw_options
{
    unsigned port = 0;
    unsigned upstream_port = 0;
    std::string mode = "none";
    unsigned max_seconds = 300;
};

po::options_description describe(raw_options& raw)
{
    po::options_description options("sirkel_tampering_relay (tests only): a lying server between "
                                    "a client and a real sirkel serve --insecure-plain");
    options.add_options()           //
        ("help", "print this text") //
        ("port", po::value(&raw.port)->default_value(raw.port),
         "TCP port on 127.0.0.1; 0 picks a free one (printed as \"listening <port>\")") //
        ("upstream-port", po::value(&raw.upstream_port)->required(),
         "port of the real server on 127.0.0.1, plain HTTP") //
        ("mode", po::value(&raw.mode)->default_value(raw.mode),
         ("the one tampering of this run: " + std::string(tamper_mode_names())).c_str()) //
        ("max-seconds", po::value(&raw.max_seconds)->default_value(raw.max_seconds),
         "exit by itself after this many seconds (1..3600)");
    return options;
}

std::uint16_t port_of(unsigned value, char const* option, bool zero_allowed)
{
    if (value > 65535 || (value == 0 && !zero_allowed))
        throw std::invalid_argument(std::string("--") + option + " must be a TCP port, " +
                                    (zero_allowed ? "0" : "1") + "..65535");
    return static_cast<std::uint16_t>(value);
}

} // namespace

relay_options relay_options::parse(int argc, char const* const* argv)
{
    raw_options raw;
    auto const description = describe(raw);
    auto const values = test::read_tool_command_line(argc, argv, description);
    if (!values)
    {
        relay_options help;
        help.help = true;
        return help;
    }

    relay_options options;
    options.port = port_of(raw.port, "port", true);
    options.upstream_port = port_of(raw.upstream_port, "upstream-port", false);
    auto const mode = parse_tamper_mode(raw.mode);
    if (!mode)
        throw std::invalid_argument("--mode must be one of: " + std::string(tamper_mode_names()));
    options.mode = *mode;
    if (raw.max_seconds == 0 || raw.max_seconds > max_run_seconds)
        throw std::invalid_argument("--max-seconds must be 1..3600");
    options.max_seconds = std::chrono::seconds(raw.max_seconds);
    return options;
}

std::string relay_options::usage()
{
    raw_options raw;
    std::ostringstream text;
    text << describe(raw);
    return text.str();
}

} // namespace sirkel::relay
