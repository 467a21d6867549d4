#include "meeting_epochs.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"

#include <doctest/doctest.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using sirkel::epoch_announcement;
using sirkel::meeting_epochs;
using sirkel::protocol::id16;
using sirkel::protocol::key32;
using verdict = meeting_epochs::verdict;
using clock_type = meeting_epochs::clock;

namespace
{

template <typename Array>
Array filled(std::uint8_t b)
{
    Array a{};
    a.fill(b);
    return a;
}

id16 id_of(std::uint8_t b)
{
    return filled<id16>(b);
}

id16 const room_id = id_of(0xa0);
id16 const session_id = id_of(0xb0);
key32 const rh1 = filled<key32>(0x71);
key32 const rh2 = filled<key32>(0x72);

// A member with a real IK_sig, so that ekey signatures are checked with libsodium.
struct member
{
    id16 id{};
    key32 sig_pk{};
    std::array<std::uint8_t, 64> sig_sk{};

    explicit member(std::uint8_t k)
    {
        sirkel::protocol::sodium_init_or_throw();
        id = id_of(static_cast<std::uint8_t>(0x40 + k));
        auto const seed = filled<key32>(static_cast<std::uint8_t>(0x10 + k));
        crypto_sign_seed_keypair(sig_pk.data(), sig_sk.data(), seed.data());
    }
};

member const A{0}, B{1}, C{2}, D{3};

clock_type::time_point const t0 = clock_type::time_point{} + 1h;

meeting_epochs make_meeting()
{
    return meeting_epochs(room_id, session_id, 1, rh1, {A.id, B.id, C.id, D.id}, 15s);
}

// The ekey m signs for epoch e, over the parts and roster of e.
sirkel::protocol::psg1_ekey ekey_for(member const& m, epoch_announcement const& e)
{
    sirkel::protocol::psg1_ekey k;
    k.session_id = session_id;
    k.ep = e.ep;
    k.from = m.id;
    k.rv = e.rv;
    k.rh = e.rh;
    k.ek = filled<key32>(static_cast<std::uint8_t>(m.id[0] + 1));
    k.sig =
        sirkel::protocol::sign_ekey(room_id, k, sirkel::protocol::parts_hash(e.parts), m.sig_sk);
    return k;
}

// Every participant of e but from.
std::vector<id16> others(epoch_announcement const& e, member const& from)
{
    std::vector<id16> out;
    for (auto const& id : e.parts)
        if (id != from.id)
            out.push_back(id);
    return out;
}

// m sends its ekey and its skd for e.
void set_up(meeting_epochs& meeting, member const& m, epoch_announcement const& e)
{
    REQUIRE(meeting.on_ekey(ekey_for(m, e), m.sig_pk) == verdict::ok);
    auto const to = others(e, m);
    REQUIRE(meeting.on_skd(m.id, e.ep, to) == verdict::ok);
}

// who join at t0; epoch 1 is announced after the coalescing window.
epoch_announcement open(meeting_epochs& meeting, std::vector<member const*> const& who)
{
    for (auto const* m : who)
        meeting.participant_joined(m->id, t0);
    auto e = meeting.announce_due(t0 + 2s);
    REQUIRE(e);
    return *e;
}

} // namespace

TEST_CASE("the first join asks for epoch 1, announced after the coalescing window")
{
    auto meeting = make_meeting();
    CHECK(meeting.current_ep() == 0);
    CHECK_FALSE(meeting.next_deadline());

    meeting.participant_joined(A.id, t0);
    CHECK(meeting.next_deadline() == t0 + 2s);
    CHECK_FALSE(meeting.announce_due(t0 + 1999ms));
    auto const e = meeting.announce_due(t0 + 2s);
    REQUIRE(e);
    CHECK(e->ep == 1);
    CHECK(e->parts == std::vector<id16>{A.id});
    CHECK(e->rv == 1);
    CHECK(e->rh == rh1);
    CHECK(meeting.current_ep() == 1);
    // Announced once.
    CHECK_FALSE(meeting.announce_due(t0 + 3s));
}

