#include "core/rules/division.hpp"

#include "core/error.hpp"

#include <doctest/doctest.h>

using namespace yishi;

TEST_CASE("core::rules::division::village_codes") {
  CHECK_NOTHROW(check_village_code("610114003201"));
  CHECK_NOTHROW(check_village_code("110101001001"));
  CHECK_THROWS_WITH_AS(check_village_code("61011400320"), doctest::Contains("12 digits"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("6101140032011"), doctest::Contains("12 digits"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("61011400320X"), doctest::Contains("12 digits"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code(""), doctest::Contains("12 digits"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("990114003201"), doctest::Contains("no province"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("100114003201"), doctest::Contains("no province"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("610114000201"), doctest::Contains("county"), DataError);
  CHECK_THROWS_WITH_AS(check_village_code("610114003000"), doctest::Contains("township"), DataError);
}

TEST_CASE("core::rules::division::township_codes") {
  CHECK(township_code_of("610114003201", "") == "610114003");
  CHECK(township_code_of("610114003201", "610114003") == "610114003");
  CHECK_THROWS_WITH_AS(township_code_of("610114003201", "610114004"), doctest::Contains("is not the township"),
                       DataError);
  CHECK_THROWS_AS(township_code_of("610114003201", "61011400"), DataError);
  CHECK_THROWS_AS(township_code_of("610114003201", "610114003201"), DataError);
}
