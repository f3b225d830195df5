#include "spoken.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace yishi {
namespace {

using namespace std::chrono;

// Text as code points, and back.
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < n && i + static_cast<size_t>(k) < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    }
    out += cp;
    i += static_cast<size_t>(n);
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

int chinese_digit(char32_t c) {
  static const std::u32string digits = U"零一二三四五六七八九";
  if (c == U'〇') {
    return 0;
  }
  if (c == U'两') {
    return 2;
  }
  const auto at = digits.find(c);
  return at == std::u32string::npos ? -1 : static_cast<int>(at);
}

bool is_numeral(char32_t c) {
  return chinese_digit(c) >= 0 || c == U'十';
}

// Chinese numerals up to 99 (二十五, 十二, 十) and digit by digit (二〇二六) as Arabic digits; full-width digits and
// punctuation as ASCII; spaces out.
std::u32string normalise(std::u32string_view in) {
  std::u32string out;
  for (size_t i = 0; i < in.size();) {
    char32_t c = in[i];
    if (c >= U'０' && c <= U'９') {
      out += static_cast<char32_t>(U'0' + (c - U'０'));
      ++i;
      continue;
    }
    if (c == U'：') {
      out += U':';
      ++i;
      continue;
    }
    if (c == U' ' || c == U'\u3000' || c == U'\t') {
      out += U' ';
      ++i;
      continue;
    }
    if (!is_numeral(c)) {
      out += c;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < in.size() && is_numeral(in[j])) {
      ++j;
    }
    std::u32string_view run = in.substr(i, j - i);
    long value = 0;
    if (run.find(U'十') != std::u32string_view::npos) {
      const size_t ten = run.find(U'十');
      const long tens = ten == 0 ? 1 : chinese_digit(run[0]);
      const long units = ten + 1 < run.size() ? chinese_digit(run[ten + 1]) : 0;
      value = tens * 10 + units;
      out += decode(std::to_string(value));
    } else {
      for (char32_t d : run) {
        out += static_cast<char32_t>(U'0' + chinese_digit(d));
      }
    }
    i = j;
  }
  return out;
}

// A cursor over the normalised text.
struct Reader {
  std::u32string s;
  size_t at = 0;

  bool done() const { return at >= s.size(); }
  void skip_spaces() {
    while (at < s.size() && s[at] == U' ') {
      ++at;
    }
  }
  bool take(std::u32string_view word) {
    if (s.compare(at, word.size(), word) == 0) {
      at += word.size();
      return true;
    }
    return false;
  }
  std::optional<int> number(size_t max_digits = 4) {
    size_t j = at;
    while (j < s.size() && j - at < max_digits && s[j] >= U'0' && s[j] <= U'9') {
      ++j;
    }
    if (j == at) {
      return std::nullopt;
    }
    int value = 0;
    for (size_t k = at; k < j; ++k) {
      value = value * 10 + static_cast<int>(s[k] - U'0');
    }
    at = j;
    return value;
  }
};

enum class Part { none, early, morning, noon, afternoon, evening };

struct Understood {
  std::optional<Date> date;
  Part part = Part::none;
  std::optional<int> hour;
  int minute = 0;
  bool twenty_four = false; // 19:30, 19时30分: the hour as a clock shows it
};

[[noreturn]] void refuse(std::string_view what, std::string_view text, const std::string& why) {
  throw DataError(_f("{} '{}' {}", translate(std::string(what).c_str()), text, why),
                  _("write it as 3月25日晚上7点半, 明天上午9点, 下周三下午3点 or 2026-03-25 19:30"));
}

Date checked_date(int y, int m, int d, std::string_view what, std::string_view text) {
  const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  const std::string name = translate(std::string(what).c_str());
  if (m < 1 || m > 12) {
    throw DataError(_f("{} '{}' does not exist: there is no month {}", name, text, m), _("months run from 1 to 12"));
  }
  if (d < 1 || !date.ok()) {
    throw DataError(_f("{} '{}' does not exist: {}-{:02} has no day {}", name, text, y, m, d),
                    _("check the day of the month"));
  }
  return date;
}

int weekday_of(char32_t c) {
  static const std::u32string names = U"一二三四五六日天";
  if (c >= U'1' && c <= U'7') {
    return static_cast<int>(c - U'0');
  }
  const auto at = names.find(c);
  return at == std::u32string::npos ? 0 : std::min(static_cast<int>(at) + 1, 7);
}

