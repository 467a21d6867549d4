#include "sirkel/protocol/join_request.hpp"

#include "sirkel/protocol/name64.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

member const A{0}, B{1}, C{2}, D{3};
id16 const room = counting<id16>(0xa0);
id16 const invite = counting<id16>(0xc0);
key32 const jk = kdf_invite_join_key(counting<key32>(0xd0));
key32 const pledge_hash = counting<key32>(0x70);
key32 const challenge = counting<key32>(0x90);
std::string const origin = "https://sirkel.example";

// D asks to join the group of A and B.
join_request_input input_of(member const& joiner = D)
{
    join_request_input in;
    in.room_id = room;
    in.invite_id = invite;
    in.member_id = joiner.id;
    in.sig_pk = joiner.sig_pk;
    in.dh_pk = joiner.dh_pk;
    in.pledge_hash = pledge_hash;
    in.name = "Kari";
    in.n = counting<nonce24>(0x01);
    in.origin = origin;
    in.challenge = challenge;
    return in;
}

join_request build(join_request_input const& in = input_of(), member const& signer = D,
                   key32 const& key = jk)
{
    join_request r;
    REQUIRE(build_join_request(in, signer.sig_sk, key, r) == psg1_error::ok);
    return r;
}

roster members()
{
    roster_frame f;
    f.pledge_hash = pledge_hash;
    return roster::build(room, 2, counting<key32>(0x30), f, {A.entry(1), B.entry()});
}

psg1_error open(join_request const& r, std::string& name, key32 const& current = pledge_hash,
                id16 const& invite_id = invite)
{
    return open_join_request(r, room, invite_id, jk, current, name);
}

// req.pt of r, decrypted with the test's jk.
bytes plaintext_of(join_request const& r)
{
    bytes pt;
    REQUIRE(aead_xchacha20poly1305_ietf_decrypt(pt, r.c, join_request_ad(room, invite), r.n, jk));
    return pt;
}

// r with its plaintext replaced (re-encrypted under jk), for requests no honest builder makes.
join_request with_plaintext(join_request r, bytes const& pt)
{
    r.c = aead_xchacha20poly1305_ietf_encrypt(pt, join_request_ad(room, invite), r.n, jk);
    return r;
}

} // namespace

TEST_CASE("join_request: the layouts of §4.4")
{
    auto const r = build();
    CHECK(r.c.size() == join_request_ciphertext_bytes);
    CHECK(r.member_id == D.id);
    CHECK(r.sig_pk == D.sig_pk);
    CHECK(r.dh_pk == D.dh_pk);
    CHECK(r.pledge_hash == pledge_hash);
    CHECK(r.n == counting<nonce24>(0x01));
    // Ed25519 and AEAD with a fixed nonce are deterministic.
    CHECK(build().c == r.c);

    auto const pm = pledge_message(room, pledge_hash, 1);
    CHECK(pm.size() == 4 + 11 + 16 + 32 + 1);
    CHECK(bytes(pm.begin(), pm.begin() + 15) ==
          bytes{0, 0, 0, 11, 'P', 'S', 'G', '1', '-', 'p', 'l', 'e', 'd', 'g', 'e'});
    CHECK(pm.back() == 1);
    CHECK(sign_verify_detached(r.pledge_sig, pm, D.sig_pk));

    auto const pt = plaintext_of(r);
    REQUIRE(pt.size() == join_request_plaintext_bytes);
    CHECK(bytes(pt.begin(), pt.begin() + 16) == bytes(D.id.begin(), D.id.end()));
    CHECK(bytes(pt.begin() + 16, pt.begin() + 48) == bytes(D.sig_pk.begin(), D.sig_pk.end()));
    CHECK(bytes(pt.begin() + 48, pt.begin() + 80) == bytes(D.dh_pk.begin(), D.dh_pk.end()));
    CHECK(bytes(pt.begin() + 80, pt.begin() + 112) ==
          bytes(pledge_hash.begin(), pledge_hash.end()));
    CHECK(pt[112] == 1);
    CHECK(bytes(pt.begin() + 113, pt.begin() + 177) ==
          bytes(r.pledge_sig.begin(), r.pledge_sig.end()));
    name64 kari{};
    REQUIRE(pad_name64("Kari", kari) == psg1_error::ok);
    CHECK(bytes(pt.begin() + 177, pt.begin() + 241) == bytes(kari.begin(), kari.end()));

    // join_sig covers LP("PSG1-joinsig") || room || invite || pt[0..241).
    bytes js;
    append_lp(js, "PSG1-joinsig");
    append(js, room);
    append(js, invite);
    js.insert(js.end(), pt.begin(), pt.begin() + 241);
    signature64 join_sig{};
    std::copy(pt.begin() + 241, pt.end(), join_sig.begin());
    CHECK(sign_verify_detached(join_sig, js, D.sig_pk));

    auto const ad = join_request_ad(room, invite);
    CHECK(ad.size() == 4 + 9 + 16 + 16);

    auto const pos = possession_message(origin, challenge, room, invite, D.id, D.sig_pk, D.dh_pk);
    CHECK(pos.size() == 4 + 12 + 4 + origin.size() + 32 + 16 + 16 + 16 + 32 + 32);
    CHECK(sign_verify_detached(r.possession, pos, D.sig_pk));
}

