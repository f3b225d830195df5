#include "command.hpp"

#include "core/documents/pdf.hpp"
#include "core/documents/sheet.hpp"
#include "core/records/village.hpp"
#include "core/storage/output.hpp"

namespace yishi::cli {

void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name) {
  if (format == "pdf") {
    std::string file = output.empty() ? default_name + ".pdf" : output;
    storage::write_file(file, storage::Privacy::shared,
                        [&](std::ostream& out) { write_pdf(out, {document}, Paper::a4); });
    ctx.out << _f("Wrote {}\n", file);
    return;
  }
  VillageInfo village = VillageStore(ctx.db()).info();
  std::string text =
      render_document(document, village_templates(village), format == "html" ? SheetFormat::html : SheetFormat::text);
  if (output.empty()) {
    ctx.out << text;
    return;
  }
  storage::write_file(output, storage::Privacy::shared, [&](std::ostream& out) { out << text; });
  ctx.out << _f("Wrote {}\n", output);
}

} // namespace yishi::cli
