#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace yishi::storage {

/// Creates this connection's TEMP triggers: every insert, update and delete of every table is
/// appended to change_log with the full row. Only yishi creates them, so a change made through
/// another program leaves no entry, and verify_history() finds it. Each entry names `operator_name`
/// (--as), else the village's operator (village.toml), else `fallback` (the login name).
void attach_history(SQLite::Database& db, const std::string& operator_name, const std::string& fallback,
                    const std::string& at);

/// Drops this connection's history triggers, for a command that brings a history of its own and copies
/// it as it is (import village). Nothing it writes afterwards is logged.
void detach_history(SQLite::Database& db);

/// Chains the entries not yet chained: each carries the SHA-256 of the one before and of its own
/// content. Called before every commit.
void chain_history(SQLite::Database& db);

/// The hash of the last chained entry ("" for an empty log).
std::string chain_head(SQLite::Database& db);

/// Records every row that exists now as a snapshot entry: when history starts on an old database, or
/// (with `tables`) when a migration changes the shape of those tables' rows.
void snapshot_history(SQLite::Database& db, const std::string& at, const std::vector<std::string>& tables = {});

/// Logs the rows a bulk import inserts into `tables` without the per-row triggers: while it lives, the
/// insert triggers of those tables are set aside (they are TEMP, so only this connection sees it),
/// and inserted() writes each row's entry, already chained. The entries are the ones the triggers
/// would write (the same JSON, produced by SQLite's json_object), so verify_history() cannot tell
/// them apart. On a connection without the history (attach_history not called) it logs nothing.
class BulkHistory {
public:
  BulkHistory(SQLite::Database& db, const std::vector<std::string>& tables);
  ~BulkHistory();
  BulkHistory(const BulkHistory&) = delete;
  BulkHistory& operator=(const BulkHistory&) = delete;

  /// A column's value as the caller inserted it: NULL, an integer or text.
  using Value = std::variant<std::nullptr_t, int64_t, std::string_view>;

  /// Logs the row of `table` (one of the tables given) with this rowid. `values` are the columns the
  /// INSERT gave; the others hold their declared defaults. The entry's JSON is built here, as
  /// SQLite's json_object writes it; the first row of each table (and every 1,000th) is checked
  /// against json_object itself, and a table whose JSON ever differs is read back from SQLite.
  void inserted(const std::string& table, long row_id, const std::vector<std::pair<std::string_view, Value>>& values);

private:
  struct Table {
    std::string name;
    std::unique_ptr<SQLite::Statement> row; // the row as the history records it (json_object)
    std::vector<std::string> columns;
    std::vector<std::string> defaults; // each column's default as JSON ("null", "0", "\"standard\"")
    bool defaults_known = true;        // false: a default this code does not read
    long written = 0;
    bool from_sqlite = false;
  };
  std::string row_content(Table& table, long row_id);
  SQLite::Database& m_db;
  std::vector<Table> m_tables;
  std::vector<std::string> m_triggers; // the CREATE statements of the triggers set aside
  std::unique_ptr<SQLite::Statement> m_insert;
  std::string m_at;
  std::string m_operator;
  std::string m_prev;
  long m_next_id = 0;
};

/// Something the log and the tables disagree on, naming the record.
struct Tamper {
  std::string table;
  long row = 0;
  std::string what; // "changed outside yishi", "deleted outside yishi", ...
  std::string detail;
};

/// Recomputes the chain and replays the log against the tables.
std::vector<Tamper> verify_history(SQLite::Database& db);

/// A string as SQLite's json_object writes it (quoted, escaped), as the history's entries hold it.
std::string json_text(std::string_view text);

/// SHA-256 as lower-case hex.
std::string sha256_hex(const std::string& data);

} // namespace yishi::storage
