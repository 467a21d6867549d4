// The members of a benchmark's groups, derived from the run's seed. The seeding tool, the load
// generator and the side-by-side Node peer compute the same keys from (seed, meeting, index), so
// no key file is needed: nothing secret is written to disk, not even in a benchmark.
//
// For a label L in {"id", "sig", "dh"}: material(L) = BLAKE2b-256 (crypto_generichash, 32 bytes,
// no key) of the ASCII string "sirkel-bench|<seed>|<meeting>|<index>|<L>", the numbers in
// decimal. The member id is the first 16 bytes of material("id"); the Ed25519 pair is
// crypto_sign_seed_keypair(material("sig")); the X25519 pair crypto_box_seed_keypair(material
// ("dh")). Member 0 of a meeting is its facilitator.
#pragma once

#include "test_client.hpp"

#include <cstdint>
#include <string_view>

namespace sirkel::bench
{

[[nodiscard]] test::device_identity
derive_bench_identity(std::string_view run_seed, std::uint32_t meeting, std::uint32_t index);

} // namespace sirkel::bench
