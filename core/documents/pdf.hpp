#pragma once

#include "core/documents/sheet.hpp"

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
/// with Pango (Chinese line breaking) and a CJK font from fontconfig. The text is real text. Written to
/// `out` (an OutputFile's stream, which checks every byte).
void write_pdf(std::ostream& out, const std::vector<SheetContent>& sheets, Paper paper);

/// What the typesetting made of a sheet, measured from Pango's layout lines as write_pdf sets them: for the
/// tests (tests/unit/test_pdf.cpp), and for anyone asking why a sheet looks as it does.
struct SheetMeasures {
  /// Every text block of two lines or more whose last line holds fewer than three characters.
  std::vector<std::string> short_last_lines;
  /// The widest advance of two full-width marks side by side ("）。"), in ems of their block's type: 2 when
  /// they are set at full width, 1.5 when one of them gives up its blank half.
  double widest_mark_pair_em = 0;
  /// Characters drawn with no glyph of any font (the .notdef box).
  long missing_glyphs = 0;
  int pages = 0;
};
SheetMeasures measure_sheet(const SheetContent& sheet, Paper paper);

} // namespace yishi
