#include "pdf.hpp"

#include "core/error.hpp"
#include "core/modules.hpp"

namespace yishi {
namespace {

const PdfModule& pdf_module() {
  static const PdfModule* module = [] {
    ModuleLookup found = find_module("pdf");
    if (found.entry == nullptr) {
      throw Error(
          _f("cannot load yishi's PDF typesetter{}", found.why.empty() ? std::string() : " (" + found.why + ")"),
          _f("reinstall yishi, or set YISHI_PDF_MODULE to its libyishi_pdf.so (looked in: {})",
             fmt::join(found.places, ", ")));
    }
    using Entry = const PdfModule* (*)();
    return reinterpret_cast<Entry>(found.entry)();
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
