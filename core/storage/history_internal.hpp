#pragma once

// Inside the history: what history.cpp (writing it) and history_verify.cpp (checking it) share.
#include "core/storage/history.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yishi::storage::detail {

// Only storage::Write (unit_of_work.cpp) attaches and chains: no door writes that sequence by hand.
/// Creates this connection's TEMP triggers: every insert, update and delete of every record table is
/// appended to the history: an insert with the hash of the new row, an update with its changed columns
/// (old and new) and the hash of the row after it, a delete with the row as it was. Only yishi creates them,
/// so a change made through another program leaves no entry, and verify_history() finds it. Each command's
/// entries name `operator_name` (--as), else the village's operator (village.toml), else `fallback` (the
/// login name), and the time `at`.
void attach_history(SQLite::Database& db, const std::string& operator_name, const std::string& fallback,
                    const std::string& at);

/// Chains the entries not yet chained, as one batch (the command's time and operator): each entry's hash
/// becomes the SHA-256 of the one before, its own fields and the row's hash; history_head keeps the last.
/// Called before every commit.
void chain_history(SQLite::Database& db);

/// json_object('a', X.a, 'b', X.b, ...) for a table's columns: the row's content as the history hashes it.
std::string row_json(SQLite::Database& db, const std::string& table, const std::string& alias);
/// Appends a string as SQLite's json_object writes it. Returns the control characters it held, a bit
/// each: bit C for C below 0x20, bit 32 for 0x7F (0 when it held none).
uint64_t append_json_string(std::string& out, std::string_view text);
/// The first history's entry text, after the hash before it.
std::string entry_text(long id, const std::string& at, const std::string& op_name, const std::string& table,
                       const std::string& op, long row, const std::string& content);
/// Who made a change, as an SQL expression over temp.yishi_context (aliased c).
extern const char* const k_operator_sql;

constexpr int k_insert = 0;
constexpr int k_update = 1;
constexpr int k_delete = 2;
constexpr int k_snapshot = 3;
inline constexpr const char* k_ops[] = {"insert", "update", "delete", "snapshot"};

/// A command's time, operator and note (history_batch), as each of its entries' hashes covers them.
struct Batch {
  std::string at, operator_name, note;
};
/// An entry's hash: the hash before it, its fields, its command's batch and the row's hash.
std::string chain_hash(std::string_view prev, long id, const Batch& batch, std::string_view table, int op, long row,
                       std::string_view change, std::string_view row_hash);
long add_batch(SQLite::Database& db, const Batch& b);
bool has_table(SQLite::Database& db, const char* name);
long table_code(SQLite::Database& db, const std::string& table);
std::map<long, std::string> table_names(SQLite::Database& db);

struct Head {
  long entry = 0;
  std::string hash; // 32 bytes
  std::string genesis;
};
Head read_head(SQLite::Database& db);
void write_head(SQLite::Database& db, long entry, const std::string& hash);
/// Chains the entries after the head as one batch.
void chain_pending(SQLite::Database& db, const Batch& made);

/// The first history: chains its unchained entries; its findings (with `replay`, every table against it).
void v1_chain(SQLite::Database& db);
std::vector<Tamper> v1_verify(SQLite::Database& db, const std::string& log, bool replay, std::string* head_out);

/// A row as json_object wrote it, member by member, each value as its raw JSON text.
using RawRow = std::vector<std::pair<std::string, std::string>>;
std::string_view raw_value(std::string_view text, size_t& i);
std::optional<RawRow> parse_raw_object(std::string_view text);
std::string raw_object_text(const RawRow& row);

} // namespace yishi::storage::detail
