#include "sirkel/protocol/server_frames.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
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
    CHECK(make_authed_pending_frame(filled<id16>(7)) ==
          R"({"t":"authed","member":")" + member + R"(","role":"pending"})");
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
    CHECK(all_errors().size() == 80);
    CHECK(names.size() == 80);
    CHECK(rules.size() == 80);

    // Spot checks against PROTOCOL.md §6.
    CHECK(code_name(error::frame_too_large) == "frame_too_large");
    CHECK(code_name(error::internal_error) == "internal_error");
    CHECK(rule_text(error::too_deep) == "objects and arrays nest at most 8 levels");
    CHECK(rule_text(error::auth_failed) ==
          "the signature must verify with a member's identity key over this connection's "
          "challenge, origin and group");
    CHECK(rule_text(error::invite_invalid) ==
          "the invite must exist, match its token, be unexpired, unrevoked and have uses left");

    // Spot checks against PSG1.md §8.5.
    CHECK(code_name(error::not_a_member) == "not_a_member");
    CHECK(rule_text(error::no_roster) ==
          "the group has no roster yet; its first member must publish version 1");
    CHECK(code_name(error::epoch_timeout) == "epoch_timeout");
    CHECK(rule_text(error::ctr_not_increasing) == "ctr grows per sender and epoch");

    // Spot checks against PROTOCOL.md §6 and §8 (the floor).
    CHECK(code_name(error::no_meeting) == "no_meeting");
    CHECK(rule_text(error::not_your_turn) ==
          "in a round only the current speaker sends text, done or pass");
    CHECK(code_name(error::not_floor_holder) == "not_floor_holder");
}

TEST_CASE("an error about the floor names who holds it; meeting_state lists the notices and "
          "the ended terms")
{
    id16 speaker{};
    speaker[0] = 1;
    auto const with_speaker =
        boost::json::parse(make_error_frame(error::not_your_turn, "msg", &speaker)).as_object();
    CHECK(with_speaker.at("code").as_string() == "not_your_turn");
    CHECK(with_speaker.at("speaker").as_string() == base64url_encode(speaker));
    CHECK_FALSE(boost::json::parse(make_error_frame(error::not_your_turn, "msg"))
                    .as_object()
                    .contains("speaker"));

    std::vector<id16> const away{speaker};
    auto const text = make_meeting_state_frame(true, away, {}, {});
    check_one_json_line(text);
    auto const state = boost::json::parse(text).as_object();
    CHECK(state.at("t").as_string() == "meeting_state");
    CHECK(state.at("open").as_bool());
    REQUIRE(state.at("away").as_array().size() == 1);
    CHECK(state.at("away").as_array()[0].as_string() == base64url_encode(speaker));
    CHECK(state.at("away_next").as_array().empty());
    // term_over is always present, after away_next, so a client can tell "none" from an old
    // server.
    CHECK(state.at("term_over").as_array().empty());
    CHECK(text.find(R"("away_next":[],"term_over":[])") != std::string::npos);

    id16 facilitator{};
    facilitator[0] = 2;
    std::vector<id16> const over{speaker, facilitator};
    auto const ended =
        boost::json::parse(make_meeting_state_frame(false, {}, {}, over)).as_object();
    REQUIRE(ended.at("term_over").as_array().size() == 2);
    CHECK(ended.at("term_over").as_array()[0].as_string() == base64url_encode(speaker));
    CHECK(ended.at("term_over").as_array()[1].as_string() == base64url_encode(facilitator));
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

namespace
{

boost::json::object parsed(std::string const& frame)
{
    check_one_json_line(frame);
    return boost::json::parse(frame).as_object();
}

std::string b64(byte_view x)
{
    return base64url_encode(x);
}

sealed_doc sample_doc()
{
    sealed_doc doc;
    doc.n = filled<nonce24>(1);
    doc.c = bytes(272, 2);
    doc.keys.push_back({filled<id16>(3), filled<sealed_text_key>(4)});
    return doc;
}

} // namespace

TEST_CASE("roster frame: versions with approvals, more, and the doc on its version")
{
    std::vector<roster_version> versions(2);
    versions[0] = {1, bytes(114, 1), {{filled<id16>(5), filled<signature64>(6)}}};
    versions[1] = {2, bytes(195, 2), {}};
    auto const frame = make_roster_frame(versions, true);
    CHECK(frame == R"({"t":"roster","versions":[{"v":1,"tbs":")" + b64(versions[0].tbs) +
                       R"(","approvals":[{"m":")" + b64(filled<id16>(5)) + R"(","sig":")" +
                       b64(filled<signature64>(6)) + R"("}]},{"v":2,"tbs":")" +
                       b64(versions[1].tbs) + R"(","approvals":[]}],"more":true})");
    check_one_json_line(frame);

    auto const doc = sample_doc();
    auto const with_doc = parsed(make_roster_frame(versions, false, 2, &doc));
    CHECK(with_doc.at("more").as_bool() == false);
    auto const& vs = with_doc.at("versions").as_array();
    CHECK_FALSE(vs[0].as_object().contains("doc"));
    auto const& d = vs[1].as_object().at("doc").as_object();
    CHECK(d.at("n").as_string() == b64(doc.n));
    CHECK(d.at("c").as_string() == b64(doc.c));
    CHECK(d.at("keys").as_array()[0].as_object().at("to").as_string() == b64(filled<id16>(3)));
    CHECK(d.at("keys").as_array()[0].as_object().at("k").as_string() ==
          b64(filled<sealed_text_key>(4)));

    CHECK(make_roster_frame({}, false) == R"({"t":"roster","versions":[],"more":false})");
}

