// The workbook module's entry point (workbook.hpp).
#include "core/io/workbook.hpp"

extern "C" const yishi::XlsxModule* yishi_xlsx_module() {
  static const yishi::XlsxModule module{yishi::workbook::read_xlsx, yishi::workbook::xlsx_sheet_names,
                                        yishi::workbook::write_ledger_xlsx};
  return &module;
}
