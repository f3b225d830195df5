#pragma once

#include "core/date.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace yishi {

struct Period {
  Date from;
  Date to;              // inclusive
  std::string label_zh; // 2026年 / 2026年第1季度
};
Period year_period(int year);
Period quarter_period(int year, int quarter); // quarter 1 to 4

/// The median (the mean of the middle two for an even count) of sorted values. Pure.
std::optional<double> median(const std::vector<long>& sorted);
/// The p-th percentile by the nearest-rank method: the smallest value with at least p% at or below it. Pure.
std::optional<long> percentile(const std::vector<long>& sorted, int p);

struct DayFigures {
  long count = 0;
  std::optional<double> median;
  std::optional<long> p90;
};

/// The figures a village reports (opinions collected, sessions held, matters resolved) and more.
struct ReportFigures {
  Period period;
  std::string group; // empty: the whole village
  long collected = 0;
  long sessions_held = 0;
  long rulings = 0;
  long resolved = 0;                      // rulings carried out (completed) in the period
  std::map<std::string, long> by_channel; // codes
  std::map<std::string, long> by_group;   // names; "" for village-wide matters
  std::map<std::string, long> by_tier;    // codes
  long escalations = 0;
  long objections = 0;
  long objections_upheld = 0;
  long overdue = 0;
  DayFigures to_ruling;
  DayFigures to_completion;
  std::vector<std::string> months;                       // 2026-01 ...
  std::map<std::string, std::vector<long>> month_status; // status code -> count per month
};

/// The count, median and 90th percentile of a list of day counts. Pure.
DayFigures day_figures(std::vector<long> days);

} // namespace yishi
