// One prepared SQLite statement, finalised on destruction. Values always go in through bind(),
// never into the SQL text, so nothing a client sends can change a query.
#pragma once

#include "store.hpp"

#include "sirkel/protocol/bytes.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sirkel
{

/// Throw a store_error "<file>: <what>: <reason>" for db's main database file.
[[noreturn]] void throw_store_error(sqlite3* db, std::string_view what, std::string_view reason);

/// throw_store_error with SQLite's own reason (sqlite3_errmsg) for the last failed call on db.
[[noreturn]] void throw_sqlite_error(sqlite3* db, std::string_view what);

class sqlite_statement
{
public:
    /// @throws store_error if sql does not compile.
    sqlite_statement(sqlite3* db, std::string_view sql);
    ~sqlite_statement();
    sqlite_statement(sqlite_statement const&) = delete;
    sqlite_statement& operator=(sqlite_statement const&) = delete;

    /** Bind a parameter; index counts from 1 as in SQL's ?1.
        The statement does not copy: a bound blob or text must outlive the last step().
    */
    sqlite_statement& bind(int index, protocol::byte_view value);
    sqlite_statement& bind(int index, std::string_view value);
    sqlite_statement& bind(int index, std::int64_t value);

    /// Advance; true when a row is ready to read, false when the statement has finished.
    /// @throws store_error on any other result (a constraint, a full disk, a busy database).
    [[nodiscard]] bool step();

    [[nodiscard]] std::int64_t column_int64(int column) const;
    [[nodiscard]] int column_int(int column) const;
    [[nodiscard]] std::string column_text(int column) const;

    /// Copy a blob column of exactly out.size() bytes.
    /// @throws store_error if the stored length differs (the schema's CHECKs should prevent it).
    void column_blob(int column, std::span<protocol::byte> out) const;

    /// Copy a blob column of any length.
    [[nodiscard]] protocol::bytes column_bytes(int column) const;

    /// Make the statement ready to bind and step again.
    void reset();

    template <std::size_t N>
    [[nodiscard]] std::array<protocol::byte, N> column_array(int column) const
    {
        std::array<protocol::byte, N> out{};
        column_blob(column, out);
        return out;
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace sirkel
