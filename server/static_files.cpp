#include "static_files.hpp"

#include <fstream>
#include <iterator>

namespace sirkel
{

std::string_view mime_type(std::string_view path) noexcept
{
    auto const dot = path.rfind('.');
    if (dot == std::string_view::npos)
        return "application/octet-stream";
    auto const ext = path.substr(dot);
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map")
        return "application/json";
    if (ext == ".wasm")
        return "application/wasm";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    if (ext == ".ico")
        return "image/x-icon";
    if (ext == ".woff2")
        return "font/woff2";
    if (ext == ".txt")
        return "text/plain; charset=utf-8";
    if (ext == ".webmanifest")
        return "application/manifest+json";
    return "application/octet-stream";
}

static_files::static_files(std::filesystem::path const& dir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return;
    for (auto const& entry : std::filesystem::recursive_directory_iterator(dir, ec))
    {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        auto const relative = "/" + entry.path().lexically_relative(dir).generic_string();
        auto const is_html = relative.ends_with(".html");
        auto const is_hashed_asset = relative.starts_with("/assets/");
        files_.emplace(relative, file{std::move(body), mime_type(relative),
                                      is_html           ? "no-store"
                                      : is_hashed_asset ? "public, max-age=31536000, immutable"
                                                        : "no-cache"});
    }
}

static_files::file const* static_files::find(std::string_view target) const
{
    auto const path = target.substr(0, target.find('?'));
    if (path == "/" || path.starts_with("/j/"))
        return find("/index.html");
    // Directory traversal cannot reach anything: only names loaded at start are looked up.
    auto const found = files_.find(path);
    return found == files_.end() ? nullptr : &found->second;
}

} // namespace sirkel
