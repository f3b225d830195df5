#include "core/rules/calendar.hpp"
#include "core/error.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace std::chrono;

namespace {

Date d(int y, unsigned m, unsigned dd) {
  return Date{year{y}, month{m}, day{dd}};
}

HolidayCalendar national_day_2026() {
  HolidayCalendar c;
  HolidayCalendar::Year y;
  for (unsigned i = 1; i <= 7; ++i) {
    y.holidays.insert(d(2026, 10, i));
  }
  y.workdays = {d(2026, 9, 20), d(2026, 10, 10)}; // a Sunday and a Saturday
  c.add_year(2026, y);
  return c;
}

} // namespace

TEST_CASE("core::rules::calendar::weekends_holidays_and_make_up_days") {
  HolidayCalendar c = national_day_2026();
  CHECK(c.is_working_day(d(2026, 9, 25)));       // Friday
  CHECK_FALSE(c.is_working_day(d(2026, 9, 26))); // Saturday
  CHECK(c.is_working_day(d(2026, 9, 20)));       // Sunday, made a working day
  CHECK_FALSE(c.is_working_day(d(2026, 10, 1))); // Thursday, National Day
  CHECK(c.is_working_day(d(2026, 10, 10)));      // Saturday, made a working day
  CHECK_THROWS_AS(c.is_working_day(d(2027, 1, 4)), NotFound);
}

TEST_CASE("core::rules::calendar::working_day_period_across_a_weekend_and_a_holiday") {
  HolidayCalendar c = national_day_2026();
  // From Tuesday 29 September, 7 working days: 9/29, 9/30, then the holiday and 10/8 (Thu),
  // 10/9 (Fri), 10/10 (Sat, a make-up day), then 10/12 (Mon) and 10/13 (Tue).
  CHECK(format_iso(c.last_working_day(d(2026, 9, 29), 7)) == "2026-10-13");
  // Posted on a holiday: the count starts on the next working day.
  CHECK(format_iso(c.last_working_day(d(2026, 10, 3), 1)) == "2026-10-08");
  CHECK(format_iso(c.last_working_day(d(2026, 9, 25), 1)) == "2026-09-25");
}

TEST_CASE("core::rules::calendar::shipped_data_loads") {
  HolidayCalendar c = HolidayCalendar::load(std::string(YISHI_SOURCE_DIR) + "/data/holidays", 2026, 2027);
  CHECK(c.has_year(2026));
  CHECK_FALSE(c.provisional(2026));
  CHECK(c.provisional(2027));
  CHECK_FALSE(c.is_working_day(d(2026, 10, 1)));
  CHECK(c.is_working_day(d(2026, 2, 14))); // Saturday before the Spring Festival: a make-up day
  CHECK_FALSE(c.has_year(2031));
}

TEST_CASE("core::rules::calendar::working_day_before") {
  HolidayCalendar c;
  HolidayCalendar::Year y2026;
  y2026.holidays.insert(d(2026, 10, 1));
  c.add_year(2026, y2026);
  CHECK(c.working_day_before(d(2026, 3, 25)) == d(2026, 3, 24)); // Wednesday: the Tuesday
  CHECK(c.working_day_before(d(2026, 3, 23)) == d(2026, 3, 20)); // Monday: the Friday before
  CHECK(c.working_day_before(d(2026, 10, 2)) == d(2026, 9, 30)); // 10-01 a holiday: the Wednesday
  CHECK(c.working_day_before(d(2027, 1, 4)) == d(2027, 1, 1));   // no calendar for 2027: weekdays
}
