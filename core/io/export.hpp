#pragma once

#include <SQLiteCpp/Database.h>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace yishi {

/// The whole village as JSON Lines: a first line naming the export (schema version, whether personal
/// data is included, the tables), then one line per row, {"table": ..., "row": {...}}: every table of
/// the records (storage::record_tables) in name order and rows in id order, so that the same records always give the
/// same bytes. With include_private the history (change_log) follows, entry for entry; without it phones and ID numbers
/// are masked (in their own columns and in free text) and the history, which holds them whole, stays out.
void export_json(SQLite::Database& db, std::ostream& out, bool include_private);

/// One CSV file per table in `dir` (TABLE.csv, UTF-8, a byte order mark when `bom`), personal data
/// masked unless include_private, and every text cell that a spreadsheet would take for a formula
/// neutralised. Returns the files written.
std::vector<std::filesystem::path> export_csv(SQLite::Database& db, const std::filesystem::path& dir,
                                              bool include_private, bool bom);

/// Loads a JSON export made with include_private into a database that has the schema and no records
/// (the caller's transaction). When the export carries its history, it is copied as it is (the
/// connection's own history triggers are dropped) and must agree with the records, as `verify` checks.
/// Bad input throws DataError naming the file's line. Returns the rows.
long import_village(SQLite::Database& db, const std::filesystem::path& file);

} // namespace yishi
