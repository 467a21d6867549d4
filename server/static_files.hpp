// The built web client (client-web/dist), read into memory once at start: a handful of files,
// served without touching the disk per request.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace sirkel
{

class static_files
{
public:
    struct file
    {
        std::string body;
        std::string_view content_type;
        /// Vite puts content hashes in asset names, so those may be cached for good; HTML must
        /// never be cached, or a client update would not reach anyone.
        std::string_view cache_control;
    };

    /// Load every regular file below dir. A missing dir leaves the set empty (the server still
    /// answers /healthz, /metrics and WebSockets; pages get 404).
    explicit static_files(std::filesystem::path const& dir);

    /** The file for a request target, or nullptr.
        "/" and the invite route "/j/..." give index.html (the client reads the link itself);
        the query string is ignored.
    */
    [[nodiscard]] file const* find(std::string_view target) const;

    [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

private:
    std::map<std::string, file, std::less<>> files_;
};

/// The Content-Type for a file name, by extension; application/octet-stream if unknown.
[[nodiscard]] std::string_view mime_type(std::string_view path) noexcept;

} // namespace sirkel
