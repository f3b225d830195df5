#pragma once

// Times and amounts as people say and write them, read against the village's clock: 3月25日晚7点半, 今晚7点半,
// 明天上午9点, 下周三下午3点, 2026年3月25日19时30分, 19:30; 12万, 1.5万元, 120,000, 十二万, 一万二. Pure.

#include "core/date.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace yishi {

/// A day, and its time of day when the text gives one.
struct SpokenTime {
  Date date;
  std::optional<int> hour;
  int minute = 0;
  DateTime at() const { return DateTime{date, hour.value_or(0), minute, 0}; }
};

/// Reads a date with or without its time of day. The day: 今天 (今日, 今晚, 今早), 明天, 后天, 大后天, 昨天, 前天; 周三,
/// 星期三, 本周三, 下周三, 下星期三; 3月25日, 25日 (this month), 2026年3月25日, 三月二十五日, 2026-03-25, 2026/3/25, 3/25.
/// The time: 19:30, 19：30, 19时30分, 7点半, 7点一刻, 7点30分, 19点, with 凌晨, 早上, 上午, 中午, 下午, 傍晚, 晚上 (or
/// 晚 after the day, as in 3月25日晚7点半). With no day, today. An hour from 1 to 11 said without the part of the day is
/// refused as ambiguous (7点: morning or evening?), as is a part of the day that contradicts the hour (上午15点).
/// DataError naming `what` and what was understood.
SpokenTime parse_spoken_time(std::string_view text, Date today, std::string_view what);

/// Reads an amount of yuan: 120000, 120,000, 12万, 12万元, 1.5万, 12.5万元, 十二万, 一万二, 1万2千, 两千五, 三千块,
/// ￥5000. Whole yuan only; DataError naming `what` for anything else.
long parse_amount(std::string_view text, std::string_view what);

/// How sheets write a time of day: 19时30分, 19时 on the hour.
std::string format_clock_zh(int hour, int minute);

} // namespace yishi
