#include "report.hpp"

#include "core/render/json.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace yishi {
namespace {

// Colours a status keeps on every chart.
const std::map<std::string, std::string>& status_colours() {
  static const std::map<std::string, std::string> colours = {
      {"collected", "#9e9e9e"}, {"accepted", "#64b5f6"},  {"scheduled", "#1e88e5"}, {"escalated", "#8e24aa"},
      {"ruled", "#fb8c00"},     {"completed", "#43a047"}, {"defeated", "#e53935"},  {"declined", "#6d4c41"},
      {"withdrawn", "#bdbdbd"}, {"merged", "#26a69a"}};
  return colours;
}

} // namespace

Chart report_chart(const ReportFigures& f) {
  Chart c;
  for (const auto& m : f.months) {
    c.labels.push_back(std::to_string(std::stoi(m.substr(5))) + "月");
  }
  for (const auto& s : k_statuses) {
    auto it = f.month_status.find(std::string(s.code));
    if (it == f.month_status.end()) {
      continue;
    }
    const std::string& hex = status_colours().at(std::string(s.code));
    auto channel = [&](size_t at) { return static_cast<double>(std::stoi(hex.substr(at, 2), nullptr, 16)) / 255.0; };
    ChartSeries series{std::string(s.zh), channel(1), channel(3), channel(5), it->second};
    series.values.resize(c.labels.size(), 0);
    c.series.push_back(std::move(series));
  }
  return c;
}

namespace {

// The figures in sentences, as the report prints them.
std::vector<std::string> report_paragraphs(const ReportFigures& f) {
  std::vector<std::string> p;
  p.push_back(fmt::format("搜集村民意见建议{}个，组织议事{}场次，作出决议{}项，解决群众急难愁盼事{}件。", f.collected,
                          f.sessions_held, f.rulings, f.resolved));
  std::vector<std::string> parts;
  for (const auto& c : k_channels) {
    if (auto it = f.by_channel.find(std::string(c.code)); it != f.by_channel.end()) {
      parts.push_back(fmt::format("{}{}个", c.zh, it->second));
    }
  }
  if (!parts.empty()) {
    p.push_back("按来源：" + join(parts, "，") + "。");
  }
  parts.clear();
  for (const auto& [g, n] : f.by_group) {
    parts.push_back(fmt::format("{}{}个", g.empty() ? "全村事项" : g, n));
  }
  if (!parts.empty()) {
    p.push_back("按村民小组：" + join(parts, "，") + "。");
  }
  parts.clear();
  for (const auto& t : k_tiers) {
    if (auto it = f.by_tier.find(std::string(t.code)); it != f.by_tier.end()) {
      parts.push_back(fmt::format("{}{}个", t.zh, it->second));
    }
  }
  if (!parts.empty()) {
    p.push_back("按层级：" + join(parts, "，") + "。");
  }
  p.push_back(fmt::format("上报村民议事会{}次；公示期内收到异议{}件，其中成立{}件；逾期未办结决议{}项。", f.escalations,
                          f.objections, f.objections_upheld, f.overdue));
  auto days = [](const DayFigures& df) {
    return df.count == 0 ? std::string("无")
                         : fmt::format("中位数{:.1f}天，90%在{}天以内（共{}项）", *df.median, *df.p90, df.count);
  };
  p.push_back("从收集到决议：" + days(f.to_ruling) + "；从收集到办结：" + days(f.to_completion) + "。");
  return p;
}

Json days_json(const DayFigures& d) {
  return Json{{"count", d.count},
              {"median", d.median ? Json(*d.median) : Json(nullptr)},
              {"p90", d.p90 ? Json(*d.p90) : Json(nullptr)}};
}

} // namespace

Json report_json(const ReportFigures& f) {
  Json months = Json::object();
  for (const auto& [status, series] : f.month_status) {
    months[status] = series;
  }
  return Json{{"from", format_iso(f.period.from)},
              {"to", format_iso(f.period.to)},
              {"group", f.group.empty() ? Json(nullptr) : Json(f.group)},
              {"collected", f.collected},
              {"sessions_held", f.sessions_held},
              {"rulings", f.rulings},
              {"resolved", f.resolved},
              {"by_channel", f.by_channel},
              {"by_group", f.by_group},
              {"by_tier", f.by_tier},
              {"escalations", f.escalations},
              {"objections", f.objections},
              {"objections_upheld", f.objections_upheld},
              {"overdue", f.overdue},
              {"days_to_ruling", days_json(f.to_ruling)},
              {"days_to_completion", days_json(f.to_completion)},
              {"months", f.months},
              {"month_status", months}};
}

SheetContent report_document(const ReportFigures& f, const VillageInfo& village) {
  SheetContent d;
  d.notice = false;
  d.title = fmt::format("{}{}村级议事协商工作情况", village.name, f.period.label_zh);
  d.serial = f.group.empty() ? format_iso(f.period.from) + " 至 " + format_iso(f.period.to)
                             : f.group + "　" + format_iso(f.period.from) + " 至 " + format_iso(f.period.to);
  d.paragraphs = report_paragraphs(f);
  d.chart = report_chart(f);
  d.issuing_body = village.issuing_body;
  d.formal = true;
  lay_out(d, village);
  return d;
}

SheetContent district_report_document(const std::vector<ReportUnit>& units, const std::string& district) {
  SheetContent d;
  d.notice = false;
  const ReportUnit* total = units.empty() ? nullptr : &units.back();
  const std::string period = total == nullptr ? std::string() : total->figures->period.label_zh;
  d.title = fmt::format("{}{}村级议事协商工作情况汇总", district, period);
  if (total != nullptr) {
    d.serial = format_iso(total->figures->period.from) + " 至 " + format_iso(total->figures->period.to);
    d.paragraphs = report_paragraphs(*total->figures);
    d.chart = report_chart(*total->figures);
  }
  for (const auto& u : units) {
    if (&u == total) {
      continue;
    }
    const ReportFigures& f = *u.figures;
    d.paragraphs.push_back(fmt::format("{}：搜集意见建议{}个，组织议事{}场次，作出决议{}项，办结{}件，逾期未办结{}项。",
                                       u.township_total ? "【" + u.name + "合计】" : u.name, f.collected,
                                       f.sessions_held, f.rulings, f.resolved, f.overdue));
  }
  d.issuing_body = district;
  d.formal = true;
  return d;
}

} // namespace yishi
