#pragma once

#include "core/documents/sheet.hpp"

#include <map>
#include <ostream>
#include <vector>

namespace yishi {

enum class Paper { a4, a3 };
inline constexpr auto k_papers = std::to_array<EnumName<Paper>>({
    {Paper::a4, "a4", "A4"},
    {Paper::a3, "a3", "A3"},
});
template <> constexpr auto enum_names<Paper>() {
  return std::span{k_papers};
}

/// Typesets notice sheets into one PDF, one sheet (or more pages, for a long notice) after another,
/// with Pango (Chinese line breaking) and a CJK font from fontconfig, each sheet in its layout (plain,
/// red header, GB/T 9704). The text is real text. Written to `out` (an OutputFile's stream, which checks
/// every byte). Returns the characters no installed font could draw (each printed as a box), if any.
[[nodiscard]] std::string write_pdf(std::ostream& out, const std::vector<SheetContent>& sheets, Paper paper);

/// What the typesetting made of a sheet, measured from Pango's layout lines as write_pdf sets them: for the
/// tests (tests/unit/test_pdf.cpp), and for anyone asking why a sheet looks as it does.
struct SheetMeasures {
  /// Every text block of two lines or more whose last line holds fewer than three characters.
  std::vector<std::string> short_last_lines;
  /// The widest advance of two full-width marks side by side ("）。"), in ems of their block's type: 2 when
  /// they are set at full width, 1.5 when one of them gives up its blank half.
  double widest_mark_pair_em = 0;
  /// Characters drawn with no glyph of any font (the .notdef box), each once.
  std::string missing_characters;
  int pages = 0;
  double body_size = 0; // points on A4
  /// How many characters the body's full lines hold (neither a paragraph's first line nor its last): count
  /// of lines by characters.
  std::map<int, int> full_line_chars;
  /// The body's baselines on the first page, in millimetres from the top of the page (A4).
  std::vector<double> first_page_baselines_mm;
  /// How far the date ends from the type area's right edge, in characters, when it is set in from it.
  double date_inset_em = 0;
  double filled = 0;        // how far down the type area the last page's content reaches, 0 to 1
  double top_offset_mm = 0; // the space put above a short sheet's content
};
SheetMeasures measure_sheet(const SheetContent& sheet, Paper paper);

/// The typesetter lives in a module of its own (libyishi_pdf.so, with Pango, Cairo and their fonts'
/// libraries), loaded the first time a PDF is made: a command that makes none does not load the forty
/// libraries it needs. It is looked for at $YISHI_PDF_MODULE, then where yishi is installed
/// (LIBDIR/yishi), then in the build tree; write_pdf and measure_sheet above call into it.
struct PdfModule {
  std::string (*write)(std::ostream&, const std::vector<SheetContent>&, Paper);
  SheetMeasures (*measure)(const SheetContent&, Paper);
};

} // namespace yishi
