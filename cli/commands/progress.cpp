#include "commands.hpp"

#include "core/records/implementation.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"

namespace yishi::cli {
namespace {

void show(Context& ctx, const Implementation& im, bool json) {
  Date today = ctx.clock.today();
  if (json) {
    Json progress = Json::array();
    for (const auto& e : im.progress) {
      progress.push_back(Json{{"date", format_iso(e.reported_on)}, {"percent", e.percent}, {"note", e.note}});
    }
    Json j{{"proposal", im.proposal_ref},
           {"ruling", to_json(im.ruling)},
           {"percent", im.percent()},
           {"overdue", im.overdue(today)},
           {"progress", progress},
           {"completed_on", im.completed_on ? Json(format_iso(*im.completed_on)) : Json(nullptr)},
           {"evidence", im.evidence}};
    if (im.satisfaction) {
      j["satisfaction"] = Json{{"satisfied", im.satisfaction->satisfied},
                               {"basically_satisfied", im.satisfaction->basically},
                               {"unsatisfied", im.satisfaction->unsatisfied}};
    }
    ctx.out << j.dump(2) << '\n';
    return;
  }
  ctx.out << _f("{}: {}\n", im.proposal_ref, im.title);
  ctx.out << _f("  Ruling: {}\n  Responsible: {}; deadline {}{}\n", im.ruling.text, im.ruling.responsible,
                format_iso(im.ruling.deadline), im.overdue(today) ? _(" (overdue)") : std::string());
  ctx.out << _f("  Progress: {}%\n", im.percent());
  for (const auto& e : im.progress) {
    ctx.out << _f("    {} {}% {}\n", format_iso(e.reported_on), e.percent, e.note);
  }
  if (im.completed_on) {
    ctx.out << _f("  Completed on {}: {}\n", format_iso(*im.completed_on), im.evidence);
  }
  if (im.satisfaction) {
    ctx.out << _f("  Satisfaction: {} satisfied, {} basically satisfied, {} unsatisfied\n", im.satisfaction->satisfied,
                  im.satisfaction->basically, im.satisfaction->unsatisfied);
  }
}

std::string_view kind_label(DueItem::Kind k) {
  switch (k) {
  case DueItem::Kind::overdue_ruling:
    return _("overdue");
  case DueItem::Kind::ruling_due:
    return _("ruling due");
  case DueItem::Kind::notice_expiring:
    return _("notice ends");
  case DueItem::Kind::session_coming:
    return _("session");
  }
  return "";
}

} // namespace

void register_progress(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "progress", _("Carrying out rulings (结果运用): progress, completion, satisfaction"));

  struct Options {
    std::string ref, date, note, evidence;
    int percent = 0;
    long satisfied = 0, basically = 0, unsatisfied = 0;
    bool json = false;
  };
  auto* add = group->add_subcommand("add", _("Report progress on carrying out a ruling"));
  auto a = std::make_shared<Options>();
  add->add_option("proposal", a->ref, _("The proposal, such as 2026-001"))->required();
  add->add_option("--percent", a->percent, _("How far along, 0 to 99"))->required();
  add->add_option("--date", a->date, _("When (default today)"));
  add->add_option("--note", a->note, _("What was done"));
  add->callback([&dispatch, a] {
    dispatch.select(Access::write, [a](Context& ctx) {
      Date on = a->date.empty() ? ctx.clock.today() : date_option(ctx, a->date, "date");
      show(ctx, ImplementationStore(ctx.db(), ctx.clock).add_progress(a->ref, on, a->percent, a->note), false);
    });
  });

  auto* done = group->add_subcommand("done", _("Record that a ruling has been carried out"));
  auto d = std::make_shared<Options>();
  done->add_option("proposal", d->ref, _("The proposal, such as 2026-001"))->required();
  done->add_option("--date", d->date, _("When it was completed (default today)"));
  done->add_option("--evidence", d->evidence, _("The evidence: acceptance record, photos, receipts"))->required();
  done->callback([&dispatch, d] {
    dispatch.select(Access::write, [d](Context& ctx) {
      Date on = d->date.empty() ? ctx.clock.today() : date_option(ctx, d->date, "date");
      show(ctx, ImplementationStore(ctx.db(), ctx.clock).complete(d->ref, on, d->evidence), false);
    });
  });

  auto* sat = group->add_subcommand("satisfaction", _("Record villagers' satisfaction after completion"));
  auto s = std::make_shared<Options>();
  sat->add_option("proposal", s->ref, _("The proposal, such as 2026-001"))->required();
  sat->add_option("--satisfied", s->satisfied, _("How many satisfied"));
  sat->add_option("--basically", s->basically, _("How many basically satisfied"));
  sat->add_option("--unsatisfied", s->unsatisfied, _("How many unsatisfied"));
  sat->callback([&dispatch, s] {
    dispatch.select(Access::write, [s](Context& ctx) {
      show(ctx,
           ImplementationStore(ctx.db(), ctx.clock)
               .record_satisfaction(s->ref, Satisfaction{s->satisfied, s->basically, s->unsatisfied}),
           false);
    });
  });

  auto* show_cmd = group->add_subcommand("show", _("Show how a ruling is being carried out"));
  auto sh = std::make_shared<Options>();
  show_cmd->add_option("proposal", sh->ref, _("The proposal, such as 2026-001"))->required();
  add_json_flag(show_cmd, sh->json);
  show_cmd->callback([&dispatch, sh] {
    dispatch.select(Access::read,
                    [sh](Context& ctx) { show(ctx, ImplementationStore(ctx.db(), ctx.clock).get(sh->ref), sh->json); });
  });
}

void register_due(CLI::App& app, Dispatch& dispatch) {
  auto* cmd =
      app.add_subcommand("due", _("The morning view: overdue rulings, and what is due, ending or meeting soon"));
  struct Options {
    int days = 7;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--days", o->days, _("How far ahead to look"))->capture_default_str();
  add_json_flag(cmd, o->json);
  cmd->callback([&dispatch, o] {
    dispatch.select(Access::read, [o](Context& ctx) {
      auto items = ImplementationStore(ctx.db(), ctx.clock).due(o->days);
      Date today = ctx.clock.today();
      if (o->json) {
        static constexpr const char* kinds[] = {"overdue-ruling", "ruling-due", "notice-expiring", "session-coming"};
        Json j = Json::array();
        for (const auto& i : items) {
          j.push_back(Json{{"kind", kinds[static_cast<int>(i.kind)]},
                           {"ref", i.ref},
                           {"title", i.title},
                           {"date", format_iso(i.date)},
                           {"days", days_between(today, i.date)},
                           {"who", i.who}});
        }
        ctx.out << j.dump(2) << '\n';
        return;
      }
      if (items.empty()) {
        ctx.out << _f("Nothing overdue and nothing due within {} days.\n", o->days);
        return;
      }
      Table t({_("What"), _("Ref"), _("Title"), _("Date"), _("In days"), _("Who")});
      t.set_max_width(2, 30);
      for (const auto& i : items) {
        t.add_row({std::string(kind_label(i.kind)), i.ref, i.title, format_iso(i.date),
                   std::to_string(days_between(today, i.date)), i.who});
      }
      t.render(ctx.out);
    });
  });
}

} // namespace yishi::cli