// The day, when the text starts with one.
void read_day(Reader& r, Date today, Understood& u, std::string_view what, std::string_view text) {
  struct Relative {
    std::u32string_view word;
    int days;
    Part part;
  };
  static constexpr std::array<Relative, 18> relatives{{
      {U"today", 0, Part::none},
      {U"tomorrow", 1, Part::none},
      {U"yesterday", -1, Part::none},
      {U"大后天", 3, Part::none},
      {U"后天", 2, Part::none},
      {U"明天", 1, Part::none},
      {U"明日", 1, Part::none},
      {U"明早", 1, Part::morning},
      {U"明晚", 1, Part::evening},
      {U"今天", 0, Part::none},
      {U"今日", 0, Part::none},
      {U"今早", 0, Part::morning},
      {U"今晚", 0, Part::evening},
      {U"今夜", 0, Part::evening},
      {U"昨天", -1, Part::none},
      {U"昨晚", -1, Part::evening},
      {U"前天", -2, Part::none},
      {U"当天", 0, Part::none},
  }};
  for (const auto& rel : relatives) {
    if (r.take(rel.word)) {
      u.date = add_days(today, rel.days);
      u.part = rel.part;
      return;
    }
  }
  // Weeks run from Monday: 下周三 is the Wednesday of next week, 周三 the next Wednesday from today on.
  const weekday wd{today};
  const int iso_today = wd.c_encoding() == 0 ? 7 : static_cast<int>(wd.c_encoding());
  const Date monday = add_days(today, 1 - iso_today);
  int week = -1; // -1: none said
  for (auto word : {U"下个星期", U"下星期", U"下礼拜", U"下周"}) {
    if (r.take(word)) {
      week = 1;
      break;
    }
  }
  if (week < 0) {
    for (auto word : {U"这个星期", U"这星期", U"本星期", U"这周", U"本周"}) {
      if (r.take(word)) {
        week = 0;
        break;
      }
    }
  }
  const bool named = r.take(U"星期") || r.take(U"礼拜") || r.take(U"周");
  if (week >= 0 || named) {
    const int day_no = r.done() ? 0 : weekday_of(r.s[r.at]);
    if (day_no == 0) {
      refuse(what, text, _("names a week but not its day (周一 to 周日)"));
    }
    ++r.at;
    if (week >= 0) {
      u.date = add_days(monday, week * 7 + day_no - 1);
    } else {
      u.date = add_days(today, (day_no - iso_today + 7) % 7);
    }
    return;
  }
  // Numbers: 2026-03-25, 2026/3/25, 3/25, 3-25, 2026年3月25日, 3月25日, 25日 (this month).
  const size_t start = r.at;
  std::vector<int> parts;
  bool chinese = false;
  bool day_mark = false;
  for (;;) {
    const size_t before = r.at;
    auto n = r.number();
    if (!n) {
      r.at = before;
      break;
    }
    if (r.take(U"年") || r.take(U"月")) {
      chinese = true;
      parts.push_back(*n);
      continue;
    }
    if (r.take(U"日") || r.take(U"号")) {
      parts.push_back(*n);
      day_mark = true;
      break;
    }
    if (!chinese && r.at < r.s.size() && (r.s[r.at] == U'-' || r.s[r.at] == U'/' || r.s[r.at] == U'.')) {
      parts.push_back(*n);
      ++r.at;
      continue;
    }
    if (!chinese && !parts.empty()) {
      parts.push_back(*n); // the last of 2026-03-25
      break;
    }
    r.at = before; // a bare number is the hour
    break;
  }
  if (parts.empty()) {
    r.at = start;
    return;
  }
  if (chinese && !day_mark) {
    refuse(what, text, _("has a month but not its day (such as 3月25日)"));
  }
  const int y = static_cast<int>(today.year());
  const int m = static_cast<int>(static_cast<unsigned>(today.month()));
  if (parts.size() == 3 && parts[0] >= 1000) {
    u.date = checked_date(parts[0], parts[1], parts[2], what, text);
  } else if (parts.size() == 2) {
    u.date = checked_date(y, parts[0], parts[1], what, text);
  } else if (parts.size() == 1 && day_mark) {
    u.date = checked_date(y, m, parts[0], what, text);
  } else {
    refuse(what, text, _("is not a date"));
  }
}

