// PROTOCOL.md §4 auth and redeem against the real server: the signature binds key, nonce,
// origin and group, a challenge is used once and expires, and an invite is used once.
#include "admitted_group.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <thread>

using namespace sirkel;
using namespace sirkel::test;

TEST_CASE("auth: a redeemed facilitator authenticates with their own key")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client second(server, group);
    auto const answer = second.auth(alice);
    INFO(boost::json::serialize(answer));
    CHECK(field_string(answer, "t") == "authed");
    CHECK(field_string(answer, "member") == protocol::base64url_encode(alice.member));
    CHECK(field_string(answer, "role") == "facilitator");
}

TEST_CASE("auth: a signature by another key fails")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const mallory = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client client(server, group);
    auto const nonce = client.hello();
    client.send_text(make_auth_frame(alice.member, mallory.sig_sk, client.origin(), nonce, group));
    CHECK(field_string(client.expect("error"), "code") == "auth_failed");
}

TEST_CASE("auth: under a committed roster a member authenticates with its roster key and role")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto const& bob = members.admit().identity;
    auto const& founder = members.members().front().identity;

    test_client first(server, group);
    CHECK(field_string(first.auth(founder), "role") == "facilitator");
    test_client second(server, group);
    CHECK(field_string(second.auth(bob), "role") == "member");
    // Bob's id signed by a key that is not Bob's in the roster.
    auto const mallory = device_identity::generate();
    test_client third(server, group);
    auto const nonce = third.hello();
    third.send_text(make_auth_frame(bob.member, mallory.sig_sk, third.origin(), nonce, group));
    CHECK(field_string(third.expect("error"), "code") == "auth_failed");
}

TEST_CASE("auth: a signature over another connection's challenge fails there")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client a(server, group);
    test_client b(server, group);
    auto const nonce_a = a.hello();
    auto const nonce_b = b.hello();
    REQUIRE(nonce_a != nonce_b);
    auto const signed_for_a =
        make_auth_frame(alice.member, alice.sig_sk, a.origin(), nonce_a, group);
    b.send_text(signed_for_a);
    CHECK(field_string(b.expect("error"), "code") == "auth_failed");
    // The same frame on the connection whose challenge it signs is good: only the replay failed.
    a.send_text(signed_for_a);
    CHECK(field_string(a.expect("authed"), "role") == "facilitator");
}

TEST_CASE("auth: a challenge serves one attempt, and auth needs one")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const mallory = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client unchallenged(server, group);
    auto const nonce_elsewhere = test_client(server, group).hello();
    unchallenged.send_text(
        make_auth_frame(alice.member, alice.sig_sk, unchallenged.origin(), nonce_elsewhere, group));
    CHECK(field_string(unchallenged.expect("error"), "code") == "no_challenge");

    test_client client(server, group);
    auto const nonce = client.hello();
    client.send_text(make_auth_frame(alice.member, mallory.sig_sk, client.origin(), nonce, group));
    CHECK(field_string(client.expect("error"), "code") == "auth_failed");
    client.send_text(make_auth_frame(alice.member, alice.sig_sk, client.origin(), nonce, group));
    CHECK(field_string(client.expect("error"), "code") == "no_challenge");
    // A new hello gives a new challenge on the same connection.
    CHECK(field_string(client.auth(alice), "t") == "authed");
}

TEST_CASE("auth: a challenge expires after challenge_ttl_ms")
{
    server_process server;
    auto const group = start_with_group(server, {"--challenge-ttl-ms", "200"});
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client client(server, group);
    client.send_text(R"({"t":"hello","v":1})");
    auto const challenge = client.expect("challenge");
    INFO(boost::json::serialize(challenge));
    CHECK(field_string(challenge, "group") == protocol::base64url_encode(group));
    auto const* expires_in_ms = challenge.if_contains("expires_in_ms");
    REQUIRE(expires_in_ms != nullptr);
    CHECK(expires_in_ms->is_int64());
    CHECK(expires_in_ms->as_int64() == 200);
    auto const nonce = protocol::base64url_decode_array<32>(field_string(challenge, "nonce"));
    REQUIRE(nonce);

    std::this_thread::sleep_for(std::chrono::milliseconds{400});
    client.send_text(make_auth_frame(alice.member, alice.sig_sk, client.origin(), *nonce, group));
    CHECK(field_string(client.expect("error"), "code") == "challenge_expired");
    // Answered at once, a fresh challenge is still good.
    CHECK(field_string(client.auth(alice), "t") == "authed");
}

