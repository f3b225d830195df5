#include "rows.hpp"

#include "core/io/xlsx.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/io/csv.hpp"
#include "core/io/encoding.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <toml++/toml.h>

namespace yishi::io {

const std::vector<Field>& fields_of(ImportKind kind) {
  static const std::vector<Field> people = {
      {"key", {"externalkey", "编号", "外部编号"}},
      {"name", {"姓名", "名字"}, true},
      {"group", {"村民小组", "小组", "组别", "所在小组"}},
      {"gender", {"性别"}, true},
      {"party", {"partymember", "党员", "是否党员", "政治面貌"}},
      {"categories", {"类别", "身份", "职务"}},
      {"phone", {"电话", "手机", "手机号", "联系电话"}},
      {"id_number", {"idnumber", "身份证号", "身份证", "身份证号码", "公民身份号码"}},
      {"birth_date", {"birthdate", "出生日期", "出生年月", "生日"}},
      {"household", {"户号", "户编号", "户主", "户主姓名"}},
  };
  static const std::vector<Field> proposals = {
      {"key", {"externalkey", "编号", "外部编号"}},
      {"title", {"标题", "议题", "事项"}, true},
      {"description", {"内容", "说明", "描述", "详细内容"}},
      {"proposer", {"提议人", "提出人", "建议人"}, true},
      {"proposer_phone", {"proposerphone", "phone", "电话", "联系电话", "提议人电话"}},
      {"group", {"村民小组", "小组", "组别"}},
      {"tier", {"层级", "级别"}},
      {"channel", {"来源", "渠道", "收集渠道", "来源渠道"}},
      {"date", {"submittedon", "日期", "提出日期", "收集日期"}},
      {"budget", {"预算", "金额", "预算金额"}},
      {"type", {"mattertype", "事项类型", "类型"}},
      {"also_groups", {"alsogroups", "涉及小组", "其他小组"}},
      {"status", {"状态"}},
  };
  static const std::vector<Field> ballots = {
      {"session", {"会议", "会议编号"}, true},
      {"proposal", {"议题编号", "提案", "提案编号"}, true},
      {"person", {"name", "姓名", "表决人", "成员"}, true},
      {"choice", {"意见", "表决意见", "表决"}, true},
  };
  switch (kind) {
  case ImportKind::people:
    return people;
  case ImportKind::proposals:
    return proposals;
  case ImportKind::ballots:
    return ballots;
  }
  return people;
}

const char* kind_name(ImportKind kind) {
  switch (kind) {
  case ImportKind::people:
    return N_("people");
  case ImportKind::proposals:
    return N_("proposals");
  case ImportKind::ballots:
    return N_("ballots");
  }
  return "";
}

std::string normalise_header(std::string_view text) {
  std::string out;
  for (char c : trim(text)) {
    if (c == ' ' || c == '_' || c == '-') {
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<bool> party_of(std::string_view cell) {
  static const std::set<std::string> yes = {"yes", "y", "true", "1", "是", "党员", "中共党员", "中共预备党员",
                                            "预备党员", "中国共产党党员"};
  static const std::set<std::string> no = {"no",       "n",          "false",    "0",        "否",
                                           "群众",     "共青团员",   "团员",     "民主党派", "无党派人士",
                                           "无党派",   "中国共产主义青年团团员"};
  const std::string v = normalise_header(cell);
  if (yes.count(v) > 0) {
    return true;
  }
  if (no.count(v) > 0) {
    return false;
  }
  return std::nullopt;
}

namespace {

using OrderedJson = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Columns

// "Proposer Phone", "proposer_phone" and "proposer-phone" name one column.

// Columns a file may carry that are not data: the reason column of a rejects file, a row number, and the
// columns of the township's ledger (yishi export --format xlsx) that record later steps, which an import of
// proposals does not take (a ruling is made in a session, not imported).
bool ignored_column(const std::string& normalised) {
  static const std::set<std::string> ignored = {"reason", "原因", "错误原因", "no",       "序号",
                                                "#",      "决议", "责任人",   "完成时限", "落实情况"};
  return ignored.count(normalised) > 0;
}

// The field a column names, -1 for an ignored column, nothing for an unknown one.
std::optional<int> field_named(ImportKind kind, std::string_view header) {
  std::string n = normalise_header(header);
  if (ignored_column(n)) {
    return -1;
  }
  const auto& fields = fields_of(kind);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (normalise_header(fields[i].name) == n ||
        std::any_of(fields[i].aliases.begin(), fields[i].aliases.end(), [&](auto a) { return a == n; })) {
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Rows and the formats they come in

// The file opened for streaming, decoded to UTF-8 when it is GB18030.
class Input {
public:
  Input(const std::filesystem::path& path, const std::string& encoding) : m_file(path, std::ios::binary) {
    std::streambuf* buf = m_file.rdbuf();
    if (encoding == "gb18030") {
      m_decoder = std::make_unique<Gb18030Reader>(buf, path.filename().string());
      buf = m_decoder.get();
    }
    m_in = std::make_unique<std::istream>(buf);
    m_in->exceptions(std::ios::badbit); // the decoder's DataError reaches the caller, not a silent end
    std::error_code ec;
    m_size = std::filesystem::file_size(path, ec);
  }
  std::istream& stream() { return *m_in; }
  std::pair<std::uintmax_t, std::uintmax_t> position() {
    auto at = m_file.rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
    return {at < 0 ? 0 : static_cast<std::uintmax_t>(at), m_size};
  }

private:
  std::ifstream m_file;
  std::unique_ptr<Gb18030Reader> m_decoder;
  std::unique_ptr<std::istream> m_in;
  std::uintmax_t m_size = 0;
};

// A file's header row against the columns of `kind`: the field each column fills (-1: a column to leave
// out), and each field's column name as the file has it. Refuses an unknown or repeated column and a
// missing required one, naming the line and the column. `blank_ignored`: an empty header cell (the rest
// of a merged cell, in a workbook) is a column to leave out.
struct HeaderMap {
  std::vector<int> field_of;
  std::vector<std::string> labels;
};
HeaderMap map_header(ImportKind kind, const std::string& name, long line, const std::vector<std::string>& header,
                     bool blank_ignored) {
  HeaderMap m;
  m.labels.assign(fields_of(kind).size(), "");
  for (size_t i = 0; i < header.size(); ++i) {
    std::string cell = trim(header[i]);
    if (!is_valid_utf8(cell)) {
      throw DataError(_f("{}:{}: column {}: the column's name is not valid UTF-8", name, line, i + 1),
                      _("give the file's encoding with --encoding (utf-8 or gbk)"));
    }
    if (blank_ignored && cell.empty()) {
      m.field_of.push_back(-1);
      continue;
    }
    auto field = field_named(kind, cell);
    if (!field) {
      throw DataError(
          _f("{}:{}: column {} '{}' is not a column of {}", name, line, i + 1, cell, translate(kind_name(kind))),
          _f("the columns are: {}", import_columns(kind)));
    }
    if (*field >= 0 && !m.labels[static_cast<size_t>(*field)].empty()) {
      throw DataError(_f("{}:{}: column {} '{}' repeats column '{}'", name, line, i + 1, cell,
                         m.labels[static_cast<size_t>(*field)]));
    }
    if (*field >= 0) {
      m.labels[static_cast<size_t>(*field)] = cell;
    }
    m.field_of.push_back(*field);
  }
  const auto& fields = fields_of(kind);
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].required && m.labels[f].empty()) {
      throw DataError(_f("{}:{}: the file has no {} column", name, line, fields[f].name),
                      _f("the columns are: {}", import_columns(kind)));
    }
    if (m.labels[f].empty()) {
      m.labels[f] = std::string(fields[f].name);
    }
  }
  return m;
}

// Rows rejected from a table (CSV, a worksheet) go to a CSV file with the header and a reason column,
// neutralised as the CSV export is: a spreadsheet never runs a rejected cell as a formula (the import takes
// the apostrophe off again, so a fixed rejects file imports as it was written).
void write_table_rejects_header(std::ostream& out, std::vector<std::string> header) {
  out << "\xEF\xBB\xBF"; // for Excel
  header.push_back("reason");
  write_csv_record(out, header);
}
void write_table_reject(std::ostream& out, const std::vector<std::string>& row_cells, size_t columns,
                        const std::string& reason) {
  std::vector<std::string> cells;
  for (const auto& c : row_cells) {
    cells.push_back(neutralise_formula(c));
  }
  cells.resize(columns);
  cells.push_back(neutralise_formula(reason));
  write_csv_record(out, cells);
}

class CsvSource : public Source {
public:
  CsvSource(ImportKind kind, const std::filesystem::path& path, const std::string& encoding, bool recover)
      : m_input(path, encoding), m_name(path.filename().string()), m_reader(m_input.stream(), m_name) {
    CsvRecord header;
    if (!m_reader.next(header)) {
      throw DataError(_f("{}: the file is empty", m_name),
                      _f("its first row names the columns: {}", import_columns(kind)));
    }
    m_header = header.fields;
    HeaderMap map = map_header(kind, m_name, header.line, m_header, false);
    m_field_of = std::move(map.field_of);
    m_labels = std::move(map.labels);
    m_reader.recover(recover); // the header is read strictly: a broken header refuses the file
  }

  bool next(Row& row) override {
    CsvRecord& record = m_record; // kept from row to row, with the room its fields took
    if (!m_reader.next(record)) {
      return false;
    }
    row.line = record.line;
    row.error.clear();
    if (row.labels.size() != m_labels.size()) {
      row.labels = m_labels;
    }
    row.values.assign(m_labels.size(), std::nullopt);
    if (!record.error.empty()) {
      // A broken record (recovering): its bytes go to the rejects file in its first cell.
      row.error = record.error;
      row.cells = {std::move(record.raw)};
      return true;
    }
    if (record.fields.size() != m_header.size()) {
      row.error = _f("the row has {} cells; the header has {}", record.fields.size(), m_header.size());
    } else {
      for (size_t i = 0; i < record.fields.size(); ++i) {
        if (m_field_of[i] < 0) {
          continue;
        }
        if (std::string cell = trim(unneutralise(record.fields[i])); !cell.empty()) {
          row.values[static_cast<size_t>(m_field_of[i])] = std::move(cell);
        }
      }
    }
    row.cells.swap(record.fields);
    return true;
  }

  std::pair<std::uintmax_t, std::uintmax_t> position() override { return m_input.position(); }
  std::string rejects_extension() const override { return ".csv"; }
  void write_rejects_header(std::ostream& out) override { write_table_rejects_header(out, m_header); }
  void write_reject(std::ostream& out, const Row& row, const std::string& reason) override {
    write_table_reject(out, row.cells, m_header.size(), reason);
  }

private:
  Input m_input;
  std::string m_name;
  CsvReader m_reader;
  CsvRecord m_record;
  std::vector<std::string> m_header;
  std::vector<int> m_field_of;
  std::vector<std::string> m_labels;
};

// The first worksheet of an .xlsx (or the one --sheet names), its first row the header: a title row above
// it (one cell, merged across the sheet, as township forms have) is passed over. Messages name the sheet's
// row numbers; rejected rows go to a CSV file.
class XlsxSource : public Source {
public:
  XlsxSource(ImportKind kind, const std::filesystem::path& path, const std::string& sheet)
      : m_name(path.filename().string()) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    m_sheet = read_xlsx(bytes, m_name, sheet);
    auto filled = [](const XlsxRow& r) {
      return std::count_if(r.cells.begin(), r.cells.end(), [](const std::string& c) { return !trim(c).empty(); });
    };
    while (m_at + 1 < m_sheet.rows.size() && filled(m_sheet.rows[m_at]) == 1 && filled(m_sheet.rows[m_at + 1]) > 1) {
      ++m_at; // a title above the header
    }
    if (m_at >= m_sheet.rows.size()) {
      throw DataError(_f("{}: sheet '{}' is empty", m_name, m_sheet.name),
                      _f("its first row names the columns: {}", import_columns(kind)));
    }
    const XlsxRow& header = m_sheet.rows[m_at++];
    m_header = header.cells;
    HeaderMap map = map_header(kind, m_name, header.number, m_header, true);
    m_field_of = std::move(map.field_of);
    m_labels = std::move(map.labels);
  }

  bool next(Row& row) override {
    if (m_at >= m_sheet.rows.size()) {
      return false;
    }
    XlsxRow& r = m_sheet.rows[m_at++];
    row.line = r.number;
    row.error.clear();
    row.labels = m_labels;
    row.values.assign(m_labels.size(), std::nullopt);
    for (size_t i = 0; i < r.cells.size(); ++i) {
      if (i >= m_field_of.size()) {
        if (!trim(r.cells[i]).empty()) {
          row.error = _f("the row has a cell in column {}, beyond the header's {} columns", i + 1, m_header.size());
        }
        continue;
      }
      if (m_field_of[i] < 0) {
        continue;
      }
      if (std::string cell = trim(r.cells[i]); !cell.empty()) {
        row.values[static_cast<size_t>(m_field_of[i])] = std::move(cell);
      }
    }
    row.cells = std::move(r.cells);
    return true;
  }

  std::pair<std::uintmax_t, std::uintmax_t> position() override { return {m_at, m_sheet.rows.size()}; }
  std::string rejects_extension() const override { return ".csv"; }
  void write_rejects_header(std::ostream& out) override { write_table_rejects_header(out, m_header); }
  void write_reject(std::ostream& out, const Row& row, const std::string& reason) override {
    write_table_reject(out, row.cells, m_header.size(), reason);
  }

private:
  std::string m_name;
  XlsxSheet m_sheet;
  size_t m_at = 0;
  std::vector<std::string> m_header;
  std::vector<int> m_field_of;
  std::vector<std::string> m_labels;
};

// A value of a JSON or TOML file as the text a CSV cell would hold.
std::optional<std::string> cell_text(const OrderedJson& v) {
  if (v.is_null()) {
    return std::nullopt;
  }
  if (v.is_string()) {
    return v.get<std::string>();
  }
  if (v.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : v) {
      parts.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    }
    return join(parts, ",");
  }
  return v.dump();
}

// Fills a row from the keys of one object (a JSON line or a TOML table).
void fill_from_object(ImportKind kind, const OrderedJson& object, Row& row) {
  const auto& fields = fields_of(kind);
  row.values.assign(fields.size(), std::nullopt);
  row.labels.clear();
  for (const auto& f : fields) {
    row.labels.emplace_back(f.name);
  }
  for (auto it = object.begin(); it != object.end(); ++it) {
    auto field = field_named(kind, it.key());
    if (!field) {
      row.error = _f("'{}' is not a field of {}; the fields are: {}", it.key(), translate(kind_name(kind)),
                     import_columns(kind));
      return;
    }
    if (*field < 0) {
      continue;
    }
    auto f = static_cast<size_t>(*field);
    row.labels[f] = it.key();
    if (auto text = cell_text(it.value())) {
      if (std::string cell = trim(*text); !cell.empty()) {
        row.values[f] = std::move(cell);
      }
    }
  }
}

// Rows that came as JSON objects (JSON Lines, TOML): rejected ones go to a JSON Lines file, each with a
// "reason" field; a row that was no object is kept as its text.
class JsonRowsSource : public Source {
public:
  std::string rejects_extension() const override { return ".jsonl"; }
  void write_rejects_header(std::ostream&) override {}
  void write_reject(std::ostream& out, const Row& row, const std::string& reason) override {
    auto object = OrderedJson::parse(row.text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
      object = OrderedJson::object({{"text", row.text}});
    }
    object["reason"] = reason;
    out << object.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
  }
};

class JsonLinesSource : public JsonRowsSource {
public:
  JsonLinesSource(ImportKind kind, const std::filesystem::path& path, const std::string& encoding)
      : m_kind(kind), m_input(path, encoding) {}

  bool next(Row& row) override {
    std::string line;
    while (std::getline(m_input.stream(), line)) {
      ++m_line;
      if (m_line == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) {
        line.erase(0, 3);
      }
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (trim(line).empty()) {
        continue;
      }
      row.line = m_line;
      row.error.clear();
      row.text = line;
      auto object = OrderedJson::parse(line, nullptr, false);
      if (object.is_discarded() || !object.is_object()) {
        row.values.assign(fields_of(m_kind).size(), std::nullopt);
        row.error = is_valid_utf8(line) ? _("the line is not a JSON object") : _("the line is not valid UTF-8");
        return true;
      }
      fill_from_object(m_kind, object, row);
      return true;
    }
    return false;
  }

  std::pair<std::uintmax_t, std::uintmax_t> position() override { return m_input.position(); }

private:
  ImportKind m_kind;
  Input m_input;
  long m_line = 0;
};

// TOML is read whole (a TOML file of a million rows is not what people write): [[people]],
// [[proposals]] or [[ballots]] tables. Rejected rows are written as JSON Lines, which import reads as well.
class TomlSource : public JsonRowsSource {
public:
  TomlSource(ImportKind kind, const std::filesystem::path& path, const std::string& encoding) : m_kind(kind) {
    std::string name = path.filename().string();
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (encoding == "gb18030") {
      text = gb18030_to_utf8(text, name);
    }
    try {
      m_root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
      throw DataError(_f("{}:{}:{}: {}", name, e.source().begin.line, e.source().begin.column, e.description()));
    }
    for (auto&& [key, value] : m_root) {
      if (key.str() != kind_name(kind)) {
        throw DataError(_f("{}:{}: '{}' is not a table of this import", name, value.source().begin.line, key.str()),
                        _f("write each row as a [[{}]] table", kind_name(kind)));
      }
    }
    m_array = m_root[kind_name(kind)].as_array();
    if (m_array == nullptr) {
      throw DataError(_f("{}: no [[{}]] tables", name, kind_name(kind)),
                      _f("write each row as a [[{}]] table", kind_name(kind)));
    }
  }

  bool next(Row& row) override {
    if (m_next >= m_array->size()) {
      return false;
    }
    const toml::node& node = (*m_array)[m_next++];
    row.line = static_cast<long>(node.source().begin.line);
    row.error.clear();
    const auto* table = node.as_table();
    if (table == nullptr) {
      row.values.assign(fields_of(m_kind).size(), std::nullopt);
      row.error = _("the entry is not a table");
      row.text = to_json(node).dump(); // not the row before's, which row.text held until now
      return true;
    }
    OrderedJson object = OrderedJson::object();
    for (auto&& [key, value] : *table) {
      object[std::string(key.str())] = to_json(value);
    }
    fill_from_object(m_kind, object, row);
    row.text = object.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    return true;
  }

  std::pair<std::uintmax_t, std::uintmax_t> position() override { return {m_next, m_array->size()}; }

private:
  static OrderedJson to_json(const toml::node& value) {
    if (const auto* s = value.as_string()) {
      return s->get();
    }
    if (const auto* i = value.as_integer()) {
      return i->get();
    }
    if (const auto* f = value.as_floating_point()) {
      return f->get();
    }
    if (const auto* b = value.as_boolean()) {
      return b->get();
    }
    if (const auto* d = value.as_date()) {
      return fmt::format("{:04}-{:02}-{:02}", d->get().year, d->get().month, d->get().day);
    }
    if (const auto* a = value.as_array()) {
      OrderedJson out = OrderedJson::array();
      for (const auto& e : *a) {
        out.push_back(to_json(e));
      }
      return out;
    }
    return nullptr;
  }

  ImportKind m_kind;
  toml::table m_root;
  const toml::array* m_array = nullptr;
  size_t m_next = 0;
};

} // namespace

std::string format_from_extension(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".csv" || ext == ".txt") {
    return "csv";
  }
  if (ext == ".toml") {
    return "toml";
  }
  if (ext == ".xlsx") {
    return "xlsx";
  }
  if (ext == ".jsonl" || ext == ".json" || ext == ".ndjson") {
    return "jsonl";
  }
  throw UsageError(_f("cannot tell the format of {} from its name", file.string()),
                   _("give --format csv, xlsx, toml or jsonl"));
}

std::string sniff_encoding(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(1 << 16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return detect_encoding(head);
}

std::unique_ptr<Source> open_source(ImportKind kind, const std::filesystem::path& file, const std::string& format,
                                    const std::string& encoding, bool recover, const std::string& sheet) {
  if (format == "xlsx") {
    return std::make_unique<XlsxSource>(kind, file, sheet);
  }
  if (!sheet.empty()) {
    throw UsageError(_("--sheet names a sheet of an .xlsx workbook"), _("leave it out for this file"));
  }
  if (format == "csv") {
    return std::make_unique<CsvSource>(kind, file, encoding, recover);
  }
  if (format == "toml") {
    return std::make_unique<TomlSource>(kind, file, encoding);
  }
  if (format == "jsonl") {
    return std::make_unique<JsonLinesSource>(kind, file, encoding);
  }
  throw UsageError(_f("format '{}' is not known", format), _("give --format csv, xlsx, toml or jsonl"));
}

} // namespace yishi::io
