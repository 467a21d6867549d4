// Group admission against the real server (PSG1.md §3.6, §4, §8.1–§8.3): the first member
// publishes version 1, everyone else asks with a member invite and the group decides.
#include "admitted_group.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// Alice and bob, admitted under admission 0 (all approve), and carol asking with an invite of
/// alice's; every connection drained.
struct two_members_and_carol_asking
{
    server_process server;
    protocol::id16 group = start_with_group(server);
    admitted_group members{server, group};
    member_invite const invite;
    device_identity const carol = device_identity::generate();
    std::unique_ptr<test_client> c;

    two_members_and_carol_asking()
    {
        members.admit();
        alice_client().send_text(make_invite_create_frame(invite, members.roster()));
        c = ask_to_join(server, group, invite, carol);
        drain(alice_client());
        drain(bob_client());
    }

    test_client& alice_client() { return *members.members()[0].client; }
    test_client& bob_client() { return *members.members()[1].client; }
};

} // namespace

TEST_CASE("admission: the first member redeems and publishes version 1; the shell is done")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    auto const a = redeemed_facilitator(server, group, alice);

    // Before v1 the provisional member may only propose and fetch.
    a->send_text(R"({"t":"join"})");
    CHECK(error_code_of(a->expect("error")) == "no_roster");
    member_invite const early;
    auto const v1 = first_version(group, alice, 8);
    a->send_text(make_invite_create_frame(early, v1));
    CHECK(error_code_of(a->expect("error")) == "no_roster");

    // Version 1 must carry the organisation's size cap.
    a->send_text(make_roster_propose_frame(first_version(group, alice, 7), alice));
    CHECK(error_code_of(a->expect("error")) == "roster_invalid");

    a->send_text(make_roster_propose_frame(v1, alice));
    auto const roster = a->expect("roster");
    auto const& versions = roster.at("versions").as_array();
    REQUIRE(versions.size() == 1);
    CHECK(versions[0].as_object().at("v").as_int64() == 1);
    CHECK(field_string(versions[0].as_object(), "tbs") == protocol::base64url_encode(v1.tbs()));
    CHECK(roster.at("more").as_bool() == false);

    // roster_get from 1 answers the same chain.
    a->send_text(R"({"t":"roster_get","from":1})");
    CHECK(a->expect("roster").at("versions").as_array().size() == 1);
    a->send_text(R"({"t":"roster_get","rh":")" +
                 protocol::base64url_encode(protocol::random_array<protocol::key32>()) + "\"}");
    CHECK(error_code_of(a->expect("error")) == "roster_unknown");

    CHECK(field_string(a->join(), "t") == "joined");

    test_client late(server, group);
    CHECK(error_code_of(late.redeem(device_identity::generate(),
                                    server.invite_facilitator(group))) == "group_started");
}

TEST_CASE("admission: a member invite, a knock, a request, one approval: the joiner is in")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto const& alice = members.members()[0].identity;
    auto& a = *members.members()[0].client;

    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    auto const announced = a.expect("invite");
    CHECK(field_string(announced, "invite") == protocol::base64url_encode(invite.id));
    CHECK(announced.at("uses_left").as_int64() == 1);

    // A wrong token learns nothing.
    {
        test_client stranger(server, group);
        member_invite forged = invite;
        forged.secret = protocol::random_array<protocol::key32>();
        stranger.send_text(make_knock_frame(forged));
        CHECK(error_code_of(stranger.expect("error")) == "invite_invalid");
    }

    auto const bob = device_identity::generate();
    auto b = ask_to_join(server, group, invite, bob);
    auto const request = a.expect("request");
    CHECK(field_string(request, "member") == protocol::base64url_encode(bob.member));
    CHECK(request.contains("jk"));
    CHECK(a.expect("invite_closed").at("reason").as_string() == "used");

    // A pending joiner is no member yet.
    b->send_text(R"({"t":"join"})");
    CHECK(error_code_of(b->expect("error")) == "not_a_member");
    auto const next = with_member(members.roster(), bob);
    b->send_text(make_approve_frame(next, bob));
    CHECK(error_code_of(b->expect("error")) == "not_a_member");

    // In a group of one, the member's own approval admits.
    a.send_text(make_roster_propose_frame(next, alice));
    auto const pushed = a.expect("roster");
    CHECK(pushed.at("versions").as_array()[0].as_object().at("v").as_int64() == 2);
    CHECK(field_string(a.expect("request_closed"), "reason") == "admitted");
    b->expect("roster");
    CHECK(field_string(b->expect("join_status"), "state") == "admitted");

    auto const joined_a = a.join();
    auto const joined_b = b->join();
    CHECK(session_of(joined_a) == session_of(joined_b));

    // The new member authenticates with its key on a new connection.
    test_client again(server, group);
    CHECK(field_string(again.auth(bob), "role") == "member");
}

