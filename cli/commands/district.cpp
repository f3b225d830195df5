#include "commands.hpp"

#include "core/district/district.hpp"
#include "core/documents/report.hpp"
#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/storage/output.hpp"

#include <algorithm>
#include <unistd.h>

namespace yishi::cli {
namespace {

using namespace yishi::district;

std::string short_hash(const std::string& bytes) {
  return storage::to_hex(bytes).substr(0, 12);
}

// Who sends a push, for the district's log: the login and the host.
std::string sender() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) {
    host[0] = '\0';
  }
  const char* user = std::getenv("USER");
  return fmt::format("{}@{}", user == nullptr ? "?" : user, host);
}

std::unique_ptr<PgConnection> connect(const std::string& option) {
  auto pg = std::make_unique<PgConnection>(district_url(option));
  prepare(*pg);
  return pg;
}

void print_taken(Context& ctx, const Taken& t, const std::string& what, const std::string& where) {
  if (t.entries == 0) {
    ctx.out << _f("Nothing new: {} holds village {} up to entry {} ({}) already; nothing was sent.\n", where, t.village,
                  t.last, short_hash(t.head));
    return;
  }
  ctx.out << _f("{}: entries {} to {} ({} entries, {} rows) of village {} taken into {}; its head there is entry {} "
                "({}).\n",
                what, t.first, t.last, t.entries, t.rows, t.village, where, t.last, short_hash(t.head));
}

void push_command(Context& ctx, const std::string& url) {
  auto conn = connect(url);
  PgConnection& pg = *conn;
  const std::string at = format_iso(ctx.clock.now());
  Taken t = push(pg, ctx.db(), at, sender());
  print_taken(ctx, t, _("Pushed"), pg.where());
  if (t.entries > 0) {
    note_sent(ctx.db(), Sent{at, "push", pg.where(), t.village, t.first, t.last, t.head});
  }
}

void bundle_command(Context& ctx, const std::string& output, std::optional<long> since) {
  const long after = since.value_or(last_sent(ctx.db()));
  const std::string at = format_iso(ctx.clock.now());
  Bundle b = make_bundle(ctx.db(), after, at);
  if (b.chain.entries.empty()) {
    ctx.out << _f("Nothing new since entry {} (the last push or bundle): no bundle was written.\n", after);
    ctx.out << _("To send the whole history again: yishi district bundle --since 0 -o FILE\n");
    return;
  }
  storage::write_file(output, storage::Privacy::personal, [&](std::ostream& out) { write_bundle(out, b); });
  note_sent(ctx.db(), Sent{at, "bundle", output, b.village.code, b.first(), b.last(), b.chain.head_hash});
  ctx.out << _f("Wrote {}: entries {} to {} ({} entries, {} rows) of village {} {}.\n", output, b.first(), b.last(),
                b.chain.entries.size(), b.rows.size(), b.village.code, b.village.name);
  ctx.out << _f("At the district: yishi district ingest {}\n", output);
}

void ingest_command(Context& ctx, const std::vector<std::string>& files, const std::string& url) {
  // Read (and check the seal of) every file first; then take them village by village, oldest entries first.
  std::vector<std::pair<Bundle, std::string>> bundles;
  for (const auto& f : files) {
    bundles.emplace_back(read_bundle(f), f);
  }
  std::stable_sort(bundles.begin(), bundles.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.first.village.code, a.first.first()) <
           std::make_pair(b.first.village.code, b.first.first());
  });
  auto conn = connect(url);
  PgConnection& pg = *conn;
  for (const auto& [b, file] : bundles) {
    Taken t = ingest(pg, b, file);
    print_taken(ctx, t, file, pg.where());
  }
}

Period period_of(const Context& ctx, int year, std::optional<int> quarter) {
  if (year == 0) {
    year = static_cast<int>(ctx.clock.today().year());
  }
  return quarter ? quarter_period(year, *quarter) : year_period(year);
}

