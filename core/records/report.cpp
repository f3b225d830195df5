#include "report.hpp"

#include "core/records/village.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>

namespace yishi {
namespace {

using namespace std::chrono;

std::string group_clause(std::string_view column, bool filtered) {
  if (!filtered) {
    return "";
  }
  return fmt::format(" AND ({0}.group_id = :group OR EXISTS (SELECT 1 FROM proposal_group pg WHERE pg.proposal_id = "
                     "{0}.id AND pg.group_id = :group))",
                     column);
}

} // namespace

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

} // namespace yishi
