#include "sirkel/protocol/server_frames.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace sirkel::protocol;

namespace
{

template <typename Array>
Array filled(byte fill)
{
    Array a{};
    a.fill(fill);
    return a;
}

// Every frame must be one line of valid JSON: the write queue joins frames with '\n'.
void check_one_json_line(std::string const& frame)
{
    CHECK(frame.find('\n') == std::string::npos);
    CHECK(frame.find('\r') == std::string::npos);
    boost::json::error_code ec;
    auto const value = boost::json::parse(frame, ec);
    CHECK_FALSE(ec);
    CHECK(value.is_object());
}

std::vector<error> all_errors()
{
    std::vector<error> all;
    for (int e = static_cast<int>(error::frame_too_large);
         e <= static_cast<int>(error::internal_error); ++e)
        all.push_back(static_cast<error>(e));
    return all;
}

} // namespace

TEST_CASE("challenge frame")
{
    auto const frame = make_challenge_frame(id16{}, filled<key32>(0xff), 30000);
    CHECK(frame == R"({"t":"challenge","v":1,"group":"AAAAAAAAAAAAAAAAAAAAAA","nonce":")" +
                       base64url_encode(filled<key32>(0xff)) + R"(","expires_in_ms":30000})");
    check_one_json_line(frame);
    CHECK(make_challenge_frame(id16{}, key32{}, 4294967295u).ends_with(R"(:4294967295})"));
}

TEST_CASE("authed frame")
{
    auto const member = base64url_encode(filled<id16>(7));
    CHECK(make_authed_frame(filled<id16>(7), member_role::facilitator) ==
          R"({"t":"authed","member":")" + member + R"(","role":"facilitator"})");
    CHECK(make_authed_frame(filled<id16>(7), member_role::member) ==
          R"({"t":"authed","member":")" + member + R"(","role":"member"})");
    check_one_json_line(make_authed_frame(id16{}, member_role::member));
    CHECK(role_name(member_role::facilitator) == "facilitator");
    CHECK(role_name(member_role::member) == "member");
}

TEST_CASE("joined frame")
{
    auto const ses = base64url_encode(filled<id16>(1));
    std::vector<id16> const present = {filled<id16>(2), filled<id16>(3)};
    auto const frame = make_joined_frame(filled<id16>(1), present);
    CHECK(frame == R"({"t":"joined","ses":")" + ses + R"(","present":[")" +
                       base64url_encode(present[0]) + R"(",")" + base64url_encode(present[1]) +
                       R"("]})");
    check_one_json_line(frame);

    auto const alone = make_joined_frame(filled<id16>(1), std::span<id16 const>{});
    CHECK(alone == R"({"t":"joined","ses":")" + ses + R"(","present":[]})");
    check_one_json_line(alone);
}

TEST_CASE("presence frame")
{
    auto const member = base64url_encode(filled<id16>(9));
    CHECK(make_presence_frame(filled<id16>(9), true) ==
          R"({"t":"presence","member":")" + member + R"(","present":true})");
    CHECK(make_presence_frame(filled<id16>(9), false) ==
          R"({"t":"presence","member":")" + member + R"(","present":false})");
}

TEST_CASE("error frame")
{
    CHECK(
        make_error_frame(error::duplicate_key, "msg") ==
        R"({"t":"error","code":"duplicate_key","rule":"an object must not repeat a key","ref":"msg"})");
    SUBCASE("ref is omitted when empty")
    {
        CHECK(make_error_frame(error::not_json, "") ==
              R"({"t":"error","code":"not_json","rule":"a frame must be one valid JSON text"})");
    }
    SUBCASE("ref is escaped as a JSON string")
    {
        auto const frame = make_error_frame(error::unknown_type, "a\"b\\c\n\x01");
        check_one_json_line(frame);
        auto const value = boost::json::parse(frame);
        CHECK(value.at("ref").as_string() == "a\"b\\c\n\x01");
    }
    SUBCASE("every code gives one JSON line")
    {
        for (auto e : all_errors())
        {
            auto const frame = make_error_frame(e, "hello");
            check_one_json_line(frame);
            auto const value = boost::json::parse(frame);
            CHECK(value.at("code").as_string() == code_name(e));
            CHECK(value.at("rule").as_string() == rule_text(e));
        }
    }
}

TEST_CASE("every error code has a distinct name and a rule")
{
    std::set<std::string_view> names;
    std::set<std::string_view> rules;
    for (auto e : all_errors())
    {
        names.insert(code_name(e));
        rules.insert(rule_text(e));
    }
    CHECK(all_errors().size() == 27);
    CHECK(names.size() == 27);
    CHECK(rules.size() == 27);

    // Spot checks against PROTOCOL.md §6.
    CHECK(code_name(error::frame_too_large) == "frame_too_large");
    CHECK(code_name(error::internal_error) == "internal_error");
    CHECK(rule_text(error::too_deep) == "objects and arrays nest at most 8 levels");
    CHECK(rule_text(error::auth_failed) ==
          "the signature must verify with a member's identity key over this connection's "
          "challenge, origin and group");
    CHECK(rule_text(error::invite_invalid) ==
          "the invite must exist, match its token, be unexpired, unrevoked and have uses left");
}

TEST_CASE("errors are std::error_codes of the sirkel.protocol category")
{
    std::error_code const ec = error::wrong_sender;
    CHECK(std::string_view(ec.category().name()) == "sirkel.protocol");
    CHECK(ec.value() == static_cast<int>(error::wrong_sender));
    CHECK(ec.message() == "from must be the authenticated member");
    CHECK(ec == make_error_code(error::wrong_sender));
    CHECK(ec != make_error_code(error::wrong_meeting));
    CHECK(&ec.category() == &error_category());
}
