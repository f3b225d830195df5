#include "commands.hpp"

#include "core/records/conventions.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/text.hpp"

namespace yishi::cli {
namespace {

struct FigureOptions {
  std::optional<long> tables, guests, cost_per_table, gift, days, cigarette_price, liquor_price;
  EventFigures figures() const {
    return EventFigures{tables, guests, cost_per_table, gift, days, cigarette_price, liquor_price};
  }
};

void add_figure_options(CLI::App* cmd, FigureOptions& f) {
  cmd->add_option("--tables", f.tables, _("Tables"));
  cmd->add_option("--guests", f.guests, _("Guests"));
  cmd->add_option("--cost-per-table", f.cost_per_table, _("Cost per table, in yuan"));
  cmd->add_option("--gift", f.gift, _("Gift standard, in yuan"));
  cmd->add_option("--days", f.days, _("Days the event lasts"));
  cmd->add_option("--cigarette-price", f.cigarette_price, _("Cigarettes, yuan a pack"));
  cmd->add_option("--liquor-price", f.liquor_price, _("Liquor, yuan a bottle"));
}

std::string figures_text(const EventFigures& f) {
  std::vector<std::string> parts;
  for (const auto& l : k_limits) {
    if (auto v = f.value(l.value)) {
      parts.push_back(fmt::format("{} {}", label(l.value), *v));
    }
  }
  return parts.empty() ? "-" : join(parts, _(", "));
}

void print_check(Context& ctx, const Declaration& d, const DeclarationCheck& c) {
  if (!c.covered) {
    ctx.out << _f("No convention is in force on {}: nothing to check.\n", format_iso(d.event_on));
    return;
  }
  if (c.breaches.empty() && c.late.empty()) {
    ctx.out << _("Within every limit of the convention in force.\n");
  }
  for (const auto& f : c.breaches) {
    ctx.out << _f("Breach: {} (version {}) clause {}: {}; declared {}\n", f.convention, f.version,
                  f.breach.clause.number, clause_text_zh(f.breach.clause), f.breach.value);
  }
  for (const auto& [title, clause] : c.late) {
    ctx.out << _f("Late: {} clause {}: {}; declared on {} for {}\n", title, clause.number, clause_text_zh(clause),
                  format_iso(d.declared_on), format_iso(d.event_on));
  }
}

void show(Context& ctx, const Declaration& d) {
  ConventionStore store(ctx.db(), ctx.clock);
  ctx.out << _f("Declaration {}: {} of {}{} on {} (declared {})\n", d.ref, label(d.event), d.household,
                d.group_name.empty() ? std::string() : _f(" ({})", d.group_name), format_iso(d.event_on),
                format_iso(d.declared_on));
  ctx.out << _f("  Planned: {}\n", figures_text(d.planned));
  if (d.answer) {
    ctx.out << _f("  Red-and-white council: {}{}\n", label(*d.answer),
                  d.answer_note.empty() ? std::string() : _f(" ({})", d.answer_note));
  }
  if (d.actual) {
    ctx.out << _f("  Actual:  {}\n", figures_text(*d.actual));
  }
  print_check(ctx, d, store.check(d));
}

} // namespace

void register_declare(CLI::App& app, Dispatch& dispatch) {
  auto* cmd =
      app.add_subcommand("declare", _("Declare a household's wedding or funeral (申报) to the red-and-white council"));
  cmd->require_subcommand(0, 1);
  struct DeclareOptions {
    std::string household, group, event, date, declared_on;
    FigureOptions figures;
  };
  auto o = std::make_shared<DeclareOptions>();
  cmd->add_option("--household", o->household, _("The household (kept internal: public reports give counts only)"));
  cmd->add_option("--group", o->group, _("The household's village group"));
  cmd->add_option("--event", o->event, _("wedding, funeral or other (婚事, 丧事, 其他)"));
  cmd->add_option("--date", o->date, _("The day of the event"));
  cmd->add_option("--declared-on", o->declared_on, _("When it was declared (default today)"));
  add_figure_options(cmd, o->figures);
  cmd->footer(_("Checked against the convention version in force on the event's date: each breach is listed with\n"
                "its clause and limit; a wedding declared too late, or a funeral reported too late, is flagged.\n"
                "Then: yishi declare answer, yishi declare actual, yishi declare list, yishi declare show."));
  CLI::App* declare_cmd = cmd;
  cmd->callback([&dispatch, o, declare_cmd] {
    if (!declare_cmd->get_subcommands().empty()) {
      return; // a subcommand was chosen; it selected its own action
    }
    dispatch.select(Access::write, [o](Context& ctx) {
      if (o->household.empty() || o->event.empty() || o->date.empty()) {
        throw UsageError(_("a declaration needs --household, --event and --date"), _("see: yishi declare --help"));
      }
      DeclarationInput in;
      in.household = o->household;
      in.group = o->group;
      in.event = enum_option<EventKind>(o->event, "event");
      in.event_on = date_option(ctx, o->date, "event date");
      if (!o->declared_on.empty()) {
        in.declared_on = date_option(ctx, o->declared_on, "declaration date");
      }
      in.planned = o->figures.figures();
      ConventionStore store(ctx.db(), ctx.clock);
      Declaration d = store.declare(in);
      ctx.out << _f("Recorded declaration {}: {} on {}\n", d.ref, label(d.event), format_iso(d.event_on));
      print_check(ctx, d, store.check(d));
    });
  });

  auto* answer = cmd->add_subcommand("answer", _("Record the red-and-white council's answer"));
  struct AnswerOptions {
    std::string ref, conditions, against;
    bool approved = false;
  };
  auto an = std::make_shared<AnswerOptions>();
  answer->add_option("declaration", an->ref, _("The declaration, such as D2026-001"))->required();
  answer->add_flag("--approved", an->approved, _("Approved"));
  answer->add_option("--with-conditions", an->conditions, _("Approved with these conditions"));
  answer->add_option("--advised-against", an->against, _("Advised against, for this reason"));
  answer->callback([&dispatch, an] {
    dispatch.select(Access::write, [an](Context& ctx) {
      int given = (an->approved ? 1 : 0) + (an->conditions.empty() ? 0 : 1) + (an->against.empty() ? 0 : 1);
      if (given != 1) {
        throw UsageError(_("give one of --approved, --with-conditions TEXT or --advised-against TEXT"));
      }
      CouncilAnswer a = an->approved             ? CouncilAnswer::approved
                        : an->conditions.empty() ? CouncilAnswer::advised_against
                                                 : CouncilAnswer::conditions;
      Declaration d =
          ConventionStore(ctx.db(), ctx.clock)
              .answer(an->ref, a, an->approved ? "" : (an->conditions.empty() ? an->against : an->conditions));
      ctx.out << _f("Declaration {}: {}\n", d.ref, label(*d.answer));
    });
  });

  auto* actual = cmd->add_subcommand("actual", _("Record the actual figures after the event"));
  struct ActualOptions {
    std::string ref;
    FigureOptions figures;
  };
  auto ac = std::make_shared<ActualOptions>();
  actual->add_option("declaration", ac->ref, _("The declaration, such as D2026-001"))->required();
  add_figure_options(actual, ac->figures);
  actual->callback([&dispatch, ac] {
    dispatch.select(Access::write, [ac](Context& ctx) {
      Declaration d = ConventionStore(ctx.db(), ctx.clock).record_actual(ac->ref, ac->figures.figures());
      ctx.out << _f("Declaration {}: actual {}\n", d.ref, figures_text(*d.actual));
    });
  });

  auto* list = cmd->add_subcommand("list", _("List declarations (internal: names households)"));
  struct ListOptions {
    std::optional<int> year;
    bool json = false;
  };
  auto l = std::make_shared<ListOptions>();
  list->add_option("--year", l->year, _("Only this year"));
  add_json_flag(list, l->json);
  list->callback([&dispatch, l] {
    dispatch.select(Access::read, [l](Context& ctx) {
      ConventionStore store(ctx.db(), ctx.clock);
      auto all = store.declarations(l->year);
      if (l->json) {
        Json j = Json::array();
        for (const auto& d : all) {
          DeclarationCheck c = store.check(d);
          j.push_back(Json{{"ref", d.ref},
                           {"household", d.household},
                           {"event", code(d.event)},
                           {"event_on", format_iso(d.event_on)},
                           {"declared_on", format_iso(d.declared_on)},
                           {"breaches", c.breaches.size()},
                           {"late", !c.late.empty()},
                           {"answer", d.answer ? Json(code(*d.answer)) : Json(nullptr)}});
        }
        ctx.out << j.dump(2) << '\n';
        return;
      }
      if (all.empty()) {
        ctx.out << _("No declarations.\n");
        return;
      }
      Table t({_("Declaration"), _("Household"), _("Event"), _("Date"), _("Declared"), _("Breaches"), _("Late"),
               _("Council's answer")});
      for (const auto& d : all) {
        DeclarationCheck c = store.check(d);
        t.add_row({d.ref, d.household, std::string(label(d.event)), format_iso(d.event_on), format_iso(d.declared_on),
                   std::to_string(c.breaches.size()), c.late.empty() ? "-" : _("late"),
                   d.answer ? std::string(label(*d.answer)) : "-"});
      }
      t.render(ctx.out);
    });
  });

  auto* show_cmd = cmd->add_subcommand("show", _("Show a declaration and its check"));
  auto ref = std::make_shared<std::string>();
  show_cmd->add_option("declaration", *ref, _("The declaration, such as D2026-001"))->required();
  show_cmd->callback([&dispatch, ref] {
    dispatch.select(Access::read,
                    [ref](Context& ctx) { show(ctx, ConventionStore(ctx.db(), ctx.clock).declaration(*ref)); });
  });
}

} // namespace yishi::cli
