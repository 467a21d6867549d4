// A write transaction that rolls back unless committed, so every early return or exception
// leaves the database as it was.
#pragma once

struct sqlite3;

namespace sirkel
{

class sqlite_transaction
{
public:
    /** BEGIN IMMEDIATE: take the write lock up front, so what the transaction reads still holds
        when it writes, even with another process (the admin shell) on the same file.
        @throws store_error if the lock cannot be had within the busy timeout.
    */
    explicit sqlite_transaction(sqlite3* db);
    /// Roll back if commit() has not succeeded.
    ~sqlite_transaction();
    sqlite_transaction(sqlite_transaction const&) = delete;
    sqlite_transaction& operator=(sqlite_transaction const&) = delete;

    /// @throws store_error if the commit fails; the destructor then rolls back.
    void commit();

private:
    sqlite3* db_;
    bool committed_ = false;
};

} // namespace sirkel
