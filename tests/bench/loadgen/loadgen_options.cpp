#include "loadgen_options.hpp"

#include "tool_command_line.hpp"

#include <boost/program_options.hpp>

#include <sstream>
#include <stdexcept>

namespace sirkel::bench
{
namespace
{

namespace po = boost::program_options;

/// A run, warm-up and window together, never outlives a CI job by much (issue 6: bounded).
constexpr double max_seconds = 600;

struct raw_options
{
    unsigned port = 0;
    std::uint32_t meetings = 0;
    double busy_rate = 0;
    int server_pid = 0;
};

po::options_description describe(raw_options& raw, loadgen_options& options)
{
    po::options_description description(
        "sirkel_loadgen: every member of a benchmark's meetings over the real protocol, measured");
    description.add_options()                                                  //
        ("help", "print this text")                                            //
        ("port", po::value(&raw.port)->required(), "the server on 127.0.0.1")  //
        ("plain", po::bool_switch(&options.plain), "plain WebSocket, not TLS") //
        ("origin", po::value(&options.origin)->default_value(options.origin),
         "the Origin header and the origin signed in auth (the server's --public-origin)") //
        ("groups", po::value(&options.groups)->required(),
         "the groups file of sirkel_bench_seed")                                             //
        ("seed", po::value(&options.seed)->required(), "the seed the groups were made with") //
        ("meetings", po::value(&raw.meetings),
         "use the first N groups of the file (default all)") //
        ("rate", po::value(&options.rate)->default_value(options.rate),
         "messages per second per member (0: connect, join, key exchange, hold)") //
        ("busy-rate", po::value(&raw.busy_rate),
         "messages per second per member of meeting 0, the slow member's (default --rate)") //
        ("message-bytes", po::value(&options.message_bytes)->default_value(options.message_bytes),
         "plaintext bytes; ct is 16 + 256*ceil(B/256) random bytes (1..16384)") //
        ("warmup", po::value(&options.warmup_s)->default_value(options.warmup_s),
         "seconds of traffic after everyone is talking, before the window") //
        ("duration", po::value(&options.duration_s)->default_value(options.duration_s),
         "seconds of the measured window") //
        ("connect-rate", po::value(&options.connect_rate)->default_value(options.connect_rate),
         "new connections per second (0: all at once)") //
        ("max-pending", po::value(&options.max_pending)->default_value(options.max_pending),
         "at most this many connections started and not yet authenticated (0: no limit): "
         "as fast as the server takes them, without overflowing its accept queue") //
        ("source-addresses",
         po::value(&options.source_addresses)->default_value(options.source_addresses),
         "spread connections over 127.0.0.1 .. 127.0.0.K (1..254)") //
        ("slow-member", po::bool_switch(&options.slow_member),
         "member 1 of meeting 0 stops reading (and sending) once everyone is talking") //
        ("server-pid", po::value(&raw.server_pid),
         "read the server's CPU time and RSS from /proc")                                       //
        ("json", po::value(&options.json), "write the results to this file as one JSON object") //
        ("setup-timeout",
         po::value(&options.setup_timeout_s)->default_value(options.setup_timeout_s),
         "until everyone is talking, give up after this many seconds in which no connection "
         "started or authenticated and no member began talking") //
        ("drain", po::value(&options.drain_s)->default_value(options.drain_s),
         "at most this many seconds to wait for the window's deliveries after it");
    return description;
}

} // namespace

loadgen_options loadgen_options::parse(int argc, char const* const* argv)
{
    raw_options raw;
    loadgen_options options;
    auto const description = describe(raw, options);
    auto const values = test::read_tool_command_line(argc, argv, description);
    if (!values)
    {
        loadgen_options help;
        help.help = true;
        return help;
    }
    if (raw.port < 1 || raw.port > 65535)
        throw std::invalid_argument("--port must be from 1 to 65535");
    options.port = static_cast<std::uint16_t>(raw.port);
    if (values->count("meetings") != 0)
    {
        if (raw.meetings < 1)
            throw std::invalid_argument("--meetings must be at least 1");
        options.meetings = raw.meetings;
    }
    if (values->count("busy-rate") != 0)
    {
        if (!(raw.busy_rate >= 0 && raw.busy_rate <= 1000))
            throw std::invalid_argument("--busy-rate must be from 0 to 1000 messages per second");
        options.busy_rate = raw.busy_rate;
    }
    if (values->count("server-pid") != 0)
    {
        if (raw.server_pid < 1)
            throw std::invalid_argument("--server-pid must be a process id");
        options.server_pid = raw.server_pid;
    }
    if (!(options.rate >= 0 && options.rate <= 1000))
        throw std::invalid_argument("--rate must be from 0 to 1000 messages per second");
    if (options.message_bytes < 1 || options.message_bytes > 16384)
        throw std::invalid_argument("--message-bytes must be from 1 to 16384");
    if (!(options.warmup_s >= 0) || !(options.duration_s > 0) || !(options.drain_s >= 0) ||
        !(options.setup_timeout_s > 0) ||
        options.warmup_s + options.duration_s + options.drain_s > max_seconds)
        throw std::invalid_argument("--warmup, --duration and --drain must be positive and "
                                    "together at most 600 seconds");
    if (!(options.connect_rate >= 0))
        throw std::invalid_argument("--connect-rate must not be negative");
    if (options.source_addresses < 1 || options.source_addresses > 254)
        throw std::invalid_argument("--source-addresses must be from 1 to 254 (127.0.0.0/8 only)");
    return options;
}

std::string loadgen_options::usage()
{
    raw_options raw;
    loadgen_options options;
    std::ostringstream out;
    out << describe(raw, options);
    return out.str();
}

std::size_t loadgen_options::ciphertext_bytes() const noexcept
{
    return 16 + 256 * ((std::size_t{message_bytes} + 255) / 256);
}

} // namespace sirkel::bench
