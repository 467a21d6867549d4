// The tampering relay's lies, frame by frame (tests/relay/README.md): each mode changes exactly
// the frame it names, once where it says once, and leaves every other frame byte for byte.
#include "frame_tamperer.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/roster.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace sirkel;
using namespace sirkel::relay;

namespace
{

namespace json = boost::json;

std::string const msg_frame =
    R"({"t":"msg","ses":"AAAAAAAAAAAAAAAAAAAAAA","ep":3,"from":"AQEBAQEBAQEBAQEBAQEBAQ","ctr":17,)"
    R"("k":3,"n":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","ct":"AAAAAAAAAAAAAAAAAAAAAA","sig":"x"})";
std::string const presence_frame =
    R"({"t":"presence","member":"AQEBAQEBAQEBAQEBAQEBAQ","present":true})";

json::object parsed(std::string const& frame)
{
    return json::parse(frame).as_object();
}

/// The one frame to_client gave; fails the test if it gave none or two.
std::string only(std::vector<std::string> const& frames)
{
    REQUIRE(frames.size() == 1);
    return frames.front();
}

protocol::roster_entry entry(protocol::byte id)
{
    protocol::roster_entry made;
    made.member_id.fill(id);
    made.sig_pk = protocol::random_array<protocol::key32>();
    made.dh_pk = protocol::random_array<protocol::key32>();
    return made;
}

json::object version_json(protocol::roster const& version, std::size_t approvals = 1)
{
    json::array signatures;
    for (std::size_t i = 0; i < approvals; ++i)
        signatures.push_back(json::object{
            {"m", protocol::base64url_encode(version.entries().front().member_id)},
            {"sig", protocol::base64url_encode(protocol::random_array<protocol::signature64>())}});
    return {{"v", version.version()},
            {"tbs", protocol::base64url_encode(version.tbs())},
            {"approvals", std::move(signatures)}};
}

std::string roster_frame(std::vector<json::object> versions, bool more = false)
{
    json::array list;
    for (auto& version : versions)
        list.push_back(std::move(version));
    return json::serialize(
        json::object{{"t", "roster"}, {"versions", std::move(list)}, {"more", more}});
}

std::string epoch_frame(protocol::roster const& version)
{
    return json::serialize(json::object{{"t", "epoch"},
                                        {"ses", "AAAAAAAAAAAAAAAAAAAAAA"},
                                        {"ep", 2},
                                        {"rv", version.version()},
                                        {"rh", protocol::base64url_encode(version.hash())},
                                        {"parts", json::array{"AQEBAQEBAQEBAQEBAQEBAQ"}}});
}

} // namespace

TEST_CASE("frame_tamperer: none passes every frame byte for byte and logs nothing")
{
    std::ostringstream log;
    frame_tamperer tamperer(tamper_mode::none, log);
    client_view view;
    CHECK(only(tamperer.to_client(msg_frame, view)) == msg_frame);
    CHECK(only(tamperer.to_client("not json", view)) == "not json");
    CHECK(log.str().empty());
}

TEST_CASE("frame_tamperer: msg modes change one field of the first msg only")
{
    protocol::sodium_init_or_throw();
    struct change
    {
        tamper_mode mode;
        char const* field;
        std::uint64_t tampered;
        char const* line;
    };
    for (auto const& [mode, field, tampered, line] :
         {change{tamper_mode::msg_counter, "ctr", 18, "tampered msg-counter msg\n"},
          change{tamper_mode::msg_epoch, "ep", 4, "tampered msg-epoch msg\n"},
          // k 3 wraps to 1: the kind stays one the protocol knows.
          change{tamper_mode::msg_kind, "k", 1, "tampered msg-kind msg\n"}})
    {
        CAPTURE(line);
        std::ostringstream log;
        frame_tamperer tamperer(mode, log);
        client_view view;
        // Other frames, and text that is not JSON, pass untouched and do not use up the shot.
        CHECK(only(tamperer.to_client(presence_frame, view)) == presence_frame);
        CHECK(only(tamperer.to_client("{not json", view)) == "{not json");
        CHECK(log.str().empty());

        auto expected = parsed(msg_frame);
        expected[field] = tampered;
        CHECK(parsed(only(tamperer.to_client(msg_frame, view))) == expected);
        CHECK(log.str() == line);
        CHECK(only(tamperer.to_client(msg_frame, view)) == msg_frame);
        CHECK(log.str() == line);
    }
}

