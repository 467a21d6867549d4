#include "sqlite_integrity.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace sirkel::test
{

std::string integrity_check(std::filesystem::path const& file)
{
    sqlite3* raw = nullptr;
    int const opened = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> const db(raw, &sqlite3_close);
    if (opened != SQLITE_OK)
        throw std::runtime_error(
            file.string() + ": open: " + (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_stmt* raw_statement = nullptr;
    if (sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &raw_statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(file.string() + ": integrity_check: " + sqlite3_errmsg(raw));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> const statement(raw_statement,
                                                                               &sqlite3_finalize);
    std::string findings;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(raw_statement)) == SQLITE_ROW)
    {
        if (!findings.empty())
            findings += '\n';
        auto const* text = sqlite3_column_text(raw_statement, 0);
        findings += text != nullptr ? reinterpret_cast<char const*>(text) : "";
    }
    if (step != SQLITE_DONE)
        throw std::runtime_error(file.string() + ": integrity_check: " + sqlite3_errmsg(raw));
    return findings;
}

} // namespace sirkel::test
