#include "core/error.hpp"
#include "core/rules/figures.hpp"

#include <doctest/doctest.h>

using namespace yishi;

TEST_CASE("core::rules::figures::median") {
  CHECK_FALSE(median({}).has_value());
  CHECK(*median({7}) == 7.0);
  CHECK(*median({7, 10, 12}) == 10.0);
  CHECK(*median({7, 10, 12, 30}) == 11.0); // the mean of the middle two
}

TEST_CASE("core::rules::figures::percentile_nearest_rank") {
  CHECK_FALSE(percentile({}, 90).has_value());
  CHECK(*percentile({7, 10, 12}, 90) == 12);
  std::vector<long> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(*percentile(ten, 90) == 9); // 9 of 10 are at or below 9
  CHECK(*percentile(ten, 91) == 10);
  CHECK(*percentile(ten, 10) == 1);
  CHECK(*percentile(ten, 0) == 1);
}

TEST_CASE("core::rules::figures::periods") {
  Period q1 = quarter_period(2026, 1);
  CHECK(format_iso(q1.from) == "2026-01-01");
  CHECK(format_iso(q1.to) == "2026-03-31");
  CHECK(format_iso(quarter_period(2028, 1).to) == "2028-03-31");
  CHECK(format_iso(quarter_period(2026, 4).to) == "2026-12-31");
  CHECK(format_iso(year_period(2026).to) == "2026-12-31");
  CHECK_THROWS_AS(quarter_period(2026, 0), UsageError);
}