TEST_CASE("auth: a signature for another origin fails")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client client(server, group);
    auto const nonce = client.hello();
    client.send_text(
        make_auth_frame(alice.member, alice.sig_sk, "https://evil.test", nonce, group));
    CHECK(field_string(client.expect("error"), "code") == "auth_failed");
}

TEST_CASE("auth: a member of one group cannot authenticate to another")
{
    server_process server;
    server.init_database();
    auto const group_a = server.create_group("circle-a");
    auto const group_b = server.create_group("circle-b");
    server.start();
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group_a, alice);

    test_client other_group(server, group_b);
    auto const nonce = other_group.hello();
    // Signed honestly for group B: the key is right, the membership is not.
    other_group.send_text(
        make_auth_frame(alice.member, alice.sig_sk, other_group.origin(), nonce, group_b));
    CHECK(field_string(other_group.expect("error"), "code") == "auth_failed");
}

TEST_CASE("auth: hello for another protocol version is refused")
{
    server_process server;
    auto const group = start_with_group(server);

    test_client client(server, group);
    client.send_text(R"({"t":"hello","v":2})");
    auto const error = client.expect("error");
    CHECK(field_string(error, "code") == "unsupported_version");
    CHECK(field_string(error, "ref") == "hello");
    client.hello();
}

TEST_CASE("auth: join and msg need an authenticated connection")
{
    server_process server;
    auto const group = start_with_group(server);

    test_client client(server, group);
    client.send_text(R"({"t":"join"})");
    CHECK(field_string(client.expect("error"), "code") == "not_authenticated");
    client.send_text(make_msg_frame(protocol::random_array<protocol::id16>(), 1,
                                    protocol::random_array<protocol::id16>(), 1,
                                    random_bytes(272)));
    CHECK(field_string(client.expect("error"), "code") == "not_authenticated");
}

TEST_CASE("redeem: a facilitator invite makes a facilitator, once")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const link = server.invite_facilitator(group);
    auto const alice = device_identity::generate();
    auto const bob = device_identity::generate();

    test_client first(server, group);
    auto const answer = first.redeem(alice, link);
    INFO(boost::json::serialize(answer));
    CHECK(field_string(answer, "t") == "authed");
    CHECK(field_string(answer, "member") == protocol::base64url_encode(alice.member));
    CHECK(field_string(answer, "role") == "facilitator");

    // Used up; and the group has its first member anyway (PSG1.md §4.7).
    test_client second(server, group);
    CHECK(field_string(second.redeem(bob, link), "code") == "group_started");
}

TEST_CASE("redeem: a wrong token is refused and does not use the invite up")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const link = server.invite_facilitator(group);
    auto const alice = device_identity::generate();

    test_client client(server, group);
    auto const nonce = client.hello();
    auto const wrong_token = protocol::kdf_invite_token(protocol::random_array<protocol::key32>());
    client.send_text(make_redeem_frame(alice, link, wrong_token, client.origin(), nonce));
    CHECK(field_string(client.expect("error"), "code") == "invite_invalid");
    CHECK(field_string(client.redeem(alice, link), "t") == "authed");
}

TEST_CASE("redeem: once the group has its first member, the shell's invites are group_started")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const first = redeemed_facilitator(server, group, alice);

    test_client again(server, group);
    CHECK(field_string(again.redeem(alice, server.invite_facilitator(group)), "code") ==
          "group_started");
    test_client other(server, group);
    CHECK(field_string(other.redeem(device_identity::generate(), server.invite_facilitator(group)),
                       "code") == "group_started");
}

TEST_CASE("auth: a connection that does not authenticate in time is closed")
{
    server_process server;
    auto const group = start_with_group(server, {"--handshake-timeout-ms", "500"});
    auto const alice = device_identity::generate();
    protocol::roster v1;
    auto const member = founding_member(server, group, alice, v1);

    test_client idle(server, group);
    idle.hello();
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!idle.is_closed() && std::chrono::steady_clock::now() < deadline)
        (void)idle.receive_raw(std::chrono::milliseconds{100});
    CHECK(idle.is_closed());
    CHECK(idle.close_code() == 1008); // policy violation: authentication timeout

    // The deadline ends with authentication: the member, past the same time, still talks.
    CHECK_FALSE(member->is_closed());
    CHECK(field_string(member->join(), "t") == "joined");
}
