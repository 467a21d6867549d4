// Where the seeding tool makes its groups: a file in memory-backed /dev/shm, removed (with its
// -wal and -shm) when done, or the database itself where there is no /dev/shm. The store commits
// each call durably (synchronous = FULL), some 2.5 ms on a disk, and 2,000 groups take tens of
// thousands of commits; in /dev/shm they take seconds, and one backup copies the result.
#pragma once

#include <filesystem>

namespace sirkel::bench
{

class work_file
{
public:
    explicit work_file(std::filesystem::path const& db);
    ~work_file();
    work_file(work_file const&) = delete;
    work_file& operator=(work_file const&) = delete;

    [[nodiscard]] std::filesystem::path const& path() const noexcept { return path_; }
    /// Whether path() is a temporary file to be copied to the database.
    [[nodiscard]] bool temporary() const noexcept { return temporary_; }

private:
    std::filesystem::path path_;
    bool temporary_ = false;
};

} // namespace sirkel::bench
