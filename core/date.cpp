#include "date.hpp"

#include "core/error.hpp"
#include "core/spoken.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"

#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <optional>
#include <vector>

namespace yishi {
namespace {

using namespace std::chrono;

} // namespace

DateTime SystemClock::now() const {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  return DateTime{Date{year{local.tm_year + 1900}, month{static_cast<unsigned>(local.tm_mon + 1)},
                       day{static_cast<unsigned>(local.tm_mday)}},
                  local.tm_hour, local.tm_min, local.tm_sec};
}

Date parse_date(std::string_view text_in, Date today, std::string_view what) {
  const SpokenTime t = parse_spoken_time(text_in, today, what);
  if (t.hour) {
    throw DataError(_f("{} '{}' is a day: give it without a time of day", translate(std::string(what).c_str()),
                       trim(text_in)),
                    _f("such as {}", format_iso(t.date)));
  }
  return t.date;
}

DateTime parse_date_time(std::string_view text_in, Date today, std::string_view what) {
  return parse_spoken_time(text_in, today, what).at();
}

DateTime parse_meeting_time(std::string_view text_in, Date today, std::string_view what) {
  const SpokenTime t = parse_spoken_time(text_in, today, what);
  if (!t.hour) {
    throw DataError(_f("{} '{}' has no hour: a meeting needs its time of day", translate(std::string(what).c_str()),
                       trim(text_in)),
                    _f("give the date and the time, such as \"{} 19:30\" or \"{}晚上7点半\"", format_iso(t.date),
                       format_zh(t.date)));
  }
  return t.at();
}

Date date_from_iso(std::string_view text) {
  auto parts = split(text.substr(0, 10), '-');
  if (text.size() < 10 || parts.size() != 3) {
    throw DataError(_f("stored date '{}' is not an ISO date", text));
  }
  return parse_date(text.substr(0, 10), Date{year{1970}, month{1}, day{1}}, "stored date");
}

std::string format_iso(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string format_iso(const DateTime& at) {
  return fmt::format("{}T{:02}:{:02}:{:02}", format_iso(at.date), at.hour, at.minute, at.second);
}

std::string format_minutes(const DateTime& at) {
  return fmt::format("{} {:02}:{:02}", format_iso(at.date), at.hour, at.minute);
}

std::string format_zh(Date date) {
  return fmt::format("{}年{}月{}日", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string format_zh(const DateTime& at) {
  return format_zh(at.date) + format_clock_zh(at.hour, at.minute);
}

Date add_days(Date date, int days) {
  return Date{sys_days{date} + std::chrono::days{days}};
}

int days_between(Date from, Date to) {
  return static_cast<int>((sys_days{to} - sys_days{from}).count());
}

std::unique_ptr<Clock> clock_from_environment() {
  if (const char* fixed = std::getenv("YISHI_NOW"); fixed != nullptr && *fixed != '\0') {
    Date epoch{year{1970}, month{1}, day{1}};
    return std::make_unique<FixedClock>(parse_date_time(fixed, epoch, "YISHI_NOW"));
  }
  return std::make_unique<SystemClock>();
}

} // namespace yishi
