#include "core/text.hpp"

#include <doctest/doctest.h>
#include <utf8proc.h>

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

// The decoder behind every scan of typed text keeps utf8proc's rules: each sequence of one to three
// bytes (all 16.8 million), and four-byte sequences over every lead and second byte with the edges
// of the bytes after, decode alike (the same character and length, or invalid in both).
TEST_CASE("core::text::utf8_decoding_agrees_with_utf8proc") {
  auto agrees = [](const unsigned char* bytes, size_t n) {
    utf8proc_int32_t expected = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(n), &expected);
    std::string_view text(reinterpret_cast<const char*>(bytes), n);
    size_t got_length = 0;
    char32_t got = yishi::char_at(text, 0, got_length);
    if (length <= 0) {
      return got == U'\uFFFD' && got_length == 1;
    }
    return got == static_cast<char32_t>(expected) && got_length == static_cast<size_t>(length);
  };
  long disagree = 0;
  unsigned char b[4] = {};
  for (unsigned x = 0; x < (1U << 24); ++x) {
    b[0] = static_cast<unsigned char>(x >> 16);
    b[1] = static_cast<unsigned char>(x >> 8);
    b[2] = static_cast<unsigned char>(x);
    disagree += agrees(b, 1) && agrees(b, 2) && agrees(b, 3) ? 0 : 1;
  }
  const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  for (unsigned lead = 0xF0; lead <= 0xFF; ++lead) {
    for (unsigned second = 0; second < 256; ++second) {
      for (auto third : edges) {
        for (auto fourth : edges) {
          b[0] = static_cast<unsigned char>(lead);
          b[1] = static_cast<unsigned char>(second);
          b[2] = third;
          b[3] = fourth;
          disagree += agrees(b, 4) ? 0 : 1;
        }
      }
    }
  }
  CHECK(disagree == 0);
}

// trim and the one-pass scan of check_text against the obvious forms: spaces of every kind at both
// ends, invalid bytes at the edges, control characters, and text that is all space.
TEST_CASE("core::text::trim_and_scan") {
  CHECK(yishi::trim("  新义组 ") == "新义组");
  CHECK(yishi::trim("\u3000\u00A0修路\u200B\uFEFF") == "修路");
  CHECK(yishi::trim("\u3000 \t") == "");
  CHECK(yishi::trim("") == "");
  CHECK(yishi::trim("a\x80") == "a\x80");        // a stray continuation byte is no space
  CHECK(yishi::trim(" \xE3\x80") == "\xE3\x80"); // nor is a cut-off character
  CHECK(yishi::trim("\xE3\x80\x80\x80") == "\x80"); // U+3000, then a stray byte
  CHECK(yishi::trim("路\u2005") == "路");

  auto scan = yishi::scan_text(" 修\t路\u3000", false);
  CHECK(scan.valid);
  REQUIRE(scan.control);
  CHECK(scan.control->code == U'\t');
  CHECK(scan.control->index == 3);
  CHECK(scan.chars == 3);
  CHECK(std::string_view(" 修\t路\u3000").substr(scan.first, scan.last - scan.first) == "修\t路");
  CHECK_FALSE(yishi::scan_text(" 修\t路", true).control);
  CHECK_FALSE(yishi::scan_text("修\xED\xA0\x80", false).valid); // a surrogate
  CHECK(yishi::scan_text("\u3000 ", false).chars == 0);
  CHECK(yishi::scan_text("\u202E", false).control->code == U'\u202E');
}
