// Fuzz target of the roster chain (PSG1.md §3.5): a candidate version, checked by verify_step as
// the successor of a fixed, verified version of the vectors' chain v1..v12 (or of none). Input:
//
//   byte 0   which previous version: 0 none, k version k (taken modulo 13)
//   byte 1   bit 0: final (check 7 runs); bit 1: the harness signs (below)
//   then, if the harness signs: one byte, a bit per member A..E who approves, each signing the
//         candidate with its real key, so that mutated versions still reach checks 6 and 7;
//   else: one byte n (modulo 13), n approvals of 80 bytes (member id 16, sig 64) from the input;
//   the rest is tbs.
//
// Invariants: no crash or exception; out untouched on a refusal; on ok, out is exactly tbs (its
// bytes, its hash, and roster::build of its fields serialises back to tbs), the next version of
// prev, within its size cap; an ok with final also holds without it, and verify_chain over the
// whole chain ending in it agrees.
#include "fuzz_require.hpp"
#include "psg1_fixtures.hpp"

#include "sirkel/protocol/psg1_crypto.hpp"
#include "sirkel/protocol/roster.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace
{

using namespace sirkel::protocol;
using sirkel::fuzz::psg1_fixtures;
using sirkel::fuzz::require;

constexpr std::size_t approval_bytes = 16 + 64;
// Where u64be(v) starts in a tbs: after LP("PSG1-roster") and room_id.
constexpr std::size_t version_offset = 4 + 11 + 16;

std::uint64_t version_in(byte_view tbs)
{
    std::uint64_t v = 0;
    if (tbs.size() < version_offset + 8)
        return v;
    for (std::size_t i = 0; i < 8; ++i)
        v = (v << 8) | tbs[version_offset + i];
    return v;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    static_cast<void>(psg1_fixtures::get());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    auto const& fx = psg1_fixtures::get();
    byte_view input(data, size);
    if (input.size() < 3)
        return 0;
    std::size_t const prev_index = input[0] % (fx.chain.size() + 1);
    bool const final = (input[1] & 1) != 0;
    bool const harness_signs = (input[1] & 2) != 0;
    std::uint8_t const selector = input[2];
    input = input.subspan(3);
    roster const* prev = prev_index == 0 ? nullptr : &fx.chain[prev_index - 1];

    std::vector<roster_approval> approvals;
    byte_view tbs;
    if (harness_signs)
    {
        tbs = input;
        auto const message = approval_message(fx.room_id, version_in(tbs), generichash32(tbs));
        for (std::size_t m = 0; m < fx.members.size(); ++m)
            if ((selector >> m) & 1)
                approvals.push_back(
                    {fx.members[m].id, sign_detached(message, fx.members[m].sig_sk)});
    }
    else
    {
        std::size_t const count = selector % (roster::max_members + 1);
        if (input.size() < count * approval_bytes)
            return 0;
        for (std::size_t i = 0; i < count; ++i)
        {
            auto const a = input.subspan(i * approval_bytes, approval_bytes);
            auto& approval = approvals.emplace_back();
            std::copy_n(a.begin(), 16, approval.member_id.begin());
            std::copy_n(a.begin() + 16, 64, approval.sig.begin());
        }
        tbs = input.subspan(count * approval_bytes);
    }

    roster out;
    auto const verdict = verify_step(fx.room_id, prev, tbs, approvals, final, out);
    if (verdict != psg1_error::ok)
    {
        require(out.version() == 0 && out.tbs().empty(), "a refused version leaves out untouched");
        return 0;
    }

    require(std::equal(tbs.begin(), tbs.end(), out.tbs().begin(), out.tbs().end()),
            "the verified version is the tbs");
    require(out.hash() == generichash32(tbs), "its hash is H(tbs)");
    auto const rebuilt =
        roster::build(fx.room_id, out.version(), out.prev_hash(), out.frame(), out.entries());
    require(rebuilt.tbs() == out.tbs(), "parse then serialise gives back the tbs");
    require(out.version() == (prev == nullptr ? 1 : prev->version() + 1),
            "versions are contiguous");
    require(out.entries().size() <= out.frame().size_cap, "the size cap holds");
    require(out.room_id() == fx.room_id, "the version is of this room");

    if (final)
    {
        roster draft;
        require(verify_step(fx.room_id, prev, tbs, approvals, false, draft) == psg1_error::ok,
                "a final version is also a valid draft");
        std::vector<roster_version> versions;
        for (std::size_t k = 0; k < prev_index; ++k)
            versions.push_back({fx.chain[k].version(), fx.chain[k].tbs(), fx.chain_approvals[k]});
        versions.push_back({out.version(), out.tbs(), approvals});
        roster newest;
        require(verify_chain(fx.room_id, nullptr, versions, newest) == psg1_error::ok &&
                    newest.hash() == out.hash(),
                "verify_chain agrees with verify_step");
    }
    return 0;
}
