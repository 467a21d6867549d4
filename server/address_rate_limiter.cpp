#include "address_rate_limiter.hpp"

#include <algorithm>

namespace sirkel
{

address_rate_limiter::address_rate_limiter(rate_limit rate, std::size_t capacity)
    : rate_(rate), capacity_(std::max<std::size_t>(capacity, 1))
{
}

bool address_rate_limiter::take(net::ip::address const& address, clock::time_point now)
{
    if (auto const found = index_.find(address); found != index_.end())
    {
        recent_.splice(recent_.begin(), recent_, found->second);
    }
    else
    {
        // The least recently used go first; a full bucket holds nothing worth keeping.
        while (!recent_.empty() && recent_.back().bucket.full_at() <= now)
            forget_back();
        if (recent_.size() >= capacity_)
            forget_back();
        recent_.push_front({address, token_bucket(rate_)});
        index_.emplace(address, recent_.begin());
    }
    return recent_.front().bucket.take(now);
}

void address_rate_limiter::forget_back()
{
    index_.erase(recent_.back().address);
    recent_.pop_back();
}

} // namespace sirkel