void read_part(Reader& r, Understood& u) {
  struct Named {
    std::u32string_view word;
    Part part;
  };
  static constexpr std::array<Named, 13> parts{{
      {U"凌晨", Part::early},
      {U"清晨", Part::morning},
      {U"早晨", Part::morning},
      {U"早上", Part::morning},
      {U"上午", Part::morning},
      {U"中午", Part::noon},
      {U"下午", Part::afternoon},
      {U"傍晚", Part::evening},
      {U"晚上", Part::evening},
      {U"夜里", Part::evening},
      {U"夜间", Part::evening},
      {U"晚", Part::evening},
      {U"早", Part::morning},
  }};
  r.skip_spaces();
  for (const auto& p : parts) {
    if (r.take(p.word)) {
      u.part = p.part;
      return;
    }
  }
}

void read_clock(Reader& r, Understood& u, std::string_view what, std::string_view text) {
  r.skip_spaces();
  const size_t start = r.at;
  auto hour = r.number(2);
  if (!hour) {
    return;
  }
  if (r.take(U":")) {
    auto minute = r.number(2);
    if (!minute) {
      refuse(what, text, _("has an hour but no minutes after the colon"));
    }
    u.hour = *hour;
    u.minute = *minute;
    u.twenty_four = true;
    if (r.take(U":")) {
      r.number(2); // seconds, as a stored time has them
    }
    return;
  }
  if (r.take(U"时")) {
    u.hour = *hour;
    u.twenty_four = true;
    if (auto minute = r.number(2)) {
      u.minute = *minute;
      r.take(U"分");
    }
    return;
  }
  if (r.take(U"点钟") || r.take(U"点")) {
    u.hour = *hour;
    if (r.take(U"半")) {
      u.minute = 30;
    } else if (r.take(U"1刻")) {
      u.minute = 15;
    } else if (r.take(U"3刻")) {
      u.minute = 45;
    } else if (r.take(U"整")) {
      u.minute = 0;
    } else if (auto minute = r.number(2)) {
      u.minute = *minute;
      r.take(U"分");
    }
    return;
  }
  r.at = start;
}

} // namespace

SpokenTime parse_spoken_time(std::string_view text_in, Date today, std::string_view what) {
  const std::string text = trim(text_in);
  Reader r{normalise(decode(text))};
  Understood u;
  r.skip_spaces();
  read_day(r, today, u, what, text);
  if (r.take(U"T")) { // 2026-03-25T19:30:00, as stored
    u.twenty_four = true;
  }
  const Part said = u.part;
  read_part(r, u);
  if (said != Part::none && u.part != said) {
    refuse(what, text, _("says two parts of the day"));
  }
  read_clock(r, u, what, text);
  r.skip_spaces();
  if (!r.done()) {
    refuse(what, text, _f("is not understood from '{}' on", encode(std::u32string_view(r.s).substr(r.at))));
  }
  if (!u.date && !u.hour) {
    refuse(what, text, _("is not a date"));
  }
  SpokenTime out{u.date.value_or(today), std::nullopt, 0};
  if (!u.hour) {
    return out;
  }
  int h = *u.hour;
  const auto understood = [&](int hh) {
    return _f("(understood: {} {:02}:{:02})", format_iso(out.date), hh, u.minute);
  };
  if (h > 24 || u.minute > 59) {
    refuse(what, text, _("has a time of day that does not exist"));
  }
  switch (u.part) {
  case Part::none:
    if (!u.twenty_four && h >= 1 && h <= 11) {
      refuse(what, text,
             _f("is ambiguous: {}点 in the morning or in the evening? Say 上午, 下午 or 晚上, or write {:02}:{:02} or "
                "{}:{:02}",
                h, h, u.minute, h + 12, u.minute));
    }
    break;
  case Part::early:
    if (h > 6) {
      refuse(what, text, _f("says 凌晨 with {}点 {}", h, understood(h)));
    }
    h = h == 12 ? 0 : h;
    break;
  case Part::morning:
    if (h > 12) {
      refuse(what, text, _f("says morning with {}点 {}", h, understood(h)));
    }
    if (h == 12) {
      refuse(what, text, _("is ambiguous: 上午12点 is noon or midnight; say 中午12点"));
    }
    break;
  case Part::noon:
    if (h >= 1 && h <= 2) {
      h += 12;
    } else if (h != 11 && h != 12 && h != 13 && h != 14) {
      refuse(what, text, _f("says noon with {}点 {}", h, understood(h)));
    }
    break;
  case Part::afternoon:
  case Part::evening:
    if (h >= 1 && h <= 11) {
      h += 12;
    } else if (h == 12 || h == 0 || h == 24) {
      refuse(what, text, _("is ambiguous at midnight or noon: write 00:00 of the day after, or 中午12点"));
    }
    break;
  }
  if (h == 24) {
    refuse(what, text, _("has a time of day that does not exist"));
  }
  out.hour = h;
  out.minute = u.minute;
  return out;
}