TEST_CASE("two joins 1 s apart make one epoch, with sorted parts")
{
    auto meeting = make_meeting();
    meeting.participant_joined(B.id, t0);
    meeting.participant_joined(A.id, t0 + 1s);
    // The window counts from the first unannounced trigger, not the last.
    CHECK(meeting.next_deadline() == t0 + 2s);
    auto const e = meeting.announce_due(t0 + 2s);
    REQUIRE(e);
    CHECK(e->ep == 1);
    CHECK(e->parts == std::vector<id16>{A.id, B.id});
    CHECK_FALSE(meeting.announce_due(t0 + 4s));

    SUBCASE("a join after the announcement makes the next epoch")
    {
        meeting.participant_joined(C.id, t0 + 5s);
        CHECK_FALSE(meeting.announce_due(t0 + 6s));
        auto const next = meeting.announce_due(t0 + 7s);
        REQUIRE(next);
        CHECK(next->ep == 2);
        CHECK(next->parts == std::vector<id16>{A.id, B.id, C.id});
    }
    SUBCASE("a leave makes the next epoch without the leaver")
    {
        meeting.participant_left(B.id, t0 + 5s);
        auto const next = meeting.announce_due(t0 + 7s);
        REQUIRE(next);
        CHECK(next->parts == std::vector<id16>{A.id});
    }
    SUBCASE("a leave of someone absent is no trigger")
    {
        meeting.participant_left(C.id, t0 + 5s);
        CHECK_FALSE(meeting.announce_due(t0 + 7s));
    }
    SUBCASE("a replaced connection makes the next epoch with the same parts")
    {
        meeting.participant_joined(A.id, t0 + 5s);
        auto const next = meeting.announce_due(t0 + 7s);
        REQUIRE(next);
        CHECK(next->ep == 2);
        CHECK(next->parts == std::vector<id16>{A.id, B.id});
    }
    SUBCASE("when everyone has left, no epoch is announced")
    {
        meeting.participant_left(A.id, t0 + 5s);
        meeting.participant_left(B.id, t0 + 5s);
        CHECK_FALSE(meeting.announce_due(t0 + 7s));
        CHECK(meeting.current_ep() == 1);
    }
}

TEST_CASE("the join that makes the whole roster present is announced at once")
{
    auto meeting = make_meeting();
    meeting.participant_joined(A.id, t0);
    meeting.participant_joined(B.id, t0 + 200ms);
    meeting.participant_joined(C.id, t0 + 400ms);
    // Three of four: D may still come, so the window holds.
    CHECK(meeting.next_deadline() == t0 + 2s);
    CHECK_FALSE(meeting.announce_due(t0 + 400ms));

    meeting.participant_joined(D.id, t0 + 600ms);
    CHECK(meeting.next_deadline() == t0 + 600ms);
    auto const e = meeting.announce_due(t0 + 600ms);
    REQUIRE(e);
    CHECK(e->ep == 1);
    CHECK(e->parts == std::vector<id16>{A.id, B.id, C.id, D.id});
    CHECK_FALSE(meeting.announce_due(t0 + 3s));

    SUBCASE("a replaced connection of a full meeting is still coalesced")
    {
        meeting.participant_joined(B.id, t0 + 5s);
        CHECK_FALSE(meeting.announce_due(t0 + 5s));
        auto const next = meeting.announce_due(t0 + 7s);
        REQUIRE(next);
        CHECK(next->ep == 2);
    }
    SUBCASE("one who left and comes back completes the roster again: at once")
    {
        meeting.participant_left(C.id, t0 + 5s);
        meeting.participant_joined(C.id, t0 + 6s);
        auto const next = meeting.announce_due(t0 + 6s);
        REQUIRE(next);
        CHECK(next->ep == 2);
        CHECK(next->parts == std::vector<id16>{A.id, B.id, C.id, D.id});
    }
}

