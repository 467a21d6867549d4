// A fresh directory under the system's temp directory for one test, removed with everything in
// it when the test ends, so every test starts from an empty database file.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace sirkel::test
{

class temp_dir
{
public:
    temp_dir()
    {
        // mkdtemp picks a name nobody else holds and creates it atomically.
        std::string name = (std::filesystem::temp_directory_path() / "sirkel-test-XXXXXX").string();
        if (mkdtemp(name.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed for " + name);
        path_ = name;
    }
    ~temp_dir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(temp_dir const&) = delete;
    temp_dir& operator=(temp_dir const&) = delete;

    [[nodiscard]] std::filesystem::path const& path() const noexcept { return path_; }
    [[nodiscard]] std::filesystem::path operator/(std::string_view name) const
    {
        return path_ / name;
    }

private:
    std::filesystem::path path_;
};

} // namespace sirkel::test
