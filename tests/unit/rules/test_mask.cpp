#include "core/rules/mask.hpp"

#include <doctest/doctest.h>

using namespace yishi;

TEST_CASE("core::rules::mask::phone") {
  CHECK(mask_phone("13812345678") == "138****5678");
  CHECK(mask_phone("+86 138 1234 5678") == "138****5678");
  CHECK(mask_phone("138-1234-5678") == "138****5678");
  CHECK(is_mobile_phone("13812345678"));
  CHECK_FALSE(is_mobile_phone("12812345678")); // no mobile starts 12
  CHECK_FALSE(is_mobile_phone("1381234567"));
  CHECK(is_phone_number("+86 138 1234 5678"));
  CHECK(is_phone_number("029-86861234"));
  CHECK_FALSE(is_phone_number("029-8686 转 12"));
  CHECK_FALSE(is_phone_number("tel 86861234"));
}

TEST_CASE("core::rules::mask::id_number") {
  CHECK(mask_id_number("610114199001011234") == "610114********1234");
  CHECK(mask_id_number("61011419900101123X") == "610114********123X");
  CHECK(mask_id_number("610114900101123") == "610114******123");
  CHECK(is_id_number("61011419900101123x"));
  CHECK_FALSE(is_id_number("6101141990010112345"));
}

TEST_CASE("core::rules::mask::running_text") {
  CHECK(mask_personal("联系电话13812345678，身份证号610114199001011234。") ==
        "联系电话138****5678，身份证号610114********1234。");
  CHECK(mask_personal("电话：+86 138-1234-5678 王某") == "电话：138****5678 王某");
  CHECK(mask_personal("ID 61011419900101123X end") == "ID 610114********123X end");
  CHECK(mask_personal("旧证610114900101123号") == "旧证610114******123号");
}

TEST_CASE("core::rules::mask::leaves_other_numbers") {
  CHECK(mask_personal("900米进村路，13亩涝池") == "900米进村路，13亩涝池");
  CHECK(mask_personal("监督电话029-86861234") == "监督电话029-86861234");
  CHECK(mask_personal("账号AB13812345678") == "账号AB13812345678"); // inside a longer code
  CHECK(mask_personal("138123456789") == "138123456789");           // 12 digits: not a phone
  CHECK(mask_personal("2026年3月5日") == "2026年3月5日");
}
