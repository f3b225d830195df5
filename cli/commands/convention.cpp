#include "commands.hpp"

#include "core/records/conventions.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/text.hpp"

#include <charconv>

namespace yishi::cli {
namespace {

// "tables=20" or "最多桌数=20".
std::pair<Limit, long> parse_limit(const std::string& text) {
  auto eq = text.find('=');
  long value = -1;
  if (eq != std::string::npos) {
    std::string number = trim(text.substr(eq + 1));
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size() || value < 0) {
      value = -1;
    }
  }
  if (eq == std::string::npos || value < 0) {
    throw UsageError(_f("limit '{}' should be KEY=NUMBER", text), _f("keys: {}", allowed_codes<Limit>()));
  }
  return {enum_option<Limit>(trim(text.substr(0, eq)), "limit"), value};
}

std::vector<Clause> clauses_from(const std::vector<std::string>& limits, const std::vector<std::string>& texts) {
  std::vector<Clause> out;
  for (const auto& t : texts) {
    out.push_back(Clause{0, t, std::nullopt, 0});
  }
  for (const auto& l : limits) {
    auto parsed = parse_limit(l); // not a structured binding: clang 14 cannot capture one
    auto limit = parsed.first;
    auto value = parsed.second;
    if (std::any_of(out.begin(), out.end(), [&](const Clause& c) { return c.limit == limit; })) {
      throw UsageError(_f("limit {} is given twice", code(limit)));
    }
    out.push_back(Clause{0, "", limit, value});
  }
  return out;
}

std::string clause_line(const Clause& c) {
  return c.limit ? fmt::format("{} ({} {})", clause_text_zh(c), code(*c.limit), c.value) : c.text;
}

void show(Context& ctx, const Convention& c, bool json) {
  if (json) {
    Json versions = Json::array();
    for (const auto& v : c.versions) {
      Json clauses = Json::array();
      for (const auto& cl : v.clauses) {
        clauses.push_back(Json{{"number", cl.number},
                               {"text", clause_text_zh(cl)},
                               {"limit", cl.limit ? Json(code(*cl.limit)) : Json(nullptr)},
                               {"value", cl.limit ? Json(cl.value) : Json(nullptr)}});
      }
      Json steps = Json::array();
      if (auto it = c.adoption.find(v.version); it != c.adoption.end()) {
        for (const auto& s : it->second) {
          steps.push_back(Json{{"step", code(s.step)}, {"done_on", format_iso(s.done_on)}, {"note", s.note}});
        }
      }
      versions.push_back(Json{{"version", v.version},
                              {"effective_on", format_iso(v.effective_on)},
                              {"proposal", v.proposal_ref},
                              {"clauses", clauses},
                              {"adoption", steps}});
    }
    ctx.out << Json{{"id", c.id}, {"title", c.title}, {"versions", versions}}.dump(2) << '\n';
    return;
  }
  ctx.out << _f("Convention {}: {}\n", c.id, c.title);
  for (const auto& v : c.versions) {
    ctx.out << _f("\nVersion {}, in force from {}, adopted by the ruling on {}\n", v.version,
                  format_iso(v.effective_on), v.proposal_ref);
    for (const auto& cl : v.clauses) {
      ctx.out << _f("  {}. {}\n", cl.number, clause_line(cl));
    }
    if (auto it = c.adoption.find(v.version); it != c.adoption.end()) {
      for (const auto& s : it->second) {
        ctx.out << _f("  [{}] {}{}\n", format_iso(s.done_on), label(s.step),
                      s.note.empty() ? std::string() : _f(": {}", s.note));
      }
    }
  }
}

void report(Context& ctx, int year, bool json) {
  ConventionReport r = ConventionStore(ctx.db(), ctx.clock).report(year);
  if (json) {
    Json events;
    for (const auto& e : k_event_kinds) {
      events[std::string(e.code)] = r.events.count(e.value) ? r.events.at(e.value) : 0;
    }
    Json breaches = Json::array();
    for (const auto& [clause, n] : r.breaches_by_clause) {
      breaches.push_back(Json{{"clause", clause}, {"declarations", n}});
    }
    ctx.out << Json{{"year", r.year},
                    {"events", events},
                    {"late", r.late},
                    {"breaches", breaches},
                    {"reference_cost_per_event", r.reference_cost ? Json(*r.reference_cost) : Json(nullptr)},
                    {"events_costed", r.events_costed},
                    {"total_cost", r.total_cost},
                    {"estimated_saving", r.reference_cost ? Json(r.estimated_saving) : Json(nullptr)}}
                   .dump(2)
            << '\n';
    return;
  }
  long total = 0;
  for (const auto& [kind, n] : r.events) {
    total += n;
  }
  ctx.out << _f("Red-and-white events declared in {}: {}\n", r.year, total);
  for (const auto& e : k_event_kinds) {
    ctx.out << _f("  {}: {}\n", label(e.value), r.events.count(e.value) ? r.events.at(e.value) : 0);
  }
  ctx.out << _f("Declared late: {}\n", r.late);
  ctx.out << _("Breaches by clause:\n");
  if (r.breaches_by_clause.empty()) {
    ctx.out << _("  none\n");
  }
  for (const auto& [clause, n] : r.breaches_by_clause) {
    ctx.out << _f("  {}: {}\n", clause, n);
  }
  if (r.reference_cost) {
    ctx.out << _f("Saving: weddings and funerals costed: {}, at {} yuan in all, against {} yuan each before the "
                  "convention: {} yuan saved, {} yuan an event\n",
                  r.events_costed, r.total_cost, *r.reference_cost, r.estimated_saving,
                  r.events_costed == 0 ? 0 : r.estimated_saving / r.events_costed);
  } else {
    ctx.out << _("Saving: set reference_cost_per_event in [village] of village.toml to estimate it\n");
  }
}

} // namespace

