#include "core/text.hpp"

#include <doctest/doctest.h>

using namespace yishi;

TEST_CASE("core::text::display_width") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("新义组") == 6);
  CHECK(display_width("新义组 road 2") == 13);
  CHECK(display_width("（党建小院）") == 12);
  CHECK(display_width("") == 0);
}

TEST_CASE("core::text::fit_width_never_splits_a_character") {
  CHECK(fit_width("新义组进村道路", 20) == "新义组进村道路");
  CHECK(fit_width("新义组进村道路", 7) == "新义组…"); // 6 columns and the ellipsis
  CHECK(fit_width("新义组进村道路", 8) == "新义组…"); // a fourth character would need 8+1
  CHECK(fit_width("abcdefgh", 5) == "abcd…");
  CHECK(display_width(fit_width("a新b义c组d", 6)) <= 6);
}

TEST_CASE("core::text::lists_and_padding") {
  CHECK(split_list("张三, 李四，王五、赵六") == std::vector<std::string>{"张三", "李四", "王五", "赵六"});
  CHECK(split_list(" , ").empty());
  CHECK(pad_width("新", 4) == "新  ");
  CHECK(trim("  x \n") == "x");
  CHECK(is_valid_utf8("新义组"));
  CHECK_FALSE(is_valid_utf8("\xff\xfe"));
}

TEST_CASE("typed text reads as a sentence on a sheet") {
  CHECK(yishi::as_sentence("验收合格，有验收单和照片") == "验收合格，有验收单和照片。");
  CHECK(yishi::as_sentence("已完成。") == "已完成。");
  CHECK(yishi::as_sentence("是否同意？") == "是否同意？");
  CHECK(yishi::as_sentence("同意，") == "同意。");
  CHECK(yishi::as_sentence("  ") == "");
  CHECK(yishi::without_end_mark("施工期间会影响出行。") == "施工期间会影响出行");
  CHECK(yishi::without_end_mark("分段施工；。") == "分段施工");
  CHECK(yishi::without_end_mark("无标点") == "无标点");
}