TEST_CASE("proposal and proposal_closed frames")
{
    std::vector<roster_approval> const approvals = {{filled<id16>(1), filled<signature64>(2)}};
    std::vector<id16> const objections = {filled<id16>(3)};
    auto const frame = make_proposal_frame(filled<key32>(4), filled<id16>(1), bytes(195, 5),
                                           approvals, objections, 1700000000);
    CHECK(frame == R"({"t":"proposal","rh":")" + b64(filled<key32>(4)) + R"(","by":")" +
                       b64(filled<id16>(1)) + R"(","tbs":")" + b64(bytes(195, 5)) +
                       R"(","approvals":[{"m":")" + b64(filled<id16>(1)) + R"(","sig":")" +
                       b64(filled<signature64>(2)) + R"("}],"objections":[")" +
                       b64(filled<id16>(3)) + R"("],"expires_at":1700000000})");
    auto const doc = sample_doc();
    CHECK(
        parsed(make_proposal_frame(filled<key32>(4), filled<id16>(1), bytes(114), {}, {}, 1, &doc))
            .at("doc")
            .as_object()
            .at("keys")
            .as_array()
            .size() == 1);

    for (auto reason :
         {proposal_outcome::committed, proposal_outcome::stale, proposal_outcome::rejected,
          proposal_outcome::withdrawn, proposal_outcome::expired})
    {
        auto const closed = parsed(make_proposal_closed_frame(filled<key32>(4), reason));
        CHECK(closed.at("t").as_string() == "proposal_closed");
        CHECK(closed.at("rh").as_string() == b64(filled<key32>(4)));
        CHECK(closed.at("reason").as_string() == outcome_name(reason));
    }
    CHECK(make_proposal_closed_frame(key32{}, proposal_outcome::stale) ==
          R"({"t":"proposal_closed","rh":")" + b64(key32{}) + R"(","reason":"stale"})");
}

TEST_CASE("invite, invite_closed and invite_info frames")
{
    CHECK(make_invite_frame(filled<id16>(1), filled<id16>(2), 1700000000, 3) ==
          R"({"t":"invite","invite":")" + b64(filled<id16>(1)) + R"(","by":")" +
              b64(filled<id16>(2)) + R"(","expires_at":1700000000,"uses_left":3})");
    CHECK(make_invite_closed_frame(filled<id16>(1), invite_outcome::revoked) ==
          R"({"t":"invite_closed","invite":")" + b64(filled<id16>(1)) + R"(","reason":"revoked"})");
    CHECK(outcome_name(invite_outcome::used) == "used");
    CHECK(outcome_name(invite_outcome::expired) == "expired");

    sealed_box const info{filled<nonce24>(7), bytes(528, 8)};
    CHECK(make_invite_info_frame(filled<id16>(1), info, 42) ==
          R"({"t":"invite_info","invite":")" + b64(filled<id16>(1)) + R"(","info":{"n":")" +
              b64(info.n) + R"(","c":")" + b64(info.c) + R"("},"expires_at":42})");
}

