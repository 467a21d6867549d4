#include "sirkel/protocol/safety_number.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "test_bytes.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sirkel::protocol;
using sirkel::test::counting;

TEST_CASE("safety_fingerprint hashes LP(PSG1-fp) || sig_pk || dh_pk")
{
    auto const s = counting<key32>(0x10);
    auto const d = counting<key32>(0x20);
    bytes in{0, 0, 0, 7, 'P', 'S', 'G', '1', '-', 'f', 'p'};
    in.insert(in.end(), s.begin(), s.end());
    in.insert(in.end(), d.begin(), d.end());
    CHECK(safety_fingerprint(s, d) == generichash32(in));
    CHECK(safety_fingerprint(d, s) != safety_fingerprint(s, d));
}

TEST_CASE("safety_digits: six u40be groups mod 100000, zero-padded")
{
    key32 fp{};
    // Group 0: 0x0000000001 -> 00001. Group 1: 0xffffffffff = 1099511627775 -> 27775.
    fp[4] = 1;
    std::fill(fp.begin() + 5, fp.begin() + 10, 0xff);
    // Group 2: 0x00000186a0 = 100000 -> 00000. Group 3: 0x000001869f = 99999 -> 99999.
    fp[12] = 0x01, fp[13] = 0x86, fp[14] = 0xa0;
    fp[17] = 0x01, fp[18] = 0x86, fp[19] = 0x9f;
    // Bytes 30 and 31 are not used.
    fp[30] = 0xff;
    CHECK(safety_digits(fp) == "000012777500000999990000000000");
}

TEST_CASE("safety_number: the same 60 digits from both sides")
{
    auto const a_sig = counting<key32>(1), a_dh = counting<key32>(2);
    auto const b_sig = counting<key32>(3), b_dh = counting<key32>(4);
    auto const ab = safety_number(a_sig, a_dh, b_sig, b_dh);
    CHECK(ab.size() == 60);
    CHECK(ab == safety_number(b_sig, b_dh, a_sig, a_dh));
    auto const a = safety_digits(safety_fingerprint(a_sig, a_dh));
    auto const b = safety_digits(safety_fingerprint(b_sig, b_dh));
    CHECK(ab == std::min(a, b) + std::max(a, b));
    CHECK(std::all_of(ab.begin(), ab.end(), [](char c) { return c >= '0' && c <= '9'; }));
}
