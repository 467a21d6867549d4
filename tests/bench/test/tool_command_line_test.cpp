#include "tool_command_line.hpp"

#include <doctest/doctest.h>

#include <boost/program_options/value_semantic.hpp>

#include <stdexcept>
#include <string>

namespace po = boost::program_options;

namespace
{

struct tool_options
{
    unsigned port = 0;
    double rate = 1;
};

po::options_description describe(tool_options& options)
{
    po::options_description description("a tool");
    description.add_options()                                  //
        ("help", "print this text")                            //
        ("port", po::value(&options.port)->required(), "port") //
        ("rate", po::value(&options.rate)->default_value(options.rate), "rate");
    return description;
}

} // namespace

TEST_CASE("a tool's command line fills its options, and --help needs none of the required ones")
{
    tool_options options;
    auto const description = describe(options);

    char const* const given[] = {"tool", "--port", "8443", "--rate", "2.5"};
    auto const values = sirkel::test::read_tool_command_line(5, given, description);
    REQUIRE(values.has_value());
    CHECK(options.port == 8443);
    CHECK(options.rate == doctest::Approx(2.5));
    CHECK(values->count("rate") == 1);

    char const* const help[] = {"tool", "--help"};
    CHECK_FALSE(sirkel::test::read_tool_command_line(2, help, description).has_value());
}

TEST_CASE("a bad command line is one std::invalid_argument that names the option")
{
    tool_options options;
    auto const description = describe(options);
    auto const message_of = [&](int argc, char const* const* argv)
    {
        try
        {
            (void)sirkel::test::read_tool_command_line(argc, argv, description);
        }
        catch (std::invalid_argument const& e)
        {
            return std::string(e.what());
        }
        return std::string("no error");
    };

    char const* const missing[] = {"tool", "--rate", "3"};
    CHECK(message_of(3, missing).find("--port") != std::string::npos);
    char const* const unknown[] = {"tool", "--port", "1", "--colour", "red"};
    CHECK(message_of(5, unknown).find("--colour") != std::string::npos);
    char const* const not_a_number[] = {"tool", "--port", "eighty"};
    CHECK(message_of(3, not_a_number).find("--port") != std::string::npos);
}
