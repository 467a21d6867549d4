#include "sirkel/protocol/base64url.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace sirkel::protocol;

namespace
{

bytes ascii(std::string_view s)
{
    return bytes(s.begin(), s.end());
}

} // namespace

TEST_CASE("base64url_encode matches RFC 4648 test vectors without padding")
{
    CHECK(base64url_encode(ascii("")) == "");
    CHECK(base64url_encode(ascii("f")) == "Zg");
    CHECK(base64url_encode(ascii("fo")) == "Zm8");
    CHECK(base64url_encode(ascii("foo")) == "Zm9v");
    CHECK(base64url_encode(ascii("foob")) == "Zm9vYg");
    CHECK(base64url_encode(ascii("fooba")) == "Zm9vYmE");
    CHECK(base64url_encode(ascii("foobar")) == "Zm9vYmFy");
}

TEST_CASE("base64url_encode uses the URL-safe alphabet")
{
    // Standard base64 would give "+/8=".
    CHECK(base64url_encode(bytes{0xfb, 0xff}) == "-_8");
}

TEST_CASE("the wire lengths of the fixed binary fields")
{
    CHECK(base64url_encode(bytes(16)).size() == 22);
    CHECK(base64url_encode(bytes(24)).size() == 32);
    CHECK(base64url_encode(bytes(32)).size() == 43);
    CHECK(base64url_encode(bytes(64)).size() == 86);
}

TEST_CASE("base64url_decode_exact round-trips every byte value")
{
    bytes all(256);
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<byte>(i);
    bytes out(all.size());
    REQUIRE(base64url_decode_exact(base64url_encode(all), out));
    CHECK(out == all);
}

TEST_CASE("base64url_decode_exact refuses anything but the exact canonical form")
{
    id16 out{};
    auto const good = base64url_encode(bytes(16, 0x5a));
    REQUIRE(base64url_decode_exact(good, out));
    CHECK(std::all_of(out.begin(), out.end(), [](byte b) { return b == 0x5a; }));

    SUBCASE("padding")
    {
        CHECK_FALSE(base64url_decode_exact(good + "==", out));
    }
    SUBCASE("one character short or long")
    {
        CHECK_FALSE(base64url_decode_exact(good.substr(1), out));
        CHECK_FALSE(base64url_decode_exact(good + "A", out));
        CHECK_FALSE(base64url_decode_exact(good + "AA", out));
    }
    SUBCASE("the standard alphabet's + and /")
    {
        auto bad = good;
        bad[3] = '+';
        CHECK_FALSE(base64url_decode_exact(bad, out));
        bad[3] = '/';
        CHECK_FALSE(base64url_decode_exact(bad, out));
    }
    SUBCASE("whitespace and NUL")
    {
        auto bad = good;
        bad[5] = ' ';
        CHECK_FALSE(base64url_decode_exact(bad, out));
        bad[5] = '\0';
        CHECK_FALSE(base64url_decode_exact(bad, out));
    }
    SUBCASE("a byte from 0x80 up, which libsodium 1.0.18 decodes as '_'")
    {
        // Found by fuzz_psg1_parsers. "_" is 63: the same text with '_' decodes.
        auto bad = good;
        bad[0] = '_';
        REQUIRE(base64url_decode_exact(bad, out));
        for (int c : {0x80, 0x93, 0xc3, 0xff})
        {
            bad[0] = static_cast<char>(c);
            CHECK_FALSE(base64url_decode_exact(bad, out));
            CHECK_FALSE(base64url_decode(bad, 64));
        }
    }
    SUBCASE("non-zero trailing bits")
    {
        // 22 characters carry 132 bits; the last 4 must be zero. 'A' is 0, 'B' sets bit 0.
        std::string zeros(22, 'A');
        REQUIRE(base64url_decode_exact(zeros, out));
        zeros.back() = 'B';
        CHECK_FALSE(base64url_decode_exact(zeros, out));
    }
    SUBCASE("the empty string")
    {
        CHECK_FALSE(base64url_decode_exact("", out));
    }
    // A failed decode leaves no partial output behind.
    CHECK(std::all_of(out.begin(), out.end(), [](byte b) { return b == 0; }));
}

TEST_CASE("base64url_decode_array")
{
    auto const decoded = base64url_decode_array<3>("Zm9v");
    REQUIRE(decoded);
    CHECK(*decoded == std::array<byte, 3>{'f', 'o', 'o'});
    CHECK_FALSE(base64url_decode_array<4>("Zm9v"));
}

TEST_CASE("base64url_decode accepts any length up to max_bytes")
{
    auto const decoded = base64url_decode("Zm9vYmE", 5);
    REQUIRE(decoded);
    CHECK(*decoded == ascii("fooba"));

    auto const empty = base64url_decode("", 10);
    REQUIRE(empty);
    CHECK(empty->empty());

    CHECK_FALSE(base64url_decode("Zm9vYmE", 4));
    CHECK_FALSE(base64url_decode("Zm9vYmE=", 10));
    CHECK_FALSE(base64url_decode("Zm9vY", 10));   // a dangling 6-bit group
    CHECK_FALSE(base64url_decode("Zm9vYmF", 10)); // trailing bits set
    CHECK_FALSE(base64url_decode("Zm9v Ym", 10));
}

TEST_CASE("base64url_is_canonical accepts what base64url_decode accepts, without decoding")
{
    CHECK(base64url_is_canonical(""));
    CHECK(base64url_is_canonical("Zm9vYmFy"));
    CHECK(base64url_is_canonical("-_8"));
    CHECK(base64url_is_canonical(base64url_encode(bytes(1040, 0xa5))));

    CHECK_FALSE(base64url_is_canonical("Zm9vYmE="));   // padding
    CHECK_FALSE(base64url_is_canonical("+/8"));        // the standard alphabet
    CHECK_FALSE(base64url_is_canonical("Zm9vY"));      // a dangling 6-bit group
    CHECK_FALSE(base64url_is_canonical("Zh"));         // trailing bits of a one-byte group
    CHECK_FALSE(base64url_is_canonical("Zm9"));        // trailing bits of a two-byte group
    CHECK_FALSE(base64url_is_canonical("Zm\xc3\xa9")); // "é", which libsodium takes for "__"
    CHECK_FALSE(base64url_is_canonical(std::string_view("Zm\0v", 4)));

    // Every text of up to three characters drawn from the alphabet's edges and their neighbours
    // is judged as the decoder judges it.
    std::string const chars = "@AZ[`az{/09:,-._\x7f\x80\xff=+ ";
    std::size_t compared = 0;
    for (std::size_t length = 1; length <= 3; ++length)
    {
        std::string text(length, ' ');
        std::size_t combinations = 1;
        for (std::size_t i = 0; i < length; ++i)
            combinations *= chars.size();
        for (std::size_t n = 0; n < combinations; ++n)
        {
            for (std::size_t i = 0, rest = n; i < length; ++i, rest /= chars.size())
                text[i] = chars[rest % chars.size()];
            INFO(text);
            CHECK(base64url_is_canonical(text) == base64url_decode(text, 3).has_value());
            ++compared;
        }
    }
    CHECK(compared > 10000);
}
