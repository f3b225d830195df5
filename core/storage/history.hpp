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

/// Gives the connection the SQL function yishi_sha256(text), the SHA-256 of its text as a 32-byte BLOB, which
/// the history's triggers use. Called for every connection (configure()).
void register_history_functions(SQLite::Database& db);

/// Drops this connection's history triggers, for a command that brings a history of its own and copies
/// it as it is (import village). Nothing it writes afterwards is logged.
void detach_history(SQLite::Database& db);

/// The hash of the last chained entry as hex, or the first history's when the compact one has no entry
/// yet ("" for a database with no history at all).
std::string chain_head(SQLite::Database& db);

/// Whether `hex` is the hash of a chained entry of this database's history (either form): a notice's
/// recorded head is checked against it.
bool is_chain_hash(SQLite::Database& db, const std::string& hex);

/// Schema step 13: the compact history starts from the first history's head with a snapshot of every row.
/// The first history is verified first (chain and tables); if it does not verify, the step fails and the
/// database stays as it was.
void start_compact_history(SQLite::Database& db);

/// A schema step that fills a new table from the records (schema 15: the serials of the notices posted before)
/// records each row it made as a snapshot entry of the compact history, chained as one batch with `note`, so
/// that verify finds every row accounted for. Nothing when the table is empty.
void snapshot_rows(SQLite::Database& db, const std::string& table, const std::string& note);

namespace v1 {
/// The first history (change_log, schema 7 to 12): records every row that exists now as a snapshot entry
/// and chains it, when a migration changes the shape of those tables' rows (all tables when none are named).
void snapshot(SQLite::Database& db, const std::string& at, const std::vector<std::string>& tables = {});
} // namespace v1

/// One entry as `yishi log` shows it.
struct LogEntry {
  long id = 0;
  std::string at, operator_name, table, op;
  long row = 0;
  std::string change; // an update's changes ("status: collected → accepted"), a deleted row, an import's file
  std::string hash;   // hex
};
/// The last `limit` entries, oldest first; with `proposal_id` or `session_id`, those of its rows and of the
/// rows that refer to it (events, votes, notices, ...).
std::vector<LogEntry> history_log(SQLite::Database& db, std::optional<long> proposal_id, std::optional<long> session_id,
                                  int limit);
/// The history's own tables, for a private export: the compact history's and, in a database that had one,
/// the first history (history_v1).
std::vector<std::string> history_tables(SQLite::Database& db);
/// Empties a new database's history so that an export's can be copied in, entry for entry (import village);
/// with `first_form`, makes the first history's table for its entries. Returns the tables to accept.
std::vector<std::string> clear_history_for_copy(SQLite::Database& db, bool first_form);

/// How many entries the history holds (both forms).
long history_size(SQLite::Database& db);

namespace detail {
struct Batch;
}

/// Logs the rows a bulk import inserts into `tables` without the per-row triggers: while it lives, the
/// insert triggers of those tables are set aside (they are TEMP, so only this connection sees it),
/// and inserted() writes each row's entry, already chained, in a batch of its own. The entries are the
/// ones the triggers would write (the row's hash over the JSON SQLite's json_object makes of it), so
/// verify_history() cannot tell them apart. On a connection without the history (a storage::Write not
/// called) it logs nothing.
class BulkHistory {
public:
  /// `note` says where the rows came from ("import proposals.csv"): kept with the batch, in the chain.
  BulkHistory(SQLite::Database& db, const std::vector<std::string>& tables, const std::string& note = {});
  ~BulkHistory();
  BulkHistory(const BulkHistory&) = delete;
  BulkHistory& operator=(const BulkHistory&) = delete;

  /// A column's value as the caller inserted it: NULL, an integer or text.
  using Value = std::variant<std::nullptr_t, int64_t, std::string_view>;

  /// The columns of one INSERT into `table` (one of the tables given), in the order its values come;
  /// what inserted() takes.
  int layout(const std::string& table, const std::vector<std::string_view>& columns);

