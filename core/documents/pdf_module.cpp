#include "pdf.hpp"

#include "core/error.hpp"
#include "core/modules.hpp"

namespace yishi {
namespace {

const PdfModule& pdf_module() {
  static const PdfModule* module = [] {
    using Entry = const PdfModule* (*)();
    return reinterpret_cast<Entry>(load_module("pdf", _("PDF typesetter")))();
  }();
  return *module;
}

} // namespace

std::string write_pdf(std::ostream& out, const std::vector<SheetContent>& sheets, Paper paper) {
  return pdf_module().write(out, sheets, paper);
}

SheetMeasures measure_sheet(const SheetContent& sheet, Paper paper) {
  return pdf_module().measure(sheet, paper);
}

} // namespace yishi
