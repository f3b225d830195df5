#pragma once

#include "core/documents/sheet.hpp"
#include "core/render/json.hpp"
#include "core/rules/figures.hpp"

namespace yishi {

/// The report as a document in Chinese, with a bar chart of matters per month by status
/// (SVG for HTML; drawn in vector for PDF).
SheetContent report_document(const ReportFigures& figures, const VillageInfo& village);
/// The figures as `yishi report --json` prints them (and `yishi district report --json` for each village).
Json report_json(const ReportFigures& figures);

/// One line of a district's report: a village, or a township's total (the last line: the district's).
struct ReportUnit {
  std::string name;
  bool township_total = false;
  const ReportFigures* figures = nullptr;
};
/// The district's report as a document: the district's figures in sentences and chart, then a line each.
SheetContent district_report_document(const std::vector<ReportUnit>& units, const std::string& district);

/// Matters per month by status: one stacked bar a month, one colour a status.
Chart report_chart(const ReportFigures& figures);

} // namespace yishi
