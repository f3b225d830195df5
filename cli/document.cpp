#include "command.hpp"

#include "core/documents/pdf.hpp"
#include "core/documents/sheet.hpp"
#include "core/records/village.hpp"
#include "core/storage/output.hpp"

namespace yishi::cli {

void write_pdf_file(Context& ctx, const std::string& file, const std::vector<SheetContent>& sheets, Paper paper) {
  std::string missing;
  storage::write_file(file, storage::Privacy::shared,
                      [&](std::ostream& out) { missing = write_pdf(out, sheets, paper); });
  if (!missing.empty()) {
    ctx.err << warning_prefix()
            << _f("no installed font can draw {}: on {} each prints as an empty box (install a font that has them, "
                  "such as fonts-hanazono, and print again)",
                  missing, file)
            << '\n';
  }
}

void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name) {
  write_document(ctx, document, format, output, default_name, VillageStore(ctx.db()).info());
}

void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name, const VillageInfo& village) {
  if (format == "pdf") {
    std::string file = output.empty() ? default_name + ".pdf" : output;
    SheetContent laid_out = document;
    lay_out(laid_out, village);
    write_pdf_file(ctx, file, {laid_out}, Paper::a4);
    ctx.out << _f("Wrote {}\n", file);
    return;
  }
  SheetContent laid_out = document;
  lay_out(laid_out, village);
  std::string text =
      render_document(laid_out, village_templates(village), format == "html" ? SheetFormat::html : SheetFormat::text);
  if (output.empty()) {
    ctx.out << text;
    return;
  }
  storage::write_file(output, storage::Privacy::shared, [&](std::ostream& out) { out << text; });
  ctx.out << _f("Wrote {}\n", output);
}

} // namespace yishi::cli
