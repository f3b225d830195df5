#include "calendar.hpp"

#include "core/error.hpp"

#include <toml++/toml.h>

namespace yishi {

bool HolidayCalendar::provisional(int year) const {
  auto it = m_years.find(year);
  return it != m_years.end() && it->second.provisional;
}

Date HolidayCalendar::working_day_before(Date day) const {
  for (Date d = add_days(day, -1);; d = add_days(d, -1)) {
    if (has_year(static_cast<int>(d.year()))) {
      if (is_working_day(d)) {
        return d;
      }
      continue;
    }
    std::chrono::weekday wd{std::chrono::sys_days{d}};
    if (wd != std::chrono::Saturday && wd != std::chrono::Sunday) {
      return d;
    }
  }
}

bool HolidayCalendar::is_working_day(Date day) const {
  int y = static_cast<int>(day.year());
  auto it = m_years.find(y);
  if (it == m_years.end()) {
    throw NotFound(_f("no holiday calendar for {}: working days cannot be counted", y),
                   _f("add data/holidays/{}.toml from the State Council's notice, or post for calendar days", y));
  }
  if (it->second.holidays.count(day) != 0) {
    return false;
  }
  if (it->second.workdays.count(day) != 0) {
    return true;
  }
  std::chrono::weekday wd{std::chrono::sys_days{day}};
  return wd != std::chrono::Saturday && wd != std::chrono::Sunday;
}

Date HolidayCalendar::last_working_day(Date start, int count) const {
  Date day = start;
  int counted = 0;
  for (int guard = 0; guard < 3660; ++guard, day = add_days(day, 1)) {
    if (is_working_day(day) && ++counted == count) {
      return day;
    }
  }
  throw Error(_f("no {} working days found after {}", count, format_iso(start)));
}

HolidayCalendar HolidayCalendar::load(const std::filesystem::path& folder, int first, int last) {
  HolidayCalendar calendar;
  for (int y = first; y <= last; ++y) {
    auto file = folder / (std::to_string(y) + ".toml");
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
      continue;
    }
    toml::table t;
    try {
      t = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
      throw DataError(
          fmt::format("{}:{}:{}: {}", file.string(), e.source().begin.line, e.source().begin.column, e.description()));
    }
    Year data;
    data.provisional = t["provisional"].value_or(false);
    for (auto [key, into] : {std::pair{"holidays", &data.holidays}, std::pair{"workdays", &data.workdays}}) {
      if (const toml::array* days = t[key].as_array()) {
        for (const auto& d : *days) {
          auto text = d.value<std::string>();
          if (!text) {
            throw DataError(_f("{}: {} must be a list of dates such as \"2026-10-01\"", file.string(), key));
          }
          Date date = date_from_iso(*text);
          if (static_cast<int>(date.year()) != y) {
            throw DataError(_f("{}: {} lists {}, which is not in {}", file.string(), key, *text, y));
          }
          into->insert(date);
        }
      }
    }
    calendar.add_year(y, std::move(data));
  }
  return calendar;
}

} // namespace yishi