TEST_CASE("join_request: the builder refuses a bad name")
{
    join_request r;
    auto in = input_of();
    in.name = "";
    CHECK(build_join_request(in, D.sig_sk, jk, r) == psg1_error::bad_name);
    in.name = "Ka\x07ri";
    CHECK(build_join_request(in, D.sig_sk, jk, r) == psg1_error::bad_name);
    CHECK(r.c.empty());
}

TEST_CASE("join_request: the server's possession check (auth_failed for the caller)")
{
    auto const r = build();
    CHECK(possession_holds(r, origin, challenge, room, invite));
    CHECK_FALSE(possession_holds(r, "https://evil.example", challenge, room, invite));
    CHECK_FALSE(possession_holds(r, origin, counting<key32>(0x91), room, invite));
    CHECK_FALSE(possession_holds(r, origin, challenge, counting<id16>(0xa1), invite));
    CHECK_FALSE(possession_holds(r, origin, challenge, room, counting<id16>(0xc1)));
    auto other_key = r;
    other_key.dh_pk = C.dh_pk;
    CHECK_FALSE(possession_holds(other_key, origin, challenge, room, invite));
}

TEST_CASE("join_request: the server's pledge check, pledge_invalid")
{
    auto const r = build();
    CHECK(verify_pledge(r, room, pledge_hash) == psg1_error::ok);
    // ph is not the group's current pledge_hash.
    CHECK(verify_pledge(r, room, counting<key32>(0x71)) == psg1_error::pledge_invalid);
    // A pledge over another hash, claimed for the current one.
    auto in = input_of();
    in.pledge_hash = counting<key32>(0x71);
    auto over_other = r;
    over_other.pledge_sig = build(in).pledge_sig;
    CHECK(verify_pledge(over_other, room, pledge_hash) == psg1_error::pledge_invalid);
    // adult_confirmed = 0.
    in = input_of();
    in.adult_confirmed = 0;
    CHECK(verify_pledge(build(in), room, pledge_hash) == psg1_error::pledge_invalid);
    // Signed by another key than sig_pk, or for another room.
    auto forged = r;
    forged.pledge_sig = sign_detached(pledge_message(room, pledge_hash, 1), C.sig_sk);
    CHECK(verify_pledge(forged, room, pledge_hash) == psg1_error::pledge_invalid);
    CHECK(verify_pledge(r, counting<id16>(0xa1), pledge_hash) == psg1_error::pledge_invalid);
}

TEST_CASE("join_request: a member opens it and reads the name")
{
    std::string name;
    REQUIRE(open(build(), name) == psg1_error::ok);
    CHECK(name == "Kari");
    auto in = input_of();
    in.name = std::string(63, 'n');
    REQUIRE(open(build(in), name) == psg1_error::ok);
    CHECK(name == std::string(63, 'n'));
}

TEST_CASE("join_request: another invite's AD, another jk or a changed byte is aead_failed")
{
    std::string name = "unchanged";
    auto const r = build();
    CHECK(open(r, name, pledge_hash, counting<id16>(0xc1)) == psg1_error::aead_failed);
    CHECK(open_join_request(r, room, invite, counting<key32>(0xd0), pledge_hash, name) ==
          psg1_error::aead_failed);
    auto flipped = r;
    flipped.c[200] ^= 0x40;
    CHECK(open(flipped, name) == psg1_error::aead_failed);
    auto other_nonce = r;
    other_nonce.n[0] ^= 1;
    CHECK(open(other_nonce, name) == psg1_error::aead_failed);
    CHECK(name == "unchanged");
}

TEST_CASE("join_request: a plaintext of another length is bad_encoding")
{
    std::string name;
    auto const r = build();
    auto pt = plaintext_of(r);
    pt.push_back(0);
    CHECK(open(with_plaintext(r, pt), name) == psg1_error::bad_encoding);
}

