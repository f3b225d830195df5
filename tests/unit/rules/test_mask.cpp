#include "core/rules/mask.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

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

TEST_CASE("core::rules::mask::every_form_people_write") {
  struct Case {
    const char* text;
    const char* masked;
  };
  const Case cases[] = {
      {"电话１３８１２３４５６７８。", "电话138****5678。"}, // full-width digits
      {"打+86 13812345678找我", "打138****5678找我"},        // country prefix, spaced
      {"打86138123456 78", "打86138123456 78"},              // not a number's shape: left
      {"打8613812345678找我", "打138****5678找我"},          // prefix glued
      {"打0086 13812345678找我", "打138****5678找我"},
      {"打＋８６ １３８ １２３４ ５６７８", "打138****5678"},
      {"TEL15178901234", "TEL151****1234"}, // letters glued before
      {"账号AB13812345678", "账号AB138****5678"},
      {"电话:15812345678", "电话:158****5678"},
      {"手机158.9012.3456转告", "手机158****3456转告"},
      {"手机159　0123　4567", "手机159****4567"}, // U+3000 between groups
      {"手机186·1234·5678", "手机186****5678"},
      {"手机138-1234-5678", "手机138****5678"},
      {"手机138 1234 5678", "手机138****5678"},
      {"座机029-86123456", "座机029-****3456"}, // landlines
      {"座机(029)86123456", "座机029-****3456"},
      {"座机（029）86123456", "座机029-****3456"},
      {"座机02986123456", "座机029-****3456"},
      {"座机0917-8612345", "座机0917-****345"},
      {"电话 86123456", "电话 ****3456"}, // a local number after 电话
      {"电话：8612 3456", "电话：****3456"},
      {"身份证610114 19900101 5678", "身份证610114********5678"}, // ID number in groups
      {"身份证610114 19900101 567X", "身份证610114********567X"},
      {"旧证610114900101123号", "旧证610114******123号"}, // 15 digits
      {"两人13812345678 13912345678", "两人138****5678 139****5678"},
      {"2026-03-05 13812345678", "2026-03-05 138****5678"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(mask_personal(c.text) == c.masked);
  }
}

TEST_CASE("core::rules::mask::leaves_other_numbers") {
  const char* kept[] = {
      "900米进村路，13亩涝池",
      "2026年3月5日",
      "2026-03-05至2026-03-11",
      "2026.03.05 09:00",
      "预算180000元，即18万元",
      "预算180,000元",
      "1,322人，471户",
      "第2026-001号",
      "老寨村〔2026〕5号",
      "表决6-1-0，应到15人，实到11人",
      "138123456789",          // 12 digits: not a phone
      "序列号SN2026001234567", // a serial of 13 digits
      "1. 2. 3.",
      "10:00-12:00",
      "编号 123 4567 8901",  // groups of a shape no phone has (a mobile starts 1[3-9])
      "电话 029-8686 转 12", // an extension too short to be a landline: kept
  };
  for (const char* text : kept) {
    CAPTURE(text);
    CHECK(mask_personal(text) == text);
  }
  // The village's own supervision phone is public, in whatever form it is written.
  CHECK(mask_personal("监督电话029-86861234", {"029-86861234"}) == "监督电话029-86861234");
  CHECK(mask_personal("监督电话02986861234", {"029-86861234"}) == "监督电话02986861234");
  CHECK(mask_personal("监督电话029-86861234，村民029-86123456", {"029-86861234"}) ==
        "监督电话029-86861234，村民029-****3456");
  CHECK(mask_personal("监督电话029-86861234") == "监督电话029-****1234");
}

namespace {

// A small deterministic generator (the same run every time, so a failure can be replayed).
struct Random {
  unsigned long state;
  unsigned next(unsigned bound) {
    state = state * 6364136223846793005UL + 1442695040888963407UL;
    return static_cast<unsigned>((state >> 33) % bound);
  }
  std::string digits(size_t n) {
    std::string d;
    for (size_t i = 0; i < n; ++i) {
      d += static_cast<char>('0' + next(10));
    }
    return d;
  }
};

const char* k_full_width[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};

// Writes digits as a person might: ASCII or full-width, groups split by one separator.
std::string write_digits(Random& r, const std::string& digits, const std::vector<size_t>& groups) {
  const char* separators[] = {" ", "　", "-", ".", "·", "－", "\u00A0"};
  const char* sep = separators[r.next(7)];
  bool wide = r.next(4) == 0;
  std::string out;
  size_t at = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g > 0) {
      out += sep;
    }
    for (size_t i = 0; i < groups[g]; ++i, ++at) {
      char c = digits[at];
      out += wide && c >= '0' && c <= '9' ? std::string(k_full_width[c - '0']) : std::string(1, c);
    }
  }
  return out;
}

