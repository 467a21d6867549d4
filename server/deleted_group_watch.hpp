// Notices a group deleted by `sirkel admin delete-group` while the server runs, and closes its
// connections (issue 8: the organisation deletes a group without stopping every other meeting).
// The admin command writes the SQLite file from another process; the server learns of it by
// asking SQLite every two seconds whether anyone else committed (PRAGMA data_version, one cheap
// read), and only then looks for which of its loaded groups are gone.
#pragma once

#include "net.hpp"

#include <chrono>
#include <cstdint>

namespace sirkel
{

class server_state;

class deleted_group_watch
{
public:
    /// How long a deleted group's meeting may go on at most: short enough that members see the
    /// group end while the operator still looks, long enough to cost nothing when idle.
    static constexpr std::chrono::seconds interval{2};

    /// Watches state's store until destroyed; destroy it before the io_context.
    deleted_group_watch(net::any_io_executor const& executor, server_state& state);
    deleted_group_watch(deleted_group_watch const&) = delete;
    deleted_group_watch& operator=(deleted_group_watch const&) = delete;

private:
    void wait();
    void check();

    net::steady_timer timer_;
    server_state& state_;
    std::int64_t seen_version_;
    /// A deleted group still had connections ending at the last check: look again even if the
    /// file has not changed since.
    bool groups_ending_ = false;
};

} // namespace sirkel