TEST_CASE("join_status frame: expires_at when pending, declines when declined")
{
    CHECK(make_join_status_frame(join_state::pending, 99) ==
          R"({"t":"join_status","state":"pending","expires_at":99})");
    CHECK(make_join_status_frame(join_state::admitted) ==
          R"({"t":"join_status","state":"admitted"})");
    CHECK(make_join_status_frame(join_state::withdrawn) ==
          R"({"t":"join_status","state":"withdrawn"})");
    CHECK(make_join_status_frame(join_state::expired) ==
          R"({"t":"join_status","state":"expired"})");
    std::vector<member_signature> const declines = {{filled<id16>(1), filled<signature64>(2)}};
    CHECK(make_join_status_frame(join_state::declined, 0, declines) ==
          R"({"t":"join_status","state":"declined","declines":[{"m":")" + b64(filled<id16>(1)) +
              R"(","sig":")" + b64(filled<signature64>(2)) + R"("}]})");
}

TEST_CASE("request and request_closed frames")
{
    join_request_frame request;
    request.invite = filled<id16>(1);
    request.member = filled<id16>(2);
    request.sig_pk = filled<key32>(3);
    request.dh_pk = filled<key32>(4);
    request.pledge_hash = filled<key32>(5);
    request.pledge = filled<signature64>(6);
    request.n = filled<nonce24>(7);
    request.c = filled<join_request_ciphertext>(8);
    auto const jk = filled<sealed_join_key>(9);
    std::vector<member_signature> const declines = {{filled<id16>(10), filled<signature64>(11)}};

    auto const frame = make_request_frame({request, 100, 200, &jk, declines});
    CHECK(frame ==
          R"({"t":"request","member":")" + b64(request.member) + R"(","invite":")" +
              b64(request.invite) + R"(","sig_pk":")" + b64(request.sig_pk) + R"(","dh_pk":")" +
              b64(request.dh_pk) + R"(","ph":")" + b64(request.pledge_hash) + R"(","pledge":")" +
              b64(request.pledge) + R"(","n":")" + b64(request.n) + R"(","c":")" + b64(request.c) +
              R"(","at":100,"expires_at":200,"jk":")" + b64(jk) + R"(","declines":[{"m":")" +
              b64(filled<id16>(10)) + R"(","sig":")" + b64(filled<signature64>(11)) + R"("}]})");
    auto const without_jk = parsed(make_request_frame({request, 100, 200, nullptr, {}}));
    CHECK_FALSE(without_jk.contains("jk"));
    CHECK(without_jk.at("declines").as_array().empty());

    for (auto state :
         {join_state::admitted, join_state::declined, join_state::expired, join_state::withdrawn})
        CHECK(parsed(make_request_closed_frame(filled<id16>(2), state)).at("reason").as_string() ==
              state_name(state));
    CHECK(make_request_closed_frame(filled<id16>(2), join_state::admitted) ==
          R"({"t":"request_closed","member":")" + b64(filled<id16>(2)) +
              R"(","reason":"admitted"})");
}

TEST_CASE("epoch frame")
{
    std::vector<id16> const parts = {filled<id16>(1), filled<id16>(2)};
    CHECK(make_epoch_frame(filled<id16>(9), 3, 7, filled<key32>(8), parts) ==
          R"({"t":"epoch","ses":")" + b64(filled<id16>(9)) + R"(","ep":3,"rv":7,"rh":")" +
              b64(filled<key32>(8)) + R"(","parts":[")" + b64(parts[0]) + R"(",")" + b64(parts[1]) +
              R"("]})");
    CHECK(make_epoch_frame(id16{}, 4294967295u, 9007199254740991u, key32{}, {})
              .find(R"("ep":4294967295,"rv":9007199254740991)") != std::string::npos);
}
