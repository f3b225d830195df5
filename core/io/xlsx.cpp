#include "core/io/workbook.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"

#include <chrono>
#include <cmath>
#include <expat.h>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <memory>
#include <zip.h>

namespace yishi {
namespace {

// The workbook's parts, read out of the zip held in memory.
class Package {
public:
  Package(std::string_view bytes, const std::string& file) : m_file(file) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      fail("", zip_error_strerror(&error));
    }
    m_zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (m_zip == nullptr) {
      zip_source_free(source);
      const std::string why = zip_error_strerror(&error);
      zip_error_fini(&error);
      fail("", why);
    }
    zip_error_fini(&error);
  }
  ~Package() {
    if (m_zip != nullptr) {
      zip_discard(m_zip);
    }
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  bool has(const std::string& part) const { return zip_name_locate(m_zip, part.c_str(), 0) >= 0; }

  std::string read(const std::string& part) const {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(m_zip, part.c_str(), 0, &st) != 0) {
      fail(part, _("the part is missing"));
    }
    constexpr zip_uint64_t k_limit = 512ULL << 20; // an uncompressed part beyond 512 MB is not a village's sheet
    if ((st.valid & ZIP_STAT_SIZE) == 0 || st.size > k_limit) {
      fail(part, _("the part is too large"));
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(m_zip, part.c_str(), 0), zip_fclose);
    if (!f) {
      fail(part, zip_strerror(m_zip));
    }
    std::string out(static_cast<size_t>(st.size), '\0');
    zip_int64_t got = zip_fread(f.get(), out.data(), st.size);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) {
      fail(part, _("the part cannot be read whole"));
    }
    return out;
  }

  [[noreturn]] void fail(const std::string& part, const std::string& why) const {
    throw DataError(part.empty() ? _f("{}: not a readable .xlsx workbook ({})", m_file, why)
                                 : _f("{}: {}: {}", m_file, part, why),
                    _("save it again from the spreadsheet program as an Excel workbook (.xlsx), or as CSV"));
  }

private:
  std::string m_file;
  zip_t* m_zip = nullptr;
};

// expat over a whole part, calling back with each element's local name (namespace prefix dropped).
class Xml {
public:
  using Start = std::function<void(const std::string&, const std::map<std::string, std::string>&)>;
  using End = std::function<void(const std::string&)>;
  using Text = std::function<void(std::string_view)>;

  static void parse(const Package& pkg, const std::string& part, const std::string& text, Start start, End end,
                    Text chars) {
    Xml x(std::move(start), std::move(end), std::move(chars));
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> p(XML_ParserCreate("UTF-8"),
                                                                               XML_ParserFree);
    XML_SetUserData(p.get(), &x);
    XML_SetElementHandler(p.get(), on_start, on_end);
    XML_SetCharacterDataHandler(p.get(), on_text);
    if (XML_Parse(p.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) == XML_STATUS_ERROR) {
      pkg.fail(part, fmt::format("{} (line {})", XML_ErrorString(XML_GetErrorCode(p.get())),
                                 XML_GetCurrentLineNumber(p.get())));
    }
  }

private:
  Xml(Start s, End e, Text t) : start(std::move(s)), end(std::move(e)), chars(std::move(t)) {}
  static std::string local(const char* name) {
    std::string_view n(name);
    auto colon = n.rfind(':');
    return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
  }
  static void on_start(void* data, const char* name, const char** attrs) {
    auto* x = static_cast<Xml*>(data);
    std::map<std::string, std::string> a;
    for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2) {
      a[local(attrs[i])] = attrs[i + 1];
    }
    if (x->start) {
      x->start(local(name), a);
    }
  }
  static void on_end(void* data, const char* name) {
    auto* x = static_cast<Xml*>(data);
    if (x->end) {
      x->end(local(name));
    }
  }
  static void on_text(void* data, const char* s, int len) {
    auto* x = static_cast<Xml*>(data);
    if (x->chars) {
      x->chars(std::string_view(s, static_cast<size_t>(len)));
    }
  }
  Start start;
  End end;
  Text chars;
};

struct SheetRef {
  std::string name, part;
};