  /// Logs the row with this rowid, inserted with `values` (one a column of the layout, in its order);
  /// the table's other columns hold their declared defaults. The entry's JSON is built here, as
  /// SQLite's json_object writes it; the first row of each table (and every 1,000th, and the first to
  /// hold each control character) is checked against json_object itself, and a table whose JSON ever
  /// differs is read back from SQLite.
  void inserted(int layout, long row_id, const std::vector<Value>& values);

private:
  struct Table {
    std::string name;
    long code = 0;                          // history_table id
    std::unique_ptr<SQLite::Statement> row; // the row as the history records it (json_object)
    std::vector<std::string> columns;
    std::vector<std::string> keys;     // each column's "\"name\":", as the JSON has it
    std::vector<std::string> defaults; // each column's default as JSON ("null", "0", "\"standard\"")
    bool defaults_known = true;        // false: a default this code does not read
    long written = 0;
    bool from_sqlite = false;
    uint64_t controls_checked = 0; // the control characters (append_json_string's bits) seen to agree
  };
  struct Layout {
    size_t table = 0;
    size_t given = 0;          // how many values an insert gives
    std::vector<int> value_of; // for each column of the table, the index of its value, or -1
  };
  std::string row_content(Table& table, long row_id);
  SQLite::Database& m_db;
  std::vector<Table> m_tables;
  std::vector<Layout> m_layouts;
  std::vector<std::string> m_triggers; // the CREATE statements of the triggers set aside
  std::unique_ptr<SQLite::Statement> m_insert;
  std::unique_ptr<detail::Batch> m_made; // the time, operator and note the entries' hashes cover
  std::string m_prev;   // 32 bytes
  long m_next_id = 0;
  long m_batch = 0;
};

/// Something the log and the tables disagree on, naming the record.
struct Tamper {
  std::string table;
  long row = 0;
  std::string what; // "changed outside yishi", "deleted outside yishi", ...
  std::string detail;
};

/// Recomputes the chain (both forms) and checks every row of every table against the hash its last entry
/// implies, every update's old values against the state before it, and every row against the log.
std::vector<Tamper> verify_history(SQLite::Database& db);

/// One chained entry as the district receives it: its fields, the row's hash its own hash covers, and that hash.
struct ChainEntry {
  long id = 0;
  long batch = 0;
  std::string table;
  int op = 0; // 0 insert, 1 update, 2 delete, 3 snapshot
  long row = 0;
  std::optional<std::string> change; // an update's changes, a deleted row
  std::string row_hash, hash;        // 32 bytes each
};
/// A command's time, operator and note, as its entries' hashes cover them.
struct ChainBatch {
  long id = 0;
  std::string at, operator_name, note;
};
/// The entries after one, with what the district needs to recompute their chain.
struct ChainSince {
  std::string genesis;   // where the chain starts (32 bytes, or a first history's head as hex)
  std::string prev;      // the hash of the entry they follow (the genesis after entry 0)
  long head_entry = 0;   // the last chained entry
  std::string head_hash; // and its hash
  std::vector<ChainEntry> entries;
  std::vector<ChainBatch> batches; // the batches the entries name, in order
};
/// Verifies the whole history and gives the entries after `after`, each with its row's hash. A history that does
/// not verify is an error naming its first finding: nothing is sent that the village's own verify would fail.
ChainSince chain_since(SQLite::Database& db, long after);

/// The last chained entry and its hash (32 bytes), as history_head keeps them: no check of the chain.
std::pair<long, std::string> history_head(SQLite::Database& db);
/// An entry's hash from the hash before it, as verify recomputes it.
std::string chain_hash_of(std::string_view prev, const ChainEntry& entry, const ChainBatch& batch);
/// Rows as the history hashes them (json_object), by table and rowid; nullopt for a row that no longer exists.
std::vector<std::optional<std::string>> row_contents(SQLite::Database& db,
                                                     const std::vector<std::pair<std::string, long>>& rows);

/// A string as SQLite's json_object writes it (quoted, escaped), as the history's entries hold it.
std::string json_text(std::string_view text);

/// SHA-256 as lower-case hex.
std::string sha256_hex(const std::string& data);
/// SHA-256 as 32 bytes.
std::string sha256_bytes(std::string_view data);
/// Bytes as lower-case hex, and back ("" back when `hex` is not an even run of hex digits).
std::string to_hex(std::string_view bytes);
std::string from_hex(std::string_view hex);

} // namespace yishi::storage
