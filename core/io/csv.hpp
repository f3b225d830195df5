#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// One record of a CSV file, and the line of the file it begins on (counting the line breaks
/// inside quoted fields, as a text editor does).
struct CsvRecord {
  std::vector<std::string> fields;
  long line = 0;
  std::string error; // recovering: why the record cannot be read (its fields are then empty)
  std::string raw;   // recovering: the broken record's bytes as read (at most 64 KiB), for a rejects file
};

/// Reads CSV as RFC 4180 says and as Excel and WPS write it: fields quoted or not, a quoted field may
/// hold commas, doubled quotes and line breaks; records end with LF, CRLF or a lone CR; a UTF-8 byte
/// order mark at the start is skipped; blank lines are skipped; the last record may lack its line
/// break. One record at a time, so memory does not grow with the file.
///
/// Malformed input (a quote left open, text after a closing quote, a quote inside an unquoted field,
/// a field over the limit) throws DataError naming SOURCE:LINE and the field's number. Bytes are passed
/// through as they are: checking the encoding is the caller's business.
class CsvReader {
public:
  static constexpr std::size_t default_field_limit = 1 << 20;

  CsvReader(std::istream& in, std::string source, std::size_t field_limit = default_field_limit);

  /// The next record, or false at the end of the input.
  bool next(CsvRecord& record);

  /// The line the reader has reached (1 before anything is read).
  long line() const { return m_line; }

  /// Recovering (an import with --skip-bad): a malformed record is returned with its error and raw
  /// bytes instead of throwing, and reading goes on at the next line (after the quoted field, when the
  /// error was inside one). A quote left open runs to the end of the file: that record is the last.
  void recover(bool on) { m_recover = on; }

private:
  bool read(CsvRecord& record);
  void resync();
  int get();
  int peek();
  [[noreturn]] void fail(long line, std::size_t field, const std::string& what) const;

  std::streambuf* m_buf;
  std::string m_source;
  std::size_t m_limit;
  long m_line = 1;
  bool m_started = false;
  bool m_recover = false;
  bool m_in_quotes = false;
  std::string* m_raw = nullptr; // recovering: where the current record's bytes go
};

/// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

/// A cell that a spreadsheet would run as a formula (it begins with = + - @, a tab or a carriage
/// return) gets a leading apostrophe, so that Excel and WPS show it as text.
std::string neutralise_formula(std::string_view text);

/// A cell neutralise_formula wrote ('=SUM...) as it was before (=SUM...); any other cell as it is.
std::string_view unneutralise(std::string_view text);

/// Writes one record: the fields separated by commas, ended by CRLF (as RFC 4180 and Excel do).
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

} // namespace yishi
