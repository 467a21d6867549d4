#include "heap_trimmer.hpp"

#include <malloc.h>

namespace sirkel
{

heap_trimmer::heap_trimmer(net::any_io_executor const& executor,
                           std::chrono::steady_clock::duration quiet_period)
    : timer_(executor), quiet_period_(quiet_period)
{
}

void heap_trimmer::handshake_started() noexcept
{
    ++in_flight_;
}

void heap_trimmer::handshake_ended()
{
    if (--in_flight_ != 0)
        return;
    // Moving the expiry cancels the wait before it, and so does destroying the timer: an
    // aborted wait must not reach this object, which may be gone by then.
    timer_.expires_after(quiet_period_);
    timer_.async_wait(
        [this](error_code ec)
        {
            if (!ec)
                on_quiet();
        });
}

void heap_trimmer::on_quiet()
{
    // A handshake that began in the quiet period and is still going continues the burst: its
    // end starts the quiet period again.
    if (in_flight_ != 0)
        return;
    ++trims_;
    malloc_trim(0);
}

} // namespace sirkel
