#include "figures.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"

#include <algorithm>
#include <cmath>

namespace yishi {

using namespace std::chrono;

Period year_period(int year_number) {
  return Period{Date{year{year_number}, month{1}, day{1}}, Date{year{year_number}, month{12}, day{31}},
                fmt::format("{}年", year_number)};
}

Period quarter_period(int year_number, int quarter) {
  if (quarter < 1 || quarter > 4) {
    throw UsageError(_f("quarter {} does not exist: give 1 to 4", quarter));
  }
  unsigned first = static_cast<unsigned>(quarter - 1) * 3 + 1;
  Date from{year{year_number}, month{first}, day{1}};
  Date to{year_month_day_last{year{year_number}, month_day_last{month{first + 2}}}};
  return Period{from, to, fmt::format("{}年第{}季度", year_number, quarter)};
}

std::optional<double> median(const std::vector<long>& v) {
  if (v.empty()) {
    return std::nullopt;
  }
  size_t n = v.size();
  return n % 2 == 1 ? static_cast<double>(v[n / 2])
                    : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2.0;
}

std::optional<long> percentile(const std::vector<long>& v, int p) {
  if (v.empty()) {
    return std::nullopt;
  }
  size_t rank = static_cast<size_t>(std::ceil(static_cast<double>(p) / 100.0 * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

DayFigures day_figures(std::vector<long> days) {
  std::sort(days.begin(), days.end());
  return DayFigures{static_cast<long>(days.size()), median(days), percentile(days, 90)};
}

} // namespace yishi
