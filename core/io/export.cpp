// Export of the village's records (JSON Lines, CSV per table) and the import of a JSON export
// into a new database.
#include "export.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/io/csv.hpp"
#include "core/rules/mask.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/storage/output.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace yishi {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Columns that hold one person's contact or identity; everything else that is text is still
// passed through mask_personal, as notices are.
bool personal_column(const std::string& table, const std::string& column) {
  static const std::set<std::pair<std::string, std::string>> personal = {
      {"person", "phone"},
      {"person", "id_number"},
      {"proposal", "proposer_phone"},
      {"objection", "objector_phone"},
      {"receipt", "code"}}; // a tracking code opens the villager's matter
  return personal.count({table, column}) > 0;
}

std::string masked(const std::string& table, const std::string& column, const std::string& text) {
  if (personal_column(table, column)) {
    if (column == "code") {
      return "****-****-****";
    }
    return column == "id_number" ? mask_id_number(text) : mask_phone(text);
  }
  return mask_personal(text);
}

std::string select_all(const std::string& table, const std::vector<std::string>& columns) {
  std::string cols;
  for (const auto& c : columns) {
    cols += (cols.empty() ? "\"" : ", \"") + c + "\"";
  }
  // WITHOUT ROWID tables have none; every table here has one.
  return fmt::format("SELECT {} FROM \"{}\" ORDER BY rowid", cols, table);
}

} // namespace

void export_json(SQLite::Database& db, std::ostream& out, bool include_private) {
  auto tables = storage::record_tables(db);
  if (include_private) {
    // The history travels with a private export, as it is.
    for (const auto& h : storage::history_tables(db)) {
      tables.push_back(h);
    }
  }
  OrderedJson head = {{"yishi", "export"},
                      {"schema", storage::latest_schema_version()},
                      {"private", include_private},
                      {"tables", tables}};
  out << head.dump() << '\n';
  for (const auto& t : tables) {
    auto cols = storage::table_columns(db, t);
    SQLite::Statement q(db, select_all(t, cols));
    while (q.executeStep()) {
      OrderedJson row = OrderedJson::object();
      for (int i = 0; i < q.getColumnCount(); ++i) {
        auto c = q.getColumn(i);
        const std::string& name = cols[static_cast<size_t>(i)];
        if (c.isNull()) {
          row[name] = nullptr;
        } else if (c.isInteger()) {
          row[name] = c.getInt64();
        } else if (c.isFloat()) {
          row[name] = c.getDouble();
        } else if (c.isBlob()) {
          row[name] = {{"hex", storage::to_hex(std::string_view(static_cast<const char*>(c.getBlob()),
                                                                static_cast<size_t>(c.getBytes())))}};
        } else {
          std::string text = c.getString();
          row[name] = include_private ? text : masked(t, name, text);
        }
      }
      OrderedJson line = {{"table", t}, {"row", std::move(row)}};
      out << line.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
    }
  }
}

std::vector<std::filesystem::path> export_csv(SQLite::Database& db, const std::filesystem::path& dir,
                                              bool include_private, bool bom) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw Error(_f("cannot make the folder {}", dir.string()));
  }
  std::vector<std::filesystem::path> written;
  for (const auto& t : storage::record_tables(db)) {
    auto cols = storage::table_columns(db, t);
    std::filesystem::path path = dir / (t + ".csv");
    const auto privacy = include_private ? storage::Privacy::personal : storage::Privacy::shared;
    storage::write_file(path, privacy, [&](std::ostream& out) {
      if (bom) {
        out << "\xEF\xBB\xBF";
      }
      write_csv_record(out, cols);
      SQLite::Statement q(db, select_all(t, cols));
      std::vector<std::string> cells(cols.size());
      while (q.executeStep()) {
        for (int i = 0; i < q.getColumnCount(); ++i) {
          auto c = q.getColumn(i);
          auto& cell = cells[static_cast<size_t>(i)];
          if (c.isNull()) {
            cell.clear();
          } else if (c.isText()) {
            std::string text = c.getString();
            cell = neutralise_formula(include_private ? text : masked(t, cols[static_cast<size_t>(i)], text));
          } else {
            cell = c.getString();
          }
        }
        write_csv_record(out, cells);
      }
    });
    written.push_back(path);
  }
  return written;
}

