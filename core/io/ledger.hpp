#pragma once

#include "core/date.hpp"

#include <SQLiteCpp/Database.h>
#include <filesystem>
#include <optional>

namespace yishi {

/// The township's ledgers (台账) as an Excel workbook, written with libxlsxwriter: the sheets 议题台账, 议事会议,
/// 表决, 公示 and 落实, with Chinese headers and labels, names rather than ids, dates as Excel dates, columns as
/// wide as their text, a frozen header row and an autofilter. `year` keeps one year's records. Without
/// `include_private`, phone and ID numbers in any text are masked; with it the file is 0600. Returns the rows
/// written, all sheets together.
long write_ledger_xlsx(SQLite::Database& db, const std::filesystem::path& file, std::optional<int> year,
                       bool include_private);

} // namespace yishi
