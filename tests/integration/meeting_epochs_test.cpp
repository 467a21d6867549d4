// PSG1.md §5 and §8.4 against the real binary: the server announces key epochs as people come
// and go, relays ekey and skd byte for byte, refuses key frames and messages that break an
// epoch's rules (each with its code), and drops a participant too slow with its keys. Real PSG1
// participants then talk, and a late or departed member cannot read what it was not there for.
#include "admitted_group.hpp"
#include "meeting_of_two.hpp"
#include "psg1_participant.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_ekey.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

using namespace sirkel;
using namespace sirkel::test;

namespace
{

std::vector<protocol::id16> sorted_ids(std::vector<protocol::id16> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// The frames of type t among frames, in order.
std::vector<std::string> of_type(std::vector<std::string> const& frames, std::string_view t)
{
    std::vector<std::string> out;
    for (auto const& f : frames)
        if (field_string(boost::json::parse(f).as_object(), "t") == t)
            out.push_back(f);
    return out;
}

/// frame with one field replaced.
std::string with_field(std::string const& frame, std::string_view key, boost::json::value value)
{
    auto obj = boost::json::parse(frame).as_object();
    obj[key] = std::move(value);
    return boost::json::serialize(obj);
}

std::string error_code_of(test_client& client)
{
    return field_string(expect_skipping(client, "error"), "code");
}

} // namespace

TEST_CASE("epochs: the joins make epoch 1 of both, and ekey and skd are relayed byte for byte")
{
    server_process server;
    meeting_of_two meeting(server);

    CHECK(meeting.ep == 1);
    auto const both = sorted_ids({meeting.alice.member, meeting.bob.member});
    CHECK(meeting.pa->parts() == both);
    CHECK(meeting.pb->parts() == both);
    CHECK(meeting.pa->epoch_check() == protocol::psg1_error::ok);
    auto const epochs = of_type(meeting.pa->relayed_frames(), "epoch");
    REQUIRE(epochs.size() == 1);
    auto const epoch = boost::json::parse(epochs[0]).as_object();
    CHECK(field_string(epoch, "ses") == protocol::base64url_encode(meeting.ses));
    CHECK(epoch.at("rv").as_int64() == 2); // version 2 admitted bob

    // Each got the other's ekey and skd exactly as sent, and no echo of its own.
    CHECK(of_type(meeting.pb->relayed_frames(), "ekey") ==
          of_type(meeting.pa->sent_key_frames(), "ekey"));
    CHECK(of_type(meeting.pb->relayed_frames(), "skd") ==
          of_type(meeting.pa->sent_key_frames(), "skd"));
    CHECK(of_type(meeting.pa->relayed_frames(), "ekey") ==
          of_type(meeting.pb->sent_key_frames(), "ekey"));
    CHECK(of_type(meeting.pa->relayed_frames(), "skd") ==
          of_type(meeting.pb->sent_key_frames(), "skd"));
    CHECK(meeting.pa->key_refusals().empty());
    CHECK(meeting.pb->key_refusals().empty());

    auto const sent = meeting.pa->send_text("hello");
    auto const got = meeting.pb->next_text();
    REQUIRE(got);
    CHECK(got->frame == sent);
    CHECK(got->text == "hello");
}

TEST_CASE("epochs: key frames and messages that break the epoch's rules are refused by code")
{
    server_process server;
    meeting_of_two meeting(server);
    auto& a = *meeting.a;
    auto const alice_ekey = of_type(meeting.pa->sent_key_frames(), "ekey").at(0);
    auto const alice_skd = of_type(meeting.pa->sent_key_frames(), "skd").at(0);

    // ekey: the checks of PSG1.md §8.4 in order, each failing alone.
    a.send_text(with_field(alice_ekey, "ep", meeting.ep + 1));
    CHECK(error_code_of(a) == "wrong_epoch");
    a.send_text(with_field(alice_ekey, "rv", 1));
    CHECK(error_code_of(a) == "roster_stale");
    a.send_text(with_field(alice_ekey, "sig",
                           boost::json::string(protocol::base64url_encode(random_bytes(64)))));
    CHECK(error_code_of(a) == "ekey_invalid");
    a.send_text(alice_ekey);
    CHECK(error_code_of(a) == "duplicate");

    // skd: one box for every other participant, once.
    a.send_text(with_field(alice_skd, "boxes", boost::json::array{}));
    CHECK(error_code_of(a) == "skd_incomplete");
    a.send_text(alice_skd);
    CHECK(error_code_of(a) == "duplicate");

    // msg: an epoch that is not the meeting's, a counter that does not go up.
    a.send_text(
        make_msg_frame(meeting.ses, meeting.ep + 1, meeting.alice.member, 1, random_bytes(272)));
    CHECK(error_code_of(a) == "wrong_epoch");
    auto const first =
        make_msg_frame(meeting.ses, meeting.ep, meeting.alice.member, 7, random_bytes(272));
    a.send_text(first);
    CHECK(meeting.b->receive_raw(default_timeout) == first);
    a.send_text(
        make_msg_frame(meeting.ses, meeting.ep, meeting.alice.member, 7, random_bytes(272)));
    CHECK(error_code_of(a) == "ctr_not_increasing");

    // None of the refused frames reached bob.
    CHECK_FALSE(meeting.b->receive_raw(quiet_period));
}

TEST_CASE("epochs: a member present but outside the epoch is not a participant, then has no "
          "sender key until its skd")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    members.admit();
    // Dave stays away at first: a join that leaves the roster incomplete waits out the
    // coalescing window (PSG1.md §5.4), so Carol is present outside epoch 1 for a while.
    members.admit();
    auto& carol = members.members()[2];
    auto& dave = members.members()[3];
    auto& a = *members.members()[0].client;
    auto& c = *carol.client;
    psg1_participant pa(group, members.members()[0].identity, members.roster(), a);
    psg1_participant pb(group, members.members()[1].identity, members.roster(),
                        *members.members()[1].client);
    auto const ses = pa.join();
    pb.join();
    psg1_participant::await_all_ready({&pa, &pb}, 1);

