#include "sirkel/protocol/name64.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace sirkel::protocol;

namespace
{

name64 padded(std::string_view name)
{
    name64 out{};
    REQUIRE(pad_name64(name, out) == psg1_error::ok);
    return out;
}

// NAME64 built around raw bytes the sender's checks would refuse.
name64 padded_raw(std::string_view raw)
{
    auto const p = sodium_pad(as_byte_view(raw), 64);
    REQUIRE(p.size() == 64);
    name64 out{};
    std::copy(p.begin(), p.end(), out.begin());
    return out;
}

} // namespace

TEST_CASE("name64: PAD(utf8(name), 64) is exactly 64 bytes with ISO/IEC 7816-4 padding")
{
    auto const n = padded("Kari");
    CHECK(n[0] == 'K');
    CHECK(n[3] == 'i');
    CHECK(n[4] == 0x80);
    for (std::size_t i = 5; i < n.size(); ++i)
        CHECK(n[i] == 0);
    std::string back;
    REQUIRE(unpad_name64(n, back) == psg1_error::ok);
    CHECK(back == "Kari");

    std::string const longest(63, 'x');
    auto const l = padded(longest);
    CHECK(l[63] == 0x80);
    REQUIRE(unpad_name64(l, back) == psg1_error::ok);
    CHECK(back == longest);

    // Non-ASCII letters and an inner space are fine.
    REQUIRE(unpad_name64(padded("Åse Øvre"), back) == psg1_error::ok);
    CHECK(back == "Åse Øvre");
}

TEST_CASE("name64: the sender refuses names that break the rules of §1 with bad_name")
{
    name64 out{};
    name64 const untouched = out;
    CHECK(check_name("Kari") == psg1_error::ok);
    CHECK(pad_name64("", out) == psg1_error::bad_name);
    CHECK(pad_name64(std::string(64, 'x'), out) == psg1_error::bad_name);
    CHECK(pad_name64("Ka\nri", out) == psg1_error::bad_name);
    CHECK(pad_name64(std::string("Ka\0ri", 5), out) == psg1_error::bad_name);
    CHECK(pad_name64("Ka\x7fri", out) == psg1_error::bad_name);     // DEL
    CHECK(pad_name64("Ka\xc2\x85ri", out) == psg1_error::bad_name); // C1 NEL
    CHECK(pad_name64(" Kari", out) == psg1_error::bad_name);
    CHECK(pad_name64("Kari ", out) == psg1_error::bad_name);
    CHECK(pad_name64("Kari\xc2\xa0", out) == psg1_error::bad_name);     // NBSP, trimmed by JS
    CHECK(pad_name64("\xe3\x80\x80Kari", out) == psg1_error::bad_name); // ideographic space
    CHECK(pad_name64("Kari\xef\xbb\xbf", out) == psg1_error::bad_name); // BOM
    CHECK(pad_name64("Ka\xffri", out) == psg1_error::bad_name);
    CHECK(out == untouched);

    // A group name may have 64 bytes (§4.2), a member name 63.
    CHECK(check_name(std::string(64, 'g'), 64) == psg1_error::ok);
    CHECK(check_name(std::string(65, 'g'), 64) == psg1_error::bad_name);
}

TEST_CASE("name64: a receiver unpads with block 64 and checks the same rules")
{
    std::string name = "unchanged";
    name64 const empty = padded_raw("");
    CHECK(unpad_name64(empty, name) == psg1_error::bad_name);
    CHECK(unpad_name64(padded_raw("Ka\x01ri"), name) == psg1_error::bad_name);
    CHECK(unpad_name64(padded_raw(" Kari"), name) == psg1_error::bad_name);
    CHECK(unpad_name64(padded_raw("Ka\xc0\xafri"), name) == psg1_error::bad_name); // overlong '/'

    auto bad_padding = padded("Kari");
    bad_padding[4] = 0x81;
    CHECK(unpad_name64(bad_padding, name) == psg1_error::bad_name);
    name64 zeros{};
    CHECK(unpad_name64(zeros, name) == psg1_error::bad_name);

    auto const good = padded("Kari");
    CHECK(unpad_name64(byte_view(good).first(63), name) == psg1_error::bad_name);
    CHECK(name == "unchanged");
}

TEST_CASE("utf8: strict decoding refuses what TextDecoder's fatal mode refuses")
{
    CHECK(is_valid_utf8("plain"));
    CHECK(is_valid_utf8("\xc3\xa6\xe2\x82\xac\xf0\x9f\x98\x80")); // æ € 😀
    CHECK(is_valid_utf8("\xf4\x8f\xbf\xbf"));                     // U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xc0\x80"));                       // overlong NUL
    CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));                   // overlong
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));                   // surrogate U+D800
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));               // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\x80"));                           // stray continuation
    CHECK_FALSE(is_valid_utf8("\xe2\x82"));                       // truncated
    CHECK_FALSE(is_valid_utf8("\xe2\x28\xac"));                   // bad continuation

    std::u32string cps;
    REQUIRE(decode_utf8("a\xc3\xa6\xf0\x9f\x98\x80", cps));
    CHECK(cps == U"a\u00e6\U0001F600");
}
