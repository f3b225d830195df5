#include "core/documents/pdf.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace yishi;

namespace {

SheetContent sheet_of(std::vector<std::string> paragraphs) {
  SheetContent s;
  s.title = "关于“村道硬化”处理结果的公示";
  s.serial = "老寨村议公〔2026〕5号";
  s.paragraphs = std::move(paragraphs);
  s.period = "2026年3月20日至2026年3月26日（7天）";
  s.issuing_body = "老寨村村民议事会";
  s.date = "2026年3月20日";
  return s;
}

std::string repeat(const std::string& piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += piece;
  }
  return out;
}

} // namespace

TEST_CASE("no paragraph ends in a line of one or two characters") {
  // Paragraphs of every length from one to three lines: without the letter-spacing adjustment, several of
  // them end in a line holding only "映。" or "。".
  for (int extra = 0; extra < 40; extra += 3) {
    std::vector<std::string> paragraphs;
    for (int n = 28 + extra; n < 70 + extra; n += 7) {
      paragraphs.push_back(repeat("村民反映道路", n / 6) + repeat("路", n % 6) + "映。");
    }
    SheetMeasures m = measure_sheet(sheet_of(paragraphs), Paper::a4);
    CHECK_MESSAGE(m.short_last_lines.empty(), (m.short_last_lines.empty() ? "" : m.short_last_lines.front()));
  }
}

TEST_CASE("two full-width marks side by side take about an em and a half, not two") {
  SheetMeasures m =
      measure_sheet(sheet_of({"新义组村民反映的“新义组进村道路硬化拓宽”（编号2026-001），经议事协商、表决通过。",
                              "会议（线下议事）。赞成6票（“同意”），反对1票；弃权0票。"}),
                    Paper::a4);
  // Measured with the line's justification: 1.57 em here with the blank half given up, 2.47 em without.
  CHECK(m.widest_mark_pair_em > 1.0); // measured at all
  CHECK(m.widest_mark_pair_em <= 1.75);
}

TEST_CASE("rare name characters print with a real glyph") {
  SheetMeasures m = measure_sheet(sheet_of({"提议人：王堃、李喆、张昇、刘犇、陈彧、赵赟、𠮷田。"}), Paper::a4);
  CHECK(m.missing_glyphs == 0);
  CHECK(m.pages == 1);
}
