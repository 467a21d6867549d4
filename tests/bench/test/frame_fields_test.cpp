// What the load generator reads of server frames without a JSON parser (frame_fields.hpp).
#include "frame_fields.hpp"

#include <doctest/doctest.h>

using namespace sirkel::bench;

TEST_CASE("frame fields: the type, strings, integers and arrays of a server frame")
{
    std::string_view const epoch =
        R"({"t":"epoch","ses":"AAAAAAAAAAAAAAAAAAAAAA","ep":12,"rv":3,"rh":"xyz","parts":["a","b"]})";
    CHECK(frame_type(epoch) == "epoch");
    CHECK(string_field(epoch, "ses") == "AAAAAAAAAAAAAAAAAAAAAA");
    CHECK(integer_field(epoch, "ep") == 12u);
    CHECK(integer_field(epoch, "rv") == 3u);
    CHECK(string_array_field(epoch, "parts") == std::vector<std::string_view>{"a", "b"});
}

TEST_CASE("frame fields: a key is matched whole, and absence is told apart")
{
    std::string_view const msg = R"({"t":"msg","ses":"nnn","ep":1,"n":"the-nonce","ct":"n"})";
    // "n" inside values and other keys' names is not the n field.
    CHECK(string_field(msg, "n") == "the-nonce");
    CHECK(string_field(msg, "sig").empty());
    CHECK_FALSE(integer_field(msg, "ctr").has_value());
    // A string value is not an integer, nor an integer a string.
    CHECK_FALSE(integer_field(msg, "ses").has_value());
    CHECK(string_field(msg, "ep").empty());
    CHECK(string_array_field(msg, "parts").empty());
    // A frame that does not start with "t" still has its type found.
    CHECK(frame_type(R"({"code":"x","t":"error"})") == "error");
}