long import_village(SQLite::Database& db, const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw NotFound(_f("no file at {}", file.string()));
  }
  const std::string name = file.filename().string();
  auto fail = [&](long line, const std::string& what) -> DataError {
    return DataError(_f("{}:{}: {}", name, line, what));
  };
  std::string text;
  long line = 0;
  if (!std::getline(in, text)) {
    throw DataError(_f("{}: the file is empty", name),
                    _("make one with: yishi export --format json --include-private"));
  }
  ++line;
  auto head = OrderedJson::parse(text, nullptr, false);
  if (!head.is_object() || head.value("yishi", "") != "export") {
    throw fail(line, _("this is not a yishi export (its first line does not say so)"));
  }
  if (!head.contains("schema") || !head["schema"].is_number_integer() ||
      head["schema"].get<int>() != storage::latest_schema_version()) {
    throw fail(line, _f("the export has schema version {}; this program reads {}",
                        head.contains("schema") ? head["schema"].dump() : "?", storage::latest_schema_version()));
  }
  if (head.value("private", false) != true) {
    throw fail(line, _("the export's phones and ID numbers are masked: it cannot be imported"));
  }
  {
    SQLite::Statement any(db, "SELECT count(*) FROM village");
    any.executeStep();
    if (any.getColumn(0).getInt64() > 0) {
      throw Error(_("the database already holds a village"));
    }
  }
  std::set<std::string> tables;
  for (const auto& t : storage::record_tables(db)) {
    tables.insert(t);
  }
  // An export that carries its history is copied with it, entry for entry: the new database's log is
  // the old one's, its chain unbroken, and the notices' fingerprints still check. Without it (an
  // export from elsewhere), the history starts here and logs every row.
  bool with_history = head.contains("tables") && head["tables"].is_array() &&
                      std::find(head["tables"].begin(), head["tables"].end(), "history") != head["tables"].end();
  if (with_history) {
    storage::detach_history(db);
    const bool first_form =
        std::find(head["tables"].begin(), head["tables"].end(), "history_v1") != head["tables"].end();
    for (const auto& h : storage::clear_history_for_copy(db, first_form)) {
      tables.insert(h);
    }
  }
  std::map<std::string, std::set<std::string>> columns;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> inserts;
  db.exec("PRAGMA defer_foreign_keys = ON");
  long rows = 0;
  while (std::getline(in, text)) {
    ++line;
    if (!text.empty() && text.back() == '\r') {
      text.pop_back();
    }
    if (trim(text).empty()) {
      continue;
    }
    auto entry = OrderedJson::parse(text, nullptr, false);
    if (!entry.is_object() || !entry.contains("table") || !entry["table"].is_string() || !entry.contains("row") ||
        !entry["row"].is_object()) {
      throw fail(line, _("each line after the first is an object with \"table\" and \"row\""));
    }
    std::string table = entry["table"].get<std::string>();
    if (tables.count(table) == 0) {
      throw fail(line, _f("'{}' is not a table of this schema", table));
    }
    auto& known = columns[table];
    if (known.empty()) {
      for (const auto& c : storage::table_columns(db, table)) {
        known.insert(c);
      }
    }
    const auto& row = entry["row"];
    std::string cols;
    std::string marks;
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (known.count(it.key()) == 0) {
        throw fail(line, _f("table {} has no column '{}'", table, it.key()));
      }
      cols += (cols.empty() ? "\"" : ", \"") + it.key() + "\"";
      marks += marks.empty() ? "?" : ", ?";
    }
    std::string sql = fmt::format("INSERT INTO \"{}\" ({}) VALUES ({})", table, cols, marks);
    auto& q = inserts[sql];
    if (!q) {
      q = std::make_unique<SQLite::Statement>(db, sql);
    }
    int i = 1;
    for (auto it = row.begin(); it != row.end(); ++it, ++i) {
      const auto& v = it.value();
      if (v.is_null()) {
        q->bind(i);
      } else if (v.is_number_integer()) {
        q->bind(i, v.get<int64_t>());
      } else if (v.is_number()) {
        q->bind(i, v.get<double>());
      } else if (v.is_string()) {
        q->bind(i, v.get<std::string>());
      } else if (v.is_object() && v.size() == 1 && v.contains("hex") && v["hex"].is_string()) {
        const std::string bytes = storage::from_hex(v["hex"].get<std::string>());
        if (bytes.empty() && !v["hex"].get<std::string>().empty()) {
          throw fail(line, _f("column {} holds bytes that are not hex", it.key()));
        }
        q->bind(i, bytes.data(), static_cast<int>(bytes.size()));
      } else {
        throw fail(line, _f("column {} holds neither text, a number nor null", it.key()));
      }
    }
    try {
      q->exec();
    } catch (const SQLite::Exception& e) {
      throw fail(line, _f("table {}: {}", table, e.what()));
    }
    q->reset();
    ++rows;
  }
  SQLite::Statement broken(db, "PRAGMA foreign_key_check");
  if (broken.executeStep()) {
    throw DataError(_f("{}: table {} row {} refers to a {} that the export does not hold", name,
                       broken.getColumn(0).getString(), broken.getColumn(1).getInt64(),
                       broken.getColumn(2).getString()));
  }
  if (with_history) {
    // A record changed in the file after the export (or a history cut short) shows here.
    auto findings = storage::verify_history(db);
    if (!findings.empty()) {
      const auto& f = findings.front();
      throw DataError(_f("{}: the export's records and its history disagree ({} in all); the first: {} row {}, {}",
                         name, findings.size(), f.table, f.row, f.what),
                      _("make the export again from the database, or import a backup with yishi restore"));
    }
  }
  return rows;
}

} // namespace yishi
