#include "pdf.hpp"

#include "core/error.hpp"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>

namespace yishi {
namespace {

const PdfModule& pdf_module() {
  static const PdfModule* module = [] {
    std::vector<std::string> places;
    if (const char* given = std::getenv("YISHI_PDF_MODULE"); given != nullptr && *given != '\0') {
      places.emplace_back(given);
    }
    std::error_code ec;
    // Installed: LIBDIR/yishi beside the prefix the executable is in (/usr/bin/yishi → /usr/lib/.../yishi).
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
      places.push_back(
          (exe.parent_path().parent_path() / YISHI_PDF_MODULE_LIBDIR / "yishi" / "libyishi_pdf.so").string());
    }
    if (const std::string built = YISHI_PDF_MODULE_BUILD; !built.empty()) { // empty in a build for the package
      places.push_back(built);
    }
    std::string why;
    for (const auto& place : places) {
      if (!std::filesystem::exists(place, ec)) {
        continue;
      }
      void* handle = ::dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        why = ::dlerror();
        continue;
      }
      using Entry = const PdfModule* (*)();
      if (auto entry = reinterpret_cast<Entry>(::dlsym(handle, "yishi_pdf_module"))) {
        return entry();
      }
      why = place + ": no yishi_pdf_module";
    }
    throw Error(
        _f("cannot load yishi's PDF typesetter{}", why.empty() ? std::string() : " (" + why + ")"),
        _f("reinstall yishi, or set YISHI_PDF_MODULE to its libyishi_pdf.so (looked in: {})", fmt::join(places, ", ")));
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
