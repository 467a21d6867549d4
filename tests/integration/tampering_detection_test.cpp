// The clients against a lying server (PSG1.md §11; tests/relay/README.md): for each lie of the
// tampering relay the C++ PSG1 client refuses what was changed, with the exact PSG1 code, and
// reads what follows as before. Each case also asserts that the relay really lied, so a relay
// that stops tampering fails here instead of passing quietly.
#include "admitted_group.hpp"
#include "psg1_participant.hpp"
#include "relayed_meeting_of_two.hpp"
#include "relayed_server.hpp"
#include "test_client.hpp"

#include "sirkel/protocol/base64url.hpp"
#include "sirkel/protocol/psg1_error.hpp"
#include "sirkel/protocol/roster.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using namespace sirkel;
using namespace sirkel::test;
using protocol::psg1_error;

namespace
{

/// Whether frames hold an error frame with code.
bool has_error(std::deque<boost::json::object> const& frames, std::string_view code)
{
    return std::any_of(frames.begin(), frames.end(),
                       [&](boost::json::object const& f) {
                           return field_string(f, "t") == "error" &&
                                  field_string(f, "code") == code;
                       });
}

/// Whether frames hold a frame of type t.
bool has_frame(std::deque<boost::json::object> const& frames, std::string_view t)
{
    return std::any_of(frames.begin(), frames.end(),
                       [&](boost::json::object const& f) { return field_string(f, "t") == t; });
}

/// Pump each of participants in turn until done holds; whether it did within default_timeout.
/// One alone would wait for frames the others only cause while they are pumped.
bool pump_all_until(std::vector<psg1_participant*> const& participants,
                    std::function<bool()> const& done)
{
    constexpr std::chrono::milliseconds slice{20};
    auto const until = std::chrono::steady_clock::now() + default_timeout;
    while (!done() && std::chrono::steady_clock::now() < until)
        for (auto* p : participants)
            (void)p->pump_until(done, slice);
    return done();
}

/// How many of p's sent key frames are of epoch ep.
std::size_t sent_in_epoch(psg1_participant const& p, std::uint32_t ep)
{
    return static_cast<std::size_t>(
        std::count_if(p.sent_key_frames().begin(), p.sent_key_frames().end(),
                      [&](std::string const& frame)
                      { return boost::json::parse(frame).as_object().at("ep").as_int64() == ep; }));
}

/** Alice's first msg reaches bob changed by mode: bob refuses it with expected and shows no
    text; her next msg reads; the frame as alice sent it would have read, so the lie alone made
    the refusal.
*/
void check_first_msg_refused(char const* mode, psg1_error expected)
{
    relayed_server server(mode);
    relayed_meeting_of_two meeting(server);

    auto const sent = meeting.pa->send_text("the first");
    auto const refused = meeting.pb->next_text();
    REQUIRE(refused);
    CHECK(refused->frame != sent);
    CHECK(refused->code == expected);
    CHECK_FALSE(refused->text);
    CHECK(server.relay().tampered_count("msg") == 1);

    meeting.pa->send_text("the next");
    auto const next = meeting.pb->next_text();
    REQUIRE(next);
    CHECK(next->code == psg1_error::ok);
    CHECK(next->text == "the next");
    CHECK_FALSE(meeting.pb->next_text(quiet_period));

    auto const untouched = meeting.pb->open(sent);
    CHECK(untouched.code == psg1_error::ok);
    CHECK(untouched.text == "the first");
    CHECK(server.relay().tampered_count("msg") == 1);
}

} // namespace

TEST_CASE("tampering detection: in mode none every msg and key reads, and nothing is refused")
{
    relayed_server server("none");
    relayed_meeting_of_two meeting(server);

    for (auto const& text : {"one", "two"})
    {
        meeting.pa->send_text(text);
        auto const at_bob = meeting.pb->next_text();
        REQUIRE(at_bob);
        CHECK(at_bob->code == psg1_error::ok);
        CHECK(at_bob->text == text);
        meeting.pb->send_text(text);
        auto const at_alice = meeting.pa->next_text();
        REQUIRE(at_alice);
        CHECK(at_alice->code == psg1_error::ok);
        CHECK(at_alice->text == text);
    }
    for (auto* p : {meeting.pa.get(), meeting.pb.get()})
    {
        CHECK(p->epoch_check() == psg1_error::ok);
        CHECK(p->key_refusals().empty());
        CHECK_FALSE(p->next_text(quiet_period));
    }
    CHECK(server.relay().log_text().find("tampered") == std::string::npos);
}

TEST_CASE("tampering detection: msg-kind is refused as sig_invalid, the next msg reads")
{
    // The kind is in ad, and the signature over ad is checked first (PSG1.md §6.3 step 2).
    check_first_msg_refused("msg-kind", psg1_error::sig_invalid);
}

TEST_CASE("tampering detection: msg-epoch is refused as wrong_epoch, the next msg reads")
{
    // No keys of epoch ep + 1: step 1 refuses before any signature is checked.
    check_first_msg_refused("msg-epoch", psg1_error::wrong_epoch);
}

