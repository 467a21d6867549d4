#include "group_seeder.hpp"

#include "admitted_group.hpp"
#include "bench_identity.hpp"

#include "sirkel/protocol/join_request.hpp"
#include "sirkel/protocol/psg1_crypto.hpp"

#include <chrono>
#include <vector>

namespace sirkel::bench
{
namespace
{

/// The pledge a join request carries is made with the adult confirmation set (PSG1.md §4.4).
constexpr std::uint8_t adult_confirmed = 1;

std::int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

group_seeder::group_seeder(store& db, std::string_view run_seed) : db_(db), run_seed_(run_seed) {}

bench_group group_seeder::seed(std::uint32_t meeting, std::uint32_t size)
{
    auto const now = unix_now();
    auto const group =
        db_.create_group("bench-" + std::to_string(meeting), store::max_size_cap, now);
    std::vector<test::device_identity> members;
    members.push_back(derive_bench_identity(run_seed_, meeting, 0));
    auto current = test::first_version(group.id, members.front(), store::max_size_cap);
    std::vector<protocol::roster_approval> approvals = {
        protocol::sign_approval(current, members.front().member, members.front().sig_sk)};
    db_.commit_roster_version(group.id, current, approvals, now);

    auto const pledge_hash = test::test_pledge_hash();
    for (std::uint32_t index = 1; index < size; ++index)
    {
        auto const& joiner = members.emplace_back(derive_bench_identity(run_seed_, meeting, index));
        db_.save_pledge_receipt(
            group.id, joiner.member, pledge_hash, now,
            protocol::sign_detached(
                protocol::pledge_message(group.id, pledge_hash, adult_confirmed), joiner.sig_sk));
        auto next = test::with_member(current, joiner);
        approvals.clear();
        // The proposer first, then the others in the order they joined: admission 0 needs
        // every member of the base (PSG1.md §3.3).
        for (std::size_t approver = 0; approver + 1 < members.size(); ++approver)
            approvals.push_back(
                protocol::sign_approval(next, members[approver].member, members[approver].sig_sk));
        db_.commit_roster_version(group.id, next, approvals, now);
        current = std::move(next);
    }
    return {meeting, group.id, size};
}

} // namespace sirkel::bench
