#include "history.hpp"
#include "history_internal.hpp"

#include "core/storage/database.hpp"

#include "core/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

// verify_history: the chain recomputed and every row checked against it (history.cpp writes the history).
namespace yishi::storage {
namespace detail {

// The first history's findings: its chain, and (with `replay`) every table against its entries.
std::vector<Tamper> v1_verify(SQLite::Database& db, const std::string& log, bool replay, std::string* head_out) {
  std::vector<Tamper> out;
  std::map<std::pair<std::string, long>, std::optional<std::string>> state; // last content; nothing: deleted
  std::string prev;
  SQLite::Statement q(db, fmt::format("SELECT id, at, operator, tbl, op, row_id, COALESCE(content, ''), prev, hash "
                                      "FROM \"{}\" ORDER BY id",
                                      log));
  long expected_id = 0;
  while (q.executeStep()) {
    long id = q.getColumn(0).getInt64();
    std::string table = q.getColumn(3).getString();
    std::string op = q.getColumn(4).getString();
    long row = q.getColumn(5).getInt64();
    std::string content = q.getColumn(6).getString();
    if (expected_id != 0 && id != expected_id + 1) {
      out.push_back(Tamper{log, expected_id + 1, _("entries missing from the log"),
                           _f("entries {} to {} are gone", expected_id + 1, id - 1)});
    }
    expected_id = id;
    if (q.getColumn(8).isNull()) {
      out.push_back(Tamper{log, id, _("entry never chained"), _f("{} row {} ({})", table, row, op)});
    } else {
      std::string hash = sha256_hex(
          prev + entry_text(id, q.getColumn(1).getString(), q.getColumn(2).getString(), table, op, row, content));
      if (q.getColumn(7).getString() != prev || q.getColumn(8).getString() != hash) {
        out.push_back(Tamper{log, id, _("log entry altered"), _f("{} row {} ({})", table, row, op)});
      }
      prev = q.getColumn(8).getString();
    }
    if (replay) {
      state[{table, row}] = op == "delete" ? std::nullopt : std::optional<std::string>(content);
    }
  }
  if (head_out != nullptr) {
    *head_out = prev;
  }
  if (!replay) {
    return out;
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

// ---- Rows as JSON objects of raw values, to step back through updates without re-encoding a value. ----

// Reads the JSON value starting at `i` (a string, number, literal, array or object) and returns its text.
std::string_view raw_value(std::string_view text, size_t& i) {
  const size_t start = i;
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) {
          ++i;
          break;
        }
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth == 0) {
        break;
      }
      if (--depth == 0) {
        ++i;
        break;
      }
    } else if (c == ',' && depth == 0) {
      break;
    }
  }
  return text.substr(start, i - start);
}

// {"a":1,"b":"x"} as written by json_object (no spaces): its members in order; nullopt if it is not one.
std::optional<RawRow> parse_raw_object(std::string_view text) {
  RawRow out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
    return std::nullopt;
  }
  size_t i = 1;
  while (i < text.size() - 1) {
    if (text[i] != '"') {
      return std::nullopt;
    }
    std::string_view key = raw_value(text, i);
    if (i >= text.size() || text[i] != ':') {
      return std::nullopt;
    }
    ++i;
    std::string_view value = raw_value(text, i);
    out.emplace_back(std::string(key.substr(1, key.size() - 2)), std::string(value));
    if (i < text.size() - 1) {
      if (text[i] != ',') {
        return std::nullopt;
      }
      ++i;
    }
  }
  return out;
}

std::string raw_object_text(const RawRow& row) {
  std::string out = "{";
  for (const auto& [k, v] : row) {
    if (out.size() > 1) {
      out += ',';
    }
    append_json_string(out, k);
    out += ':';
    out += v;
  }
  return out + "}";
}

} // namespace detail

using namespace detail;