TEST_CASE("ekey: current epoch, a participant, the current roster, a valid signature, once")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B});

    SUBCASE("a good ekey is accepted once")
    {
        CHECK(meeting.on_ekey(ekey_for(A, e), A.sig_pk) == verdict::ok);
        CHECK(meeting.on_ekey(ekey_for(A, e), A.sig_pk) == verdict::duplicate);
        CHECK(meeting.on_ekey(ekey_for(B, e), B.sig_pk) == verdict::ok);
    }
    SUBCASE("another ep is wrong_epoch")
    {
        auto next = e;
        next.ep = 2;
        CHECK(meeting.on_ekey(ekey_for(A, next), A.sig_pk) == verdict::wrong_epoch);
        next.ep = 0;
        CHECK(meeting.on_ekey(ekey_for(A, next), A.sig_pk) == verdict::wrong_epoch);
    }
    SUBCASE("a member outside the epoch's parts is not_a_participant")
    {
        // C joined after epoch 1 was announced: it waits for epoch 2.
        meeting.participant_joined(C.id, t0 + 3s);
        CHECK(meeting.on_ekey(ekey_for(C, e), C.sig_pk) == verdict::not_a_participant);
    }
    SUBCASE("another rv or rh is roster_stale")
    {
        auto stale = e;
        stale.rv = 2;
        CHECK(meeting.on_ekey(ekey_for(A, stale), A.sig_pk) == verdict::roster_stale);
        stale = e;
        stale.rh = rh2;
        CHECK(meeting.on_ekey(ekey_for(A, stale), A.sig_pk) == verdict::roster_stale);
    }
    SUBCASE("a signature over another parts_hash is ekey_invalid")
    {
        // The client was shown other participants than the server's epoch has.
        auto shown = e;
        shown.parts = {A.id, B.id, C.id};
        CHECK(meeting.on_ekey(ekey_for(A, shown), A.sig_pk) == verdict::ekey_invalid);
        // ... and does not use up the participant's one ekey.
        CHECK(meeting.on_ekey(ekey_for(A, e), A.sig_pk) == verdict::ok);
    }
    SUBCASE("a signature by another key, or over another meeting, is ekey_invalid")
    {
        CHECK(meeting.on_ekey(ekey_for(A, e), B.sig_pk) == verdict::ekey_invalid);
        auto forged = ekey_for(A, e);
        forged.ek[0] ^= 1;
        CHECK(meeting.on_ekey(forged, A.sig_pk) == verdict::ekey_invalid);
        // Signed for another meeting but sent with this one's ses: checked over the server's.
        auto other_meeting = ekey_for(A, e);
        other_meeting.session_id = id_of(0xb1);
        other_meeting.sig = sirkel::protocol::sign_ekey(
            room_id, other_meeting, sirkel::protocol::parts_hash(e.parts), A.sig_sk);
        other_meeting.session_id = session_id;
        CHECK(meeting.on_ekey(other_meeting, A.sig_pk) == verdict::ekey_invalid);
    }
    SUBCASE("before the first epoch every ekey is wrong_epoch")
    {
        auto fresh = make_meeting();
        CHECK(fresh.on_ekey(ekey_for(A, e), A.sig_pk) == verdict::wrong_epoch);
    }
}

TEST_CASE("skd: current epoch, a participant, one box for every other participant, once")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B, &C});

    SUBCASE("a box for each other participant, in any order, is accepted once")
    {
        std::vector<id16> const to{C.id, B.id};
        CHECK(meeting.on_skd(A.id, e.ep, to) == verdict::ok);
        CHECK(meeting.on_skd(A.id, e.ep, to) == verdict::duplicate);
    }
    SUBCASE("another ep is wrong_epoch")
    {
        CHECK(meeting.on_skd(A.id, 2, others(e, A)) == verdict::wrong_epoch);
    }
    SUBCASE("a sender outside the parts is not_a_participant")
    {
        std::vector<id16> const to{A.id, B.id, C.id};
        CHECK(meeting.on_skd(D.id, e.ep, to) == verdict::not_a_participant);
    }
    SUBCASE("a missing, extra, repeated or self-addressed box is skd_incomplete")
    {
        std::vector<id16> const missing{B.id};
        std::vector<id16> const extra{B.id, C.id, D.id};
        std::vector<id16> const repeated{B.id, B.id};
        std::vector<id16> const to_self{A.id, B.id};
        std::vector<id16> const outsider{B.id, D.id};
        CHECK(meeting.on_skd(A.id, e.ep, missing) == verdict::skd_incomplete);
        CHECK(meeting.on_skd(A.id, e.ep, extra) == verdict::skd_incomplete);
        CHECK(meeting.on_skd(A.id, e.ep, repeated) == verdict::skd_incomplete);
        CHECK(meeting.on_skd(A.id, e.ep, to_self) == verdict::skd_incomplete);
        CHECK(meeting.on_skd(A.id, e.ep, outsider) == verdict::skd_incomplete);
        // None of them used up A's one skd.
        CHECK(meeting.on_skd(A.id, e.ep, others(e, A)) == verdict::ok);
    }
    SUBCASE("a lone participant sends no boxes")
    {
        auto alone = make_meeting();
        auto const solo = open(alone, {&D});
        CHECK(alone.on_skd(D.id, solo.ep, {}) == verdict::ok);
        std::vector<id16> const to_self{D.id};
        auto again = make_meeting();
        auto const solo_again = open(again, {&D});
        CHECK(again.on_skd(D.id, solo_again.ep, to_self) == verdict::skd_incomplete);
    }
}