TEST_CASE("admission: in a group of two, one approval opens a proposal and the second commits")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    auto const& alice = members.members()[0].identity;
    auto const& bob = members.members()[1].identity;
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;

    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    a.expect("invite");
    b.expect("invite");
    auto const carol = device_identity::generate();
    auto c = ask_to_join(server, group, invite, carol);
    expect_skipping(a, "request");
    expect_skipping(b, "request");

    // An ADD of someone who never asked.
    auto const dave = device_identity::generate();
    a.send_text(make_roster_propose_frame(with_member(members.roster(), dave), alice));
    CHECK(error_code_of(expect_skipping(a, "error")) == "request_unknown");

    auto const next = with_member(members.roster(), carol);
    a.send_text(make_roster_propose_frame(next, alice));
    auto const proposal = a.expect("proposal");
    CHECK(field_string(proposal, "rh") == protocol::base64url_encode(next.hash()));
    CHECK(proposal.at("approvals").as_array().size() == 1);
    expect_skipping(b, "proposal");
    // No commit with one approval of two: approvals_missing is never sent.
    CHECK_FALSE(c->receive_raw(quiet_period));

    a.send_text(make_approve_frame(next, alice));
    CHECK(error_code_of(a.expect("error")) == "already_approved");

    // One decision at a time.
    auto const eve = device_identity::generate();
    b.send_text(make_roster_propose_frame(with_member(members.roster(), eve), bob));
    CHECK(error_code_of(b.expect("error")) == "request_unknown");

    b.send_text(make_approve_frame(next, bob));
    CHECK(field_string(expect_skipping(a, "proposal_closed"), "reason") == "committed");
    expect_skipping(a, "roster");
    expect_skipping(*c, "roster");
    CHECK(field_string(c->expect("join_status"), "state") == "admitted");
    // The facilitator opens the meeting (PROTOCOL.md §8.1); the newcomer can join it.
    a.send_text(R"({"t":"join"})");
    expect_skipping(a, "joined");
    CHECK(field_string(c->join(), "t") == "joined");
}

TEST_CASE("admission: a second proposal while one is open is proposal_open")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    auto const& alice = members.members()[0].identity;
    auto const& bob = members.members()[1].identity;
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;

    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster(), 2));
    auto const carol = device_identity::generate();
    auto const dave = device_identity::generate();
    auto c = ask_to_join(server, group, invite, carol);
    auto d = ask_to_join(server, group, invite, dave);
    drain(a);
    drain(b);

    a.send_text(make_roster_propose_frame(with_member(members.roster(), carol), alice));
    a.expect("proposal");
    b.expect("proposal");
    b.send_text(make_roster_propose_frame(with_member(members.roster(), dave), bob));
    CHECK(error_code_of(b.expect("error")) == "proposal_open");

    // The proposer withdraws; then the other change may be proposed.
    b.send_text(R"({"t":"withdraw","rh":")" +
                protocol::base64url_encode(with_member(members.roster(), carol).hash()) + "\"}");
    CHECK(error_code_of(b.expect("error")) == "not_proposer");
    a.send_text(R"({"t":"withdraw","rh":")" +
                protocol::base64url_encode(with_member(members.roster(), carol).hash()) + "\"}");
    CHECK(field_string(a.expect("proposal_closed"), "reason") == "withdrawn");
    b.expect("proposal_closed");
    b.send_text(make_roster_propose_frame(with_member(members.roster(), dave), bob));
    b.expect("proposal");
}

