#include "deleted_group_watch.hpp"

#include "logger.hpp"
#include "server_state.hpp"
#include "store.hpp"

namespace sirkel
{

deleted_group_watch::deleted_group_watch(net::any_io_executor const& executor, server_state& state)
    : timer_(executor), state_(state), seen_version_(state.db().data_version())
{
    wait();
}

void deleted_group_watch::wait()
{
    timer_.expires_after(interval);
    timer_.async_wait(
        [this](error_code ec)
        {
            if (ec)
                return;
            check();
            wait();
        });
}

void deleted_group_watch::check()
{
    try
    {
        auto const version = state_.db().data_version();
        if (version == seen_version_ && !groups_ending_)
            return;
        seen_version_ = version;
        groups_ending_ = state_.close_deleted_groups() > 0;
    }
    catch (store_error const& e)
    {
        // A locked or failing file now is no reason to stop watching: the next check tries again.
        state_.log().log(log_level::error, "store_failed",
                         {{"during", "deleted_group_watch"}, {"reason", e.what()}});
    }
}

} // namespace sirkel
