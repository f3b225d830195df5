#include "commands.hpp"

#include "core/documents/report.hpp"
#include "core/records/report.hpp"
#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/rules/lifecycle.hpp"

namespace yishi::cli {
namespace {

std::string days_text(const DayFigures& d) {
  if (d.count == 0) {
    return "-";
  }
  return _f("median {:.1f} days, 90% within {} days (matters: {})", *d.median, *d.p90, d.count);
}

} // namespace

void print_report_text(Context& ctx, const ReportFigures& f) {
  ctx.out << _f("Figures for {} to {}{}\n", format_iso(f.period.from), format_iso(f.period.to),
                f.group.empty() ? std::string() : _f(", {}", f.group));
  Table t({_("Figure"), _("Value")});
  t.add_row({_("Opinions collected"), std::to_string(f.collected)});
  t.add_row({_("Sessions held"), std::to_string(f.sessions_held)});
  t.add_row({_("Rulings"), std::to_string(f.rulings)});
  t.add_row({_("Matters resolved"), std::to_string(f.resolved)});
  t.add_row({_("Escalations"), std::to_string(f.escalations)});
  t.add_row({_("Objections (upheld)"), _f("{} ({})", f.objections, f.objections_upheld)});
  t.add_row({_("Overdue rulings"), std::to_string(f.overdue)});
  t.add_row({_("Collection to ruling"), days_text(f.to_ruling)});
  t.add_row({_("Collection to completion"), days_text(f.to_completion)});
  t.render(ctx.out);
  auto breakdown = [&](const std::string& heading, const std::string& column, const std::map<std::string, long>& counts,
                       auto name) {
    ctx.out << "\n" << heading << "\n";
    Table b({column, _("Proposals")});
    for (const auto& [key, n] : counts) {
      b.add_row({name(key), std::to_string(n)});
    }
    b.render(ctx.out);
  };
  breakdown(_("By channel"), _("Channel"), f.by_channel,
            [](const std::string& c) { return std::string(label(parse_enum<Channel>(c, "channel"))); });
  breakdown(_("By group"), _("Group"), f.by_group,
            [](const std::string& g) { return g.empty() ? std::string(_("village-wide")) : g; });
  breakdown(_("By tier"), _("Tier"), f.by_tier,
            [](const std::string& tier) { return std::string(label(parse_enum<Tier>(tier, "tier"))); });
  ctx.out << _("\nProposals collected each month, by their status now\n");
  std::vector<std::string> headers{_("Month")};
  std::vector<std::string> statuses;
  for (const auto& s : k_statuses) {
    if (f.month_status.count(std::string(s.code)) != 0) {
      headers.emplace_back(label(s.value));
      statuses.emplace_back(s.code);
    }
  }
  Table m(headers);
  for (size_t i = 0; i < f.months.size(); ++i) {
    std::vector<std::string> row{f.months[i]};
    for (const auto& s : statuses) {
      const auto& series = f.month_status.at(s);
      row.push_back(std::to_string(i < series.size() ? series[i] : 0));
    }
    m.add_row(row);
  }
  m.render(ctx.out);
}

void register_report(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand("report", _("The village's figures for a year or a quarter: text, HTML, PDF or JSON"));
  struct Options {
    int year = 0;
    std::optional<int> quarter;
    std::string group, format = "text", output;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--year", o->year, _("The year"))->required();
  cmd->add_option("--quarter", o->quarter, _("Only this quarter, 1 to 4"));
  cmd->add_option("--group", o->group, _("Only this village group's matters"));
  cmd->add_option("--format", o->format, _("text, html, pdf or json"))
      ->check(CLI::IsMember({"text", "html", "pdf", "json"}));
  cmd->add_option("--output,-o", o->output, _("Write to this file instead of the terminal"));
  add_json_flag(cmd, o->json);
  cmd->callback([&dispatch, o] {
    dispatch.select(Access::read, [o](Context& ctx) {
      Period period = o->quarter ? quarter_period(o->year, *o->quarter) : year_period(o->year);
      ReportFigures f = compute_report(ctx.db(), ctx.clock, period, o->group);
      if (o->json) {
        o->format = "json";
      }
      if (o->format == "text") {
        print_report_text(ctx, f);
        return;
      }
      if (o->format == "json") {
        ctx.out << report_json(f).dump(2) << '\n';
        return;
      }
      SheetContent doc = report_document(f, VillageStore(ctx.db()).info());
      write_document(ctx, doc, o->format, o->output, fmt::format("report-{}", o->year));
    });
  });
}

} // namespace yishi::cli