void report_command(Context& ctx, const std::string& url, int year, std::optional<int> quarter,
                    const std::string& township, const std::string& format, const std::string& output,
                    const std::string& name) {
  auto conn = connect(url);
  PgConnection& pg = *conn;
  const Period period = period_of(ctx, year, quarter);
  const auto lines = district_report(pg, period, ctx.clock.today(), township);
  if (format == "json") {
    Json villages = Json::array();
    Json townships = Json::array();
    Json total;
    for (const auto& l : lines) {
      Json j = Json{{"township", l.township}, {"township_code", l.township_code}};
      if (l.level == "village") {
        j["code"] = l.village_code;
        j["name"] = l.village;
      }
      j["figures"] = report_json(l.figures);
      if (l.level == "district") {
        total = j["figures"];
      } else if (l.level == "village") {
        villages.push_back(j);
      } else if (l.level == "township") {
        townships.push_back(j);
      }
    }
    ctx.out << Json{{"from", format_iso(period.from)},
                    {"to", format_iso(period.to)},
                    {"villages", villages},
                    {"townships", townships},
                    {"district", total}}
                   .dump(2)
            << '\n';
    return;
  }
  if (format == "text") {
    ctx.out << _f("The district's figures for {} to {}{}\n", format_iso(period.from), format_iso(period.to),
                  township.empty() ? std::string() : _f(", {}", township));
    Table t({_("Township"), _("Village"), _("Collected"), _("Sessions"), _("Rulings"), _("Resolved"), _("Escalations"),
             _("Objections"), _("Overdue"), _("Days to ruling")});
    for (const auto& l : lines) {
      const auto& f = l.figures;
      const std::string unit = l.level == "village"    ? fmt::format("{} {}", l.village_code, l.village)
                               : l.level == "township" ? _("(township total)")
                                                       : _("(district total)");
      t.add_row({l.level == "district" ? std::string() : l.township, unit, std::to_string(f.collected),
                 std::to_string(f.sessions_held), std::to_string(f.rulings), std::to_string(f.resolved),
                 std::to_string(f.escalations), std::to_string(f.objections), std::to_string(f.overdue),
                 f.to_ruling.median ? fmt::format("{:.1f}", *f.to_ruling.median) : std::string("-")});
    }
    t.render(ctx.out);
    ctx.out << '\n';
    print_report_text(ctx, lines.back().figures);
    return;
  }
  std::vector<ReportUnit> units;
  for (const auto& l : lines) {
    units.push_back(ReportUnit{l.level == "village" ? l.village : l.township, l.level == "township", &l.figures});
  }
  VillageInfo issuer;
  issuer.name = name;
  issuer.issuing_body = name;
  write_document(ctx, district_report_document(units, name), format, output,
                 fmt::format("district-report-{}", static_cast<int>(period.from.year())), issuer);
}

void due_command(Context& ctx, const std::string& url, int within, bool json) {
  auto conn = connect(url);
  PgConnection& pg = *conn;
  const Due due = district_due(pg, ctx.clock.today(), within);
  if (json) {
    Json rulings = Json::array();
    for (const auto& r : due.rulings) {
      rulings.push_back(Json{{"township", r.township},
                             {"village", r.village},
                             {"village_code", r.village_code},
                             {"proposal", r.proposal},
                             {"title", r.title},
                             {"responsible", r.responsible},
                             {"deadline", format_iso(r.deadline)},
                             {"days_overdue", r.days_overdue}});
    }
    Json notices = Json::array();
    for (const auto& n : due.notices) {
      notices.push_back(Json{{"township", n.township},
                             {"village", n.village},
                             {"village_code", n.village_code},
                             {"proposal", n.proposal},
                             {"serial", n.serial},
                             {"title", n.title},
                             {"ends_on", format_iso(n.ends_on)}});
    }
    ctx.out << Json{{"overdue_rulings", rulings}, {"notices_coming_down", notices}}.dump(2) << '\n';
    return;
  }
  ctx.out << _f("Overdue rulings across the district ({})\n", due.rulings.size());
  Table r({_("Township"), _("Village"), _("Proposal"), _("Title"), _("Responsible"), _("Deadline"), _("Days over")});
  r.set_max_width(3, 30);
  for (const auto& x : due.rulings) {
    r.add_row({x.township, x.village, x.proposal, x.title, x.responsible, format_iso(x.deadline),
               std::to_string(x.days_overdue)});
  }
  r.render(ctx.out);
  ctx.out << _f("\nNotices coming down within {} days ({})\n", within, due.notices.size());
  Table n({_("Township"), _("Village"), _("Serial"), _("Title"), _("Ends on")});
  n.set_max_width(3, 30);
  for (const auto& x : due.notices) {
    n.add_row({x.township, x.village, x.serial, x.title, format_iso(x.ends_on)});
  }
  n.render(ctx.out);
}

