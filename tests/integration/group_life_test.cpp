// A group's life after admission against the real server (PSG1.md §3.4–§3.6, §4, §8; PROTOCOL.md
// §7): a decision short of one approval or carrying a forged one, the size cap, requests and
// proposals that run out while nobody does anything, revoked invites, leaving and removal, and
// what the database still holds of someone who left.
#include "admitted_group.hpp"
#include "meeting_members.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

/// Alice, bob and carol, each admitted with everyone's approval (admission 0); their
/// connections drained.
struct three_members
{
    server_process server;
    protocol::id16 group;
    admitted_group members;

    explicit three_members(std::vector<std::string> const& serve_args = {})
        : group(start_with_group(server, serve_args)), members(server, group)
    {
        members.admit();
        members.admit();
    }

    [[nodiscard]] device_identity const& identity(std::size_t i)
    {
        return members.members().at(i).identity;
    }
    [[nodiscard]] test_client& client(std::size_t i) { return *members.members().at(i).client; }
};

std::string revoke_frame(member_invite const& invite)
{
    return R"({"t":"invite_revoke","invite":")" + protocol::base64url_encode(invite.id) + "\"}";
}

/// The approvals of a pushed roster frame's one version.
boost::json::array& approvals_of(boost::json::object& roster_frame)
{
    return roster_frame.at("versions").as_array().at(0).as_object().at("approvals").as_array();
}

protocol::bytes file_bytes(std::filesystem::path const& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path wal_of(server_process const& server)
{
    return server.db_path().string() + "-wal";
}

/// The database file and its WAL, byte for byte, as the disk holds them.
protocol::bytes stored_bytes(server_process const& server)
{
    auto bytes = file_bytes(server.db_path());
    if (std::filesystem::exists(wal_of(server)))
    {
        auto const wal = file_bytes(wal_of(server));
        bytes.insert(bytes.end(), wal.begin(), wal.end());
    }
    return bytes;
}

/// Whether the server's last checkpoint left its WAL empty (or there is none).
bool wal_is_empty(server_process const& server)
{
    return !std::filesystem::exists(wal_of(server)) || std::filesystem::is_empty(wal_of(server));
}

/// How often needle occurs in haystack (overlapping occurrences counted).
std::size_t occurrences(protocol::byte_view haystack, protocol::byte_view needle)
{
    std::size_t count = 0;
    for (auto at = haystack.begin();; ++at)
    {
        at = std::search(at, haystack.end(), needle.begin(), needle.end());
        if (at == haystack.end())
            return count;
        ++count;
    }
}

} // namespace

TEST_CASE("life: an ADD short of one approval leaves the joiner pending; a forged approval is "
          "approval_invalid at the server and at a client")
{
    three_members g;
    auto& a = g.client(0);
    auto& b = g.client(1);
    auto& c = g.client(2);
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, g.members.roster()));
    auto const dave = device_identity::generate();
    auto const d = ask_to_join(g.server, g.group, invite, dave);
    for (auto* m : {&a, &b, &c})
        drain(*m);

    auto const v3 = g.members.roster();
    auto const next = with_member(v3, dave);
    a.send_text(make_roster_propose_frame(next, g.identity(0)));
    expect_skipping(b, "proposal");
    expect_skipping(c, "proposal");
    b.send_text(make_approve_frame(next, g.identity(1)));
    CHECK(expect_skipping(c, "proposal").at("approvals").as_array().size() == 2);

    // Two of three is not all: nothing is committed, and the joiner is still only pending.
    CHECK_FALSE(d->receive_raw(quiet_period));
    {
        test_client back(g.server, g.group);
        CHECK(field_string(back.auth(dave), "role") == "pending");
        CHECK(field_string(back.expect("join_status"), "state") == "pending");
        back.send_text(R"({"t":"join"})");
        CHECK(error_code_of(back.expect("error")) == "not_a_member");
    }

    // Carol's approval signed with another key than hers.
    auto forger = g.identity(2);
    forger.sig_sk = device_identity::generate().sig_sk;
    c.send_text(make_approve_frame(next, forger));
    CHECK(error_code_of(expect_skipping(c, "error")) == "approval_invalid");
    CHECK_FALSE(d->receive_raw(quiet_period));

    // Her own approval completes it.
    c.send_text(make_approve_frame(next, g.identity(2)));
    auto roster = expect_skipping(b, "roster");
    expect_skipping(*d, "roster");
    CHECK(field_string(d->expect("join_status"), "state") == "admitted");

    // Bob's client refuses the committed version once one approval in it is forged (bob's own
    // slot, signed with dave's key), and adopts it as the server sent it.
    psg1_participant bobs(g.group, g.identity(1), v3, b);
    auto forged = roster;
    auto& slot = approvals_of(forged).at(1).as_object();
    REQUIRE(field_string(slot, "m") == protocol::base64url_encode(g.identity(1).member));
    slot["sig"] = protocol::base64url_encode(
        protocol::sign_approval(next, g.identity(1).member, dave.sig_sk).sig);
    CHECK(bobs.check_roster(forged) == protocol::psg1_error::approval_invalid);
    CHECK(bobs.roster().version() == 3);
    CHECK(bobs.check_roster(roster) == protocol::psg1_error::ok);
    CHECK(bobs.roster().version() == 4);
    CHECK(bobs.roster().find(dave.member) != nullptr);
}

