#pragma once

#include "core/rules/figures.hpp"

#include <SQLiteCpp/Database.h>

namespace yishi {

/// The figures of a period (a whole village, or one group's matters), counted by queries over the records.
ReportFigures compute_report(SQLite::Database& db, const Clock& clock, const Period& period, std::string_view group);

} // namespace yishi
