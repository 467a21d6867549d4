#include "sqlite_transaction.hpp"

#include "sqlite_statement.hpp"

#include <sqlite3.h>

namespace sirkel
{

sqlite_transaction::sqlite_transaction(sqlite3* db) : db_(db)
{
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        throw_sqlite_error(db_, "begin transaction");
}

sqlite_transaction::~sqlite_transaction()
{
    // Some errors roll the transaction back on their own; then this ROLLBACK fails harmlessly,
    // and the error that caused it has already been reported.
    if (!committed_)
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void sqlite_transaction::commit()
{
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        throw_sqlite_error(db_, "commit");
    committed_ = true;
}

} // namespace sirkel
