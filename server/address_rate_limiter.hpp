// One token bucket per client address, for what must be limited per address rather than per
// connection (a guesser opens a new connection for each try). The table is bounded: buckets that
// are full again are forgotten, and at capacity the least recently used address is dropped, so a
// flood of distinct addresses costs at most capacity entries. Dropping one resets that
// address's count, which only an attacker who already holds capacity addresses can arrange.
#pragma once

#include "net.hpp"
#include "rate_limit.hpp"
#include "token_bucket.hpp"

#include <cstddef>
#include <list>
#include <map>

namespace sirkel
{

class address_rate_limiter
{
public:
    using clock = token_bucket::clock;

    /// Each address gets rate; at most capacity (at least 1) addresses are remembered.
    address_rate_limiter(rate_limit rate, std::size_t capacity);

    /// Take one token of address's bucket at now; false when it is empty.
    [[nodiscard]] bool take(net::ip::address const& address, clock::time_point now);
    /// Addresses remembered now.
    [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }

private:
    struct entry
    {
        net::ip::address address;
        token_bucket bucket;
    };
    using recency_list = std::list<entry>;

    void forget_back();

    rate_limit rate_;
    std::size_t capacity_;
    recency_list recent_; ///< most recently used first
    std::map<net::ip::address, recency_list::iterator> index_;
};

} // namespace sirkel
