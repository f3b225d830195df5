// libFuzzer target: the .xlsx reader (libzip and expat under it). Any input must give a sheet or a
// yishi::Error naming the file; a sheet's rows have numbers from 1 and at most Excel's 16,384 columns.
#include "core/error.hpp"
#include "core/io/workbook.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    yishi::XlsxSheet sheet = yishi::workbook::read_xlsx(bytes, "fuzz.xlsx", {});
    for (const auto& row : sheet.rows) {
      if (row.number < 1 || row.cells.size() > 16384 || row.cells.empty()) {
        std::abort(); // a row that cannot be
      }
    }
  } catch (const yishi::Error&) {
    // not a workbook, or a damaged one, named
  }
  return 0;
}
