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

} // namespace yishi
