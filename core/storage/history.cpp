#include "history.hpp"

#include "core/storage/database.hpp"

#include "core/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

namespace yishi::storage {
namespace {

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
constexpr const char* k_operator_sql = "COALESCE(NULLIF(c.operator, ''), (SELECT NULLIF(v.operator, '') FROM "
                                       "main.village v WHERE v.id = 1), c.fallback)";

// A string as SQLite's json_object writes it: " and \\ escaped, \b \t \n \f \r by name, other control
// characters as \u00XX, everything else (UTF-8 included) as it is.
bool append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  bool control = false;
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c <= 0x1f) {
      control = true;
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
    } else {
      control = control || c == 0x7f;
      out += ch;
    }
  }
  out += '"';
  return control; // a rarer path: worth checking against SQLite
}

} // namespace

std::string json_text(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error(_("SHA-256 failed"));
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex(static_cast<size_t>(length) * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = digits[digest[i] >> 4];
    hex[2 * i + 1] = digits[digest[i] & 0xF];
  }
  return hex;
}

void attach_history(SQLite::Database& db, const std::string& operator_name, const std::string& fallback,
                    const std::string& at) {
  db.exec("CREATE TEMP TABLE IF NOT EXISTS yishi_context (at TEXT NOT NULL, operator TEXT NOT NULL, "
          "fallback TEXT NOT NULL)");
  db.exec("DELETE FROM temp.yishi_context");
  SQLite::Statement c(db, "INSERT INTO temp.yishi_context (at, operator, fallback) VALUES (?, ?, ?)");
  c.bind(1, at);
  c.bind(2, operator_name);
  c.bind(3, fallback);
  c.exec();
  const std::string who = fmt::format("(SELECT {} FROM temp.yishi_context c)", k_operator_sql);
  for (const auto& t : record_tables(db)) {
    std::string head = "INSERT INTO change_log (at, operator, tbl, op, row_id, content) VALUES ("
                       "(SELECT at FROM temp.yishi_context), " +
                       who + ", '" + t + "', ";
    db.exec(fmt::format("CREATE TEMP TRIGGER IF NOT EXISTS yishi_log_{0}_i AFTER INSERT ON main.\"{0}\" BEGIN {1}"
                        "'insert', NEW.rowid, {2}); END",
                        t, head, row_json(db, t, "NEW")));
    db.exec(fmt::format("CREATE TEMP TRIGGER IF NOT EXISTS yishi_log_{0}_u AFTER UPDATE ON main.\"{0}\" BEGIN {1}"
                        "'update', NEW.rowid, {2}); END",
                        t, head, row_json(db, t, "NEW")));
    db.exec(fmt::format("CREATE TEMP TRIGGER IF NOT EXISTS yishi_log_{0}_d AFTER DELETE ON main.\"{0}\" BEGIN {1}"
                        "'delete', OLD.rowid, NULL); END",
                        t, head));
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

void snapshot_history(SQLite::Database& db, const std::string& at, const std::vector<std::string>& tables) {
  for (const auto& t : tables.empty() ? record_tables(db) : tables) {
    SQLite::Statement q(db, fmt::format("INSERT INTO main.change_log (at, operator, tbl, op, row_id, content) "
                                        "SELECT ?, 'yishi', '{0}', 'snapshot', rowid, {1} FROM main.\"{0}\" AS r",
                                        t, row_json(db, t, "r")));
    q.bind(1, at);
    q.exec();
  }
}

std::string chain_head(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT hash FROM change_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
  return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void chain_history(SQLite::Database& db) {
  std::string prev;
  long after = 0;
  SQLite::Statement head(db, "SELECT id, hash FROM change_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (head.executeStep()) {
    after = head.getColumn(0).getInt64();
    prev = head.getColumn(1).getString();
  }
  struct Entry {
    long id;
    std::string text;
  };
  // In batches, so that chaining a large import holds a batch in memory, not the whole log.
  constexpr int batch = 10000;
  std::vector<Entry> pending;
  SQLite::Statement q(db, fmt::format("SELECT id, at, operator, tbl, op, row_id, COALESCE(content, '') FROM change_log "
                                      "WHERE hash IS NULL AND id > ? ORDER BY id LIMIT {}",
                                      batch));
  SQLite::Statement u(db, "UPDATE change_log SET prev = ?, hash = ? WHERE id = ?");
  do {
    pending.clear();
    q.bind(1, static_cast<int64_t>(after));
    while (q.executeStep()) {
      pending.push_back(Entry{q.getColumn(0).getInt64(), ""});
      pending.back().text = entry_text(
          q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
          q.getColumn(4).getString(), q.getColumn(5).getInt64(), q.getColumn(6).getString());
    }
    q.reset();
    for (const auto& e : pending) {
      std::string hash = sha256_hex(prev + e.text);
      u.bind(1, prev);
      u.bind(2, hash);
      u.bind(3, static_cast<int64_t>(e.id));
      u.exec();
      u.reset();
      prev = hash;
      after = e.id;
    }
  } while (pending.size() == batch);
}

BulkHistory::BulkHistory(SQLite::Database& db, const std::vector<std::string>& tables) : m_db(db) {
  SQLite::Statement context(db, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'table' AND "
                                "name = 'yishi_context'");
  context.executeStep();
  if (context.getColumn(0).getInt() == 0) {
    return; // no history on this connection
  }
  chain_history(db); // entries already written are chained first: ours follow the head
  SQLite::Statement head(db, "SELECT COALESCE(max(id), 0) + 1 FROM change_log");
  head.executeStep();
  m_next_id = head.getColumn(0).getInt64();
  m_prev = chain_head(db);
  // The time and the operator, as the triggers take them.
  SQLite::Statement who(db, fmt::format("SELECT c.at, {} FROM temp.yishi_context c", k_operator_sql));
  who.executeStep();
  m_at = who.getColumn(0).getString();
  m_operator = who.getColumn(1).getString();
  for (const auto& t : tables) {
    SQLite::Statement trigger(db, "SELECT sql FROM temp.sqlite_master WHERE type = 'trigger' AND name = ?");
    trigger.bind(1, "yishi_log_" + t + "_i");
    if (trigger.executeStep()) {
      m_triggers.push_back(trigger.getColumn(0).getString());
      db.exec(fmt::format("DROP TRIGGER temp.yishi_log_{}_i", t));
    }
    Table table;
    table.name = t;
    table.row = std::make_unique<SQLite::Statement>(
        db, fmt::format("SELECT {} FROM main.\"{}\" AS r WHERE rowid = ?", row_json(db, t, "r"), t));
    SQLite::Statement info(db, "SELECT name, dflt_value FROM pragma_table_info(?) ORDER BY cid");
    info.bind(1, t);
    while (info.executeStep()) {
      table.columns.push_back(info.getColumn(0).getString());
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
      db, "INSERT INTO change_log (id, at, operator, tbl, op, row_id, content, prev, hash) "
          "VALUES (?, ?, ?, ?, 'insert', ?, ?, ?, ?)");
}

BulkHistory::~BulkHistory() {
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

void BulkHistory::inserted(const std::string& table_name, long row_id,
                           const std::vector<std::pair<std::string_view, Value>>& values) {
  if (!m_insert) {
    return;
  }
  auto it = std::find_if(m_tables.begin(), m_tables.end(), [&](const Table& t) { return t.name == table_name; });
  if (it == m_tables.end()) {
    throw Error(fmt::format("BulkHistory: table {} was not named", table_name));
  }
  Table& t = *it;
  std::string content;
  if (t.from_sqlite || !t.defaults_known) {
    content = row_content(t, row_id);
  } else {
    // {"column":value,...} in column order: the rowid for the id, the values given, else the default.
    bool unusual = false;
    content.reserve(512);
    content += '{';
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const std::string& column = t.columns[i];
      if (i > 0) {
        content += ',';
      }
      append_json_string(content, column);
      content += ':';
      auto given = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == column; });
      if (given != values.end()) {
        if (std::holds_alternative<std::nullptr_t>(given->second)) {
          content += "null";
        } else if (const auto* n = std::get_if<int64_t>(&given->second)) {
          content += std::to_string(*n);
        } else {
          unusual = append_json_string(content, std::get<std::string_view>(given->second)) || unusual;
        }
      } else if (column == "id") {
        content += std::to_string(row_id);
      } else {
        content += t.defaults[i];
      }
    }
    content += '}';
    if (unusual || t.written % 1000 == 0) {
      std::string sqlite = row_content(t, row_id);
      if (sqlite != content) {
        t.from_sqlite = true; // this SQLite writes JSON otherwise: read every row back from now on
        content = std::move(sqlite);
      }
    }
  }
  ++t.written;
  std::string hash =
      sha256_hex(m_prev + entry_text(m_next_id, m_at, m_operator, table_name, "insert", row_id, content));
  m_insert->bind(1, static_cast<int64_t>(m_next_id));
  m_insert->bind(2, m_at);
  m_insert->bind(3, m_operator);
  m_insert->bind(4, table_name);
  m_insert->bind(5, static_cast<int64_t>(row_id));
  m_insert->bindNoCopy(6, content);
  m_insert->bind(7, m_prev);
  m_insert->bind(8, hash);
  m_insert->exec();
  m_insert->reset();
  m_prev = std::move(hash);
  ++m_next_id;
}

std::vector<Tamper> verify_history(SQLite::Database& db) {
  std::vector<Tamper> out;
  std::map<std::pair<std::string, long>, std::optional<std::string>> state; // last content; nothing: deleted
  std::string prev;
  SQLite::Statement q(db, "SELECT id, at, operator, tbl, op, row_id, COALESCE(content, ''), prev, hash FROM change_log "
                          "ORDER BY id");
  long expected_id = 0;
  while (q.executeStep()) {
    long id = q.getColumn(0).getInt64();
    std::string table = q.getColumn(3).getString();
    std::string op = q.getColumn(4).getString();
    long row = q.getColumn(5).getInt64();
    std::string content = q.getColumn(6).getString();
    if (expected_id != 0 && id != expected_id + 1) {
      out.push_back(Tamper{"change_log", expected_id + 1, _("entries missing from the log"),
                           _f("entries {} to {} are gone", expected_id + 1, id - 1)});
    }
    expected_id = id;
    if (q.getColumn(8).isNull()) {
      out.push_back(Tamper{"change_log", id, _("entry never chained"), _f("{} row {} ({})", table, row, op)});
    } else {
      std::string hash = sha256_hex(
          prev + entry_text(id, q.getColumn(1).getString(), q.getColumn(2).getString(), table, op, row, content));
      if (q.getColumn(7).getString() != prev || q.getColumn(8).getString() != hash) {
        out.push_back(Tamper{"change_log", id, _("log entry altered"), _f("{} row {} ({})", table, row, op)});
      }
      prev = q.getColumn(8).getString();
    }
    state[{table, row}] = op == "delete" ? std::nullopt : std::optional<std::string>(content);
  }
  for (const auto& t : record_tables(db)) {
    std::map<long, std::string> rows;
    SQLite::Statement r(db, fmt::format("SELECT rowid, {} FROM main.\"{}\" AS r", row_json(db, t, "r"), t));
    while (r.executeStep()) {
      rows[r.getColumn(0).getInt64()] = r.getColumn(1).getString();
    }
    for (const auto& [row, content] : rows) {
      auto it = state.find({t, row});
      if (it == state.end() || !it->second) {
        out.push_back(Tamper{t, row, _("inserted outside yishi"), content});
      } else if (*it->second != content) {
        // Name the fields that differ.
        auto logged = nlohmann::json::parse(*it->second, nullptr, false);
        auto now = nlohmann::json::parse(content, nullptr, false);
        std::string fields;
        for (auto f = now.begin(); now.is_object() && f != now.end(); ++f) {
          if (!logged.is_object() || !logged.contains(f.key()) || logged[f.key()] != f.value()) {
            fields += (fields.empty() ? "" : ", ") + f.key();
          }
        }
        out.push_back(Tamper{t, row, _("changed outside yishi"), _f("fields: {}", fields)});
      }
    }
    for (const auto& [key, content] : state) {
      if (key.first == t && content && rows.count(key.second) == 0) {
        out.push_back(Tamper{t, key.second, _("deleted outside yishi"), *content});
      }
    }
  }
  return out;
}

} // namespace yishi::storage
