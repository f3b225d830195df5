#pragma once

#include "core/documents/sheet.hpp"
#include "core/rules/figures.hpp"

namespace yishi {

/// The report as a document in Chinese, with a bar chart of matters per month by status
/// (SVG for HTML; drawn in vector for PDF).
SheetContent report_document(const ReportFigures& figures, const VillageInfo& village);
/// Matters per month by status: one stacked bar a month, one colour a status.
Chart report_chart(const ReportFigures& figures);

} // namespace yishi