TEST_CASE("tampering detection: msg-counter is refused as sig_invalid, the next msg reads")
{
    // ctr + 1 is ahead, a jump step 4 would allow, but ctr is in ad: step 2 refuses it first.
    check_first_msg_refused("msg-counter", psg1_error::sig_invalid);
}

TEST_CASE("tampering detection: a replayed msg reads once, then is refused as replay")
{
    relayed_server server("replay");
    relayed_meeting_of_two meeting(server);

    auto const sent = meeting.pa->send_text("said once");
    auto const first = meeting.pb->next_text();
    REQUIRE(first);
    CHECK(first->frame == sent);
    CHECK(first->code == psg1_error::ok);
    CHECK(first->text == "said once");
    auto const again = meeting.pb->next_text();
    REQUIRE(again);
    CHECK(again->frame == sent);
    CHECK(again->code == psg1_error::replay);
    CHECK_FALSE(again->text);
    CHECK(server.relay().tampered_count("msg") == 1);

    meeting.pa->send_text("said next");
    auto const next = meeting.pb->next_text();
    REQUIRE(next);
    CHECK(next->code == psg1_error::ok);
    CHECK(next->text == "said next");
    CHECK_FALSE(meeting.pb->next_text(quiet_period));
}

TEST_CASE("tampering detection: an epoch with a stranger in parts is refused as "
          "not_a_participant, and nothing is sealed for the stranger")
{
    relayed_server server("inject-participant");
    admitted_group members(server.upstream(), server.group(), server.through_relay());
    members.admit(server.through_relay());
    auto& alice = members.members()[0];
    auto& bob = members.members()[1];
    psg1_participant pa(server.group(), alice.identity, members.roster(), *alice.client, "alice");
    psg1_participant pb(server.group(), bob.identity, members.roster(), *bob.client, "bob");

    // Alice alone: her epoch 1 comes with one more id in parts.
    pa.join();
    CHECK(pa.pump_until([&] { return pa.epoch_check() != psg1_error::ok; }));
    CHECK(pa.epoch_check() == psg1_error::not_a_participant);
    CHECK(server.relay().tampered_count("epoch") == 1);
    CHECK(pa.current_ep() == 0);
    CHECK(pa.sent_key_frames().empty());
    REQUIRE(pa.relayed_frames().size() == 1);
    auto const lie = boost::json::parse(pa.relayed_frames().front()).as_object();
    REQUIRE(lie.at("parts").as_array().size() == 2);
    std::string stranger;
    for (auto const& id : lie.at("parts").as_array())
        if (id.as_string() != protocol::base64url_encode(alice.identity.member))
            stranger = id.as_string();
    CHECK(members.roster().find(*protocol::base64url_decode_array<16>(stranger)) == nullptr);

    // Bob's arrival makes a true epoch of two: both key it, and the stranger is in nothing.
    pb.join();
    psg1_participant::await_all_ready({&pa, &pb}, 2);
    CHECK(pa.epoch_check() == psg1_error::ok);
    CHECK(server.relay().tampered_count("epoch") == 1);
    REQUIRE(pa.sent_key_frames().size() == 2); // its ekey and skd of epoch 2
    for (auto const& frame : pa.sent_key_frames())
        CHECK(frame.find(stranger) == std::string::npos);
    pa.send_text("just the two of us");
    auto const at_bob = pb.next_text();
    REQUIRE(at_bob);
    CHECK(at_bob->text == "just the two of us");
}

