#pragma once

#include "core/date.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace yishi {

/// Public holidays and make-up working days (调休上班), year by year.
class HolidayCalendar {
public:
  struct Year {
    std::set<Date> holidays;
    std::set<Date> workdays; // weekend days that are working days
    bool provisional = false;
  };

  void add_year(int year, Year data) { m_years[year] = std::move(data); }
  bool has_year(int year) const { return m_years.count(year) != 0; }
  bool provisional(int year) const;

  /// Monday to Friday unless a holiday; a weekend day only when it is a make-up working day.
  /// Throws NotFound when the year has no calendar.
  bool is_working_day(Date day) const;

  /// The last day of a period of `count` working days that starts on `start` (counted when it is
  /// a working day, else from the next one).
  Date last_working_day(Date start, int count) const;

  /// The last working day before `day`; in a year with no calendar, the last weekday before it.
  Date working_day_before(Date day) const;

  /// Reads data/holidays/YEAR.toml for each year from `first` to `last` that has a file.
  static HolidayCalendar load(const std::filesystem::path& folder, int first, int last);

private:
  std::map<int, Year> m_years;
};

} // namespace yishi
