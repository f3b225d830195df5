#include "date.hpp"

#include "core/error.hpp"
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

std::optional<int> to_int(std::string_view digits) {
  if (digits.empty() || digits.size() > 4) {
    return std::nullopt;
  }
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

// Splits "2026-3-5", "2026/3/5" or "2026年3月5日" into numbers; empty when the text has
// any other shape.
std::vector<int> split_numbers(std::string_view text) {
  std::string normal;
  for (size_t i = 0; i < text.size();) {
    auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    if (starts("年") || starts("月")) {
      normal += '-';
      i += 3;
    } else if (starts("日") || starts("号")) {
      i += 3;
      if (i != text.size()) {
        return {};
      }
    } else if (text[i] == '/' || text[i] == '.') {
      normal += '-';
      ++i;
    } else {
      normal += text[i];
      ++i;
    }
  }
  std::vector<int> parts;
  for (const auto& piece : split(normal, '-')) {
    auto n = to_int(piece);
    if (!n) {
      return {};
    }
    parts.push_back(*n);
  }
  return parts;
}

[[noreturn]] void bad_date(std::string_view what, std::string_view text) {
  throw DataError(_f("{} '{}' is not a date", what, text), _("write it as 2026-03-05, 2026/3/5, 3月5日, 今天 or 明天"));
}

} // namespace

DateTime SystemClock::now() const {
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  return DateTime{Date{year{local.tm_year + 1900}, month{static_cast<unsigned>(local.tm_mon + 1)},
                       day{static_cast<unsigned>(local.tm_mday)}},
                  local.tm_hour, local.tm_min, local.tm_sec};
}

Date parse_date(std::string_view text_in, Date today, std::string_view what_in) {
  std::string text = trim(text_in);
  std::string what = translate(std::string(what_in).c_str());
  if (text == "今天" || text == "today") {
    return today;
  }
  if (text == "明天" || text == "tomorrow") {
    return add_days(today, 1);
  }
  if (text == "昨天" || text == "yesterday") {
    return add_days(today, -1);
  }
  auto parts = split_numbers(text);
  int y = 0;
  int m = 0;
  int d = 0;
  if (parts.size() == 3 && parts[0] >= 1000) {
    y = parts[0];
    m = parts[1];
    d = parts[2];
  } else if (parts.size() == 2) {
    y = static_cast<int>(today.year());
    m = parts[0];
    d = parts[1];
  } else {
    bad_date(what, text);
  }
  Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (m < 1 || m > 12 || d < 1 || !date.ok()) {
    throw DataError(_f("{} '{}' does not exist: {}-{:02} has no day {}", what, text, y, m, d),
                    m < 1 || m > 12 ? _("months run from 1 to 12") : _("check the day of the month"));
  }
  return date;
}

DateTime parse_date_time(std::string_view text_in, Date today, std::string_view what_in) {
  std::string text = trim(text_in);
  std::string what = translate(std::string(what_in).c_str());
  auto cut = text.find_first_of(" T");
  DateTime at{parse_date(text.substr(0, cut), today, what_in)};
  if (cut == std::string::npos) {
    return at;
  }
  auto clock = split(trim(text.substr(cut + 1)), ':');
  if (clock.size() < 2 || clock.size() > 3) {
    throw DataError(_f("{} '{}' has no time of day like 19:30", what, text));
  }
  std::vector<int> hms;
  for (const auto& piece : clock) {
    auto n = to_int(piece);
    if (!n) {
      throw DataError(_f("{} '{}' has no time of day like 19:30", what, text));
    }
    hms.push_back(*n);
  }
  at.hour = hms[0];
  at.minute = hms[1];
  at.second = hms.size() == 3 ? hms[2] : 0;
  if (at.hour > 23 || at.minute > 59 || at.second > 59) {
    throw DataError(_f("{} '{}' has a time of day that does not exist", what, text));
  }
  return at;
}

DateTime parse_meeting_time(std::string_view text_in, Date today, std::string_view what) {
  DateTime at = parse_date_time(text_in, today, what);
  if (std::string text = trim(text_in); text.find_first_of(" T") == std::string::npos) {
    throw DataError(_f("{} '{}' has no hour: a meeting needs its time of day", translate(std::string(what).c_str()),
                       text),
                    _f("give the date and the time, such as \"{} 19:30\"", format_iso(at.date)));
  }
  return at;
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
  return fmt::format("{} {:02}:{:02}", format_zh(at.date), at.hour, at.minute);
}

std::string format_zh_formal(const DateTime& at) {
  return at.minute == 0 ? fmt::format("{}{}时", format_zh(at.date), at.hour)
                        : fmt::format("{}{}时{:02}分", format_zh(at.date), at.hour, at.minute);
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