TEST_CASE_FIXTURE(two_members_and_carol_asking,
                  "admission: a decline decides under admission 0 and the joiner is told")
{
    auto const& bob = members.members()[1].identity;
    auto& a = alice_client();
    auto& b = bob_client();

    // A decline signed by someone else's key is approval_invalid.
    auto bad = make_decline_frame(group, invite, carol, members.members()[0].identity);
    b.send_text(bad);
    CHECK(error_code_of(b.expect("error")) == "approval_invalid");

    b.send_text(make_decline_frame(group, invite, carol, bob));
    auto const closed = a.expect("request_closed");
    CHECK(field_string(closed, "reason") == "declined");
    auto const status = c->expect("join_status");
    CHECK(field_string(status, "state") == "declined");
    REQUIRE(status.at("declines").as_array().size() == 1);
    CHECK(field_string(status.at("declines").as_array()[0].as_object(), "m") ==
          protocol::base64url_encode(bob.member));
    (void)c->receive_raw(default_timeout);
    CHECK(c->is_closed());
    CHECK(c->close_code() == 1000);

    // The request is gone.
    b.send_text(make_decline_frame(group, invite, carol, bob));
    CHECK(error_code_of(expect_skipping(b, "error")) == "request_unknown");
}

TEST_CASE("admission: join_request refusals")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto& a = *members.members()[0].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    a.expect("invite");

    auto const carol = device_identity::generate();
    test_client c(server, group);
    auto nonce = c.hello();
    // A pledge over another text.
    c.send_text(make_join_request_frame(
        group, invite, carol, protocol::random_array<protocol::key32>(), c.origin(), nonce));
    CHECK(error_code_of(c.expect("error")) == "pledge_invalid");
    // A wrong token.
    nonce = c.hello();
    member_invite forged = invite;
    forged.secret = protocol::random_array<protocol::key32>();
    c.send_text(
        make_join_request_frame(group, forged, carol, test_pledge_hash(), c.origin(), nonce));
    CHECK(error_code_of(c.expect("error")) == "invite_invalid");
    // No challenge.
    c.send_text(
        make_join_request_frame(group, invite, carol, test_pledge_hash(), c.origin(), nonce));
    CHECK(error_code_of(c.expect("error")) == "no_challenge");
    // An existing member's id.
    nonce = c.hello();
    auto twin = carol;
    twin.member = members.members()[0].identity.member;
    c.send_text(
        make_join_request_frame(group, invite, twin, test_pledge_hash(), c.origin(), nonce));
    CHECK(error_code_of(c.expect("error")) == "member_exists");
    // The invite was not used up by the refusals.
    nonce = c.hello();
    c.send_text(
        make_join_request_frame(group, invite, carol, test_pledge_hash(), c.origin(), nonce));
    CHECK(field_string(c.expect("join_status"), "state") == "pending");

    // It comes back later with its key, as a pending joiner.
    test_client back(server, group);
    auto const authed = back.auth(carol);
    CHECK(field_string(authed, "role") == "pending");
    CHECK(field_string(back.expect("join_status"), "state") == "pending");
    back.send_text(R"({"t":"join_withdraw"})");
    CHECK(field_string(back.expect("join_status"), "state") == "withdrawn");
    a.send_text(R"({"t":"join_withdraw"})");
    CHECK(error_code_of(expect_skipping(a, "error")) == "not_pending");
}

TEST_CASE("admission: object and approve need the open proposal")
{
    server_process server;
    auto const group = start_with_group(server);
    auto const alice = device_identity::generate();
    protocol::roster v1;
    auto const a = founding_member(server, group, alice, v1);
    a->send_text(R"({"t":"object","rh":")" + protocol::base64url_encode(v1.hash()) + "\"}");
    CHECK(error_code_of(a->expect("error")) == "proposal_unknown");
    a->send_text(make_approve_frame(v1, alice));
    CHECK(error_code_of(a->expect("error")) == "proposal_unknown");
}

TEST_CASE("admission: a joiner declined while away learns it at its next auth, once")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto const& alice = members.members()[0].identity;
    auto& a = *members.members()[0].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    auto const carol = device_identity::generate();
    {
        auto c = ask_to_join(server, group, invite, carol);
    }
    drain(a);
    a.send_text(make_decline_frame(group, invite, carol, alice));
    CHECK(field_string(expect_skipping(a, "request_closed"), "reason") == "declined");

    // Someone else naming carol's id learns nothing and does not use the tombstone up.
    auto impostor = device_identity::generate();
    impostor.member = carol.member;
    test_client other(server, group);
    CHECK(error_code_of(other.auth(impostor)) == "auth_failed");

    test_client back(server, group);
    auto const told = back.auth(carol);
    CHECK(field_string(told, "t") == "join_status");
    CHECK(field_string(told, "state") == "declined");
    (void)back.receive_raw(default_timeout);
    CHECK(back.is_closed());
    CHECK(back.close_code() == 1000);

    test_client again(server, group);
    CHECK(error_code_of(again.auth(carol)) == "auth_failed");
}

