// The organisation's crisis lines (--crisis-lines): a UTF-8 file of "☎ <name>: <number or
// address>" lines, read and checked once at start and served at GET /crisis-lines. Browsers show
// them where they know no group text yet and offer them to a new group, so an organisation sets
// its own helplines without rebuilding the client.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace sirkel
{

class crisis_lines
{
public:
    /// A crisis line starts with U+260E BLACK TELEPHONE and a space, as in a group's text.
    static constexpr std::string_view mark = "\u260e ";
    /// A few dozen lines at most: more is not a list a person in crisis reads.
    static constexpr std::size_t max_bytes = 4096;

    /** Read file; an empty path configures none (GET /crisis-lines then answers 204 No Content
        and browsers keep their built-in lines).
        Blank lines and lines starting with '#' are skipped; every other line must be
        "☎ <name>: <number or address>".
        @throws std::invalid_argument naming the rule when the file cannot be read, is over
        max_bytes, is not UTF-8, has any other line, or has no crisis line.
    */
    explicit crisis_lines(std::filesystem::path const& file);

    [[nodiscard]] bool configured() const noexcept { return !text_.empty(); }
    /// The crisis lines alone, one a line, each ending in '\n'.
    [[nodiscard]] std::string const& text() const noexcept { return text_; }

private:
    std::string text_;
};

} // namespace sirkel