TEST_CASE("life: a group at its size cap takes no request and no ADD: size_cap_reached")
{
    server_process server;
    server.init_database();
    auto const group = server.create_group("pair", 2);
    server.start();
    admitted_group members(server, group, {}, 2);
    // Below the cap, a second member comes in.
    members.admit();
    REQUIRE(members.roster().entries().size() == 2);
    auto& a = *members.members()[0].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    expect_skipping(a, "invite");

    auto const erin = device_identity::generate();
    test_client e(server, group);
    e.send_text(make_knock_frame(invite));
    e.expect("invite_info");
    auto const nonce = e.hello();
    e.send_text(
        make_join_request_frame(group, invite, erin, test_pledge_hash(), e.origin(), nonce));
    CHECK(error_code_of(e.expect("error")) == "size_cap_reached");

    a.send_text(make_roster_propose_frame(with_member(members.roster(), erin),
                                          members.members()[0].identity));
    CHECK(error_code_of(expect_skipping(a, "error")) == "size_cap_reached");
}

TEST_CASE("life: a join request runs out on time, with nothing else happening in the group")
{
    server_process server;
    auto const group = start_with_group(server, {"--join-request-ttl-s", "2"});
    admitted_group members(server, group);
    members.admit();
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    auto const dave = device_identity::generate();
    auto const asked_at = std::chrono::steady_clock::now();
    auto const d = ask_to_join(server, group, invite, dave);
    drain(a);
    drain(b);
    // Open until its time comes.
    CHECK_FALSE(d->receive_raw(quiet_period));

    auto const status = d->expect("join_status", std::chrono::seconds(4));
    CHECK(field_string(status, "state") == "expired");
    CHECK(std::chrono::steady_clock::now() - asked_at >= std::chrono::seconds(1));
    CHECK(await_close(*d) == 1000);
    for (auto* m : {&a, &b})
    {
        auto const closed = expect_skipping(*m, "request_closed");
        CHECK(field_string(closed, "reason") == "expired");
        CHECK(field_string(closed, "member") == protocol::base64url_encode(dave.member));
    }
    // Told at once, so nothing is kept for a later auth.
    test_client back(server, group);
    CHECK(error_code_of(back.auth(dave)) == "auth_failed");
}

TEST_CASE("life: a joiner away when its request runs out learns it at its next auth, once")
{
    server_process server;
    auto const group = start_with_group(server, {"--join-request-ttl-s", "2"});
    admitted_group members(server, group);
    auto& a = *members.members()[0].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    auto const dave = device_identity::generate();
    ask_to_join(server, group, invite, dave).reset();
    drain(a);

    CHECK(field_string(expect_skipping(a, "request_closed"), "reason") == "expired");
    // The tombstone keeps the outcome for join_request_ttl_s, for its joiner's key only.
    test_client back(server, group);
    auto const told = back.auth(dave);
    CHECK(field_string(told, "t") == "join_status");
    CHECK(field_string(told, "state") == "expired");
    CHECK(await_close(back) == 1000);
    test_client again(server, group);
    CHECK(error_code_of(again.auth(dave)) == "auth_failed");
}

