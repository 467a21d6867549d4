// PROTOCOL.md §2, §3 and principle 5 of DESIGN.md: every malformed frame gets an error frame
// naming its rule, and neither the sender's connection nor anyone else's is harmed.
#include "meeting_of_two.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <optional>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

struct malformed_case
{
    std::string name;
    std::string text;
    std::string code;
    /// The "ref" the error must carry, when the refused frame's "t" is readable.
    std::optional<std::string> ref;
    bool binary = false;
};

/// A valid msg's text with one field changed (or removed, when value is null).
std::string msg_with(std::string const& valid, std::string_view key, boost::json::value value)
{
    auto frame = boost::json::parse(valid).as_object();
    if (value.is_null())
        frame.erase(key);
    else
        frame[key] = std::move(value);
    return boost::json::serialize(frame);
}

/// A valid msg with an unknown "pad" field that makes the whole text exactly size bytes.
std::string msg_of_size(std::string const& valid, std::size_t size)
{
    auto const empty_pad = msg_with(valid, "pad", "");
    REQUIRE(empty_pad.size() <= size);
    return msg_with(valid, "pad", boost::json::string(size - empty_pad.size(), 'a'));
}

std::string nested_arrays(int depth)
{
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

} // namespace

TEST_CASE("malformed frames: each gets its error and nobody's connection suffers")
{
    server_process server;
    meeting_of_two const meeting(server);

    // Built from a msg that would be relayed, so a refusal the server forgot shows up at bob.
    auto const valid =
        make_msg_frame(meeting.ses, meeting.ep, meeting.alice.member, 1, random_bytes(1040));
    auto const n_text = field_string(boost::json::parse(valid).as_object(), "n");
    std::string with_newline = valid;
    with_newline.insert(valid.find(',') + 1, "\n");
    std::string with_return = valid;
    with_return.insert(valid.find(',') + 1, "\r");
    std::string duplicate = valid;
    duplicate.insert(1, R"("k":1,)");

    std::vector<malformed_case> const cases = {
        {"not JSON", R"({"t":"msg","ses":)", "not_json", std::nullopt},
        {"not an object", R"(["msg"])", "not_an_object", std::nullopt},
        {"too deep: 9 nested arrays in the frame object",
         R"({"t":"join","x":)" + nested_arrays(9) + "}", "too_deep", std::nullopt},
        {"too large: 65537 bytes", msg_of_size(valid, 65537), "frame_too_large", std::nullopt},
        {"duplicate key", duplicate, "duplicate_key", std::nullopt},
        {"unknown type", R"({"t":"shout"})", "unknown_type", std::nullopt},
        {"no type", R"({"v":1})", "missing_field", std::nullopt},
        {"type not a string", R"({"t":5})", "wrong_type", std::nullopt},
        {"missing field sig", msg_with(valid, "sig", nullptr), "missing_field", "msg"},
        {"wrong type: ep a string", msg_with(valid, "ep", "3"), "wrong_type", "msg"},
        {"out of range: k 4", msg_with(valid, "k", 4), "out_of_range", "msg"},
        {"out of range: ctr 2^32", msg_with(valid, "ctr", 4294967296LL), "out_of_range", "msg"},
        {"unknown field", msg_with(valid, "note", "hi"), "unknown_field", "msg"},
        {"bad base64: a '+' in n",
         msg_with(valid, "n", boost::json::string("+" + n_text.substr(1))), "bad_encoding", "msg"},
        {"bad base64: n one character short",
         msg_with(valid, "n", boost::json::string(n_text.substr(1))), "bad_encoding", "msg"},
        {"bad base64: ct with padding", msg_with(valid, "ct", "AAAAAAAAAAAAAAAAAAAAAAAA=="),
         "bad_encoding", "msg"},
        {"binary message", valid, "binary_not_allowed", std::nullopt, true},
        {"raw line feed", with_newline, "not_single_line", std::nullopt},
        {"raw carriage return", with_return, "not_single_line", std::nullopt},
    };

    for (auto const& c : cases)
    {
        INFO("case: " << c.name);
        if (c.binary)
            meeting.a->send_binary(protocol::bytes(c.text.begin(), c.text.end()));
        else
            meeting.a->send_text(c.text);
        auto const error = meeting.a->expect("error");
        INFO("answer: " << boost::json::serialize(error));
        CHECK(field_string(error, "code") == c.code);
        CHECK_FALSE(field_string(error, "rule").empty());
        if (c.ref)
            CHECK(field_string(error, "ref") == *c.ref);
    }

    // Limits are limits, not approximations: exactly 8 levels and exactly 65536 bytes pass the
    // depth and size rules and are refused by the next rule (the unknown field).
    meeting.a->send_text(R"({"t":"join","x":)" + nested_arrays(7) + "}");
    CHECK(field_string(meeting.a->expect("error"), "code") == "unknown_field");
    meeting.a->send_text(msg_of_size(valid, 65536));
    CHECK(field_string(meeting.a->expect("error"), "code") == "unknown_field");

    CHECK_FALSE(meeting.a->is_closed());
    CHECK_FALSE(meeting.b->receive_raw(quiet_period));
    auto const from_alice =
        make_msg_frame(meeting.ses, meeting.ep, meeting.alice.member, 2, random_bytes(1040));
    meeting.a->send_text(from_alice);
    CHECK(meeting.b->receive_raw(default_timeout) == from_alice);
    auto const from_bob =
        make_msg_frame(meeting.ses, meeting.ep, meeting.bob.member, 1, random_bytes(1040));
    meeting.b->send_text(from_bob);
    CHECK(meeting.a->receive_raw(default_timeout) == from_bob);
}
