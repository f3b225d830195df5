// Times and amounts as people say and write them (core/spoken): each form with the value it means, and the
// refusals, each saying what was understood.
#include "core/error.hpp"
#include "core/spoken.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace yishi;
using namespace std::chrono;

namespace {

const Date today{year{2026}, month{3}, day{5}}; // a Thursday

std::string at(std::string_view text) {
  const SpokenTime t = parse_spoken_time(text, today, "time");
  return t.hour ? fmt::format("{} {:02}:{:02}", format_iso(t.date), *t.hour, t.minute) : format_iso(t.date);
}

} // namespace

TEST_CASE("core::spoken::times_as_people_say_them") {
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"2026-03-25 19:30", "2026-03-25 19:30"},
      {"2026-03-25T19:30:00", "2026-03-25 19:30"},
      {"2026/3/25 19:30", "2026-03-25 19:30"},
      {"3/25 19:30", "2026-03-25 19:30"},
      {"3-25 7:05", "2026-03-25 07:05"},
      {"2026年3月25日19时30分", "2026-03-25 19:30"},
      {"2026年3月25日 19时", "2026-03-25 19:00"},
      {"3月25日19:30", "2026-03-25 19:30"},
      {"3月25日 19：30", "2026-03-25 19:30"},
      {"３月２５日　１９：３０", "2026-03-25 19:30"},
      {"3月25日晚7点半", "2026-03-25 19:30"},
      {"3月25日晚上7点半", "2026-03-25 19:30"},
      {"3月25号晚上七点半", "2026-03-25 19:30"},
      {"三月二十五日晚上七点半", "2026-03-25 19:30"},
      {"二〇二六年三月二十五日下午三点", "2026-03-25 15:00"},
      {"今晚7点半", "2026-03-05 19:30"},
      {"今晚七点", "2026-03-05 19:00"},
      {"今天下午3点", "2026-03-05 15:00"},
      {"今天19:30", "2026-03-05 19:30"},
      {"今早8点", "2026-03-05 08:00"},
      {"明天上午9点", "2026-03-06 09:00"},
      {"明天早上8点半", "2026-03-06 08:30"},
      {"明早9点", "2026-03-06 09:00"},
      {"明晚8点", "2026-03-06 20:00"},
      {"后天中午12点", "2026-03-07 12:00"},
      {"后天中午1点", "2026-03-07 13:00"},
      {"大后天晚上8点", "2026-03-08 20:00"},
      {"下周三下午3点", "2026-03-11 15:00"},
      {"下星期三下午三点", "2026-03-11 15:00"},
      {"下周一上午10点", "2026-03-09 10:00"},
      {"周六上午9点", "2026-03-07 09:00"},
      {"星期日晚上7点", "2026-03-08 19:00"},
      {"周四晚上7点", "2026-03-05 19:00"},
      {"本周五下午2点半", "2026-03-06 14:30"},
      {"这周二上午9点", "2026-03-03 09:00"},
      {"25日晚上7点", "2026-03-25 19:00"},
      {"晚上7点一刻", "2026-03-05 19:15"},
      {"晚上7点三刻", "2026-03-05 19:45"},
      {"下午3点20分", "2026-03-05 15:20"},
      {"傍晚6点", "2026-03-05 18:00"},
      {"凌晨5点", "2026-03-05 05:00"},
      {"19:30", "2026-03-05 19:30"},
      {"19点", "2026-03-05 19:00"},
      {"19点整", "2026-03-05 19:00"},
      {"8:00", "2026-03-05 08:00"},
      {"3月25日", "2026-03-25"},
      {"今天", "2026-03-05"},
      {"明天", "2026-03-06"},
      {"昨天", "2026-03-04"},
      {"tomorrow", "2026-03-06"},
      {"2026.3.25", "2026-03-25"},
  };
  CHECK(forms.size() >= 40);
  for (const auto& [text, expected] : forms) {
    CAPTURE(text);
    CHECK(at(text) == expected);
  }
}