std::string digits_in(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= '0' && c <= '9') {
      out += static_cast<char>(c);
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
               static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99) {
      out += static_cast<char>('0' + (static_cast<unsigned char>(text[i + 2]) - 0x90));
      i += 2;
    }
  }
  return out;
}

} // namespace

TEST_CASE("core::rules::mask::property_no_form_survives") {
  // A generated personal number in a generated Chinese sentence, in one of the forms people write:
  // after masking, its digits appear nowhere in the text, whatever separators are taken out.
  const char* before[] = {"请联系", "电话", "TEL", "手机：", "我的号码是", "身份证号", "", "村民王某（", "证件"};
  const char* after[] = {"。", "，谢谢", "）反映", "", " 转告村委会", "、李四", "号"};
  Random r{20261201};
  int checked = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string digits;
    std::string written;
    switch (r.next(5)) {
    case 0: { // a mobile, maybe with a prefix
      digits = "1" + std::string(1, static_cast<char>('3' + r.next(7))) + r.digits(9);
      std::vector<std::vector<size_t>> shapes = {{11}, {3, 4, 4}, {3, 8}, {7, 4}};
      written = write_digits(r, digits, shapes[r.next(4)]);
      const char* prefixes[] = {"", "+86 ", "86", "0086 ", "+86", "＋８６ "};
      written = prefixes[r.next(6)] + written;
      break;
    }
    case 1: { // an 18-digit ID number, maybe with X
      digits = std::string(1, static_cast<char>('1' + r.next(8))) + r.digits(16);
      digits += r.next(5) == 0 ? "X" : r.digits(1);
      std::vector<std::vector<size_t>> shapes = {{18}, {6, 8, 4}};
      written = write_digits(r, digits, shapes[r.next(2)]);
      break;
    }
    case 2: { // a 15-digit old ID number
      digits = std::string(1, static_cast<char>('1' + r.next(8))) + r.digits(14);
      written = write_digits(r, digits, {15});
      break;
    }
    case 3: { // a landline with its area code
      bool short_area = r.next(2) == 0;
      std::string area = short_area ? "0" + std::string(1, static_cast<char>('1' + r.next(2))) + r.digits(1)
                                    : "0" + std::string(1, static_cast<char>('3' + r.next(7))) + r.digits(2);
      std::string local = std::string(1, static_cast<char>('2' + r.next(8))) + r.digits(short_area ? 7 : 6 + r.next(2));
      digits = area + local;
      if (r.next(3) == 0) {
        written = "(" + area + ")" + local;
      } else {
        written = write_digits(r, digits,
                               r.next(2) == 0 ? std::vector<size_t>{digits.size()}
                                              : std::vector<size_t>{area.size(), local.size()});
      }
      break;
    }
    default: { // a local number after a word for phone
      digits = std::string(1, static_cast<char>('2' + r.next(8))) + r.digits(7);
      written = "电话" + std::string(r.next(2) == 0 ? "：" : " ") + write_digits(r, digits, {8});
      break;
    }
    }
    std::string sentence = std::string(before[r.next(9)]) + written + after[r.next(7)];
    std::string masked = mask_personal(sentence);
    std::string left = digits_in(masked);
    std::string core = digits.back() == 'X' ? digits.substr(0, 17) : digits;
    CAPTURE(sentence);
    CAPTURE(masked);
    CHECK(left.find(core) == std::string::npos);
    // The hidden middle is gone too: at most the first 6 and the last 4 digits stay.
    CHECK(left.size() + 4 <= digits_in(sentence).size());
    ++checked;
  }
  CHECK(checked == 5000);
}
