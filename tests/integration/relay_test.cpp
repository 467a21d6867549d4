// PROTOCOL.md §4 join, msg and leave: the server relays a member's frame byte for byte to the
// others present, never echoes it, refuses a frame that claims another sender or meeting, and
// tells the others who comes and goes.
#include "admitted_group.hpp"
#include "meeting_of_two.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <set>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

std::set<std::string> present_of(boost::json::object const& joined)
{
    std::set<std::string> members;
    if (auto const* present = joined.if_contains("present"); present && present->is_array())
        for (auto const& member : present->as_array())
            if (member.is_string())
                members.emplace(member.as_string());
    return members;
}

/// Check a presence frame names member and says whether they are present.
void check_presence(boost::json::object const& frame, device_identity const& member, bool present)
{
    INFO(boost::json::serialize(frame));
    CHECK(field_string(frame, "member") == protocol::base64url_encode(member.member));
    auto const* value = frame.if_contains("present");
    REQUIRE(value != nullptr);
    REQUIRE(value->is_bool());
    CHECK(value->as_bool() == present);
}

/// Ciphertext of a realistic size for a short text: 1 KiB of padded plaintext and the 16-byte
/// tag.
constexpr std::size_t ct_bytes = 1024 + 16;

} // namespace

TEST_CASE("relay: members join one meeting and a msg reaches the others byte for byte")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    auto const alice = members.members()[0].identity;
    auto const bob = members.members()[1].identity;
    auto const& a = members.members()[0].client;
    auto const& b = members.members()[1].client;

    auto const joined_a = a->join();
    auto const ses = session_of(joined_a);
    CHECK(present_of(joined_a) == std::set{protocol::base64url_encode(alice.member)});

    auto const joined_b = b->join();
    CHECK(session_of(joined_b) == ses);
    CHECK(present_of(joined_b) == std::set{protocol::base64url_encode(alice.member),
                                           protocol::base64url_encode(bob.member)});
    check_presence(a->expect("presence"), bob, true);

    // A msg needs the epoch that both joins brought and the sender's skd (PSG1.md §5).
    psg1_participant pa(group, alice, members.roster(), *a);
    psg1_participant pb(group, bob, members.roster(), *b);
    pa.pump_until([&] { return pa.current_ep() > 0; });
    auto const ep = pa.current_ep();
    psg1_participant::await_all_ready({&pa, &pb}, ep);

    auto const from_alice = pa.send_text("hello, bob");
    auto const at_bob = pb.next_text();
    REQUIRE(at_bob);
    CHECK(at_bob->frame == from_alice); // byte for byte
    CHECK(at_bob->text == "hello, bob");
    CHECK_FALSE(pa.next_text(quiet_period)); // no echo

    // The largest text there is: 16 KiB of ciphertext.
    auto const long_text = std::string(16000, 'x');
    auto const from_bob = pb.send_text(long_text);
    auto const at_alice = pa.next_text();
    REQUIRE(at_alice);
    CHECK(at_alice->frame == from_bob);
    CHECK(at_alice->text == long_text);
    CHECK_FALSE(pb.next_text(quiet_period));
}

TEST_CASE("relay: long and short messages in turn arrive whole, though the server gives back "
          "a long message's read buffer after it")
{
    server_process server;
    meeting_of_two meeting(server);

    // Each long message grows bob's read buffer on the server past its idle size and each short
    // one follows a shrink: a buffer given back too early or too much would garble a frame.
    for (auto const& text :
         {std::string(16000, 'a'), std::string("short"), std::string(9000, 'b'), std::string("x")})
    {
        auto const sent = meeting.pb->send_text(text);
        auto const received = meeting.pa->next_text();
        REQUIRE(received);
        CHECK(received->frame == sent);
        CHECK(received->text == text);
    }
}