namespace {

// Rows a table's entries say exist, by rowid: a bit each while rowids are dense, a set beyond.
class LiveRows {
public:
  void set(long row, bool live) {
    if (row >= 0 && row < (1L << 28)) {
      if (static_cast<size_t>(row) >= m_bits.size()) {
        m_bits.resize(static_cast<size_t>(row) * 2 + 64);
      }
      m_bits[static_cast<size_t>(row)] = live;
    } else if (live) {
      m_far.insert(row);
    } else {
      m_far.erase(row);
    }
  }
  bool live(long row) const {
    if (row >= 0 && row < (1L << 28)) {
      return static_cast<size_t>(row) < m_bits.size() && m_bits[static_cast<size_t>(row)];
    }
    return m_far.count(row) > 0;
  }

private:
  std::vector<bool> m_bits;
  std::set<long> m_far;
};

struct Step {
  long id;
  int op;
  std::string change;
};

} // namespace

namespace {

// verify_history(), and with `sink`, the entries after `after` as they are chained (chain_since()).
std::vector<Tamper> verify_into(SQLite::Database& db, long after, ChainSince* sink) {
  if (!has_table(db, "history")) {
    return v1_verify(db, "change_log", true, nullptr); // a database (a backup) from before the compact history
  }
  std::vector<Tamper> out;
  Head head = read_head(db);
  if (has_table(db, "history_v1")) {
    std::string old_head;
    out = v1_verify(db, "history_v1", false, &old_head);
    if (old_head != head.genesis) {
      out.push_back(Tamper{"history_head", 1, _("the chain does not start where the first history ends"),
                           _f("first history's head {}", old_head.substr(0, 12))});
    }
  }
  const auto names = table_names(db);
  auto name_of = [&](long code) {
    auto it = names.find(code);
    return it == names.end() ? fmt::format("#{}", code) : it->second;
  };
  // The rows an update or a delete touched: every entry of theirs, to step back from the row as it is now
  // (or as its delete kept it) to each state the history passed through.
  std::set<std::pair<long, long>> touched;
  {
    SQLite::Statement q(db, "SELECT DISTINCT tbl, row_id FROM main.history WHERE op IN (1, 2)");
    while (q.executeStep()) {
      touched.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
    }
  }
  std::map<std::pair<long, long>, std::vector<Step>> steps;
  if (!touched.empty()) {
    SQLite::Statement q(db, "SELECT id, tbl, op, row_id, COALESCE(change, '') FROM main.history ORDER BY id");
    while (q.executeStep()) {
      std::pair<long, long> key{q.getColumn(1).getInt64(), q.getColumn(3).getInt64()};
      if (touched.count(key) > 0) {
        steps[key].push_back(Step{q.getColumn(0).getInt64(), q.getColumn(2).getInt(), q.getColumn(4).getString()});
      }
    }
  }
  std::map<std::string, std::unique_ptr<SQLite::Statement>> current_row;
  auto current = [&](const std::string& table, long row) -> std::optional<std::string> {
    auto& q = current_row[table];
    if (!q) {
      q = std::make_unique<SQLite::Statement>(
          db, fmt::format("SELECT {} FROM main.\"{}\" AS r WHERE rowid = ?", row_json(db, table, "r"), table));
    }
    q->bind(1, static_cast<int64_t>(row));
    std::optional<std::string> content;
    if (q->executeStep()) {
      content = q->getColumn(0).getString();
    }
    q->reset();
    return content;
  };
  std::map<long, std::string> state_hash;    // entry id → the row's hash after it, for the touched rows
  std::set<std::pair<long, long>> explained; // rows whose finding is made already (their hashes fail with it)
  std::set<std::pair<long, long>> gone;      // touched rows that should exist and do not
  for (auto& [key, list] : steps) {
    const std::string table = name_of(key.first);
    std::optional<RawRow> state;
    bool exists = list.back().op != k_delete;
    if (exists) {
      auto now = current(table, key.second);
      if (!now) {
        out.push_back(
            Tamper{table, key.second, _("deleted outside yishi"), _f("its last entry is {}", list.back().id)});
        gone.insert(key);
        continue;
      }
      state = parse_raw_object(*now);
    }
    long from_entry = 0; // the update whose old values made `state` (0: the row itself, or its delete)
    for (auto step = list.rbegin(); step != list.rend(); ++step) {
      if (step->op == k_delete) {
        from_entry = 0;
        state = parse_raw_object(step->change);
        if (!state) {
          out.push_back(
              Tamper{"history", step->id, _("log entry altered"), _f("{} row {} (delete)", table, key.second)});
          break;
        }
        state_hash[step->id] = sha256_bytes(raw_object_text(*state));
        continue;
      }
      if (!state) {
        out.push_back(
            Tamper{"history", step->id, _("log entry altered"), _f("{} row {}: no row to change", table, key.second)});
        break;
      }
      state_hash[step->id] = sha256_bytes(raw_object_text(*state));
      if (step->op == k_update) {
        auto changes = parse_raw_object(step->change);
        if (!changes) {
          out.push_back(
              Tamper{"history", step->id, _("log entry altered"), _f("{} row {} (update)", table, key.second)});
          break;
        }
        std::string differs;
        for (const auto& [column, pair] : *changes) {
          size_t i = 1;
          std::string old_value(raw_value(pair, i));
          ++i;
          std::string new_value(raw_value(pair, i));
          const std::string& name = column; // a structured binding is not captured before C++20's clang 16
          auto field = std::find_if(state->begin(), state->end(), [&](const auto& f) { return f.first == name; });
          if (field == state->end()) {
            differs += (differs.empty() ? "" : ", ") + column;
            continue;
          }
          if (field->second != new_value) {
            differs += (differs.empty() ? "" : ", ") + column;
          }
          field->second = old_value; // the state before the update
        }
        if (!differs.empty() && from_entry == 0) {
          // Named by the row: its fields no longer hold what its last update left in them.
          out.push_back(Tamper{table, key.second, _("changed outside yishi"), _f("fields: {}", differs)});
          explained.insert(key);
        } else if (!differs.empty()) {
          // The state before a later update (its old values) is not what this one left.
          out.push_back(
              Tamper{"history", from_entry, _("log entry altered"),
                     _f("{} row {}: the update's old values disagree with the state before it", table, key.second)});
          explained.insert(key);
        }
        from_entry = step->id;
      } else {
        state.reset(); // before its insert (or snapshot) the row did not exist
      }
    }
  }
  // The chain, entry by entry: each entry's hash from the one before, its fields and the row's hash.
  std::map<long, Batch> batches;
  {
    SQLite::Statement q(db, "SELECT id, at, operator, note FROM main.history_batch");
    while (q.executeStep()) {
      batches[q.getColumn(0).getInt64()] =
          Batch{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()};
    }
  }
  std::map<std::string, LiveRows> live;
  struct Mismatch {
    long id;
    int op;
  };
  std::map<std::pair<long, long>, std::vector<Mismatch>> mismatched;
  std::string prev = head.genesis;
  long expected = 0;
  long last = 0;
  std::set<long> batches_sent;
  if (sink != nullptr) {
    sink->genesis = head.genesis;
    sink->prev = after == 0 ? head.genesis : std::string();
    sink->head_entry = head.entry;
    sink->head_hash = head.hash;
  }
  SQLite::Statement q(db,
                      "SELECT id, batch, tbl, op, row_id, COALESCE(change, ''), hash FROM main.history ORDER BY id");
  while (q.executeStep()) {
    const long id = q.getColumn(0).getInt64();
    const long tbl = q.getColumn(2).getInt64();
    const int op = q.getColumn(3).getInt();
    const long row = q.getColumn(4).getInt64();
    const std::string table = name_of(tbl);
    const std::string stored = q.getColumn(6).getString();
    if (expected != 0 && id != expected + 1) {
      out.push_back(Tamper{"history", expected + 1, _("entries missing from the log"),
                           _f("entries {} to {} are gone", expected + 1, id - 1)});
    }
    expected = id;
    last = id;
    if (op < k_insert || op > k_snapshot) {
      out.push_back(Tamper{"history", id, _("log entry altered"), _f("{} row {}", table, row)});
      prev = stored;
      continue;
    }
    live[table].set(row, op != k_delete);
    if (id > head.entry) {
      out.push_back(Tamper{"history", id, _("entry never chained"), _f("{} row {} ({})", table, row, k_ops[op])});
      continue;
    }
    const std::pair<long, long> key{tbl, row};
    std::optional<std::string> row_hash;
    if (auto it = state_hash.find(id); it != state_hash.end()) {
      row_hash = it->second;
    } else if (touched.count(key) == 0) {
      if (auto content = current(table, row)) {
        row_hash = sha256_bytes(*content);
      } else {
        out.push_back(Tamper{table, row, _("deleted outside yishi"), _f("its last entry is {}", id)});
      }
    }
    if (row_hash) {
      auto batch = batches.find(q.getColumn(1).getInt64());
      static const Batch none;
      if (chain_hash(prev, id, batch == batches.end() ? none : batch->second, table, op, row,
                     q.getColumn(5).getString(), *row_hash) != stored) {
        mismatched[key].push_back(Mismatch{id, op});
      }
      if (sink != nullptr && id > after) {
        const long batch_id = q.getColumn(1).getInt64();
        std::optional<std::string> change;
        if (!q.getColumn(5).getString().empty() || op == k_update || op == k_delete) {
          change = q.getColumn(5).getString();
        }
        sink->entries.push_back(ChainEntry{id, batch_id, table, op, row, change, *row_hash, stored});
        if (batch != batches.end() && batches_sent.insert(batch_id).second) {
          sink->batches.push_back(
              ChainBatch{batch_id, batch->second.at, batch->second.operator_name, batch->second.note});
        }
      }
    }
    if (sink != nullptr && id == after) {
      sink->prev = stored;
    }
    prev = stored;
  }
  // Each state of a row is stepped back to from the row as it is now (or as its delete kept it). A row changed
  // behind yishi's back fails its last entry; an entry edited fails itself and the entries before it, not
  // those after: the latest failing entry is the one to name.
  for (const auto& [key, list] : mismatched) {
    if (explained.count(key) > 0) {
      continue;
    }
    const std::string table = name_of(key.first);
    auto all = steps.find(key);
    const long last_entry = all == steps.end() ? list.back().id : all->second.back().id;
    const bool deleted = all != steps.end() && all->second.back().op == k_delete;
    const Mismatch& latest = list.back();
    if (latest.id == last_entry && !deleted) {
      out.push_back(Tamper{table, key.second, _("changed outside yishi"),
                           _f("it no longer matches its history (entry {})", last_entry)});
    } else if (latest.op == k_update) {
      out.push_back(
          Tamper{"history", latest.id, _("log entry altered"),
                 _f("{} row {}: the update's old values disagree with the state before it", table, key.second)});
    } else {
      out.push_back(Tamper{"history", latest.id, _("log entry altered"),
                           _f("{} row {} ({})", table, key.second, k_ops[latest.op])});
    }
  }
  if (last != head.entry && head.entry != 0 && last < head.entry) {
    out.push_back(Tamper{"history", last + 1, _("entries missing from the log"),
                         _f("entries {} to {} are gone", last + 1, head.entry)});
  }
  if (head.entry != 0 && prev != head.hash && last == head.entry) {
    out.push_back(Tamper{"history_head", 1, _("log entry altered"), _("the head does not match the last entry")});
  }
  // Rows no entry accounts for.
  for (const auto& t : record_tables(db)) {
    SQLite::Statement rows(db, fmt::format("SELECT rowid FROM main.\"{}\"", t));
    const LiveRows& known = live[t];
    while (rows.executeStep()) {
      const long row = rows.getColumn(0).getInt64();
      if (!known.live(row)) {
        out.push_back(Tamper{t, row, _("inserted outside yishi"), current(t, row).value_or("")});
      }
    }
  }
  return out;
}

} // namespace

std::vector<Tamper> verify_history(SQLite::Database& db) {
  return verify_into(db, 0, nullptr);
}

ChainSince chain_since(SQLite::Database& db, long after) {
  if (!has_table(db, "history")) {
    throw Error(_("this database keeps the first form of the history"),
                _("open it with this yishi once to migrate it"));
  }
  ChainSince out;
  auto findings = verify_into(db, after, &out);
  if (!findings.empty()) {
    const auto& f = findings.front();
    throw Error(_f("the village's history does not verify ({} finding(s), the first: {} row {}, {}): the district "
                   "takes no history it cannot check",
                   findings.size(), f.table, f.row, f.what),
                _("run yishi verify to see every finding"));
  }
  if (after > out.head_entry) {
    throw Error(_f("this village's history ends at entry {}, before entry {}", out.head_entry, after));
  }
  return out;
}

} // namespace yishi::storage
