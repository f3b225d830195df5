#include "csv.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"

#include <ostream>

namespace yishi {

namespace {
constexpr int eof = std::char_traits<char>::eof();
}

CsvReader::CsvReader(std::istream& in, std::string source, std::size_t field_limit)
    : m_buf(in.rdbuf()), m_source(std::move(source)), m_limit(field_limit) {}

int CsvReader::get() {
  int c = m_buf->sbumpc();
  if (m_raw != nullptr && c != eof && m_raw->size() < (1u << 16)) {
    m_raw->push_back(static_cast<char>(c));
  }
  return c;
}

int CsvReader::peek() {
  return m_buf->sgetc();
}

void CsvReader::fail(long line, std::size_t field, const std::string& what) const {
  throw DataError(_f("{}:{}: field {}: {}", m_source, line, field, what),
                  _("save the sheet again as CSV from Excel or WPS, or fix the quotes by hand"));
}

bool CsvReader::next(CsvRecord& record) {
  record.error.clear();
  record.raw.clear();
  if (!m_recover) {
    return read(record);
  }
  m_raw = &record.raw;
  try {
    bool more = read(record);
    m_raw = nullptr;
    record.raw.clear();
    return more;
  } catch (const DataError& e) {
    record.fields.clear();
    record.error = e.what();
    // The import names the file and the line itself: keep "field N: ..." only.
    if (std::string prefix = m_source + ":"; record.error.rfind(prefix, 0) == 0) {
      if (auto at = record.error.find(": ", prefix.size()); at != std::string::npos) {
        record.error = record.error.substr(at + 2);
      }
    }
    resync();
    m_raw = nullptr;
    // The raw bytes end at the line break that ended the record.
    while (!record.raw.empty() && (record.raw.back() == '\n' || record.raw.back() == '\r')) {
      record.raw.pop_back();
    }
    return true;
  }
}

void CsvReader::resync() {
  if (m_in_quotes) {
    // Inside a quoted field (one over the limit): read on to its closing quote.
    for (int c = get(); c != eof; c = get()) {
      if (c == '"') {
        if (peek() != '"') {
          break;
        }
        get();
      } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
        ++m_line;
      }
    }
    m_in_quotes = false;
  }
  for (int c = get(); c != eof; c = get()) {
    if (c == '\n' || c == '\r') {
      if (c == '\r' && peek() == '\n') {
        get();
      }
      ++m_line;
      return;
    }
  }
}

bool CsvReader::read(CsvRecord& record) {
  if (!m_started) {
    m_started = true;
    // The UTF-8 byte order mark that Excel writes.
    if (peek() == 0xEF) {
      get();
      if (get() != 0xBB || get() != 0xBF) {
        fail(1, 1, _("the file starts with bytes that are neither text nor a byte order mark"));
      }
    }
  }
  record.fields.clear();
  // Blank lines between records (and at the end) are not records.
  for (int c = peek(); c == '\n' || c == '\r'; c = peek()) {
    get();
    if (c == '\r' && peek() == '\n') {
      get();
    }
    ++m_line;
  }
  if (peek() == eof) {
    return false;
  }
  record.line = m_line;
  std::string field;
  auto append = [&](int c) {
    if (field.size() >= m_limit) {
      fail(m_line, record.fields.size() + 1, _f("longer than {} bytes", m_limit));
    }
    field.push_back(static_cast<char>(c));
  };
  while (true) {
    // At the start of a field.
    long field_line = m_line;
    if (peek() == '"') {
      get();
      m_in_quotes = true;
      while (true) {
        int c = get();
        if (c == eof) {
          fail(field_line, record.fields.size() + 1, _("a quote is opened here and never closed"));
        }
        if (c == '"') {
          if (peek() == '"') {
            get();
            append('"');
            continue;
          }
          break;
        }
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
          ++m_line;
        }
        append(c);
      }
      m_in_quotes = false;
      int after = peek();
      if (after != ',' && after != '\n' && after != '\r' && after != eof) {
        fail(m_line, record.fields.size() + 1,
             _("text after the closing quote (a quote inside a field is written \"\")"));
      }
    } else {
      for (int c = peek(); c != ',' && c != '\n' && c != '\r' && c != eof; c = peek()) {
        if (c == '"') {
          fail(m_line, record.fields.size() + 1,
               _("a quote inside a field that does not start with one (quote the field, and write the quote \"\")"));
        }
        append(get());
      }
    }
    record.fields.push_back(std::move(field));
    field.clear();
    int c = get();
    if (c == ',') {
      continue;
    }
    if (c == '\r' && peek() == '\n') {
      get();
    }
    if (c != eof) {
      ++m_line;
    }
    return true;
  }
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
  return out;
}

std::string_view unneutralise(std::string_view text) {
  if (text.size() > 1 && text.front() == '\'' && std::string_view("=+-@\t\r").find(text[1]) != std::string_view::npos) {
    return text.substr(1);
  }
  return text;
}

std::string neutralise_formula(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    std::string out = "'";
    out += text;
    return out;
  }
  return std::string(text);
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out << ',';
    }
    out << csv_field(fields[i]);
  }
  out << "\r\n";
}

} // namespace yishi