TEST_CASE("frame_tamperer: replay delivers the first msg twice, then none again")
{
    std::ostringstream log;
    frame_tamperer tamperer(tamper_mode::replay, log);
    client_view view;
    CHECK(tamperer.to_client(presence_frame, view) == std::vector<std::string>{presence_frame});
    CHECK(tamperer.to_client(msg_frame, view) == std::vector<std::string>{msg_frame, msg_frame});
    CHECK(tamperer.to_client(msg_frame, view) == std::vector<std::string>{msg_frame});
    CHECK(log.str() == "tampered replay msg\n");
}

TEST_CASE("frame_tamperer: inject-participant adds one id to the first epoch, sorted by bytes")
{
    protocol::sodium_init_or_throw();
    std::ostringstream log;
    frame_tamperer tamperer(tamper_mode::inject_participant, log);
    client_view view;
    // "_" sorts after "A" as text but encodes 63, after every letter: byte order is not text order.
    std::string const epoch = R"({"t":"epoch","ses":"AAAAAAAAAAAAAAAAAAAAAA","ep":1,"rv":2,)"
                              R"("rh":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",)"
                              R"("parts":["AQEBAQEBAQEBAQEBAQEBAQ","_____________________w"]})";
    CHECK(only(tamperer.to_client(msg_frame, view)) == msg_frame);

    auto const tampered = parsed(only(tamperer.to_client(epoch, view)));
    auto const& parts = tampered.at("parts").as_array();
    REQUIRE(parts.size() == 3);
    std::vector<protocol::id16> ids;
    for (auto const& part : parts)
    {
        auto const id = protocol::base64url_decode_array<16>(std::string_view(part.as_string()));
        REQUIRE(id);
        ids.push_back(*id);
    }
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    auto expected = parsed(epoch);
    expected["parts"] = tampered.at("parts");
    CHECK(tampered == expected);
    CHECK(log.str() == "tampered inject-participant epoch\n");
    CHECK(only(tamperer.to_client(epoch, view)) == epoch);
}

TEST_CASE("frame_tamperer: drop-approval takes the last approval of versions with two or more")
{
    protocol::sodium_init_or_throw();
    auto const room = protocol::random_array<protocol::id16>();
    auto const v1 = protocol::roster::build(room, 1, {}, {}, {entry(1)});
    auto const v2 = protocol::roster::build(room, 2, v1.hash(), {}, {entry(1), entry(2)});

    SUBCASE("in a roster frame")
    {
        std::ostringstream log;
        frame_tamperer tamperer(tamper_mode::drop_approval, log);
        client_view view;
        auto const lone = roster_frame({version_json(v1, 1)});
        CHECK(only(tamperer.to_client(lone, view)) == lone);
        CHECK(log.str().empty());

        auto const both = roster_frame({version_json(v1, 1), version_json(v2, 2)});
        auto const tampered = parsed(only(tamperer.to_client(both, view)));
        auto expected = parsed(both);
        expected.at("versions").as_array().at(1).as_object().at("approvals").as_array().pop_back();
        CHECK(tampered == expected);
        CHECK(log.str() == "tampered drop-approval roster\n");
        CHECK(only(tamperer.to_client(both, view)) == both);
    }
    SUBCASE("in a proposal frame")
    {
        std::ostringstream log;
        frame_tamperer tamperer(tamper_mode::drop_approval, log);
        client_view view;
        auto const proposal =
            json::serialize(json::object{{"t", "proposal"},
                                         {"rh", protocol::base64url_encode(v2.hash())},
                                         {"approvals", version_json(v2, 2).at("approvals")},
                                         {"objections", json::array{}}});
        auto expected = parsed(proposal);
        expected.at("approvals").as_array().pop_back();
        CHECK(parsed(only(tamperer.to_client(proposal, view))) == expected);
        CHECK(log.str() == "tampered drop-approval proposal\n");
    }
}