long parse_amount(std::string_view text_in, std::string_view what_in) {
  const std::string text = trim(text_in);
  const std::string what = translate(std::string(what_in).c_str());
  std::u32string s;
  for (char32_t c : decode(text)) {
    if (c == U',' || c == U'，' || c == U' ' || c == U'￥' || c == U'¥') {
      continue;
    }
    s += c >= U'０' && c <= U'９' ? static_cast<char32_t>(U'0' + (c - U'０')) : c == U'．' ? U'.' : c;
  }
  for (std::u32string_view tail : {U"人民币", U"块钱", U"元整", U"元", U"块", U"圆"}) {
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
      s.resize(s.size() - tail.size());
      break;
    }
  }
  if (s.starts_with(U"人民币")) {
    s = s.substr(3);
  }
  const auto bad = [&] {
    return DataError(_f("{} '{}' is not an amount of yuan", what, text),
                     _("write it as 120000, 120,000, 12万, 12万元, 1.5万 or 十二万"));
  };
  if (s.empty()) {
    throw bad();
  }
  double total = 0;
  double section = 0;
  double current = 0;
  bool has_current = false; // a number read and not yet given its unit
  bool single_digit = false;  // the number just read is one digit (一万二: the 二 is 2000)
  double last_unit = 0;       // the unit just before it
  double section_unit = 1e9;  // within a section (below 万), units go down: 三千五百, never 三千三千
  bool after_zero = false;    // 十万零五百: the 五 is 5 of 百, not a trailing digit
  for (size_t i = 0; i < s.size();) {
    const char32_t c = s[i];
    if ((c >= U'0' && c <= U'9') || c == U'.') {
      size_t j = i;
      while (j < s.size() && ((s[j] >= U'0' && s[j] <= U'9') || s[j] == U'.')) {
        ++j;
      }
      const std::string digits = encode(std::u32string_view(s).substr(i, j - i));
      if (std::count(digits.begin(), digits.end(), '.') > 1 || digits == ".") {
        throw bad();
      }
      if (has_current) {
        throw bad();
      }
      current = std::stod(digits);
      has_current = true;
      single_digit = j - i == 1;
      i = j;
      continue;
    }
    if (const int d = chinese_digit(c); d >= 0) {
      if (c == U'零' || c == U'〇') {
        after_zero = true;
        ++i;
        continue;
      }
      if (has_current) {
        throw bad();
      }
      current = d;
      has_current = true;
      single_digit = true;
      ++i;
      continue;
    }
    double unit = 0;
    switch (c) {
    case U'十':
    case U'拾':
      unit = 10;
      break;
    case U'百':
    case U'佰':
      unit = 100;
      break;
    case U'千':
    case U'仟':
      unit = 1000;
      break;
    case U'万':
    case U'萬':
      unit = 10000;
      break;
    case U'亿':
      unit = 1e8;
      break;
    default:
      throw bad();
    }
    if (unit >= 10000) {
      section += has_current ? current : 0;
      if (section == 0) {
        throw bad();
      }
      total += section * unit;
      section = 0;
      section_unit = 1e9;
    } else {
      if (unit >= section_unit) {
        throw bad();
      }
      section_unit = unit;
      section += (has_current ? current : 1) * unit;
    }
    has_current = false;
    last_unit = unit;
    after_zero = false;
    ++i;
  }
  if (has_current) {
    // 一万二, 两千五, 1万2: a single digit after a unit counts in the unit below it.
    section += single_digit && last_unit >= 100 && !after_zero ? current * last_unit / 10 : current;
  }
  total += section;
  if (total > 1e12) {
    throw DataError(_f("{} '{}' is more than 1,000,000,000,000 yuan", what, text), _("check the amount"));
  }
  if (total < 0 || std::fabs(total - std::round(total)) > 1e-6) {
    throw DataError(_f("{} '{}' is not a whole number of yuan", what, text), _("amounts are in whole yuan"));
  }
  return std::lround(total);
}

std::string format_clock_zh(int hour, int minute) {
  return minute == 0 ? fmt::format("{}时", hour) : fmt::format("{}时{:02}分", hour, minute);
}

} // namespace yishi
