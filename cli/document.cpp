#include "command.hpp"

#include "core/documents/sheet.hpp"
#include "core/documents/pdf.hpp"
#include "core/records/village.hpp"

#include <fstream>

namespace yishi::cli {

void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name) {
  if (format == "pdf") {
    std::string file = output.empty() ? default_name + ".pdf" : output;
    write_pdf(file, {document}, Paper::a4);
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
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text;
  if (!file.flush()) {
    throw Error(_f("cannot write {}", output));
  }
  ctx.out << _f("Wrote {}\n", output);
}

} // namespace yishi::cli
