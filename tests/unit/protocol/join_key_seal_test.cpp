#include "sirkel/protocol/join_key_seal.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"
#include "test_members.hpp"

#include <doctest/doctest.h>

using namespace sirkel::protocol;
using sirkel::test::counting;
using sirkel::test::member;

namespace
{

member const A{0}, B{1}, C{2};
id16 const room = counting<id16>(0xa0);
id16 const invite = counting<id16>(0xc0);
key32 const jk = kdf_invite_join_key(counting<key32>(0xd0));

// A and B are the verified members; C is not.
roster members()
{
    roster_frame f;
    f.pledge_hash = counting<key32>(0x70);
    return roster::build(room, 2, counting<key32>(0x30), f, {A.entry(1), B.entry()});
}

bytes sealed_for_b(member const& signer = A, id16 const& to = B.id)
{
    return seal_join_key(room, invite, signer.id, signer.sig_sk, to, B.dh_pk, jk);
}

psg1_error open_as_b(byte_view sealed, key32& out, id16 const& invite_id = invite)
{
    return open_join_key(sealed, room, invite_id, B.id, B.dh_pk, B.dh_sk, members(), out);
}

} // namespace

TEST_CASE("join_key_seal: 160 bytes; the recipient opens jk and checks the signer's signature")
{
    auto const sealed = sealed_for_b();
    CHECK(sealed.size() == join_key_seal_bytes);
    CHECK(sealed != sealed_for_b()); // SEAL is randomised

    key32 out{};
    REQUIRE(open_as_b(sealed, out) == psg1_error::ok);
    CHECK(out == jk);

    // The plaintext inside: signer_id || jk || SIG over LP("PSG1-jk") || room || invite || to ||
    // jk.
    bytes pt;
    REQUIRE(box_seal_open(pt, sealed, B.dh_pk, B.dh_sk));
    REQUIRE(pt.size() == 112);
    CHECK(bytes(pt.begin(), pt.begin() + 16) == bytes(A.id.begin(), A.id.end()));
    CHECK(bytes(pt.begin() + 16, pt.begin() + 48) == bytes(jk.begin(), jk.end()));
    signature64 sig{};
    std::copy(pt.begin() + 48, pt.end(), sig.begin());
    auto const m = join_key_signed_bytes(room, invite, B.id, jk);
    CHECK(m.size() == 4 + 7 + 16 + 16 + 16 + 32);
    CHECK(sign_verify_detached(sig, m, A.sig_pk));

    // Any member of the verified version may sign, including the recipient itself.
    REQUIRE(open_as_b(sealed_for_b(B), out) == psg1_error::ok);
}

TEST_CASE("join_key_seal: a seal that does not open is aead_failed, a wrong length bad_encoding")
{
    key32 out{};
    auto sealed = sealed_for_b();
    sealed[70] ^= 1;
    CHECK(open_as_b(sealed, out) == psg1_error::aead_failed);
    // Sealed to someone else's IK_dh.
    auto const for_c = seal_join_key(room, invite, A.id, A.sig_sk, B.id, C.dh_pk, jk);
    CHECK(open_as_b(for_c, out) == psg1_error::aead_failed);
    auto const good = sealed_for_b();
    CHECK(open_as_b(byte_view(good).first(159), out) == psg1_error::bad_encoding);
    CHECK(out == key32{});
}

TEST_CASE("join_key_seal: a signer outside the verified roster or a bad signature is "
          "approval_invalid")
{
    key32 out{};
    // C is no member: the server slipping B its own jk' would look like this.
    CHECK(open_as_b(sealed_for_b(C), out) == psg1_error::approval_invalid);
    // Signed for another recipient (A), then sealed to B.
    CHECK(open_as_b(sealed_for_b(A, A.id), out) == psg1_error::approval_invalid);
    // Opened for another invite.
    CHECK(open_as_b(sealed_for_b(), out, counting<id16>(0xc1)) == psg1_error::approval_invalid);
    // A member's id with a signature by someone else's key.
    bytes pt;
    append(pt, A.id);
    append(pt, jk);
    append(pt, sign_detached(join_key_signed_bytes(room, invite, B.id, jk), C.sig_sk));
    CHECK(open_as_b(box_seal(pt, B.dh_pk), out) == psg1_error::approval_invalid);
    CHECK(out == key32{});
}
