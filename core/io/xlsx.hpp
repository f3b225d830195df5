#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// One worksheet of an .xlsx workbook as text cells, the way a CSV file would hold them.
struct XlsxRow {
  long number = 0;                // the sheet's row number (1 for the first), as Excel shows it
  std::vector<std::string> cells; // by column from A; an empty cell is ""
};
struct XlsxSheet {
  std::string name;
  std::vector<XlsxRow> rows; // rows that hold something, in order
};

/// Reads the first worksheet of a workbook, or the one named `sheet`, from the file's bytes (`file` names it in
/// errors). An .xlsx is a zip of XML parts: read with libzip and expat. Shared strings, inline strings and
/// formula results are text; a number stored in a date format is written as a date (2026-03-05, or with the
/// time when it has one; the 1900 and the 1904 date systems); other numbers as they are, whole ones without
/// a decimal point; TRUE and FALSE for booleans. A merged cell's value is in its first cell only, so a
/// header's merged title row above it reads as one cell. A workbook that is not one, or is damaged, throws
/// DataError naming the file and the part.
XlsxSheet read_xlsx(std::string_view bytes, const std::string& file, const std::string& sheet = {});

/// The names of a workbook's sheets, in order.
std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file);

} // namespace yishi
