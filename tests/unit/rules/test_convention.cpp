#include "core/rules/convention.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace std::chrono;

namespace {

Date day_of(int y, unsigned m, unsigned d) {
  return Date{year{y}, month{m}, day{d}};
}

ConventionVersion red_and_white(Date effective, long tables) {
  ConventionVersion v;
  v.effective_on = effective;
  v.clauses = {{1, "红白喜事从简办理", std::nullopt, 0}, {2, "", Limit::tables, tables},
               {3, "", Limit::cost_per_table, 300},      {4, "", Limit::gift, 100},
               {5, "", Limit::wedding_notice_days, 10},  {6, "", Limit::funeral_report_days, 3}};
  return v;
}

} // namespace

TEST_CASE("core::rules::convention::limits_at_and_over") {
  ConventionVersion v = red_and_white(day_of(2026, 1, 1), 20);
  EventFigures at;
  at.tables = 20;
  at.cost_per_table = 300;
  at.gift = 100;
  CHECK(check_figures(at, v).empty()); // exactly the limit is allowed
  EventFigures over = at;
  over.tables = 25;
  over.gift = 200;
  auto breaches = check_figures(over, v);
  REQUIRE(breaches.size() == 2);
  CHECK(breaches[0].clause.number == 2);
  CHECK(breaches[0].value == 25);
  CHECK(breaches[1].clause.limit == Limit::gift);
  EventFigures unknown;
  CHECK(check_figures(unknown, v).empty()); // nothing declared, nothing breached
}

TEST_CASE("core::rules::convention::late_declarations") {
  ConventionVersion v = red_and_white(day_of(2026, 1, 1), 20);
  Date wedding = day_of(2026, 5, 20);
  CHECK_FALSE(check_timing(EventKind::wedding, wedding, day_of(2026, 5, 10), v)); // 10 days ahead
  auto late = check_timing(EventKind::wedding, wedding, day_of(2026, 5, 15), v);  // 5 days ahead
  REQUIRE(late);
  CHECK(late->number == 5);
  Date funeral = day_of(2026, 6, 1);
  CHECK_FALSE(check_timing(EventKind::funeral, funeral, day_of(2026, 6, 4), v)); // 3 days after
  CHECK(check_timing(EventKind::funeral, funeral, day_of(2026, 6, 5), v));       // 4 days after
  CHECK_FALSE(check_timing(EventKind::other, funeral, day_of(2026, 7, 1), v));
}

TEST_CASE("core::rules::convention::version_in_force_by_event_date") {
  std::vector<ConventionVersion> versions{red_and_white(day_of(2026, 1, 1), 20), red_and_white(day_of(2026, 7, 1), 15)};
  versions[1].version = 2;
  CHECK(version_in_force(versions, day_of(2025, 12, 31)) == nullptr);
  CHECK(version_in_force(versions, day_of(2026, 6, 30))->version == 1);
  CHECK(version_in_force(versions, day_of(2026, 7, 1))->version == 2);
  EventFigures f;
  f.tables = 18;
  CHECK(check_figures(f, *version_in_force(versions, day_of(2026, 6, 30))).empty());
  CHECK(check_figures(f, *version_in_force(versions, day_of(2026, 8, 1))).size() == 1);
}

TEST_CASE("core::rules::convention::event_cost") {
  EventFigures f;
  CHECK(event_cost(f) == 0);
  f.tables = 18;
  f.cost_per_table = 280;
  CHECK(event_cost(f) == 5040);
}