TEST_CASE("tampering detection: a removal hidden from one member is detected from the others' "
          "ekeys, and its stale ekey is roster_stale")
{
    relayed_server server("hide-removal");
    admitted_group members(server.upstream(), server.group(), server.through_relay());
    members.admit(server.through_relay());
    members.admit(server.through_relay());
    auto& m = members.members();
    std::vector<std::unique_ptr<psg1_participant>> p;
    for (auto& member : m)
        p.push_back(std::make_unique<psg1_participant>(server.group(), member.identity,
                                                       members.roster(), *member.client));
    for (auto& participant : p)
        participant->join();
    p[0]->pump_until([&] { return p[0]->parts().size() == 3; });
    auto const ep1 = p[0]->current_ep();
    psg1_participant::await_all_ready({p[0].get(), p[1].get(), p[2].get()}, ep1);

    // Alice and bob remove carol: under admission 0, both of P∖{carol} approve (PSG1.md §3.4).
    auto const& v3 = members.roster();
    auto const v4 =
        protocol::roster::build(v3.room_id(), v3.version() + 1, v3.hash(), v3.frame(),
                                {*v3.find(m[0].identity.member), *v3.find(m[1].identity.member)});
    m[0].client->send_text(make_roster_propose_frame(v4, m[0].identity));
    REQUIRE(p[1]->pump_until([&] { return has_frame(p[1]->other_frames(), "proposal"); }));
    m[1].client->send_text(make_approve_frame(v4, m[1].identity));
    CHECK(p[2]->pump_until([&] { return m[2].client->is_closed(); }));
    CHECK(m[2].client->close_code() == 4002);

    // The commit's epoch reaches alice and bob; the relay makes one of them the victim, who is
    // shown neither version 4 nor its epoch's true rv.
    REQUIRE(pump_all_until({p[0].get(), p[1].get()},
                           [&] { return p[0]->current_ep() > ep1 && p[1]->current_ep() > ep1; }));
    auto const victim_index = p[0]->roster().version() == v3.version() ? 0u : 1u;
    auto& victim = *p[victim_index];
    auto& honest = *p[1 - victim_index];
    CHECK(victim.roster().hash() == v3.hash());
    CHECK(honest.roster().hash() == v4.hash());
    CHECK(honest.epoch_check() == psg1_error::ok);
    CHECK(victim.epoch_check() == psg1_error::ok); // its epoch names its own stale version
    CHECK(server.relay().tampered_count("epoch") >= 1);
    CHECK(server.relay().tampered_count("roster") >= 1);

    // The honest ekey names version 4: the victim fetches the chain, which the relay still
    // hides, and alerts. The server refuses the victim's own ekey over version 3.
    REQUIRE(victim.pump_until(
        [&] {
            return !victim.key_refusals().empty() &&
                   has_error(victim.other_frames(), "roster_stale");
        }));
    REQUIRE(victim.key_refusals().size() == 1);
    CHECK(victim.key_refusals().front().first == honest.identity().member);
    CHECK(victim.key_refusals().front().second == psg1_error::roster_invalid);
    CHECK(victim.roster_checks() == std::vector{psg1_error::ok}); // the fetch's answer
    CHECK(victim.roster().version() == v3.version());
    auto const ep2 = victim.current_ep();
    CHECK(sent_in_epoch(victim, ep2) == 1); // its ekey, and no skd to anyone
    CHECK(boost::json::parse(victim.sent_key_frames().back()).as_object().at("rv").as_int64() == 3);
    CHECK_FALSE(victim.ready());

    // The honest member saw the truth and refused nothing, but got no valid ekey to key for.
    honest.pump_for();
    CHECK(honest.key_refusals().empty());
    CHECK(honest.current_ep() == ep2);
    CHECK(sent_in_epoch(honest, ep2) == 1);
    CHECK_FALSE(honest.ready());
}

TEST_CASE("tampering detection: a version with an approval dropped is refused as "
          "approvals_missing, and the true one verifies")
{
    relayed_server server("drop-approval");
    admitted_group members(server.upstream(), server.group(), server.through_relay());
    members.admit(server.through_relay());
    auto const v2 = members.roster();
    auto& alice = members.members()[0];
    auto& bob = members.members()[1];

    // Carol asks; adding her to a group of two needs both approvals (admission 0).
    member_invite const invite;
    alice.client->send_text(make_invite_create_frame(invite, v2));
    expect_skipping(*alice.client, "invite");
    auto const carol = device_identity::generate();
    test_client c(server.upstream(), server.group(), server.through_relay());
    c.send_text(make_knock_frame(invite));
    c.expect("invite_info");
    auto const nonce = c.hello();
    c.send_text(make_join_request_frame(server.group(), invite, carol, test_pledge_hash(),
                                        c.origin(), nonce));
    REQUIRE(field_string(c.expect("join_status"), "state") == "pending");

    psg1_participant pa(server.group(), alice.identity, v2, *alice.client, "alice");
    psg1_participant pb(server.group(), bob.identity, v2, *bob.client, "bob");
    psg1_participant pc(server.group(), carol, v2, c, "carol");
    auto const v3 = with_member(v2, carol);
    alice.client->send_text(make_roster_propose_frame(v3, alice.identity));
    REQUIRE(pb.pump_until([&] { return has_frame(pb.other_frames(), "proposal"); }));
    bob.client->send_text(make_approve_frame(v3, bob.identity));

    // The commit's roster frame goes to all three; one of them gets it with one approval.
    std::vector<psg1_participant*> const all = {&pa, &pb, &pc};
    REQUIRE(pump_all_until(all,
                           [&]
                           {
                               return std::all_of(all.begin(), all.end(),
                                                  [](psg1_participant const* x)
                                                  { return !x->roster_checks().empty(); });
                           }));
    CHECK(server.relay().tampered_count("roster") == 1);
    CHECK(server.relay().tampered_count("proposal") == 0);
    psg1_participant* refused = nullptr;
    for (auto* x : all)
    {
        REQUIRE(x->roster_checks().size() == 1);
        if (x->roster_checks().front() == psg1_error::approvals_missing)
            refused = x;
        else
        {
            CHECK(x->roster_checks().front() == psg1_error::ok);
            CHECK(x->roster().hash() == v3.hash());
        }
    }
    REQUIRE(refused != nullptr);
    CHECK(refused->roster().hash() == v2.hash());

    // Asking again brings the version as committed, which verifies.
    refused->fetch_roster();
    REQUIRE(refused->pump_until([&] { return refused->roster_checks().size() == 2; }));
    CHECK(refused->roster_checks().back() == psg1_error::ok);
    CHECK(refused->roster().hash() == v3.hash());
    CHECK(server.relay().tampered_count("roster") == 1);
}
