#pragma once

// Inside the workbook module (libyishi_xlsx.so): Excel workbooks read with libzip and expat and written with
// libxlsxwriter. Those libraries (and the zip, bzip2 and OpenSSL ones under libzip) took a millisecond of every
// command's start, so they load the first time a workbook is read or written: read_xlsx, xlsx_sheet_names and
// write_ledger_xlsx (xlsx.hpp, ledger.hpp) call into the module, found like the PDF typesetter (modules.hpp)
// at $YISHI_XLSX_MODULE, LIBDIR/yishi or the build tree.
#include "core/io/ledger.hpp"
#include "core/io/xlsx.hpp"

namespace yishi {

struct XlsxModule {
  XlsxSheet (*read)(std::string_view bytes, const std::string& file, const std::string& sheet);
  std::vector<std::string> (*sheet_names)(std::string_view bytes, const std::string& file);
  long (*write_ledger)(SQLite::Database& db, const std::filesystem::path& file, std::optional<int> year,
                       bool include_private);
};

/// The module's own code, as xlsx.hpp and ledger.hpp describe it (the fuzz target calls it directly).
namespace workbook {
XlsxSheet read_xlsx(std::string_view bytes, const std::string& file, const std::string& sheet);
std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file);
long write_ledger_xlsx(SQLite::Database& db, const std::filesystem::path& file, std::optional<int> year,
                       bool include_private);
} // namespace workbook

} // namespace yishi