TEST_CASE("msg: an epoch in reach, a participant with its skd sent, a growing ctr")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B});
    set_up(meeting, A, e);
    auto const now = t0 + 3s;

    SUBCASE("ctr grows per sender and epoch")
    {
        CHECK(meeting.on_msg(A.id, e.ep, 0, now) == verdict::ok);
        CHECK(meeting.on_msg(A.id, e.ep, 1, now) == verdict::ok);
        CHECK(meeting.on_msg(A.id, e.ep, 1, now) == verdict::ctr_not_increasing);
        CHECK(meeting.on_msg(A.id, e.ep, 0, now) == verdict::ctr_not_increasing);
        // Gaps are the receivers' business (jump_too_far), not the server's.
        CHECK(meeting.on_msg(A.id, e.ep, 5, now) == verdict::ok);
    }
    SUBCASE("a sender without its skd is no_sender_key")
    {
        REQUIRE(meeting.on_ekey(ekey_for(B, e), B.sig_pk) == verdict::ok);
        CHECK(meeting.on_msg(B.id, e.ep, 0, now) == verdict::no_sender_key);
        REQUIRE(meeting.on_skd(B.id, e.ep, others(e, B)) == verdict::ok);
        CHECK(meeting.on_msg(B.id, e.ep, 0, now) == verdict::ok);
    }
    SUBCASE("a member outside the parts is not_a_participant")
    {
        meeting.participant_joined(C.id, now);
        CHECK(meeting.on_msg(C.id, e.ep, 0, now) == verdict::not_a_participant);
    }
    SUBCASE("an epoch never announced is wrong_epoch")
    {
        CHECK(meeting.on_msg(A.id, e.ep + 1, 0, now) == verdict::wrong_epoch);
        CHECK(meeting.on_msg(A.id, 0, 0, now) == verdict::wrong_epoch);
    }
}

TEST_CASE("msg of the previous epoch is relayed for 10 s after the next epoch")
{
    auto meeting = make_meeting();
    auto const first = open(meeting, {&A, &B});
    set_up(meeting, A, first);
    REQUIRE(meeting.on_msg(A.id, first.ep, 0, t0 + 3s) == verdict::ok);

    meeting.participant_joined(C.id, t0 + 10s);
    auto const second = meeting.announce_due(t0 + 12s);
    REQUIRE(second);
    REQUIRE(second->ep == 2);

    CHECK(meeting.on_msg(A.id, first.ep, 1, t0 + 12s + 9900ms) == verdict::ok);
    // The previous epoch keeps its own counters and parts.
    CHECK(meeting.on_msg(A.id, first.ep, 1, t0 + 12s + 9900ms) == verdict::ctr_not_increasing);
    CHECK(meeting.on_msg(B.id, first.ep, 0, t0 + 12s + 9900ms) == verdict::no_sender_key);
    CHECK(meeting.on_msg(C.id, first.ep, 0, t0 + 12s + 9900ms) == verdict::not_a_participant);
    CHECK(meeting.on_msg(A.id, first.ep, 2, t0 + 12s + 10100ms) == verdict::wrong_epoch);
    // The new epoch starts each sender afresh, once its skd is sent.
    CHECK(meeting.on_msg(A.id, second->ep, 0, t0 + 13s) == verdict::no_sender_key);
    set_up(meeting, A, *second);
    CHECK(meeting.on_msg(A.id, second->ep, 0, t0 + 13s) == verdict::ok);

    SUBCASE("two epochs back is out of reach at once")
    {
        meeting.participant_left(C.id, t0 + 13s);
        auto const third = meeting.announce_due(t0 + 15s);
        REQUIRE(third);
        CHECK(meeting.on_msg(A.id, first.ep, 3, t0 + 15s) == verdict::wrong_epoch);
        CHECK(meeting.on_msg(A.id, second->ep, 1, t0 + 15s) == verdict::ok);
    }
}

