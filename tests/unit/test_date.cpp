#include "core/date.hpp"
#include "core/error.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace std::chrono;

namespace {
const Date today{year{2026}, month{3}, day{5}};
}

TEST_CASE("core::date::accepted_forms") {
  const Date expected{year{2026}, month{3}, day{5}};
  CHECK(parse_date("2026-03-05", today) == expected);
  CHECK(parse_date("2026/3/5", today) == expected);
  CHECK(parse_date("2026年3月5日", today) == expected);
  CHECK(parse_date("3月5日", today) == expected);
  CHECK(parse_date("今天", today) == expected);
  CHECK(parse_date("明天", today) == Date{year{2026}, month{3}, day{6}});
  CHECK(parse_date("yesterday", today) == Date{year{2026}, month{3}, day{4}});
}

TEST_CASE("core::date::invalid_forms") {
  CHECK_THROWS_WITH_AS(parse_date("2026-02-30", today), "date '2026-02-30' does not exist: 2026-02 has no day 30",
                       DataError);
  CHECK_THROWS_WITH_AS(parse_date("13月1日", today), "date '13月1日' does not exist: there is no month 13", DataError);
  CHECK_THROWS_AS(parse_date("next week", today), DataError);
  CHECK_THROWS_AS(parse_date("2026-03", today), DataError);
  CHECK_THROWS_AS(parse_date("", today), DataError);
}

TEST_CASE("core::date::formats_and_arithmetic") {
  CHECK(format_iso(today) == "2026-03-05");
  CHECK(format_zh(today) == "2026年3月5日");
  CHECK(format_iso(add_days(today, 7)) == "2026-03-12");
  CHECK(format_iso(add_days(Date{year{2026}, month{2}, day{25}}, 6)) == "2026-03-03");
  CHECK(days_between(today, add_days(today, 30)) == 30);
  DateTime at = parse_date_time("2026-03-10 19:30", today);
  CHECK(format_iso(at) == "2026-03-10T19:30:00");
  CHECK(format_minutes(at) == "2026-03-10 19:30");
  CHECK_THROWS_AS(parse_date_time("2026-03-10 25:00", today), DataError);
}
