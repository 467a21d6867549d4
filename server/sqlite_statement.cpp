#include "sqlite_statement.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <string>

namespace sirkel
{

void throw_store_error(sqlite3* db, std::string_view what, std::string_view reason)
{
    char const* file = sqlite3_db_filename(db, "main");
    std::string message = file != nullptr ? file : "(unnamed database)";
    message += ": ";
    message += what;
    message += ": ";
    message += reason;
    throw store_error(message);
}

void throw_sqlite_error(sqlite3* db, std::string_view what)
{
    // sqlite3_errmsg names the constraint or the I/O failure, never a bound value.
    throw_store_error(db, what, sqlite3_errmsg(db));
}

namespace
{

int checked_length(sqlite3* db, std::size_t size)
{
    if (size > static_cast<std::size_t>(INT_MAX))
        throw_store_error(db, "bind", "value larger than SQLite accepts");
    return static_cast<int>(size);
}

} // namespace

sqlite_statement::sqlite_statement(sqlite3* db, std::string_view sql) : db_(db)
{
    if (sqlite3_prepare_v2(db_, sql.data(), checked_length(db_, sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
        throw_sqlite_error(db_, "prepare");
}

sqlite_statement::~sqlite_statement()
{
    sqlite3_finalize(stmt_);
}

// In the bind calls the destructor argument nullptr is SQLITE_STATIC (the caller keeps the value
// alive), spelled without the C cast of that macro, which -Wold-style-cast refuses.

sqlite_statement& sqlite_statement::bind(int index, protocol::byte_view value)
{
    // A zero-length blob needs its own call: a null data pointer would bind SQL NULL.
    int const rc = value.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                                 : sqlite3_bind_blob(stmt_, index, value.data(),
                                                     checked_length(db_, value.size()), nullptr);
    if (rc != SQLITE_OK)
        throw_sqlite_error(db_, "bind");
    return *this;
}

sqlite_statement& sqlite_statement::bind(int index, std::string_view value)
{
    if (sqlite3_bind_text(stmt_, index, value.data(), checked_length(db_, value.size()), nullptr) !=
        SQLITE_OK)
        throw_sqlite_error(db_, "bind");
    return *this;
}

sqlite_statement& sqlite_statement::bind(int index, std::int64_t value)
{
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK)
        throw_sqlite_error(db_, "bind");
    return *this;
}

bool sqlite_statement::step()
{
    int const rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throw_sqlite_error(db_, "step");
}

std::int64_t sqlite_statement::column_int64(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

int sqlite_statement::column_int(int column) const
{
    return sqlite3_column_int(stmt_, column);
}

std::string sqlite_statement::column_text(int column) const
{
    // Ask for the text before its length: the conversion may change the byte count.
    auto const* text = sqlite3_column_text(stmt_, column);
    auto const size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    if (text == nullptr)
        return {};
    return {reinterpret_cast<char const*>(text), size};
}

void sqlite_statement::column_blob(int column, std::span<protocol::byte> out) const
{
    auto const* data = static_cast<protocol::byte const*>(sqlite3_column_blob(stmt_, column));
    auto const size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    if (size != out.size() || (size != 0 && data == nullptr))
        throw_store_error(db_, "read", "a stored blob has the wrong length");
    std::copy_n(data, size, out.begin());
}

protocol::bytes sqlite_statement::column_bytes(int column) const
{
    auto const* data = static_cast<protocol::byte const*>(sqlite3_column_blob(stmt_, column));
    auto const size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    if (size == 0 || data == nullptr)
        return {};
    return {data, data + size};
}

void sqlite_statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

} // namespace sirkel
