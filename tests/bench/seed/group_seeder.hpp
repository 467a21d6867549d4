// Puts a benchmark's groups into the server's database with the server's own store, as if each
// had been admitted over the wire (PSG1.md §4): version 1 FIRST by member 0 (role 1), then one
// ADD per further member, approved by every member before it, each joiner's pledge receipt
// saved before the version that admits it, as the server saves it on join_request. The server
// verifies the chain when it loads the group, so a seeded group is exactly as trustworthy as one
// built with the real frames. The members' keys come from bench_identity: nothing secret is
// written.
#pragma once

#include "bench_group.hpp"

#include "store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace sirkel::bench
{

class group_seeder
{
public:
    /// Seeds into db the groups of run_seed; the groups' size cap is the store's largest.
    group_seeder(store& db, std::string_view run_seed);

    /// Create `bench-<meeting>` with members 0..size-1 of meeting (size 1..12).
    /// @throws store_error if the label is taken or a write fails.
    bench_group seed(std::uint32_t meeting, std::uint32_t size);

private:
    store& db_;
    std::string run_seed_;
};

} // namespace sirkel::bench
