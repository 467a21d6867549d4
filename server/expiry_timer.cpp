#include "expiry_timer.hpp"

#include "server_state.hpp"

#include <algorithm>
#include <chrono>

namespace sirkel
{

expiry_timer::expiry_timer(net::any_io_executor const& executor, server_state& state)
    : timer_(executor), state_(state)
{
    state_.on_expiry_due([this](std::int64_t at) { arm(at); });
}

expiry_timer::~expiry_timer()
{
    state_.on_expiry_due(nullptr);
}

void expiry_timer::arm(std::int64_t at)
{
    if (armed_at_ && *armed_at_ <= at)
        return;
    armed_at_ = at;
    // Deadlines are unix seconds; wake at the start of that second on the system clock, which
    // is when the groups' own checks (expires_at <= now) first see it as due.
    auto const due = std::chrono::system_clock::time_point(std::chrono::seconds(at));
    timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        due - std::chrono::system_clock::now()));
    timer_.async_wait(
        [this](error_code ec)
        {
            if (!ec)
                fire();
        });
}

void expiry_timer::fire()
{
    armed_at_.reset();
    auto const now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    // Never sooner than the next second: what is due by now was closed just above, and a
    // deadline that somehow stayed must not spin the io thread.
    if (auto const next = state_.expire_groups(now))
        arm(std::max(*next, now + 1));
}

} // namespace sirkel