TEST_CASE("core::spoken::times_refused_with_what_was_understood") {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"3月25日7点", "ambiguous"},            // morning or evening?
      {"7点半", "ambiguous"},                 // the same, today
      {"上午15点", "morning"},                // a part of the day against the hour
      {"晚上12点", "ambiguous"},              // midnight or noon?
      {"上午12点", "ambiguous"},
      {"凌晨9点", "凌晨"},
      {"今晚上午9点", "two parts of the day"},
      {"3月", "not its day"},                 // a month without its day
      {"下周", "not its day"},
      {"2026年13月1日", "does not exist"},
      {"2月30日", "does not exist"},
      {"25:00", "does not exist"},
      {"19:75", "does not exist"},
      {"19:", "no minutes"},
      {"下下下周", "not understood"},
      {"next week", "not understood"},
      {"3月25日晚7点半左右", "not understood"},
      {"", "not a date"},
      {"25", "not understood"},
  };
  for (const auto& [text, why] : refused) {
    CAPTURE(text);
    try {
      parse_spoken_time(text, today, "time");
      FAIL("expected a refusal");
    } catch (const DataError& e) {
      CHECK(std::string(e.what()).find(why) != std::string::npos);
    }
  }
}

TEST_CASE("core::spoken::meeting_times_need_their_hour") {
  CHECK(format_iso(parse_meeting_time("今晚7点半", today)) == "2026-03-05T19:30:00");
  CHECK_THROWS_AS(parse_meeting_time("3月25日", today), DataError);
  CHECK_THROWS_AS(parse_meeting_time("今晚", today), DataError); // the evening, but what time?
  CHECK_THROWS_AS(parse_date("今晚7点半", today), DataError);     // a day is asked for, not a time
}

TEST_CASE("core::spoken::amounts_as_people_say_them") {
  const std::vector<std::pair<std::string, long>> forms = {
      {"120000", 120000},     {"120,000", 120000},   {"120，000", 120000},  {"12万", 120000},
      {"12万元", 120000},     {"12 万元", 120000},   {"1.5万", 15000},      {"12.5万元", 125000},
      {"0.5万", 5000},        {"十二万", 120000},    {"十二万元", 120000},  {"一万二", 12000},
      {"一万二千", 12000},    {"1万2千", 12000},     {"1万2", 12000},       {"两千五", 2500},
      {"两千五百", 2500},     {"三千块", 3000},      {"3千", 3000},         {"5百", 500},
      {"五百元", 500},        {"十万零五百", 100500}, {"一万零五", 10005},  {"一百二十万", 1200000},
      {"12万5千", 125000},    {"18万", 180000},      {"180000元", 180000},  {"￥5000", 5000},
      {"¥5,000元", 5000},     {"人民币5000元", 5000}, {"5000块钱", 5000},   {"０", 0},
      {"0", 0},               {"十", 10},            {"十五", 15},          {"二十", 20},
      {"一亿", 100000000},    {"1亿2000万", 120000000}, {"3000元整", 3000}, {"１２万", 120000},
      {"两万", 20000},        {"100", 100},
  };
  CHECK(forms.size() >= 40);
  for (const auto& [text, expected] : forms) {
    CAPTURE(text);
    CHECK(parse_amount(text, "budget") == expected);
  }
}

TEST_CASE("core::spoken::amounts_refused") {
  for (std::string text : {"", "万", "十二万多", "about 5000", "1.2.3万", "12万.5", "五毛", "1234.5", "0.12345万",
                           "-500", "12万万", "3千3千"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(parse_amount(text, "budget"), DataError);
  }
  CHECK_THROWS_WITH_AS(parse_amount("1234.5", "budget"), "budget '1234.5' is not a whole number of yuan", DataError);
}

TEST_CASE("core::spoken::sheets_write_the_clock_as_people_do") {
  CHECK(format_clock_zh(19, 30) == "19时30分");
  CHECK(format_clock_zh(9, 0) == "9时");
  CHECK(format_clock_zh(19, 5) == "19时05分");
}