    // Carol comes after epoch 1 was announced: she is no part of it.
    c.join();
    c.send_text(make_msg_frame(ses, 1, carol.identity.member, 1, random_bytes(272)));
    CHECK(error_code_of(c) == "not_a_participant");

    // Epoch 2 includes her; a msg before her skd has no sender key.
    auto const epoch = expect_skipping(c, "epoch");
    CHECK(epoch.at("ep").as_int64() == 2);
    c.send_text(make_msg_frame(ses, 2, carol.identity.member, 1, random_bytes(272)));
    CHECK(error_code_of(c) == "no_sender_key");

    // Dave's join makes the whole roster present: nobody else can come to share the epoch, so
    // epoch 3 is announced at once instead of after the coalescing window.
    auto const asked = std::chrono::steady_clock::now();
    dave.client->join();
    auto const completed = expect_skipping(*dave.client, "epoch");
    CHECK(completed.at("ep").as_int64() == 3);
    CHECK(completed.at("parts").as_array().size() == 4);
    CHECK(std::chrono::steady_clock::now() - asked < std::chrono::seconds(1));
}

TEST_CASE("epochs: a participant that sends no keys within epoch_setup_ms is dropped")
{
    server_process server;
    auto const group = start_with_group(server, {"--epoch-setup-ms", "600"});
    admitted_group members(server, group);
    auto& bob = members.admit();
    auto& a = *members.members()[0].client;
    psg1_participant pa(group, members.members()[0].identity, members.roster(), a);
    pa.join();
    psg1_participant pb(group, bob.identity, members.roster(), *bob.client);
    pb.join();
    // Bob sends his ekey and then nothing: alice can send her skd, bob never does.
    CHECK(pb.pump_until([&] { return pb.sent_key_frames().size() == 1; }));
    CHECK(pa.pump_until([&] { return pa.current_ep() == 1 && pa.sent_key_frames().size() == 2; }));

    CHECK(error_code_of(*bob.client) == "epoch_timeout");
    // Dropped like a leave: alice is told, bob stays authenticated and may join again.
    CHECK(pa.pump_until(
        [&]
        {
            return std::any_of(pa.other_frames().begin(), pa.other_frames().end(),
                               [](boost::json::object const& f) {
                                   return field_string(f, "t") == "presence" &&
                                          !f.at("present").as_bool();
                               });
        }));
    // The next epoch is alice's alone, and she is ready in it.
    pa.await_ready(2);
    CHECK(pa.parts() == std::vector{members.members()[0].identity.member});
    CHECK_FALSE(bob.client->is_closed());
    bob.client->send_text(R"({"t":"join"})");
    CHECK(field_string(expect_skipping(*bob.client, "joined"), "t") == "joined");
}

