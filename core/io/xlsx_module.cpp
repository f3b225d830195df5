// Workbooks through the module that reads and writes them (workbook.hpp), loaded the first time.
#include "core/io/workbook.hpp"

#include "core/error.hpp"
#include "core/modules.hpp"

namespace yishi {
namespace {

const XlsxModule& xlsx_module() {
  static const XlsxModule* module = [] {
    using Entry = const XlsxModule* (*)();
    return reinterpret_cast<Entry>(load_module("xlsx", _("Excel workbook reader and writer")))();
  }();
  return *module;
}

} // namespace

XlsxSheet read_xlsx(std::string_view bytes, const std::string& file, const std::string& sheet) {
  return xlsx_module().read(bytes, file, sheet);
}

std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file) {
  return xlsx_module().sheet_names(bytes, file);
}

long write_ledger_xlsx(SQLite::Database& db, const std::filesystem::path& file, std::optional<int> year,
                       bool include_private) {
  return xlsx_module().write_ledger(db, file, year, include_private);
}

} // namespace yishi