void status_command(Context& ctx, const std::string& url, const std::vector<std::string>& files, bool json) {
  std::vector<Bundle> bundles;
  for (const auto& f : files) {
    bundles.push_back(read_bundle(f));
  }
  auto conn = connect(url);
  PgConnection& pg = *conn;
  const auto villages = district_status(pg, bundles);
  if (json) {
    Json out = Json::array();
    for (const auto& v : villages) {
      out.push_back(Json{{"code", v.code},
                         {"name", v.name},
                         {"township", v.township},
                         {"township_code", v.township_code},
                         {"last_push", v.last_push},
                         {"via", v.last_via},
                         {"head", v.head},
                         {"head_hash", storage::to_hex(v.head_hash)},
                         {"pushes", v.pushes},
                         {"incidents", v.incidents},
                         {"behind", v.behind ? Json(*v.behind) : Json(nullptr)}});
    }
    ctx.out << out.dump(2) << '\n';
    return;
  }
  Table t({_("Code"), _("Village"), _("Township"), _("Last push"), _("Via"), _("Head"), _("Hash"), _("Pushes"),
           _("Behind"), _("Incidents")});
  for (const auto& v : villages) {
    t.add_row({v.code, v.name, v.township, v.last_push, v.last_via, std::to_string(v.head), short_hash(v.head_hash),
               std::to_string(v.pushes), v.behind ? std::to_string(*v.behind) : std::string("-"),
               std::to_string(v.incidents)});
  }
  t.render(ctx.out);
  const long incidents = std::count_if(villages.begin(), villages.end(), [](const auto& v) { return v.incidents > 0; });
  if (incidents > 0) {
    ctx.out << _f("\n{} village(s) with incidents: yishi district incidents\n", incidents);
  }
}

void incidents_command(Context& ctx, const std::string& url, const std::string& village, bool json) {
  auto conn = connect(url);
  PgConnection& pg = *conn;
  const auto list = district_incidents(pg, village);
  if (json) {
    Json out = Json::array();
    for (const auto& i : list) {
      out.push_back(Json{{"id", i.id},
                         {"at", i.at},
                         {"village", i.village},
                         {"kind", i.kind},
                         {"entry", i.entry},
                         {"source", i.source},
                         {"detail", i.detail}});
    }
    ctx.out << out.dump(2) << '\n';
    return;
  }
  if (list.empty()) {
    ctx.out << _("No incidents: every village's history extends what it reported.\n");
    return;
  }
  Table t({_("Incident"), _("When"), _("Village"), _("Kind"), _("Entry"), _("From"), _("Detail")});
  t.set_max_width(6, 60);
  for (const auto& i : list) {
    t.add_row({std::to_string(i.id), i.at, i.village, i.kind, std::to_string(i.entry), i.source, i.detail});
  }
  t.render(ctx.out);
}

} // namespace

void verify_district(Context& ctx, const std::string& url) {
  auto conn = connect(url);
  PgConnection& pg = *conn;
  auto findings = verify_against_district(pg, ctx.db());
  if (findings.empty()) {
    ctx.out << _f("The history's {} entries are chained, agree with every table, and hold every head the district "
                  "{} keeps for this village.\n",
                  storage::history_size(ctx.db()), pg.where());
    return;
  }
  print_findings(ctx, findings);
}