struct Book {
  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

std::string part_of(std::string target) {
  if (!target.empty() && target.front() == '/') {
    return target.substr(1);
  }
  return target.rfind("xl/", 0) == 0 ? target : "xl/" + target;
}

Book read_book(const Package& pkg) {
  Book book;
  std::map<std::string, std::string> ids;                 // r:id → part
  std::vector<std::pair<std::string, std::string>> named; // name, r:id
  if (pkg.has("xl/_rels/workbook.xml.rels")) {
    Xml::parse(
        pkg, "xl/_rels/workbook.xml.rels", pkg.read("xl/_rels/workbook.xml.rels"),
        [&](const std::string& el, const auto& a) {
          if (el == "Relationship" && a.count("Id") && a.count("Target")) {
            ids[a.at("Id")] = part_of(a.at("Target"));
          }
        },
        nullptr, nullptr);
  }
  Xml::parse(
      pkg, "xl/workbook.xml", pkg.read("xl/workbook.xml"),
      [&](const std::string& el, const auto& a) {
        if (el == "sheet" && a.count("name")) {
          named.emplace_back(a.at("name"), a.count("id") ? a.at("id") : "");
        } else if (el == "workbookPr" && a.count("date1904")) {
          book.date1904 = a.at("date1904") == "1" || a.at("date1904") == "true";
        }
      },
      nullptr, nullptr);
  for (size_t i = 0; i < named.size(); ++i) {
    auto it = ids.find(named[i].second);
    book.sheets.push_back(
        SheetRef{named[i].first, it != ids.end() ? it->second : fmt::format("xl/worksheets/sheet{}.xml", i + 1)});
  }
  return book;
}

std::vector<std::string> read_shared(const Package& pkg) {
  std::vector<std::string> out;
  if (!pkg.has("xl/sharedStrings.xml")) {
    return out;
  }
  int depth_phonetic = 0;
  bool in_t = false;
  Xml::parse(
      pkg, "xl/sharedStrings.xml", pkg.read("xl/sharedStrings.xml"),
      [&](const std::string& el, const auto&) {
        if (el == "si") {
          out.emplace_back();
        } else if (el == "rPh") {
          ++depth_phonetic; // a phonetic guide (furigana): not the cell's text
        } else if (el == "t") {
          in_t = depth_phonetic == 0 && !out.empty();
        }
      },
      [&](const std::string& el) {
        if (el == "rPh") {
          --depth_phonetic;
        } else if (el == "t") {
          in_t = false;
        }
      },
      [&](std::string_view s) {
        if (in_t) {
          out.back() += s;
        }
      });
  return out;
}

// Which cell styles (cellXfs, by index) show a date: the built-in date formats, or a format of its own whose
// code has a day, a month or a year outside quotes and brackets.
std::vector<bool> read_date_styles(const Package& pkg) {
  std::vector<bool> out;
  if (!pkg.has("xl/styles.xml")) {
    return out;
  }
  std::map<long, bool> custom;
  bool in_xfs = false;
  auto is_date_code = [](const std::string& code) {
    bool quoted = false;
    int bracket = 0;
    for (char c : code) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        ++bracket;
      } else if (!quoted && c == ']') {
        --bracket;
      } else if (!quoted && bracket == 0 && (c == 'y' || c == 'd' || c == 'Y' || c == 'D')) {
        return true;
      }
    }
    return false;
  };
  auto builtin_date = [](long id) {
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
  };
  Xml::parse(
      pkg, "xl/styles.xml", pkg.read("xl/styles.xml"),
      [&](const std::string& el, const auto& a) {
        if (el == "numFmt" && a.count("numFmtId") && a.count("formatCode")) {
          custom[std::atol(a.at("numFmtId").c_str())] = is_date_code(a.at("formatCode"));
        } else if (el == "cellXfs") {
          in_xfs = true;
        } else if (el == "xf" && in_xfs) {
          long id = a.count("numFmtId") ? std::atol(a.at("numFmtId").c_str()) : 0;
          auto c = custom.find(id);
          out.push_back(c != custom.end() ? c->second : builtin_date(id));
        }
      },
      [&](const std::string& el) {
        if (el == "cellXfs") {
          in_xfs = false;
        }
      },
      nullptr);
  return out;
}

// "C7" → column 2 (from 0); -1 when it names none.
long column_of(const std::string& ref) {
  long col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) {
      return -1; // beyond Excel's XFD
    }
  }
  return i == 0 ? -1 : col - 1;
}

std::string number_text(const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || !std::isfinite(d)) {
    return v;
  }
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    return fmt::format("{}", static_cast<long long>(d));
  }
  return fmt::format("{}", d);
}

// An Excel serial day (with its fraction of a day) as an ISO date, or date and time.
std::string date_text(const std::string& v, bool date1904) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || !std::isfinite(d) || d < 0 || d > 2958465) { // 9999-12-31
    return v;
  }
  using namespace std::chrono;
  // 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was, so from March 1900
  // the days count from 1899-12-30.
  const sys_days epoch = date1904 ? sys_days(year{1904} / January / 1) : sys_days(year{1899} / December / 30);
  const auto whole = static_cast<long>(std::floor(d));
  const sys_days day = epoch + days{whole};
  const year_month_day ymd(day);
  const auto minutes_of_day = static_cast<long>(std::lround((d - static_cast<double>(whole)) * 24 * 60));
  std::string out = fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                static_cast<unsigned>(ymd.day()));
  if (minutes_of_day > 0 && minutes_of_day < 24 * 60) {
    out += fmt::format(" {:02}:{:02}", minutes_of_day / 60, minutes_of_day % 60);
  }
  return out;
}

} // namespace