TEST_CASE("epochs: three members talk, a late joiner cannot read what came before it, and "
          "a member who left is keyed out")
{
    server_process server;
    auto const group = start_with_group(server);
    admitted_group members(server, group);
    members.admit();
    members.admit();
    members.admit();
    std::vector<std::unique_ptr<psg1_participant>> p;
    for (auto& m : members.members())
        p.push_back(
            std::make_unique<psg1_participant>(group, m.identity, members.roster(), *m.client));
    for (std::size_t i = 0; i < 3; ++i)
        p[i]->join();
    p[0]->pump_until([&] { return p[0]->parts().size() == 3; });
    auto const ep1 = p[0]->current_ep();
    psg1_participant::await_all_ready({p[0].get(), p[1].get(), p[2].get()}, ep1);

    // Each reads the others' texts.
    std::string before_dave;
    for (std::size_t from = 0; from < 3; ++from)
    {
        auto const text = "from " + std::to_string(from);
        auto const sent = p[from]->send_text(text);
        if (from == 0)
            before_dave = sent;
        for (std::size_t to = 0; to < 3; ++to)
        {
            if (to == from)
                continue;
            auto const got = p[to]->next_text();
            REQUIRE(got);
            CHECK(got->frame == sent);
            CHECK(got->text == text);
            CHECK(got->code == protocol::psg1_error::ok);
        }
    }

    // Dave comes late: a new epoch of four; he holds no keys of the earlier one.
    p[3]->join();
    auto const ep2 = ep1 + 1;
    psg1_participant::await_all_ready({p[0].get(), p[1].get(), p[2].get(), p[3].get()}, ep2);
    CHECK(p[3]->parts().size() == 4);
    auto const old = p[3]->open(before_dave);
    CHECK_FALSE(old.text);
    CHECK(old.code == protocol::psg1_error::wrong_epoch);
    auto const now = p[0]->send_text("welcome, dave");
    auto const at_dave = p[3]->next_text();
    REQUIRE(at_dave);
    CHECK(at_dave->frame == now);
    CHECK(at_dave->text == "welcome, dave");
    for (std::size_t i = 1; i < 3; ++i)
        CHECK(p[i]->next_text().value().text == "welcome, dave");

    // Carol (2) and dave (3) leave: the next epoch is alice's and bob's alone.
    members.members()[2].client->send_text(R"({"t":"leave"})");
    members.members()[3].client->send_text(R"({"t":"leave"})");
    auto const ep3 = ep2 + 1;
    psg1_participant::await_all_ready({p[0].get(), p[1].get()}, ep3);
    CHECK(p[0]->parts() ==
          sorted_ids({members.members()[0].identity.member, members.members()[1].identity.member}));
    auto const secret = p[1]->send_text("only the two of us");
    auto const at_alice = p[0]->next_text();
    REQUIRE(at_alice);
    CHECK(at_alice->text == "only the two of us");
    // Carol, who left, got nothing of epoch 3 and cannot open its message.
    p[2]->pump_for();
    CHECK(p[2]->current_ep() == ep2);
    auto const at_carol = p[2]->open(secret);
    CHECK_FALSE(at_carol.text);
    CHECK(at_carol.code == protocol::psg1_error::wrong_epoch);
}