void register_convention(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "convention", _("Village conventions (村规民约) and their versions"));

  struct AddOptions {
    std::string title, proposal, effective;
    std::vector<std::string> limits, clauses;
    std::vector<int> dropped;
    long id = 0;
  };
  auto* add = group->add_subcommand("add", _("Record a convention adopted by a ruling"));
  auto a = std::make_shared<AddOptions>();
  add->add_option("--title", a->title, _("The convention's title"))->required();
  add->add_option("--proposal", a->proposal, _("The proposal whose ruling adopted it"))->required();
  add->add_option("--effective", a->effective, _("The date it takes effect"))->required();
  add->add_option("--limit", a->limits, _("A checkable limit KEY=NUMBER (repeat): ") + allowed_codes<Limit>());
  add->add_option("--clause", a->clauses, _("A clause in words (repeat)"));
  add->callback([&dispatch, a] {
    dispatch.select(Access::write, [a](Context& ctx) {
      Convention c = ConventionStore(ctx.db(), ctx.clock)
                         .add(a->title, a->proposal, date_option(ctx, a->effective, "effective date"),
                              clauses_from(a->limits, a->clauses));
      show(ctx, c, false);
    });
  });

  auto* amend = group->add_subcommand("amend", _("Make a new version from another ruling; the old one stays"));
  auto m = std::make_shared<AddOptions>();
  amend->add_option("convention", m->id, _("The convention's number"))->required();
  amend->add_option("--proposal", m->proposal, _("The proposal whose ruling amended it"))->required();
  amend->add_option("--effective", m->effective, _("The date the new version takes effect"))->required();
  amend->add_option("--limit", m->limits, _("Set a limit KEY=NUMBER (repeat)"));
  amend->add_option("--clause", m->clauses, _("Add a clause in words (repeat)"));
  amend->add_option("--drop", m->dropped, _("Drop clause N of the previous version (repeat)"));
  amend->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      Amendment am;
      for (const auto& l : m->limits) {
        am.limits.push_back(parse_limit(l));
      }
      am.clauses = m->clauses;
      am.dropped = m->dropped;
      Convention c = ConventionStore(ctx.db(), ctx.clock)
                         .amend(m->id, m->proposal, date_option(ctx, m->effective, "effective date"), am);
      show(ctx, c, false);
    });
  });

  auto* step = group->add_subcommand("step", _("Record the next step of the adoption path"));
  struct StepOptions {
    long id = 0;
    std::string step, date, note;
  };
  auto s = std::make_shared<StepOptions>();
  step->add_option("convention", s->id, _("The convention's number"))->required();
  step->add_option("--step", s->step, _("opinions, draft, township-review, villagers-vote, filed, published"))
      ->required();
  step->add_option("--date", s->date, _("When (default today)"));
  step->add_option("--note", s->note, _("A note for the record"));
  step->callback([&dispatch, s] {
    dispatch.select(Access::write, [s](Context& ctx) {
      Date when = s->date.empty() ? ctx.clock.today() : date_option(ctx, s->date, "date");
      Convention c = ConventionStore(ctx.db(), ctx.clock)
                         .record_step(s->id, enum_option<AdoptionStep>(s->step, "step"), when, s->note);
      ctx.out << _f("Convention {}, version {}: {} on {}\n", c.id, c.versions.back().version,
                    label(enum_option<AdoptionStep>(s->step, "step")), format_iso(when));
    });
  });

  auto* list = group->add_subcommand("list", _("List the conventions"));
  list->callback([&dispatch] {
    dispatch.select(Access::read, [](Context& ctx) {
      auto all = ConventionStore(ctx.db(), ctx.clock).list();
      if (all.empty()) {
        ctx.out << _("No conventions yet.\n");
        return;
      }
      Table t({_("Number"), _("Title"), _("Versions"), _("In force since")});
      for (const auto& c : all) {
        const ConventionVersion* v = version_in_force(c.versions, ctx.clock.today());
        t.add_row({std::to_string(c.id), c.title, std::to_string(c.versions.size()),
                   v ? format_iso(v->effective_on) : _("not yet")});
      }
      t.render(ctx.out);
    });
  });

  auto* show_cmd = group->add_subcommand("show", _("Show a convention: every version, its clauses and adoption"));
  struct ShowOptions {
    long id = 0;
    bool json = false;
  };
  auto sh = std::make_shared<ShowOptions>();
  show_cmd->add_option("convention", sh->id, _("The convention's number"))->required();
  add_json_flag(show_cmd, sh->json);
  show_cmd->callback([&dispatch, sh] {
    dispatch.select(Access::read,
                    [sh](Context& ctx) { show(ctx, ConventionStore(ctx.db(), ctx.clock).get(sh->id), sh->json); });
  });

  auto* report_cmd = group->add_subcommand("report", _("Events declared, breaches by clause and the saving (public)"));
  struct ReportOptions {
    int year = 0;
    bool json = false;
  };
  auto r = std::make_shared<ReportOptions>();
  report_cmd->add_option("--year", r->year, _("The year"))->required();
  add_json_flag(report_cmd, r->json);
  report_cmd->footer(_("The report gives counts and totals only: no household is named."));
  report_cmd->callback(
      [&dispatch, r] { dispatch.select(Access::read, [r](Context& ctx) { report(ctx, r->year, r->json); }); });
}

} // namespace yishi::cli
