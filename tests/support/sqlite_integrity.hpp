// SQLite's own check of a database file, for the fault tests: after a crash, a full disk or a
// refused write, the file the server leaves must still be whole.
#pragma once

#include <filesystem>
#include <string>

namespace sirkel::test
{

/** PRAGMA integrity_check on file, opened as the server opens it (a WAL left by a killed server
    is recovered first, as the next server would). "ok", or SQLite's findings one per line.
    @throws std::runtime_error if the file cannot be opened or checked.
*/
[[nodiscard]] std::string integrity_check(std::filesystem::path const& file);

} // namespace sirkel::test