TEST_CASE_FIXTURE(two_members_and_carol_asking,
                  "admission: an objection that makes approval unreachable rejects the proposal")
{
    auto const& alice = members.members()[0].identity;
    auto& a = alice_client();
    auto& b = bob_client();

    auto const next = with_member(members.roster(), carol);
    a.send_text(make_roster_propose_frame(next, alice));
    a.expect("proposal");
    b.expect("proposal");
    // Under admission 0 one objection out of two members leaves nothing to wait for.
    b.send_text(R"({"t":"object","rh":")" + protocol::base64url_encode(next.hash()) + "\"}");
    CHECK(field_string(a.expect("proposal_closed"), "reason") == "rejected");
    CHECK(field_string(b.expect("proposal_closed"), "reason") == "rejected");
    // The request stays open for another proposal.
    CHECK_FALSE(c->receive_raw(quiet_period));
}

TEST_CASE("admission: a member removed by a commit is disconnected with 4002")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    auto const& alice = members.members()[0].identity;
    auto const& bob = members.members()[1].identity;
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;

    // In a group of two, the other member's approval removes (PSG1.md §3.4).
    auto const& r = members.roster();
    auto const without_bob = protocol::roster::build(r.room_id(), r.version() + 1, r.hash(),
                                                     r.frame(), {*r.find(alice.member)});
    a.send_text(make_roster_propose_frame(without_bob, alice));
    CHECK(a.expect("roster").at("versions").as_array()[0].as_object().at("v").as_int64() == 3);
    CHECK(await_close(b) == 4002);

    test_client again(server, group);
    CHECK(error_code_of(again.auth(bob)) == "auth_failed");
}

TEST_CASE("admission: invites: stale rv, wrong keys, revoke; a knocked connection reads the chain")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto& a = *members.members()[0].client;

    member_invite const invite;
    auto stale = boost::json::parse(make_invite_create_frame(invite, members.roster())).as_object();
    stale["rv"] = 2;
    a.send_text(boost::json::serialize(stale));
    CHECK(error_code_of(a.expect("error")) == "roster_stale");
    auto wrong_keys =
        boost::json::parse(make_invite_create_frame(invite, members.roster())).as_object();
    wrong_keys["jks"].as_array()[0].as_object()["to"] =
        protocol::base64url_encode(protocol::random_array<protocol::id16>());
    a.send_text(boost::json::serialize(wrong_keys));
    CHECK(error_code_of(a.expect("error")) == "keys_invalid");

    a.send_text(make_invite_create_frame(invite, members.roster()));
    a.expect("invite");
    a.send_text(make_invite_create_frame(invite, members.roster()));
    CHECK(error_code_of(a.expect("error")) == "invite_exists");

    test_client reader(server, group);
    reader.send_text(R"({"t":"roster_get","from":1})");
    CHECK(error_code_of(reader.expect("error")) == "not_authenticated");
    reader.send_text(make_knock_frame(invite));
    reader.expect("invite_info");
    reader.send_text(R"({"t":"roster_get","from":1})");
    CHECK(error_code_of(reader.expect("error")) == "not_authenticated");
    reader.send_text(R"({"t":"roster_get","rh":")" +
                     protocol::base64url_encode(members.roster().hash()) + "\"}");
    auto const chain = reader.expect("roster");
    CHECK(chain.at("versions").as_array().size() == 1);

    a.send_text(R"({"t":"invite_revoke","invite":")" + protocol::base64url_encode(invite.id) +
                "\"}");
    CHECK(field_string(a.expect("invite_closed"), "reason") == "revoked");
    a.send_text(R"({"t":"invite_revoke","invite":")" + protocol::base64url_encode(invite.id) +
                "\"}");
    CHECK(error_code_of(a.expect("error")) == "invite_invalid");
    test_client late(server, group);
    late.send_text(make_knock_frame(invite));
    CHECK(error_code_of(late.expect("error")) == "invite_invalid");
}