TEST_CASE("an epoch announced during another's setup supersedes it")
{
    auto meeting = make_meeting();
    auto const first = open(meeting, {&A, &B});
    set_up(meeting, A, first);
    set_up(meeting, B, first);

    meeting.participant_joined(C.id, t0 + 20s);
    auto const second = meeting.announce_due(t0 + 22s);
    REQUIRE(second);
    REQUIRE(meeting.on_ekey(ekey_for(A, *second), A.sig_pk) == verdict::ok);

    // D joins while epoch 2 is still being set up.
    meeting.participant_joined(D.id, t0 + 23s);
    auto const third = meeting.announce_due(t0 + 25s);
    REQUIRE(third);
    CHECK(third->ep == 3);
    CHECK(third->parts == std::vector<id16>{A.id, B.id, C.id, D.id});

    // The unfinished epoch takes no more keys, and its setup deadline drops nobody.
    CHECK(meeting.on_ekey(ekey_for(B, *second), B.sig_pk) == verdict::wrong_epoch);
    CHECK(meeting.on_skd(A.id, second->ep, others(*second, A)) == verdict::wrong_epoch);
    CHECK(meeting.expire_setup(t0 + 22s + 15s).empty());
    // The new epoch has its own deadline, counted from its own start.
    CHECK(meeting.next_deadline() == t0 + 25s + 15s);
    // ekeys are per epoch: A's ekey of epoch 2 does not count for epoch 3.
    CHECK(meeting.on_ekey(ekey_for(A, *third), A.sig_pk) == verdict::ok);
}

TEST_CASE("a participant without its ekey after epoch_setup_ms is dropped once, and those "
          "waiting for it are not")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B, &C, &D});
    set_up(meeting, A, e);
    // B sent its ekey but could not send its skd without C's ekey; C sent nothing; D left, so
    // it is not reported.
    REQUIRE(meeting.on_ekey(ekey_for(B, e), B.sig_pk) == verdict::ok);
    meeting.participant_left(D.id, t0 + 3s);
    // D's leave asks for an epoch of its own: announce it, so the setup rule is seen alone.
    auto const after_leave = meeting.announce_due(t0 + 5s);
    REQUIRE(after_leave);
    set_up(meeting, A, *after_leave);
    REQUIRE(meeting.on_ekey(ekey_for(B, *after_leave), B.sig_pk) == verdict::ok);
    auto const started = t0 + 5s;

    CHECK(meeting.next_deadline() == started + 15s);
    CHECK(meeting.expire_setup(started + 14900ms).empty());
    auto const late = meeting.expire_setup(started + 15s);
    CHECK(late == std::vector<id16>{C.id});
    // Reported once.
    CHECK(meeting.expire_setup(started + 16s).empty());
    // C is no longer a participant: the next epoch, due after the window, is A's and B's.
    CHECK(meeting.next_deadline() == started + 17s);
    auto const next = meeting.announce_due(started + 17s);
    REQUIRE(next);
    CHECK(next->parts == std::vector<id16>{A.id, B.id});
    // The room's participant_left for a dropped participant changes nothing.
    meeting.participant_left(C.id, started + 18s);
    CHECK_FALSE(meeting.announce_due(started + 21s));
    // A dropped member may join again.
    meeting.participant_joined(C.id, started + 30s);
    auto const rejoined = meeting.announce_due(started + 32s);
    REQUIRE(rejoined);
    CHECK(rejoined->parts == std::vector<id16>{A.id, B.id, C.id});
}

TEST_CASE("once every ekey is in, a participant without its skd after epoch_setup_ms is dropped")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B, &C});
    set_up(meeting, A, e);
    set_up(meeting, C, e);
    REQUIRE(meeting.on_ekey(ekey_for(B, e), B.sig_pk) == verdict::ok);
    auto const started = t0 + 2s;
    CHECK(meeting.expire_setup(started + 14900ms).empty());
    CHECK(meeting.expire_setup(started + 15s) == std::vector<id16>{B.id});
    auto const next = meeting.announce_due(started + 17s);
    REQUIRE(next);
    CHECK(next->parts == std::vector<id16>{A.id, C.id});
}

