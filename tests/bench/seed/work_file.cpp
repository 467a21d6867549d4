#include "work_file.hpp"

#include <unistd.h>

#include <string>
#include <system_error>

namespace sirkel::bench
{

work_file::work_file(std::filesystem::path const& db) : path_(db)
{
    std::filesystem::path const shm = "/dev/shm";
    std::error_code ec;
    if (std::filesystem::is_directory(shm, ec))
    {
        path_ = shm / ("sirkel-bench-seed-" + std::to_string(::getpid()) + ".db");
        temporary_ = true;
    }
}

work_file::~work_file()
{
    if (!temporary_)
        return;
    std::error_code ignored;
    for (auto const* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path_.string() + suffix, ignored);
}

} // namespace sirkel::bench
