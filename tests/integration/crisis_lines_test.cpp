// The organisation's crisis lines (--crisis-lines): served at GET /crisis-lines as the file's
// "☎ " lines, and a file that breaks a rule stops the server at start with the rule named.
#include "test_client.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

std::filesystem::path write_file(server_process const& server, std::string const& name,
                                 std::string const& content)
{
    auto const path = server.temp_dir() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

/// Start with --crisis-lines file; it must fail, and the log must say why.
std::string refused_start(std::string const& content)
{
    server_process server;
    server.init_database();
    auto const file = write_file(server, "crisis-lines.txt", content);
    CHECK_THROWS_AS(server.start({"--crisis-lines", file.string()}), std::runtime_error);
    CHECK(server.stop() == 1);
    auto const log = server.log_text();
    CHECK(log.find(R"("event":"startup_failed")") != std::string::npos);
    return log;
}

} // namespace

TEST_CASE("crisis lines: the organisation's file is served at /crisis-lines, comments left out")
{
    server_process server;
    server.init_database();
    auto const file = write_file(server, "crisis-lines.txt",
                                 "# Our helplines\r\n"
                                 "\u260e Kirkens SOS: 22 40 00 40\r\n"
                                 "\n"
                                 "\u260e Chat: https://www.soschat.no\n");
    server.start({"--crisis-lines", file.string()});

    auto const response = http_get(server, "/crisis-lines");
    CHECK(response.result_int() == 200);
    CHECK(response["Content-Type"] == "text/plain; charset=utf-8");
    CHECK(response["Cache-Control"] == "no-cache");
    CHECK(response["X-Content-Type-Options"] == "nosniff");
    CHECK(response.body() ==
          "\u260e Kirkens SOS: 22 40 00 40\n\u260e Chat: https://www.soschat.no\n");
}

TEST_CASE("crisis lines: without the setting /crisis-lines is empty and the client keeps its own")
{
    server_process server;
    (void)start_with_group(server);
    auto const response = http_get(server, "/crisis-lines");
    CHECK(response.result_int() == 204);
    CHECK(response.body().empty());
}

TEST_CASE("crisis lines: a file that breaks a rule stops the server at start, naming the rule")
{
    SUBCASE("missing")
    {
        server_process server;
        server.init_database();
        CHECK_THROWS_AS(
            server.start({"--crisis-lines", (server.temp_dir() / "no-such-file").string()}),
            std::runtime_error);
        CHECK(server.stop() == 1);
        CHECK(server.log_text().find("the file cannot be read") != std::string::npos);
    }
    SUBCASE("not UTF-8")
    {
        auto const log = refused_start("\u260e Latin-1 \xe6\xf8\xe5: 116 123\n");
        CHECK(log.find("the file is not UTF-8") != std::string::npos);
    }
    SUBCASE("too large")
    {
        std::string content;
        while (content.size() <= 4096)
            content += "\u260e Hjelpetelefonen: 116 123\n";
        auto const log = refused_start(content);
        CHECK(log.find("the file is larger than 4096 bytes") != std::string::npos);
    }
    SUBCASE("a line that is not a crisis line")
    {
        auto const log =
            refused_start("\u260e Kirkens SOS: 22 40 00 40\nKirkens SOS 22 40 00 40\n");
        CHECK(log.find("line 2 is not") != std::string::npos);
    }
    SUBCASE("a crisis line without a number")
    {
        auto const log = refused_start("\u260e Kirkens SOS: \n");
        CHECK(log.find("line 1 is not") != std::string::npos);
    }
    SUBCASE("no crisis line at all")
    {
        auto const log = refused_start("# nothing here yet\n\n");
        CHECK(log.find("has no") != std::string::npos);
    }
}
