// nginx's `hash KEY;` upstream choice (ngx_http_upstream_hash_module.c, first try, equal
// weights), as `sirkel admin create-group --instance I --instances N` predicts it. The expected
// values are ((crc32(key) >> 16) & 0x7fff) % N with Python's zlib.crc32; that real nginx agrees
// is tests/integration/scale_out_test.cpp's part.
#include "nginx_hash_pick.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace sirkel;

TEST_CASE("nginx_hash_pick keeps the top 15 bits of the CRC-32 of the key, modulo the servers")
{
    // crc32("123456789") is the CRC-32 check value 0xcbf43926: 15 bits 0x4bf4 = 19444.
    CHECK(nginx_hash_pick("123456789", 2) == 19444 % 2);
    CHECK(nginx_hash_pick("123456789", 3) == 19444 % 3);
    CHECK(nginx_hash_pick("123456789", 5) == 19444 % 5);
    CHECK(nginx_hash_pick("123456789", 7) == 19444 % 7);
    // Group ids as /ws/ carries them: crc32 0x0c81bbc0 (3201) and 0x6ab1cb07 (27313).
    CHECK(nginx_hash_pick("AAAAAAAAAAAAAAAAAAAAAA", 2) == 1);
    CHECK(nginx_hash_pick("AAAAAAAAAAAAAAAAAAAAAA", 3) == 0);
    CHECK(nginx_hash_pick("q83vASNFZ4mrze8BI0VniQ", 2) == 1);
    CHECK(nginx_hash_pick("q83vASNFZ4mrze8BI0VniQ", 5) == 3);
    CHECK(nginx_hash_pick("q83vASNFZ4mrze8BI0VniQ", 7) == 6);
    // One server takes everything, and the empty key (any path but /ws/) hashes to 0.
    CHECK(nginx_hash_pick("q83vASNFZ4mrze8BI0VniQ", 1) == 0);
    CHECK(nginx_hash_pick("", 3) == 0);
}

TEST_CASE("nginx_hash_pick refuses an upstream without servers")
{
    CHECK_THROWS_AS((void)nginx_hash_pick("AAAAAAAAAAAAAAAAAAAAAA", 0), std::invalid_argument);
}