void register_district(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "district", _("Report to the district: push, bundle and ingest; its report and status"));
  group->footer(_("The district's database is PostgreSQL: --to/--from URL, else $YISHI_DISTRICT."));
  struct Options {
    std::string url, output, township, format = "text", village, name = "全区";
    std::vector<std::string> files;
    std::optional<long> since;
    int year = 0;
    std::optional<int> quarter;
    int within = 7;
    bool json = false;
    bool show_query = false;
  };
  auto o = std::make_shared<Options>();

  auto* push_cmd =
      group->add_subcommand("push", _("Send what the village recorded since its last push to the district"));
  push_cmd->add_option("--to", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  push_cmd->callback(
      [&dispatch, o] { dispatch.select(Access::write, [o](Context& ctx) { push_command(ctx, o->url); }); });

  auto* bundle_cmd =
      group->add_subcommand("bundle", _("Write what the village recorded since its last push or bundle to a file"));
  bundle_cmd->add_option("--output,-o", o->output, _("The bundle file (a USB stick for the township office)"))
      ->required();
  bundle_cmd->add_option("--since", o->since, _("Start after this entry instead (0: the whole history)"));
  bundle_cmd->callback([&dispatch, o] {
    dispatch.select(Access::write, [o](Context& ctx) { bundle_command(ctx, o->output, o->since); });
  });

  auto* ingest_cmd = group->add_subcommand("ingest", _("Take villages' bundle files into the district"));
  ingest_cmd->add_option("files", o->files, _("Bundle files"))->required();
  ingest_cmd->add_option("--to", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  ingest_cmd->callback(
      [&dispatch, o] { dispatch.select(Access::none, [o](Context& ctx) { ingest_command(ctx, o->files, o->url); }); });

  auto* report_cmd =
      group->add_subcommand("report", _("The figures of every village and township and the district's total"));
  report_cmd->add_option("--from", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  report_cmd->add_option("--year", o->year, _("The year (default: this year)"));
  report_cmd->add_option("--quarter", o->quarter, _("Only this quarter, 1 to 4"));
  report_cmd->add_option("--township", o->township, _("Only this township's villages (its name or code)"));
  report_cmd->add_option("--format", o->format, _("text, html, pdf or json"))
      ->check(CLI::IsMember({"text", "html", "pdf", "json"}));
  report_cmd->add_option("--output,-o", o->output, _("Write to this file instead of the terminal"));
  report_cmd->add_option("--name", o->name, _("The district's name on the HTML and PDF report"))->capture_default_str();
  add_json_flag(report_cmd, o->json);
  // For bench/district_bench.sh: the main query, to time psql running it on the same database.
  report_cmd->add_flag("--show-query", o->show_query)->group("");
  report_cmd->callback([&dispatch, o] {
    dispatch.select(Access::none, [o](Context& ctx) {
      if (o->show_query) {
        ctx.out << k_report_settings << ";\n" << report_query();
        return;
      }
      report_command(ctx, o->url, o->year, o->quarter, o->township, o->json ? "json" : o->format, o->output, o->name);
    });
  });

  auto* due_cmd = group->add_subcommand("due", _("Overdue rulings and notices coming down, across the villages"));
  due_cmd->add_option("--from", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  due_cmd->add_option("--within", o->within, _("Notices that come down within this many days"))->capture_default_str();
  add_json_flag(due_cmd, o->json);
  due_cmd->callback([&dispatch, o] {
    dispatch.select(Access::none, [o](Context& ctx) { due_command(ctx, o->url, o->within, o->json); });
  });

  auto* status_cmd =
      group->add_subcommand("status", _("Each village's last push, its head, entries behind and incidents"));
  status_cmd->add_option("--from", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  status_cmd->add_option("bundles", o->files, _("Bundle files not yet ingested: how far behind each village is"));
  add_json_flag(status_cmd, o->json);
  status_cmd->callback([&dispatch, o] {
    dispatch.select(Access::none, [o](Context& ctx) { status_command(ctx, o->url, o->files, o->json); });
  });

  auto* incidents_cmd = group->add_subcommand(
      "incidents", _("Pushes and bundles refused: a village whose past changed after it reported"));
  incidents_cmd->add_option("--from", o->url, _("The district's PostgreSQL URL (else $YISHI_DISTRICT)"));
  incidents_cmd->add_option("--village", o->village, _("Only this village (its code)"));
  add_json_flag(incidents_cmd, o->json);
  incidents_cmd->callback([&dispatch, o] {
    dispatch.select(Access::none, [o](Context& ctx) { incidents_command(ctx, o->url, o->village, o->json); });
  });
}

} // namespace yishi::cli