TEST_CASE("life: a proposal runs out on time, with nothing else happening in the group")
{
    server_process server;
    auto const group = start_with_group(server, {"--proposal-ttl-s", "2"});
    admitted_group members(server, group);
    members.admit();
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster()));
    auto const dave = device_identity::generate();
    auto const d = ask_to_join(server, group, invite, dave);
    drain(a);
    drain(b);

    auto const next = with_member(members.roster(), dave);
    a.send_text(make_roster_propose_frame(next, members.members()[0].identity));
    expect_skipping(a, "proposal");
    expect_skipping(b, "proposal");
    CHECK_FALSE(b.receive_raw(quiet_period));

    for (auto* m : {&a, &b})
    {
        auto const closed = expect_skipping(*m, "proposal_closed");
        CHECK(field_string(closed, "reason") == "expired");
        CHECK(field_string(closed, "rh") == protocol::base64url_encode(next.hash()));
    }
    b.send_text(make_approve_frame(next, members.members()[1].identity));
    CHECK(error_code_of(b.expect("error")) == "proposal_unknown");
    // The request outlives the proposal made for it.
    CHECK_FALSE(d->receive_raw(quiet_period));
    CHECK_FALSE(d->is_closed());
}

TEST_CASE("life: a revoked invite takes no knock and no request: invite_invalid")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    auto& a = *members.members()[0].client;
    auto& b = *members.members()[1].client;
    member_invite const invite;
    a.send_text(make_invite_create_frame(invite, members.roster(), 2));
    expect_skipping(b, "invite");
    drain(a);

    test_client early(server, group);
    early.send_text(make_knock_frame(invite));
    early.expect("invite_info");

    b.send_text(revoke_frame(invite));
    for (auto* m : {&a, &b})
        CHECK(field_string(expect_skipping(*m, "invite_closed"), "reason") == "revoked");

    auto const dave = device_identity::generate();
    test_client late(server, group);
    late.send_text(make_knock_frame(invite));
    CHECK(error_code_of(late.expect("error")) == "invite_invalid");
    auto const nonce = early.hello();
    early.send_text(
        make_join_request_frame(group, invite, dave, test_pledge_hash(), early.origin(), nonce));
    CHECK(error_code_of(early.expect("error")) == "invite_invalid");
}

TEST_CASE("life: a member leaves mid-meeting; the others go on in an epoch the leaver cannot read")
{
    server_process server;
    meeting_members m(server, 3);
    m.join_all();
    m.await_ready();
    // While a member, carol reads alice.
    m[0].send_text("before carol left");
    auto const before = m[2].next_text();
    REQUIRE(before);
    CHECK(before->text == "before carol left");
    REQUIRE(m[1].next_text());

    // Leaving needs nobody else: it commits at once (PSG1.md §3.4, §3.6).
    m.client(2).send_text(
        make_roster_propose_frame(without_member(m.roster, m.id(2)), m.members[2].identity));
    CHECK(await_close(m.client(2)) == 4002);

    REQUIRE(m[0].pump_until(
        [&]
        { return m[0].parts().size() == 2 && m[0].epoch_check() == protocol::psg1_error::ok; }));
    auto const ep = m[0].current_ep();
    CHECK(ep > m.ep);
    CHECK(m[0].epoch_check() == protocol::psg1_error::ok);
    CHECK(m[0].roster().version() == m.roster.version() + 1);
    CHECK(m[0].roster().find(m.id(2)) == nullptr);
    CHECK(std::find(m[0].parts().begin(), m[0].parts().end(), m.id(2)) == m[0].parts().end());
    psg1_participant::await_all_ready({&m[0], &m[1]}, ep);

    m[0].send_text("after carol left");
    auto const at_bob = m[1].next_text();
    REQUIRE(at_bob);
    CHECK(at_bob->ep == ep);
    CHECK(at_bob->text == "after carol left");
    // Every key carol held is of the epochs before: she has none for this one, and alice's
    // sender key of the epoch she was in does not open it either.
    auto const at_carol = m[2].open(at_bob->frame);
    CHECK(at_carol.code == protocol::psg1_error::wrong_epoch);
    CHECK_FALSE(at_carol.text);
    auto relabelled = boost::json::parse(at_bob->frame).as_object();
    relabelled["ep"] = m.ep;
    auto const with_old_key = m[2].open(boost::json::serialize(relabelled));
    CHECK(with_old_key.code != protocol::psg1_error::ok);
    CHECK_FALSE(with_old_key.text);
}

