#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace yishi {

using Date = std::chrono::year_month_day;

struct DateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;

  auto operator<=>(const DateTime&) const = default;
};

/// The source of "now". Commands take it from here so tests can fix the time.
class Clock {
public:
  virtual ~Clock() = default;
  virtual DateTime now() const = 0;
  Date today() const { return now().date; }
};

class SystemClock final : public Clock {
public:
  DateTime now() const override;
};

class FixedClock final : public Clock {
public:
  explicit FixedClock(DateTime at) : m_at(at) {}
  DateTime now() const override { return m_at; }

private:
  DateTime m_at;
};

/// Parses the forms people type: 2026-03-05, 2026/3/5, 2026年3月5日, 3月5日 (this year),
/// 3-5 or 3/5 (this year), 今天/today, 明天/tomorrow, 昨天/yesterday.
/// Throws DataError naming `what` for anything else, including days that do not exist.
Date parse_date(std::string_view text, Date today, std::string_view what = "date");

/// Parses "2026-03-05 19:30", "2026-03-05T19:30:00", or a bare date (00:00).
DateTime parse_date_time(std::string_view text, Date today, std::string_view what = "time");

/// A meeting's time: as parse_date_time, but a date without its hour is refused (never 00:00 by default).
DateTime parse_meeting_time(std::string_view text, Date today, std::string_view what = "time");

/// Reads a stored ISO date (2026-03-05); DataError on anything else.
Date date_from_iso(std::string_view text);

std::string format_iso(Date date);              // 2026-03-05
std::string format_iso(const DateTime& at);     // 2026-03-05T19:30:00
std::string format_minutes(const DateTime& at); // 2026-03-05 19:30
std::string format_zh(Date date);               // 2026年3月5日
std::string format_zh(const DateTime& at);      // 2026年3月5日19时30分, as sheets write a time (19时 on the hour)

Date add_days(Date date, int days);
int days_between(Date from, Date to); // to - from, in days

/// Reads YISHI_NOW when set (for tests and reproducible runs), else the system clock.
std::unique_ptr<Clock> clock_from_environment();

} // namespace yishi
