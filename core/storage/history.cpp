#include "history.hpp"
#include "history_internal.hpp"

#include "core/storage/database.hpp"

#include "core/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <charconv>
#include <dlfcn.h>
#include <map>
#include <memory>
#include <openssl/evp.h>
#include <sqlite3.h>

namespace yishi::storage {
namespace detail {

// json_object('a', X.a, 'b', X.b, ...) for a table's columns.
std::string row_json(SQLite::Database& db, const std::string& table, const std::string& alias) {
  std::string out = "json_object(";
  bool first = true;
  for (const auto& c : table_columns(db, table)) {
    out += fmt::format("{}'{}', {}.\"{}\"", first ? "" : ", ", c, alias, c);
    first = false;
  }
  return out + ")";
}

// What an entry's hash covers, after the hash of the entry before: "\nID\nAT\nOPERATOR\nTABLE\nOP\nROW\nCONTENT".
std::string entry_text(long id, const std::string& at, const std::string& op_name, const std::string& table,
                       const std::string& op, long row, const std::string& content) {
  // Joined by hand: this runs for every entry of a large import.
  std::string out;
  out.reserve(at.size() + op_name.size() + table.size() + op.size() + content.size() + 48);
  out += '\n';
  out += std::to_string(id);
  for (const std::string* part : {&at, &op_name, &table, &op}) {
    out += '\n';
    out += *part;
  }
  out += '\n';
  out += std::to_string(row);
  out += '\n';
  out += content;
  return out;
}

// Who made a change: the operator named for the command (--as), else the village's (read when the entry is
// written, so that init's own entries name the operator its config gives), else the login name. An SQL
// expression over temp.yishi_context, aliased c.
const char* const k_operator_sql = "COALESCE(NULLIF(c.operator, ''), (SELECT NULLIF(v.operator, '') FROM "
                                   "main.village v WHERE v.id = 1), c.fallback)";

// A string as SQLite's json_object writes it: " and \\ escaped, \b \t \n \f \r by name, other control
// characters as \u00XX, everything else (UTF-8 included) as it is.
uint64_t append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  uint64_t controls = 0;
  out += '"';
  // Runs of bytes that need no escape are copied whole: this runs for every column of a large import.
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c > 0x1f && c != '"' && c != '\\') {
      if (c == 0x7f) {
        controls |= uint64_t{1} << 32;
      }
      continue;
    }
    out.append(text.data() + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      continue;
    }
    controls |= uint64_t{1} << c;
    switch (c) {
    case '\b':
      out += "\\b";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
  return controls; // a rarer path: worth checking against SQLite
}

} // namespace detail

using namespace detail;

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

namespace {

// OpenSSL's digest functions, looked up in libcrypto.so.3 the first time something is hashed: loading the
// library (its CPU probing among it) was a tenth of the start of every command, and most commands that only
// read hash nothing. Its SHA-256 is four times libsodium's here, and an import hashes twice a row.
#define YISHI_CRYPTO_FUNCTIONS(X)                                                                                      \
  X(EVP_MD_fetch)                                                                                                      \
  X(EVP_MD_CTX_new)                                                                                                    \
  X(EVP_MD_CTX_free)                                                                                                   \
  X(EVP_DigestInit_ex2)                                                                                                \
  X(EVP_DigestUpdate)                                                                                                  \
  X(EVP_DigestFinal_ex)

struct Libcrypto {
#define YISHI_CRYPTO_MEMBER(name) decltype(&::name) name = nullptr;
  YISHI_CRYPTO_FUNCTIONS(YISHI_CRYPTO_MEMBER)
#undef YISHI_CRYPTO_MEMBER
  EVP_MD* sha256 = nullptr; // fetched once: EVP_sha256() in EVP_Digest looks it up, under a lock, every call
};

const Libcrypto& crypto() {
  static const Libcrypto lib = [] {
    void* handle = ::dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      throw Error(_f("cannot load libcrypto, OpenSSL's library, for SHA-256 ({})", ::dlerror()),
                  _("install it: apt-get install libssl3"));
    }
    Libcrypto l;
    auto find = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(handle, name));
      if (fn == nullptr) {
        throw Error(_f("libcrypto.so.3 has no {}", name), _("install OpenSSL's libssl3 from Debian 12 or later"));
      }
    };