TEST_CASE("life: removing a member of three needs both others; the removed is closed with 4002")
{
    three_members g;
    auto& a = g.client(0);
    auto& b = g.client(1);
    auto& c = g.client(2);
    auto const next = without_member(g.members.roster(), g.identity(2).member);

    a.send_text(make_roster_propose_frame(next, g.identity(0)));
    expect_skipping(b, "proposal");
    // One of the two others is not q({alice, bob}) under admission 0.
    expect_skipping(c, "proposal");
    CHECK_FALSE(c.receive_raw(quiet_period));
    CHECK_FALSE(c.is_closed());

    b.send_text(make_approve_frame(next, g.identity(1)));
    CHECK(
        expect_skipping(a, "roster").at("versions").as_array()[0].as_object().at("v").as_int64() ==
        4);
    CHECK(await_close(c) == 4002);
    test_client again(g.server, g.group);
    CHECK(error_code_of(again.auth(g.identity(2))) == "auth_failed");
}

TEST_CASE("life: after a member leaves, the database file holds their id and keys only in the "
          "roster chain, and their pledge nowhere")
{
    three_members g;
    auto& a = g.client(0);
    auto const carol = g.identity(2);
    g.client(2).send_text(
        make_roster_propose_frame(without_member(g.members.roster(), carol.member), carol));
    CHECK(await_close(g.client(2)) == 4002);
    expect_skipping(a, "roster");

    // What the chain needs: every version's tbs and approvals, as any member fetches them.
    a.send_text(R"({"t":"roster_get","from":1})");
    auto const chain = expect_skipping(a, "roster");
    std::size_t id_expected = 0;
    std::size_t sig_pk_expected = 0;
    std::size_t dh_pk_expected = 0;
    for (auto const& value : chain.at("versions").as_array())
    {
        auto const& version = value.as_object();
        auto const tbs = *protocol::base64url_decode(field_string(version, "tbs"), 1086);
        id_expected += occurrences(tbs, carol.member);
        sig_pk_expected += occurrences(tbs, carol.sig_pk);
        dh_pk_expected += occurrences(tbs, carol.dh_pk);
        for (auto const& approval : version.at("approvals").as_array())
            if (field_string(approval.as_object(), "m") == protocol::base64url_encode(carol.member))
                ++id_expected;
    }
    // Version 3 added her; version 4, her leaving, carries her approval.
    CHECK(chain.at("versions").as_array().size() == 4);
    CHECK(id_expected == 2);
    CHECK(sig_pk_expected == 1);
    CHECK(dh_pk_expected == 1);

    // The server checkpointed before it sent the roster: the file and its WAL, byte for byte.
    CHECK(wal_is_empty(g.server));
    auto const bytes = stored_bytes(g.server);
    auto const pledge = protocol::sign_detached(
        protocol::pledge_message(g.group, test_pledge_hash(), 1), carol.sig_sk);
    CHECK(occurrences(bytes, pledge) == 0);
    CHECK(occurrences(bytes, carol.member) == id_expected);
    CHECK(occurrences(bytes, carol.sig_pk) == sig_pk_expected);
    CHECK(occurrences(bytes, carol.dh_pk) == dh_pk_expected);
    // The ones who stay keep their pledge receipt.
    auto const bobs_pledge = protocol::sign_detached(
        protocol::pledge_message(g.group, test_pledge_hash(), 1), g.identity(1).sig_sk);
    CHECK(occurrences(bytes, bobs_pledge) == 1);
}

TEST_CASE("life: when the last member leaves, the group ends and nothing of it stays in the file")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    auto& founder = members.members().at(0);
    auto const before = stored_bytes(server);
    REQUIRE(occurrences(before, founder.identity.sig_pk) > 0);
    REQUIRE(occurrences(before, group) > 0);

    founder.client->send_text(make_roster_propose_frame(
        without_member(members.roster(), founder.identity.member), founder.identity));
    CHECK(await_close(*founder.client) == 4002);

    // The group's chain and its member are gone: the group id itself is nowhere in the file or
    // its WAL any more.
    CHECK(wal_is_empty(server));
    auto const bytes = stored_bytes(server);
    CHECK(occurrences(bytes, group) == 0);
    CHECK(occurrences(bytes, founder.identity.member) == 0);
    CHECK(occurrences(bytes, founder.identity.sig_pk) == 0);
    CHECK(occurrences(bytes, founder.identity.dh_pk) == 0);
    // The server knows no such group any more: its address is not found.
    CHECK_THROWS_WITH(test_client(server, group),
                      "the server answered the WebSocket upgrade with HTTP 404");
}