TEST_CASE("frame_tamperer: hide-removal keeps one remaining member on the version before")
{
    protocol::sodium_init_or_throw();
    auto const room = protocol::random_array<protocol::id16>();
    auto const a = entry(1);
    auto const b = entry(2);
    auto const c = entry(3);
    auto const v1 = protocol::roster::build(room, 1, {}, {}, {a});
    auto const v2 = protocol::roster::build(room, 2, v1.hash(), {}, {a, b});
    auto const v3 = protocol::roster::build(room, 3, v2.hash(), {}, {a, b, c});
    auto const v4 = protocol::roster::build(room, 4, v3.hash(), {}, {a, c}); // b removed
    auto const v5 = protocol::roster::build(room, 5, v4.hash(), {}, {a, c, entry(4)});

    std::ostringstream log;
    frame_tamperer tamperer(tamper_mode::hide_removal, log);
    auto const view_of = [&](protocol::roster_entry const& member, std::uint64_t connection)
    {
        client_view view;
        view.connection = connection;
        view.group = room;
        CHECK(only(tamperer.to_client(R"({"t":"authed","member":")" +
                                          protocol::base64url_encode(member.member_id) +
                                          R"(","role":"member"})",
                                      view)) != "");
        auto const history = roster_frame({version_json(v1), version_json(v2), version_json(v3)});
        CHECK(only(tamperer.to_client(history, view)) == history);
        return view;
    };
    auto removed = view_of(b, 1);
    auto victim = view_of(a, 2);
    auto bystander = view_of(c, 3);
    CHECK(log.str().empty());

    auto const removal = roster_frame({version_json(v4)});
    // The removed member is cut off by the server anyway: it is not the one lied to.
    CHECK(only(tamperer.to_client(removal, removed)) == removal);
    CHECK(tamperer.to_client(removal, victim).empty());
    CHECK(log.str() == "tampered hide-removal roster\n");
    // One victim: the others see the truth.
    CHECK(only(tamperer.to_client(removal, bystander)) == removal);

    // Later epochs keep the victim on v3.
    auto expected_epoch = parsed(epoch_frame(v4));
    expected_epoch["rv"] = 3;
    expected_epoch["rh"] = protocol::base64url_encode(v3.hash());
    CHECK(parsed(only(tamperer.to_client(epoch_frame(v4), victim))) == expected_epoch);
    CHECK(only(tamperer.to_client(epoch_frame(v4), bystander)) == epoch_frame(v4));
    CHECK(only(tamperer.to_client(epoch_frame(v3), victim)) == epoch_frame(v3));

    // Later pushes are dropped too; an answer to its roster_get comes, without the hidden ones.
    CHECK(tamperer.to_client(roster_frame({version_json(v5)}), victim).empty());
    tamperer.from_client(R"({"t":"roster_get","from":3})", victim);
    auto const answer = parsed(only(tamperer.to_client(
        roster_frame({version_json(v3), version_json(v4), version_json(v5)}, true), victim)));
    CHECK(answer.at("versions").as_array().size() == 1);
    CHECK(answer.at("versions").as_array().at(0).as_object().at("v") == 3);
    CHECK(answer.at("more") == false);
    CHECK(log.str() == "tampered hide-removal roster\ntampered hide-removal epoch\n"
                       "tampered hide-removal roster\ntampered hide-removal roster\n");
}
