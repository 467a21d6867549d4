#include "token_bucket.hpp"

#include <algorithm>

namespace sirkel
{

bool token_bucket::take(clock::time_point now) noexcept
{
    auto const next = std::max(full_at_, now) + rate_.interval;
    if (next - now > rate_.interval * rate_.burst)
        return false;
    full_at_ = next;
    return true;
}

} // namespace sirkel
