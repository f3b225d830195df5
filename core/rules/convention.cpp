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

} // namespace yishi