#define YISHI_CRYPTO_FIND(name) find(l.name, #name);
    YISHI_CRYPTO_FUNCTIONS(YISHI_CRYPTO_FIND)
#undef YISHI_CRYPTO_FIND
    l.sha256 = l.EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (l.sha256 == nullptr) {
      throw Error(_("SHA-256 failed"));
    }
    return l;
  }();
  return lib;
}

} // namespace

std::string sha256_bytes(std::string_view data) {
  const Libcrypto& c = crypto();
  // One context a thread, kept: a new one for each of a large import's two hashes a row cost as much again.
  thread_local const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(c.EVP_MD_CTX_new(), c.EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (ctx == nullptr || c.EVP_DigestInit_ex2(ctx.get(), c.sha256, nullptr) != 1 ||
      c.EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      c.EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
    throw Error(_("SHA-256 failed"));
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    hex[2 * i] = digits[b >> 4];
    hex[2 * i + 1] = digits[b & 0xF];
  }
  return hex;
}

std::string from_hex(std::string_view hex) {
  auto value = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  std::string out;
  if (hex.size() % 2 != 0) {
    return out;
  }
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = value(hex[i]);
    int lo = value(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return {};
    }
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  return to_hex(sha256_bytes(data));
}

namespace {

void sql_sha256(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const int size = sqlite3_value_bytes(argv[0]);
  try {
    const std::string digest = sha256_bytes(std::string_view(text == nullptr ? "" : text, static_cast<size_t>(size)));
    sqlite3_result_blob(context, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {
    sqlite3_result_error(context, e.what(), -1);
  }
}

} // namespace

namespace detail {

// What an entry's hash covers: the hash before it (32 bytes), "\nID\nAT\nOPERATOR\nNOTE\nTABLE\nOP\nROW\nCHANGE\n"
// (AT, OPERATOR and NOTE its command's, from history_batch), and the row's hash (32 bytes): the new row for an
// insert, an update and a snapshot, the deleted one for a delete.
std::string chain_hash(std::string_view prev, long id, const Batch& batch, std::string_view table, int op, long row,
                       std::string_view change, std::string_view row_hash) {
  std::string text;
  text.reserve(prev.size() + batch.at.size() + batch.operator_name.size() + batch.note.size() + table.size() +
               change.size() + row_hash.size() + 48);
  text += prev;
  text += '\n';
  text += std::to_string(id);
  for (std::string_view part : {std::string_view(batch.at), std::string_view(batch.operator_name),
                                std::string_view(batch.note), table, std::string_view(k_ops[op])}) {
    text += '\n';
    text += part;
  }
  text += '\n';
  text += std::to_string(row);
  text += '\n';
  text += change;
  text += '\n';
  text += row_hash;
  return sha256_bytes(text);
}

} // namespace detail

std::string chain_hash_of(std::string_view prev, const ChainEntry& e, const ChainBatch& batch) {
  return chain_hash(prev, e.id, Batch{batch.at, batch.operator_name, batch.note}, e.table, e.op, e.row,
                    e.change.value_or(""), e.row_hash);
}

std::pair<long, std::string> history_head(SQLite::Database& db) {
  Head h = read_head(db);
  return {h.entry, h.hash};
}

std::vector<std::optional<std::string>> row_contents(SQLite::Database& db,
                                                     const std::vector<std::pair<std::string, long>>& rows) {
  std::map<std::string, std::unique_ptr<SQLite::Statement>> by_table;
  std::vector<std::optional<std::string>> out;
  out.reserve(rows.size());
  for (const auto& [table, row] : rows) {
    auto& q = by_table[table];
    if (!q) {
      q = std::make_unique<SQLite::Statement>(
          db, fmt::format("SELECT {} FROM main.\"{}\" AS r WHERE rowid = ?", row_json(db, table, "r"), table));
    }
    q->bind(1, static_cast<int64_t>(row));
    out.push_back(q->executeStep() ? std::optional<std::string>(q->getColumn(0).getString()) : std::nullopt);
    q->reset();
  }
  return out;
}

namespace detail {

long add_batch(SQLite::Database& db, const Batch& b) {
  SQLite::Statement batch(db, "INSERT INTO main.history_batch (at, operator, note) VALUES (?, ?, ?)");
  batch.bind(1, b.at);
  batch.bind(2, b.operator_name);
  batch.bind(3, b.note);
  batch.exec();
  return db.getLastInsertRowid();
}

bool has_table(SQLite::Database& db, const char* name) {
  SQLite::Statement q(db, "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(1, name);
  return q.executeStep();
}

// The table's number in history_table, added on first use.
long table_code(SQLite::Database& db, const std::string& table) {
  SQLite::Statement find(db, "SELECT id FROM main.history_table WHERE name = ?");
  find.bind(1, table);
  if (find.executeStep()) {
    return find.getColumn(0).getInt64();
  }
  // Another process may add it at the same moment: whichever is first, both read the same number.
  SQLite::Statement add(db, "INSERT OR IGNORE INTO main.history_table (name) VALUES (?)");
  add.bind(1, table);
  add.exec();
  find.reset();
  find.executeStep();
  return find.getColumn(0).getInt64();
}

std::map<long, std::string> table_names(SQLite::Database& db) {
  std::map<long, std::string> out;
  SQLite::Statement q(db, "SELECT id, name FROM main.history_table");
  while (q.executeStep()) {
    out[q.getColumn(0).getInt64()] = q.getColumn(1).getString();
  }
  return out;
}

// {"a": [OLD.a, NEW.a], ...} for the columns an update changed.
std::string changed_columns_json(SQLite::Database& db, const std::string& table) {
  std::string terms;
  for (const auto& c : table_columns(db, table)) {
    terms +=
        fmt::format("{}SELECT '{}' AS k, json_array(OLD.\"{}\", NEW.\"{}\") AS v WHERE OLD.\"{}\" IS NOT NEW.\"{}\"",
                    terms.empty() ? "" : " UNION ALL ", c, c, c, c, c);
  }
  return "(SELECT json_group_object(k, json(v)) FROM (" + terms + "))";
}

Head read_head(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT entry, hash, genesis FROM main.history_head WHERE id = 1");
  Head h;
  if (q.executeStep()) {
    h.entry = q.getColumn(0).getInt64();
    h.hash = q.getColumn(1).getString();
    h.genesis = q.getColumn(2).getString();
  } else {
    h.hash = h.genesis = std::string(32, '\0');
  }
  return h;
}

void write_head(SQLite::Database& db, long entry, const std::string& hash) {
  SQLite::Statement q(db, "UPDATE main.history_head SET entry = ?, hash = ? WHERE id = 1");
  q.bind(1, static_cast<int64_t>(entry));
  q.bind(2, hash.data(), static_cast<int>(hash.size()));
  q.exec();
}

// Chains the entries after the head as one batch made at `at` by `who`.
void chain_pending(SQLite::Database& db, const Batch& made) {
  Head head = read_head(db);
  SQLite::Statement any(db, "SELECT 1 FROM main.history WHERE id > ? LIMIT 1");
  any.bind(1, static_cast<int64_t>(head.entry));
  if (!any.executeStep()) {
    return;
  }
  const long batch_id = add_batch(db, made);
  const auto names = table_names(db);
  struct Entry {
    long id, tbl;
    int op;
    long row;
    std::string change, row_hash;
  };
  constexpr int k_batch = 10000; // a batch in memory at a time, not the whole of a large import
  std::vector<Entry> pending;
  SQLite::Statement q(db, fmt::format("SELECT id, tbl, op, row_id, COALESCE(change, ''), hash FROM main.history "
                                      "WHERE id > ? ORDER BY id LIMIT {}",
                                      k_batch));
  SQLite::Statement u(db, "UPDATE main.history SET batch = ?, hash = ? WHERE id = ?");
  std::string prev = head.hash;
  long after = head.entry;
  do {
    pending.clear();
    q.bind(1, static_cast<int64_t>(after));
    while (q.executeStep()) {
      pending.push_back(Entry{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt(),
                              q.getColumn(3).getInt64(), q.getColumn(4).getString(), q.getColumn(5).getString()});
    }
    q.reset();
    for (const auto& e : pending) {
      const auto name = names.find(e.tbl);
      std::string hash =
          chain_hash(prev, e.id, made, name == names.end() ? "" : name->second, e.op, e.row, e.change, e.row_hash);
      u.bind(1, static_cast<int64_t>(batch_id));
      u.bind(2, hash.data(), static_cast<int>(hash.size()));
      u.bind(3, static_cast<int64_t>(e.id));
      u.exec();
      u.reset();
      prev = std::move(hash);
      after = e.id;
    }
  } while (pending.size() == k_batch);
  write_head(db, after, prev);
}

// ---- The first history (change_log, then history_v1): hex hashes, whole rows. ----

void v1_chain(SQLite::Database& db) {
  std::string prev;
  long after = 0;
  SQLite::Statement head(db, "SELECT id, hash FROM change_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (head.executeStep()) {
    after = head.getColumn(0).getInt64();
    prev = head.getColumn(1).getString();
  }
  SQLite::Statement q(db, "SELECT id, at, operator, tbl, op, row_id, COALESCE(content, '') FROM change_log "
                          "WHERE hash IS NULL AND id > ? ORDER BY id");
  q.bind(1, static_cast<int64_t>(after));
  std::vector<std::pair<long, std::string>> pending;
  while (q.executeStep()) {
    pending.emplace_back(q.getColumn(0).getInt64(),
                         entry_text(q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                    q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                                    q.getColumn(6).getString()));
  }
  SQLite::Statement u(db, "UPDATE change_log SET prev = ?, hash = ? WHERE id = ?");
  for (const auto& [id, text] : pending) {
    std::string hash = sha256_hex(prev + text);
    u.bind(1, prev);
    u.bind(2, hash);
    u.bind(3, static_cast<int64_t>(id));
    u.exec();
    u.reset();
    prev = hash;
  }
}

} // namespace detail

void register_history_functions(SQLite::Database& db) {
  sqlite3_create_function_v2(db.getHandle(), "yishi_sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, sql_sha256,
                             nullptr, nullptr, nullptr);
}

void detail::attach_history(SQLite::Database& db, const std::string& operator_name, const std::string& fallback,
                    const std::string& at) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS yishi_context (at TEXT NOT NULL, operator TEXT NOT NULL, "
          "fallback TEXT NOT NULL)");
  db.exec("DELETE FROM temp.yishi_context");
  SQLite::Statement c(db, "INSERT INTO temp.yishi_context (at, operator, fallback) VALUES (?, ?, ?)");
  c.bind(1, at);
  c.bind(2, operator_name);
  c.bind(3, fallback);
  c.exec();
  for (const auto& t : record_tables(db)) {
    SQLite::Statement exists(db, "SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?");
    exists.bind(1, "yishi_log_" + t + "_i");
    if (exists.executeStep()) {
      continue;
    }
    const long code = table_code(db, t);
    const std::string head = fmt::format("INSERT INTO history (tbl, op, row_id, change, hash) VALUES ({}, ", code);
    db.exec(fmt::format("CREATE TEMP TRIGGER yishi_log_{0}_i AFTER INSERT ON main.\"{0}\" BEGIN {1}"
                        "{2}, NEW.rowid, NULL, yishi_sha256({3})); END",
                        t, head, k_insert, row_json(db, t, "NEW")));
    db.exec(fmt::format("CREATE TEMP TRIGGER yishi_log_{0}_u AFTER UPDATE ON main.\"{0}\" BEGIN {1}"
                        "{2}, NEW.rowid, {3}, yishi_sha256({4})); END",
                        t, head, k_update, changed_columns_json(db, t), row_json(db, t, "NEW")));
    db.exec(fmt::format("CREATE TEMP TRIGGER yishi_log_{0}_d AFTER DELETE ON main.\"{0}\" BEGIN {1}"
                        "{2}, OLD.rowid, {3}, yishi_sha256({3})); END",
                        t, head, k_delete, row_json(db, t, "OLD")));
  }
}

void detach_history(SQLite::Database& db) {
  std::vector<std::string> triggers;
  SQLite::Statement q(db, "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'yishi_log_%'");
  while (q.executeStep()) {
    triggers.push_back(q.getColumn(0).getString());
  }
  for (const auto& t : triggers) {
    db.exec(fmt::format("DROP TRIGGER temp.\"{}\"", t));
  }
}

void detail::chain_history(SQLite::Database& db) {
  SQLite::Statement who(db, fmt::format("SELECT c.at, {} FROM temp.yishi_context c", k_operator_sql));
  if (!who.executeStep()) {
    throw Error("chain_history: the history is not attached to this connection");
  }
  chain_pending(db, Batch{who.getColumn(0).getString(), who.getColumn(1).getString(), ""});
}

std::string chain_head(SQLite::Database& db) {
  Head h = read_head(db);
  if (h.entry == 0 && h.hash == std::string(32, '\0')) {
    return "";
  }
  // The head of the first history is hex text already (history_v1), and the genesis is that head.
  return h.entry == 0 && has_table(db, "history_v1") ? std::string(h.hash) : to_hex(h.hash);
}

bool is_chain_hash(SQLite::Database& db, const std::string& hex) {
  if (has_table(db, "history_v1")) {
    SQLite::Statement old(db, "SELECT 1 FROM history_v1 WHERE hash = ? LIMIT 1");
    old.bind(1, hex);
    if (old.executeStep()) {
      return true;
    }
  }
  const std::string bytes = from_hex(hex);
  if (bytes.size() != 32) {
    return false;
  }
  SQLite::Statement q(db, "SELECT 1 FROM main.history WHERE hash = ? AND id <= (SELECT entry FROM history_head) "
                          "LIMIT 1");
  q.bind(1, bytes.data(), static_cast<int>(bytes.size()));
  return q.executeStep();
}

namespace v1 {
void snapshot(SQLite::Database& db, const std::string& at, const std::vector<std::string>& tables) {
  for (const auto& t : tables.empty() ? record_tables(db) : tables) {
    SQLite::Statement q(db, fmt::format("INSERT INTO main.change_log (at, operator, tbl, op, row_id, content) "
                                        "SELECT ?, 'yishi', '{0}', 'snapshot', rowid, {1} FROM main.\"{0}\" AS r",
                                        t, row_json(db, t, "r")));
    q.bind(1, at);
    q.exec();
  }
  v1_chain(db);
}
} // namespace v1

void start_compact_history(SQLite::Database& db) {
  std::string old_head;
  auto findings = v1_verify(db, "history_v1", true, &old_head);
  if (!findings.empty()) {
    const auto& f = findings.front();
    throw Error(_f("the history does not verify ({} finding(s), the first: {} row {}, {}): it is not carried into "
                   "the compact form",
                   findings.size(), f.table, f.row, f.what),
                _("keep this file as evidence; restore the latest backup that verifies, with the yishi that wrote it"));
  }
  // The new chain continues the old one: its genesis is the old head (as text, the way notices recorded it).
  const std::string genesis = old_head.empty() ? std::string(32, '\0') : old_head;
  for (const auto& t : record_tables(db)) {
    table_code(db, t); // numbered here, so that attaching the history writes nothing
  }
  SQLite::Statement head(db, "INSERT INTO history_head (id, entry, hash, genesis) VALUES (1, 0, ?, ?)");
  head.bind(1, genesis.data(), static_cast<int>(genesis.size()));
  head.bind(2, genesis.data(), static_cast<int>(genesis.size()));
  head.exec();
  if (old_head.empty()) {
    db.exec("DROP TABLE history_v1"); // a new database: nothing was ever recorded the first way
    return;
  }
  // Entry numbers go on from the old log's, so that `yishi log` reads as one history.
  const long last = db.execAndGet("SELECT COALESCE(max(id), 0) FROM history_v1").getInt64();
  bool first = true;
  for (const auto& t : record_tables(db)) {
    const long code = table_code(db, t);
    SQLite::Statement q(db, fmt::format("INSERT INTO main.history (id, tbl, op, row_id, change, hash) "
                                        "SELECT {}, {}, {}, rowid, NULL, yishi_sha256({}) FROM main.\"{}\" AS r",
                                        first ? fmt::format("{} + row_number() OVER (ORDER BY rowid)", last) : "NULL",
                                        code, k_snapshot, row_json(db, t, "r"), t));
    q.exec();
    first = first && q.getChanges() == 0;
  }
  chain_pending(db, Batch{"migration", "yishi", "the compact history starts: a snapshot of every row"});
}

void snapshot_rows(SQLite::Database& db, const std::string& table, const std::string& note) {
  const long code = table_code(db, table);
  SQLite::Statement q(db, fmt::format("INSERT INTO main.history (tbl, op, row_id, change, hash) "
                                      "SELECT {}, {}, rowid, NULL, yishi_sha256({}) FROM main.\"{}\" AS r ORDER BY rowid",
                                      code, k_snapshot, row_json(db, table, "r"), table));
  if (q.exec() > 0) {
    chain_pending(db, Batch{"migration", "yishi", note});
  }
}

std::vector<LogEntry> history_log(SQLite::Database& db, std::optional<long> proposal_id, std::optional<long> session_id,
                                  int limit) {
  // The rows that belong to the proposal (or session): its own, and those of the tables that refer to it.
  std::string where = "1 = 1";
  if (proposal_id || session_id) {
    const std::string own = proposal_id ? "proposal" : "session";
    const std::string column = own + "_id";
    const long id = proposal_id ? *proposal_id : *session_id;
    db.exec("CREATE TEMP TABLE IF NOT EXISTS yishi_log_rows (tbl TEXT NOT NULL, row_id INTEGER NOT NULL)");
    db.exec("DELETE FROM temp.yishi_log_rows");
    SQLite::Statement self(db, "INSERT INTO temp.yishi_log_rows VALUES (?, ?)");
    self.bind(1, own);
    self.bind(2, static_cast<int64_t>(id));
    self.exec();
    for (const auto& t : record_tables(db)) {
      const auto cols = table_columns(db, t);
      if (std::find(cols.begin(), cols.end(), column) != cols.end()) {
        SQLite::Statement q(db, fmt::format("INSERT INTO temp.yishi_log_rows SELECT '{0}', rowid FROM main.\"{0}\" "
                                            "WHERE \"{1}\" = ?",
                                            t, column));
        q.bind(1, static_cast<int64_t>(id));
        q.exec();
      }
    }
    where = fmt::format("(e.tbl, e.row_id) IN (SELECT tbl, row_id FROM temp.yishi_log_rows) OR "
                        "(e.op = 'delete' AND json_extract(e.change, '$.{}') = {})",
                        column, id);
  }
  std::string entries =
      "SELECT h.id, COALESCE(b.at, ''), COALESCE(b.operator, ''), t.name AS tbl, "
      "CASE h.op WHEN 0 THEN 'insert' WHEN 1 THEN 'update' WHEN 2 THEN 'delete' ELSE 'snapshot' END "
      "AS op, h.row_id, COALESCE(h.change, b.note, '') AS change, lower(hex(h.hash)) FROM main.history h "
      "JOIN main.history_table t ON t.id = h.tbl LEFT JOIN main.history_batch b ON b.id = h.batch";
  if (has_table(db, "history_v1")) {
    entries += " UNION ALL SELECT id, at, operator, tbl, op, row_id, COALESCE(content, ''), COALESCE(hash, '') "
               "FROM history_v1";
  }
  SQLite::Statement q(db, fmt::format("SELECT * FROM ({}) e WHERE {} ORDER BY 1 DESC LIMIT ?", entries, where));
  q.bind(1, limit);
  std::vector<LogEntry> out;
  while (q.executeStep()) {
    LogEntry e{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
               q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
               q.getColumn(6).getString(), q.getColumn(7).getString()};
    if (e.op == "update") {
      // {"status":["collected","accepted"]} → status: "collected" → "accepted"
      if (auto changes = parse_raw_object(e.change)) {
        std::string said;
        for (const auto& [column, pair] : *changes) {
          size_t i = 1;
          std::string_view old_value = raw_value(pair, i);
          ++i;
          std::string_view new_value = raw_value(pair, i);
          said += fmt::format("{}{}: {} → {}", said.empty() ? "" : "; ", column, old_value, new_value);
        }
        e.change = said;
      }
    }
    out.push_back(std::move(e));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<std::string> history_tables(SQLite::Database& db) {
  std::vector<std::string> out = {"history_table", "history_batch", "history", "history_head"};
  if (has_table(db, "history_v1")) {
    out.emplace_back("history_v1");
  }
  return out;
}

std::vector<std::string> clear_history_for_copy(SQLite::Database& db, bool first_form) {
  for (const char* t : {"history", "history_batch", "history_table", "history_head"}) {
    db.exec(fmt::format("DELETE FROM main.\"{}\"", t));
  }
  if (first_form) {
    // As schema step 7 made it (change_log), before step 13 renamed it.
    db.exec("CREATE TABLE IF NOT EXISTS history_v1 (id INTEGER PRIMARY KEY, at TEXT NOT NULL, operator TEXT NOT NULL, "
            "tbl TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'snapshot')), "
            "row_id INTEGER NOT NULL, content TEXT, prev TEXT, hash TEXT)");
  }
  return history_tables(db);
}

long history_size(SQLite::Database& db) {
  long n = db.execAndGet("SELECT count(*) FROM main.history").getInt64();
  if (has_table(db, "history_v1")) {
    n += db.execAndGet("SELECT count(*) FROM history_v1").getInt64();
  }
  return n;
}

BulkHistory::BulkHistory(SQLite::Database& db, const std::vector<std::string>& tables, const std::string& note)
    : m_db(db) {
  SQLite::Statement context(db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND "
                                "name = 'yishi_context'");
  context.executeStep();
  if (context.getColumn(0).getInt() == 0) {
    return; // no history on this connection
  }
  chain_history(db); // entries already written are chained first: ours follow the head
  Head head = read_head(db);
  m_prev = head.hash;
  m_next_id = head.entry + 1;
  // The time and the operator, as the triggers take them, in a batch of the import's own.
  SQLite::Statement who(db, fmt::format("SELECT c.at, {} FROM temp.yishi_context c", k_operator_sql));
  who.executeStep();
  m_made = std::make_unique<Batch>(Batch{who.getColumn(0).getString(), who.getColumn(1).getString(), note});
  m_batch = add_batch(db, *m_made);
  for (const auto& t : tables) {
    SQLite::Statement trigger(db, "SELECT sql FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?");
    trigger.bind(1, "yishi_log_" + t + "_i");
    if (trigger.executeStep()) {
      // temp.sqlite_master keeps it as "CREATE TRIGGER ...": made again as it was, a TEMP trigger.
      std::string sql = trigger.getColumn(0).getString();
      if (sql.starts_with("CREATE TRIGGER ")) {
        sql.replace(0, 15, "CREATE TEMP TRIGGER ");
      }
      m_triggers.push_back(std::move(sql));
      db.exec(fmt::format("DROP TRIGGER temp.yishi_log_{}_i", t));
    }
    Table table;
    table.name = t;
    table.code = table_code(db, t);
    table.row = std::make_unique<SQLite::Statement>(
        db, fmt::format("SELECT {} FROM main.\"{}\" AS r WHERE rowid = ?", row_json(db, t, "r"), t));
    SQLite::Statement info(db, "SELECT name, dflt_value FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, t);
    while (info.executeStep()) {
      table.columns.push_back(info.getColumn(0).getString());
      std::string key;
      append_json_string(key, table.columns.back());
      table.keys.push_back(key + ':');
      std::string json = "null";
      if (!info.getColumn(1).isNull()) {
        std::string d = info.getColumn(1).getString();
        if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'' && d.find('\'', 1) == d.size() - 1) {
          json.clear();
          append_json_string(json, std::string_view(d).substr(1, d.size() - 2));
        } else if (!d.empty() && d.size() < 18 && d.find_first_not_of("0123456789") == std::string::npos) {
          json = std::to_string(std::stoll(d));
        } else {
          table.defaults_known = false;
        }
      }
      table.defaults.push_back(json);
    }
    m_tables.push_back(std::move(table));
  }
  m_insert = std::make_unique<SQLite::Statement>(
      db, "INSERT INTO main.history (id, batch, tbl, op, row_id, change, hash) VALUES (?, ?, ?, 0, ?, NULL, ?)");
}

BulkHistory::~BulkHistory() {
  try {
    if (m_insert && m_next_id > 0) {
      write_head(m_db, m_next_id - 1, m_prev); // what chain_history reads next: ours are chained already
    }
  } catch (const std::exception&) {
    // The transaction is being abandoned; the head goes with it.
  }
  for (const auto& sql : m_triggers) {
    try {
      m_db.exec(sql);
    } catch (const std::exception&) {
      // The transaction is being abandoned; the connection (and its TEMP triggers) goes with it.
    }
  }
}

std::string BulkHistory::row_content(Table& table, long row_id) {
  auto& q = *table.row;
  q.bind(1, static_cast<int64_t>(row_id));
  if (!q.executeStep()) {
    q.reset();
    throw Error(fmt::format("BulkHistory: {} row {} does not exist", table.name, row_id));
  }
  std::string content = q.getColumn(0).getString();
  q.reset();
  return content;
}

int BulkHistory::layout(const std::string& table_name, const std::vector<std::string_view>& columns) {
  Layout layout;
  if (!m_insert) {
    m_layouts.push_back(layout);
    return static_cast<int>(m_layouts.size()) - 1;
  }
  auto it = std::find_if(m_tables.begin(), m_tables.end(), [&](const Table& t) { return t.name == table_name; });
  if (it == m_tables.end()) {
    throw Error(fmt::format("BulkHistory: table {} was not named", table_name));
  }
  layout.table = static_cast<size_t>(it - m_tables.begin());
  layout.given = columns.size();
  for (const auto& column : it->columns) {
    auto given = std::find(columns.begin(), columns.end(), column);
    layout.value_of.push_back(given == columns.end() ? -1 : static_cast<int>(given - columns.begin()));
  }
  for (auto c : columns) {
    if (std::find(it->columns.begin(), it->columns.end(), c) == it->columns.end()) {
      throw Error(fmt::format("BulkHistory: table {} has no column {}", table_name, c));
    }
  }
  m_layouts.push_back(std::move(layout));
  return static_cast<int>(m_layouts.size()) - 1;
}

void BulkHistory::inserted(int layout_index, long row_id, const std::vector<Value>& values) {
  if (!m_insert) {
    return;
  }
  const Layout& layout = m_layouts.at(static_cast<size_t>(layout_index));
  Table& t = m_tables[layout.table];
  if (values.size() != layout.given) {
    throw Error(fmt::format("BulkHistory: {} values for the {} columns of an insert into {}", values.size(),
                            layout.given, t.name));
  }
  std::string content;
  if (t.from_sqlite || !t.defaults_known) {
    content = row_content(t, row_id);
  } else {
    // {"column":value,...} in column order: the rowid for the id, the values given, else the default.
    uint64_t controls = 0;
    char number[24];
    auto append_number = [&](int64_t n) {
      auto end = std::to_chars(number, number + sizeof number, n).ptr;
      content.append(number, static_cast<size_t>(end - number));
    };
    content.reserve(512);
    content += '{';
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) {
        content += ',';
      }
      content += t.keys[i];
      if (int v = layout.value_of[i]; v >= 0) {
        const Value& value = values[static_cast<size_t>(v)];
        if (std::holds_alternative<std::nullptr_t>(value)) {
          content += "null";
        } else if (const auto* n = std::get_if<int64_t>(&value)) {
          append_number(*n);
        } else {
          controls |= append_json_string(content, std::get<std::string_view>(value));
        }
      } else if (t.columns[i] == "id") {
        append_number(row_id);
      } else {
        content += t.defaults[i];
      }
    }
    content += '}';
    // Checked against SQLite's own JSON: now and then, and the first time each control character comes.
    if ((controls & ~t.controls_checked) != 0 || t.written % 1000 == 0) {
      std::string sqlite = row_content(t, row_id);
      if (sqlite != content) {
        t.from_sqlite = true; // this SQLite writes JSON otherwise: read every row back from now on
        content = std::move(sqlite);
      } else {
        t.controls_checked |= controls;
      }
    }
  }
  ++t.written;
  std::string hash = chain_hash(m_prev, m_next_id, *m_made, t.name, k_insert, row_id, "", sha256_bytes(content));
  m_insert->bind(1, static_cast<int64_t>(m_next_id));
  m_insert->bind(2, static_cast<int64_t>(m_batch));
  m_insert->bind(3, static_cast<int64_t>(t.code));
  m_insert->bind(4, static_cast<int64_t>(row_id));
  m_insert->bind(5, hash.data(), static_cast<int>(hash.size()));
  m_insert->exec();
  m_insert->reset();
  m_prev = std::move(hash);
  ++m_next_id;
}

} // namespace yishi::storage
