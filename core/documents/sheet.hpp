#pragma once

#include "core/model/notices.hpp"
#include "core/render/template.hpp"

#include <algorithm>

namespace yishi {

enum class SheetFormat { text, html };

/// A stacked bar chart: one bar a label, one colour a series.
struct ChartSeries {
  std::string name;
  double red = 0, green = 0, blue = 0;
  std::vector<long> values; // one a label
};
struct Chart {
  std::vector<std::string> labels;
  std::vector<ChartSeries> series;
  bool empty() const { return labels.empty() || series.empty(); }
  /// The tallest bar (the sum of a label's values), at least 1: the top of the value axis.
  long tallest() const {
    long top = 1;
    for (size_t i = 0; i < labels.size(); ++i) {
      long total = 0;
      for (const auto& s : series) {
        total += s.values[i];
      }
      top = std::max(top, total);
    }
    return top;
  }
};

/// The chart as SVG, for HTML.
std::string chart_to_svg(const Chart& chart);

/// A sheet's content, every field but the village's own phone already masked.
struct SheetContent {
  std::string title;
  std::string serial;
  std::string stage_zh;
  std::vector<std::string> paragraphs;
  bool draft = false;
  std::string period; // 2026年3月5日至2026年3月11日（7天）
  std::string places;
  std::string fingerprint; // 核验码
  std::string feedback;
  std::string supervision_phone; // the office's number, printed as it is
  std::string issuing_body;
  std::string date;
  std::string supersedes; // the serial this notice corrects
  std::string superseded_by;
  bool notice = true; // a notice carries the feedback channel and the supervision phone; minutes do not
  std::vector<std::string> signatures; // lines left for signatures (minutes)
  Chart chart;                         // reports: drawn after the paragraphs
  /// A 公告 (an announcement, a convention), minutes or a report: printed in the village's formal layout.
  bool formal = false;
  SheetLayout layout = SheetLayout::plain;
  std::string red_header; // the issuing body's mark in red at the head (red-header and gbt9704 layouts)
};

/// Gives the sheet the layout the village chose for its kind (village.toml's [print]).
void lay_out(SheetContent& sheet, const VillageInfo& village);
SheetContent sheet_content(const Notice& notice, const VillageInfo& village, std::string_view supersedes_serial = {},
                           std::string_view superseded_by_serial = {});

/// The sheet as the public sees it: every text on it through mask_personal, but the supervision
/// phone (the office's public number) and the 核验码. Every printed form (text, HTML, PDF) starts here.
SheetContent public_sheet(SheetContent sheet);

/// The templates for a village: its own folder first (village.toml's templates), then the shipped ones.
FolderLoader village_templates(const VillageInfo& village);

/// Lays any sheet out as text or HTML through the sheet templates.
std::string render_document(const SheetContent& sheet, const TemplateLoader& templates, SheetFormat format);

/// Lays the notice out as a printed sheet. Every personal number is masked; the village's
/// own supervision phone is printed as it is.
std::string render_sheet(const Notice& notice, const VillageInfo& village, const TemplateLoader& templates,
                         SheetFormat format);

} // namespace yishi
