#include "convention.hpp"

namespace yishi {

std::optional<long> EventFigures::value(Limit limit) const {
  switch (limit) {
  case Limit::tables:
    return tables;
  case Limit::guests:
    return guests;
  case Limit::cost_per_table:
    return cost_per_table;
  case Limit::gift:
    return gift;
  case Limit::days:
    return days;
  case Limit::cigarette_price:
    return cigarette_price;
  case Limit::liquor_price:
    return liquor_price;
  default:
    return std::nullopt; // timing limits are checked by check_timing
  }
}

std::vector<Breach> check_figures(const EventFigures& figures, const ConventionVersion& version) {
  std::vector<Breach> out;
  for (const auto& c : version.clauses) {
    if (!c.limit) {
      continue;
    }
    if (auto v = figures.value(*c.limit); v && *v > c.value) {
      out.push_back(Breach{c, *v});
    }
  }
  return out;
}

std::optional<Clause> check_timing(EventKind kind, Date event_on, Date declared_on, const ConventionVersion& version) {
  for (const auto& c : version.clauses) {
    if (!c.limit) {
      continue;
    }
    if (kind == EventKind::wedding && *c.limit == Limit::wedding_notice_days &&
        days_between(declared_on, event_on) < c.value) {
      return c;
    }
    if (kind == EventKind::funeral && *c.limit == Limit::funeral_report_days &&
        days_between(event_on, declared_on) > c.value) {
      return c;
    }
  }
  return std::nullopt;
}

const ConventionVersion* version_in_force(const std::vector<ConventionVersion>& versions, Date day) {
  const ConventionVersion* best = nullptr;
  for (const auto& v : versions) {
    if (v.effective_on <= day && (best == nullptr || v.effective_on >= best->effective_on)) {
      best = &v;
    }
  }
  return best;
}

long event_cost(const EventFigures& f) {
  return f.tables && f.cost_per_table ? *f.tables * *f.cost_per_table : 0;
}

std::string clause_text_zh(const Clause& c) {
  if (!c.limit) {
    return c.text;
  }
  switch (*c.limit) {
  case Limit::tables:
    return fmt::format("宴席不超过{}桌", c.value);
  case Limit::cost_per_table:
    return fmt::format("每桌标准不超过{}元", c.value);
  case Limit::gift:
    return fmt::format("礼金不超过{}元", c.value);
  case Limit::guests:
    return fmt::format("宾客不超过{}人", c.value);
  case Limit::days:
    return fmt::format("办事时间不超过{}天", c.value);
  case Limit::cigarette_price:
    return fmt::format("香烟每包不超过{}元", c.value);
  case Limit::liquor_price:
    return fmt::format("酒水每瓶不超过{}元", c.value);
  case Limit::wedding_notice_days:
    return fmt::format("婚事须提前{}天向红白理事会申报", c.value);
  case Limit::funeral_report_days:
    return fmt::format("丧事须在{}日内向红白理事会报告", c.value);
  }
  return c.text;
}

} // namespace yishi