TEST_CASE("relay: a msg naming another sender or meeting is refused and reaches nobody")
{
    server_process server;
    meeting_of_two const meeting(server);

    meeting.a->send_text(
        make_msg_frame(meeting.ses, meeting.ep, meeting.bob.member, 1, random_bytes(ct_bytes)));
    auto const wrong_sender = meeting.a->expect("error");
    CHECK(field_string(wrong_sender, "code") == "wrong_sender");
    CHECK(field_string(wrong_sender, "ref") == "msg");

    meeting.a->send_text(make_msg_frame(protocol::random_array<protocol::id16>(), 1,
                                        meeting.alice.member, 2, random_bytes(ct_bytes)));
    auto const wrong_meeting = meeting.a->expect("error");
    CHECK(field_string(wrong_meeting, "code") == "wrong_meeting");
    CHECK(field_string(wrong_meeting, "ref") == "msg");

    CHECK_FALSE(meeting.b->receive_raw(quiet_period));
    // The refusals changed nothing: a good msg still goes through.
    auto const good =
        make_msg_frame(meeting.ses, meeting.ep, meeting.alice.member, 3, random_bytes(ct_bytes));
    meeting.a->send_text(good);
    CHECK(meeting.b->receive_raw(default_timeout) == good);
}

TEST_CASE("relay: leave and close tell the others, and a member can join again")
{
    server_process server;
    meeting_of_two meeting(server);

    meeting.b->send_text(R"({"t":"leave"})");
    check_presence(expect_skipping(*meeting.a, "presence"), meeting.bob, false);
    meeting.b->send_text(
        make_msg_frame(meeting.ses, meeting.ep, meeting.bob.member, 1, random_bytes(ct_bytes)));
    CHECK(field_string(meeting.b->expect("error"), "code") == "not_in_meeting");
    // Nothing reaches alice but, in time, the epoch without bob.
    while (auto const frame = meeting.a->receive_frame(quiet_period))
        CHECK(field_string(*frame, "t") == "epoch");

    auto const again = meeting.b->join();
    CHECK(session_of(again) == meeting.ses);
    check_presence(expect_skipping(*meeting.a, "presence"), meeting.bob, true);
    meeting.b->send_text(R"({"t":"join"})");
    CHECK(field_string(expect_skipping(*meeting.b, "error"), "code") == "already_in_meeting");

    // Closing the connection leaves too.
    meeting.b.reset();
    check_presence(expect_skipping(*meeting.a, "presence"), meeting.bob, false);
}

TEST_CASE("relay: msg needs a joined meeting")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    protocol::roster v1;
    auto const a = founding_member(server, group, alice, v1);

    a->send_text(make_msg_frame(protocol::random_array<protocol::id16>(), 1, alice.member, 1,
                                random_bytes(ct_bytes)));
    CHECK(field_string(a->expect("error"), "code") == "not_in_meeting");
}

TEST_CASE("relay: an identity that never redeemed an invite cannot join")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    protocol::roster v1;
    auto const a = founding_member(server, group, alice, v1);
    a->join();
    // Alice is the whole roster, so her join is announced at once (PSG1.md §5.4), before the
    // stranger tries: nothing after it may reach her.
    CHECK(a->expect("epoch").at("ep").as_int64() == 1);

    auto const stranger = device_identity::generate();
    test_client client(server, group);
    CHECK(field_string(client.auth(stranger), "code") == "auth_failed");
    client.send_text(R"({"t":"join"})");
    CHECK(field_string(client.expect("error"), "code") == "not_authenticated");
    CHECK_FALSE(a->receive_raw(quiet_period));
}

TEST_CASE("relay: shutting down closes every WebSocket with 1001 going away")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    protocol::roster v1;
    auto const a = founding_member(server, group, alice, v1);
    a->join();

    CHECK(server.stop() == 0);
    while (!a->is_closed() && a->receive_raw(default_timeout))
    {
    }
    CHECK(a->is_closed());
    CHECK(a->close_code() == 1001);
}