TEST_CASE("join_request: inner fields that differ from the clear ones are request_mismatch")
{
    std::string name;
    auto const r = build();
    auto swapped = r;
    swapped.member_id = C.id;
    CHECK(open(swapped, name) == psg1_error::request_mismatch);
    swapped = r;
    swapped.sig_pk = C.sig_pk;
    CHECK(open(swapped, name) == psg1_error::request_mismatch);
    swapped = r;
    swapped.dh_pk = C.dh_pk;
    CHECK(open(swapped, name) == psg1_error::request_mismatch);
    swapped = r;
    swapped.pledge_hash = counting<key32>(0x71);
    CHECK(open(swapped, name) == psg1_error::request_mismatch);
    swapped = r;
    swapped.pledge_sig[0] ^= 1;
    CHECK(open(swapped, name) == psg1_error::request_mismatch);
}

TEST_CASE("join_request: adult_confirmed = 0, a pledge over another hash or a stale hash is "
          "pledge_invalid")
{
    std::string name;
    auto in = input_of();
    in.adult_confirmed = 0;
    CHECK(open(build(in), name) == psg1_error::pledge_invalid);

    // A consistent request over another pledge_hash than the group's current one.
    in = input_of();
    in.pledge_hash = counting<key32>(0x71);
    CHECK(open(build(in), name) == psg1_error::pledge_invalid);
    CHECK(open(build(in), name, counting<key32>(0x71)) == psg1_error::ok);

    // The pledge signature inside and outside made over another hash than the one claimed.
    auto const r = build();
    auto pt = plaintext_of(r);
    auto const other = sign_detached(pledge_message(room, counting<key32>(0x71), 1), D.sig_sk);
    std::copy(other.begin(), other.end(), pt.begin() + 113);
    auto forged = with_plaintext(r, pt);
    forged.pledge_sig = other;
    CHECK(open(forged, name) == psg1_error::pledge_invalid);
}

TEST_CASE("join_request: a join_sig that does not hold is sig_invalid; a bad name bad_name")
{
    std::string name;
    auto const r = build();
    auto pt = plaintext_of(r);
    pt[300] ^= 1; // inside join_sig
    CHECK(open(with_plaintext(r, pt), name) == psg1_error::sig_invalid);

    // Another name than the one signed.
    pt = plaintext_of(r);
    pt[177] = 'M';
    CHECK(open(with_plaintext(r, pt), name) == psg1_error::sig_invalid);

    // A joiner whose own client signed an empty or control-character name.
    auto const signed_name = [&](std::string_view raw)
    {
        auto body = plaintext_of(r);
        auto const padded = sodium_pad(as_byte_view(raw), 64);
        std::copy(padded.begin(), padded.end(), body.begin() + 177);
        bytes js;
        append_lp(js, "PSG1-joinsig");
        append(js, room);
        append(js, invite);
        js.insert(js.end(), body.begin(), body.begin() + 241);
        auto const sig = sign_detached(js, D.sig_sk);
        std::copy(sig.begin(), sig.end(), body.begin() + 241);
        return with_plaintext(r, body);
    };
    CHECK(open(signed_name("Kari"), name) == psg1_error::ok);
    name = "unchanged";
    CHECK(open(signed_name(""), name) == psg1_error::bad_name);
    CHECK(open(signed_name("Ka\x1fri"), name) == psg1_error::bad_name);
    CHECK(open(signed_name("Kari\n"), name) == psg1_error::bad_name);
    CHECK(name == "unchanged");
}

TEST_CASE("join_request: a decline by a member verifies; by a non-member or forged it is "
          "approval_invalid")
{
    auto const dm = decline_message(room, invite, D.id, D.sig_pk);
    CHECK(dm.size() == 4 + 12 + 16 + 16 + 16 + 32);
    CHECK(bytes(dm.begin(), dm.begin() + 16) ==
          bytes{0, 0, 0, 12, 'P', 'S', 'G', '1', '-', 'd', 'e', 'c', 'l', 'i', 'n', 'e'});

    auto const by_b = sign_decline(room, invite, D.id, D.sig_pk, B.id, B.sig_sk);
    CHECK(by_b.member_id == B.id);
    CHECK(verify_decline(by_b, room, invite, D.id, D.sig_pk, members()) == psg1_error::ok);

    auto const by_c = sign_decline(room, invite, D.id, D.sig_pk, C.id, C.sig_sk);
    CHECK(verify_decline(by_c, room, invite, D.id, D.sig_pk, members()) ==
          psg1_error::approval_invalid);
    // B's id with C's signature.
    auto forged = by_c;
    forged.member_id = B.id;
    CHECK(verify_decline(forged, room, invite, D.id, D.sig_pk, members()) ==
          psg1_error::approval_invalid);
    // B's decline of another joiner, or for another invite.
    CHECK(verify_decline(by_b, room, invite, C.id, C.sig_pk, members()) ==
          psg1_error::approval_invalid);
    CHECK(verify_decline(by_b, room, counting<id16>(0xc1), D.id, D.sig_pk, members()) ==
          psg1_error::approval_invalid);
}