TEST_CASE("an epoch whose participants all set up in time drops nobody")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B});
    set_up(meeting, A, e);
    set_up(meeting, B, e);
    CHECK(meeting.expire_setup(t0 + 2s + 15s).empty());
    // Nothing is due until the epoch grows old.
    CHECK(meeting.next_deadline() == t0 + 2s + 15min);
}

TEST_CASE("a sender's ctr reaching 1000 asks for a new epoch")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B});
    set_up(meeting, A, e);
    set_up(meeting, B, e);

    auto const now = t0 + 60s;
    REQUIRE(meeting.on_msg(A.id, e.ep, 999, now) == verdict::ok);
    CHECK_FALSE(meeting.announce_due(now + 2s));
    REQUIRE(meeting.on_msg(A.id, e.ep, 1000, now + 3s) == verdict::ok);
    CHECK(meeting.next_deadline() == now + 5s);
    auto const next = meeting.announce_due(now + 5s);
    REQUIRE(next);
    CHECK(next->ep == 2);
    CHECK(next->parts == e.parts);
}

TEST_CASE("an epoch 15 min old asks for a new one")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B});
    set_up(meeting, A, e);
    set_up(meeting, B, e);
    auto const started = t0 + 2s;

    CHECK_FALSE(meeting.announce_due(started + 15min - 1s));
    CHECK_FALSE(meeting.announce_due(started + 15min));
    auto const next = meeting.announce_due(started + 15min + 2s);
    REQUIRE(next);
    CHECK(next->ep == 2);
}

TEST_CASE("a member removed from the meeting is keyed out at once; one who leaves, coalesced")
{
    auto meeting = make_meeting();
    open(meeting, {&A, &B, &C});

    meeting.participant_left(C.id, t0 + 10s);
    CHECK(meeting.next_deadline() == t0 + 12s);
    REQUIRE(meeting.announce_due(t0 + 12s));

    meeting.participant_removed(B.id, t0 + 20s);
    CHECK(meeting.next_deadline() == t0 + 20s);
    auto const next = meeting.announce_due(t0 + 20s);
    REQUIRE(next);
    CHECK(next->parts == std::vector<id16>{A.id});
}

TEST_CASE("a committed roster version starts a new epoch with the new rv")
{
    auto meeting = make_meeting();
    auto const e = open(meeting, {&A, &B, &C});

    SUBCASE("a commit that removes no one is coalesced like any trigger")
    {
        meeting.roster_committed(2, rh2, {A.id, B.id, C.id, D.id}, t0 + 10s);
        CHECK_FALSE(meeting.announce_due(t0 + 11s));
        auto const next = meeting.announce_due(t0 + 12s);
        REQUIRE(next);
        CHECK(next->rv == 2);
        CHECK(next->rh == rh2);
        CHECK(next->parts == e.parts);
        // ekeys must now carry the new version.
        CHECK(meeting.on_ekey(ekey_for(A, e), A.sig_pk) == verdict::wrong_epoch);
        auto stale = *next;
        stale.rv = 1;
        stale.rh = rh1;
        CHECK(meeting.on_ekey(ekey_for(A, stale), A.sig_pk) == verdict::roster_stale);
        CHECK(meeting.on_ekey(ekey_for(A, *next), A.sig_pk) == verdict::ok);
    }
    SUBCASE("a commit that removes a member is announced at once, without them")
    {
        meeting.participant_joined(D.id, t0 + 9s);
        meeting.roster_committed(2, rh2, {A.id, B.id, D.id}, t0 + 10s);
        CHECK(meeting.next_deadline() == t0 + 10s);
        auto const next = meeting.announce_due(t0 + 10s);
        REQUIRE(next);
        CHECK(next->rv == 2);
        CHECK(next->parts == std::vector<id16>{A.id, B.id, D.id});
        // The pending join was absorbed.
        CHECK_FALSE(meeting.announce_due(t0 + 12s));
    }
    SUBCASE("a commit that removes an absent member is announced at once too")
    {
        meeting.roster_committed(2, rh2, {A.id, B.id, C.id}, t0 + 10s);
        auto const next = meeting.announce_due(t0 + 10s);
        REQUIRE(next);
        CHECK(next->rv == 2);
        CHECK(next->parts == e.parts);
    }
}
