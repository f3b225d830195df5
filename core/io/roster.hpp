#pragma once

// The township's roster (花名册): a workbook (or CSV) with a row a villager, read for `yishi init --roster`.
// Its columns are the people import's (姓名, 性别, 村民小组, 联系电话, 身份证号, 政治面貌, 职务) and those a roster
// has besides: 出生日期 (or the birth date in the ID number) and 户号 (or 户主). From them the households and the
// adults (18 and over) of each group are counted, not typed. A row that cannot be taken is named by its sheet
// row with what is wrong, and left out.
#include "core/config.hpp"
#include "core/date.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace yishi::io {

struct RosterRow {
  long line = 0; // the sheet's row number (a CSV's line)
  PersonConfig person;
  std::optional<Date> born;
  std::string household; // 户号, or the household head's name
};

struct Roster {
  std::string file;                               // its name, as messages give it
  std::vector<RosterRow> people;                  // the rows taken, in the sheet's order
  std::vector<std::pair<long, std::string>> bad;  // rows left out: the row and what is wrong
  std::vector<Group> groups;                      // in the roster's order: households and adults of the rows taken
};

/// Reads the roster at `file` (an .xlsx, its first sheet or `sheet`; or a .csv), counting adults as of `today`.
Roster read_roster(const std::filesystem::path& file, const std::string& sheet, Date today);

/// The rows taken and the groups' counts, as the village's configuration takes them (load_village_config).
ExtraPeople extra_people(const Roster& roster);

} // namespace yishi::io
