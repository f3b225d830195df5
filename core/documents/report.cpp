#include "report.hpp"

#include "core/error.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/text.hpp"
#include "core/records/village.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <cmath>

namespace yishi {
namespace {

using namespace std::chrono;

// Colours a status keeps on every chart.
const std::map<std::string, std::string>& status_colours() {
  static const std::map<std::string, std::string> colours = {
      {"collected", "#9e9e9e"}, {"accepted", "#64b5f6"},  {"scheduled", "#1e88e5"}, {"escalated", "#8e24aa"},
      {"ruled", "#fb8c00"},     {"completed", "#43a047"}, {"defeated", "#e53935"},  {"declined", "#6d4c41"},
      {"withdrawn", "#bdbdbd"}, {"merged", "#26a69a"}};
  return colours;
}

DayFigures day_figures(std::vector<long> days) {
  std::sort(days.begin(), days.end());
  return DayFigures{static_cast<long>(days.size()), median(days), percentile(days, 90)};
}

std::string group_clause(std::string_view column, bool filtered) {
  if (!filtered) {
    return "";
  }
  return fmt::format(" AND ({0}.group_id = :group OR EXISTS (SELECT 1 FROM proposal_group pg WHERE pg.proposal_id = "
                     "{0}.id AND pg.group_id = :group))",
                     column);
}

} // namespace

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

ReportFigures compute_report(SQLite::Database& db, const Clock& clock, const Period& period, std::string_view group) {
  ReportFigures r;
  r.period = period;
  r.group = std::string(group);
  std::optional<long> group_id;
  if (!group.empty()) {
    group_id = VillageStore(db).group(group).id;
  }
  const std::string from = format_iso(period.from);
  const std::string to = format_iso(period.to);
  const std::string to_end = to + "T23:59:59";
  for (Date m = period.from; m <= period.to; m = Date{(year_month{m.year(), m.month()} + months{1}) / day{1}}) {
    r.months.push_back(format_iso(m).substr(0, 7));
  }
  auto bind = [&](SQLite::Statement& q) {
    q.bind(":from", from);
    q.bind(":to", to);
    if (group_id) {
      q.bind(":group", static_cast<int64_t>(*group_id));
    }
  };

  // One pass over the period's proposals gives the counts by month, status, channel, tier and group.
  SQLite::Statement q(db, "SELECT substr(p.submitted_on, 1, 7), p.status, p.channel, p.tier, p.group_id, count(*) "
                          "FROM proposal p WHERE p.submitted_on BETWEEN :from AND :to" +
                              group_clause("p", group_id.has_value()) + " GROUP BY 1, 2, 3, 4, 5");
  bind(q);
  std::map<long, std::string> group_names;
  for (const auto& g : VillageStore(db).groups()) {
    group_names[g.id] = g.name;
  }
  while (q.executeStep()) {
    long n = q.getColumn(5).getInt64();
    r.collected += n;
    std::string month_key = q.getColumn(0).getString();
    std::string status = q.getColumn(1).getString();
    r.by_channel[q.getColumn(2).getString()] += n;
    r.by_tier[q.getColumn(3).getString()] += n;
    r.by_group[q.getColumn(4).isNull() ? "" : group_names[q.getColumn(4).getInt64()]] += n;
    auto& series = r.month_status[status];
    series.resize(r.months.size(), 0);
    auto it = std::find(r.months.begin(), r.months.end(), month_key);
    if (it != r.months.end()) {
      series[static_cast<size_t>(it - r.months.begin())] += n;
    }
  }

  // Sessions held: those in the period that closed or voted.
  SQLite::Statement s(db, "SELECT count(*) FROM session s WHERE s.starts_at BETWEEN :from AND :to_end AND "
                          "(s.status = 'closed' OR EXISTS (SELECT 1 FROM agenda_item a JOIN motion m ON "
                          "m.agenda_item_id = a.id JOIN vote v ON v.motion_id = m.id WHERE a.session_id = s.id))" +
                              std::string(group_id ? " AND s.council_id IN (SELECT id FROM council WHERE group_id = "
                                                     ":group)"
                                                   : ""));
  s.bind(":from", from);
  s.bind(":to_end", to_end);
  if (group_id) {
    s.bind(":group", static_cast<int64_t>(*group_id));
  }
  s.executeStep();
  r.sessions_held = s.getColumn(0).getInt64();

  // Rulings and completions, with the days each took from collection.
  std::vector<long> to_ruling;
  std::vector<long> to_completion;
  SQLite::Statement rq(db, "SELECT CAST(julianday(r.ruled_on) - julianday(p.submitted_on) AS INTEGER), r.ruled_on "
                           "BETWEEN :from AND :to, CAST(julianday(r.completed_on) - julianday(p.submitted_on) AS "
                           "INTEGER), r.completed_on BETWEEN :from AND :to, r.completed_on IS NULL AND r.deadline < "
                           ":cutoff FROM ruling r JOIN proposal p ON p.id = r.proposal_id WHERE r.set_aside_on IS NULL "
                           "AND (r.ruled_on BETWEEN :from AND :to OR r.completed_on BETWEEN :from AND :to OR "
                           "(r.completed_on IS NULL AND r.deadline < :cutoff))" +
                               group_clause("p", group_id.has_value()));
  bind(rq);
  rq.bind(":cutoff", format_iso(std::min(clock.today(), period.to)));
  while (rq.executeStep()) {
    if (rq.getColumn(1).getInt() != 0) {
      ++r.rulings;
      to_ruling.push_back(rq.getColumn(0).getInt64());
    }
    if (!rq.getColumn(2).isNull() && rq.getColumn(3).getInt() != 0) {
      ++r.resolved;
      to_completion.push_back(rq.getColumn(2).getInt64());
    }
    r.overdue += rq.getColumn(4).getInt();
  }
  r.to_ruling = day_figures(std::move(to_ruling));
  r.to_completion = day_figures(std::move(to_completion));

  SQLite::Statement e(db, "SELECT count(*) FROM recommendation rc JOIN proposal p ON p.id = rc.proposal_id "
                          "WHERE rc.made_on BETWEEN :from AND :to" +
                              group_clause("p", group_id.has_value()));
  bind(e);
  e.executeStep();
  r.escalations = e.getColumn(0).getInt64();

  SQLite::Statement o(db,
                      "SELECT count(*), COALESCE(sum(o.answer = 'upheld'), 0) FROM objection o JOIN notice n ON "
                      "n.id = o.notice_id JOIN proposal p ON p.id = n.proposal_id WHERE o.made_on BETWEEN :from AND "
                      ":to" +
                          group_clause("p", group_id.has_value()));
  bind(o);
  o.executeStep();
  r.objections = o.getColumn(0).getInt64();
  r.objections_upheld = o.getColumn(1).getInt64();
  return r;
}

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

SheetContent report_document(const ReportFigures& f, const VillageInfo& village) {
  SheetContent d;
  d.notice = false;
  d.title = fmt::format("{}{}村级议事协商工作情况", village.name, f.period.label_zh);
  d.serial = f.group.empty() ? format_iso(f.period.from) + " 至 " + format_iso(f.period.to)
                             : f.group + "　" + format_iso(f.period.from) + " 至 " + format_iso(f.period.to);
  auto& p = d.paragraphs;
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
  d.chart = report_chart(f);
  d.issuing_body = village.issuing_body;
  return d;
}

} // namespace yishi