namespace workbook {

std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file) {
  Package pkg(bytes, file);
  std::vector<std::string> out;
  for (const auto& s : read_book(pkg).sheets) {
    out.push_back(s.name);
  }
  return out;
}

XlsxSheet read_xlsx(std::string_view bytes, const std::string& file, const std::string& sheet) {
  Package pkg(bytes, file);
  Book book = read_book(pkg);
  if (book.sheets.empty()) {
    pkg.fail("xl/workbook.xml", _("the workbook has no sheet"));
  }
  const SheetRef* chosen = &book.sheets.front();
  if (!sheet.empty()) {
    chosen = nullptr;
    std::string names;
    for (const auto& s : book.sheets) {
      names += (names.empty() ? "" : ", ") + s.name;
      if (s.name == sheet) {
        chosen = &s;
      }
    }
    if (chosen == nullptr) {
      throw DataError(_f("{}: the workbook has no sheet named '{}'", file, sheet), _f("its sheets: {}", names));
    }
  }
  const auto shared = read_shared(pkg);
  const auto date_styles = read_date_styles(pkg);
  XlsxSheet out{chosen->name, {}};
  XlsxRow row;
  long next_row = 1;
  long next_col = 0;
  std::string type, style, value;
  long col = 0;
  bool in_value = false;
  bool in_inline = false;
  std::string inline_text;
  auto finish_row = [&] {
    while (!row.cells.empty() && row.cells.back().empty()) {
      row.cells.pop_back();
    }
    if (!row.cells.empty()) {
      out.rows.push_back(std::move(row));
    }
    row = XlsxRow{};
  };
  constexpr long k_max_cells = 1L << 24; // a sheet of more cells than this is not a village's
  long cells = 0;
  Xml::parse(
      pkg, chosen->part, pkg.read(chosen->part),
      [&](const std::string& el, const auto& a) {
        if (el == "row") {
          row = XlsxRow{};
          row.number = a.count("r") ? std::atol(a.at("r").c_str()) : next_row;
          if (row.number <= 0) {
            row.number = next_row;
          }
          next_row = row.number + 1;
          next_col = 0;
        } else if (el == "c") {
          col = a.count("r") ? column_of(a.at("r")) : next_col;
          if (col < 0) {
            col = next_col;
          }
          next_col = col + 1;
          type = a.count("t") ? a.at("t") : "n";
          style = a.count("s") ? a.at("s") : "";
          value.clear();
          inline_text.clear();
        } else if (el == "v") {
          in_value = true;
        } else if (el == "is") {
          in_inline = true;
        }
      },
      [&](const std::string& el) {
        if (el == "v") {
          in_value = false;
        } else if (el == "is") {
          in_inline = false;
        } else if (el == "c") {
          if (++cells > k_max_cells) {
            pkg.fail(chosen->part, _("the sheet has too many cells"));
          }
          std::string text;
          if (type == "s") {
            char* end = nullptr;
            long i = std::strtol(value.c_str(), &end, 10);
            if (end == value.c_str() || i < 0 || static_cast<size_t>(i) >= shared.size()) {
              pkg.fail(chosen->part, _f("row {}: a shared string that is not in the workbook", row.number));
            }
            text = shared[static_cast<size_t>(i)];
          } else if (type == "inlineStr") {
            text = inline_text;
          } else if (type == "str" || type == "e") {
            text = value;
          } else if (type == "b") {
            text = value == "1" ? "TRUE" : "FALSE";
          } else if (!value.empty()) {
            const long s = style.empty() ? -1 : std::atol(style.c_str());
            const bool date =
                s >= 0 && static_cast<size_t>(s) < date_styles.size() && date_styles[static_cast<size_t>(s)];
            text = date ? date_text(value, book.date1904) : number_text(value);
          }
          if (!text.empty()) {
            if (static_cast<size_t>(col) >= row.cells.size()) {
              row.cells.resize(static_cast<size_t>(col) + 1);
            }
            row.cells[static_cast<size_t>(col)] = std::move(text);
          }
        } else if (el == "row") {
          finish_row();
        }
      },
      [&](std::string_view s) {
        if (in_value) {
          value += s;
        } else if (in_inline) {
          inline_text += s;
        }
      });
  return out;
}

} // namespace workbook
} // namespace yishi
