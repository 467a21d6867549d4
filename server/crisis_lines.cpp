#include "crisis_lines.hpp"

#include "sirkel/protocol/utf8.hpp"

#include <fstream>
#include <stdexcept>
#include <string_view>

namespace sirkel
{

namespace
{

std::invalid_argument refusal(std::filesystem::path const& file, std::string const& rule)
{
    return std::invalid_argument("--crisis-lines " + file.string() + ": " + rule);
}

/// "☎ <name>: <contact>" with a name and a contact: split at the last ": ", as the client does.
bool is_crisis_line(std::string_view line)
{
    if (!line.starts_with(crisis_lines::mark))
        return false;
    auto const body = line.substr(crisis_lines::mark.size());
    auto const at = body.rfind(": ");
    if (at == std::string_view::npos)
        return false;
    auto const name = body.substr(0, at);
    auto const contact = body.substr(at + 2);
    return name.find_first_not_of(" \t") != std::string_view::npos &&
           contact.find_first_not_of(" \t") != std::string_view::npos;
}

} // namespace

crisis_lines::crisis_lines(std::filesystem::path const& file)
{
    if (file.empty())
        return;
    // A directory opens as a stream too, and then reads as nothing.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw refusal(file, "the file cannot be read (no such file, or not a regular file)");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw refusal(file, "the file cannot be read");
    // One byte past the limit is enough to know it is too large.
    std::string content(max_bytes + 1, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    if (in.bad())
        throw refusal(file, "the file cannot be read");
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > max_bytes)
        throw refusal(file, "the file is larger than " + std::to_string(max_bytes) + " bytes");
    if (!protocol::is_valid_utf8(content))
        throw refusal(file, "the file is not UTF-8");

    std::size_t number = 0;
    std::size_t start = 0;
    while (start < content.size())
    {
        auto end = content.find('\n', start);
        if (end == std::string::npos)
            end = content.size();
        auto line = std::string_view(content).substr(start, end - start);
        start = end + 1;
        ++number;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.starts_with('#'))
            continue;
        if (!is_crisis_line(line))
            throw refusal(file, "line " + std::to_string(number) +
                                    " is not \"\u260e <name>: <number or address>\" (nor blank, "
                                    "nor a # comment)");
        text_.append(line).push_back('\n');
    }
    if (text_.empty())
        throw refusal(file, "the file has no \"\u260e <name>: <number or address>\" line");
}

} // namespace sirkel
