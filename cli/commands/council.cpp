#include "commands.hpp"

#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/rules/composition.hpp"
#include "core/text.hpp"

namespace yishi::cli {
namespace {

// Prints each council's make-up against the rules; the exit code is 1 when one is broken.
void check(Context& ctx, bool json, const std::string& on) {
  long broken = 0;
  Json all = Json::array();
  VillageStore village(ctx.db());
  // The rosters in force on a day (default today): quorum and composition follow the terms.
  for (const auto& c : village.councils_on(on.empty() ? ctx.clock.today() : date_option(ctx, on, "date"))) {
    if (c.by_headcount()) {
      continue; // a meeting of all the adults (or a group's) has no composition to check
    }
    CompositionReport r = check_composition(c);
    broken += r.ok() ? 0 : 1;
    if (json) {
      all.push_back(Json{{"council", c.key},
                         {"members", r.members},
                         {"party_members", r.party_members},
                         {"women", r.women},
                         {"min_party_share", r.min_party_share ? Json(*r.min_party_share) : Json(nullptr)},
                         {"min_women_share", r.min_women_share ? Json(*r.min_women_share) : Json(nullptr)},
                         {"categories", r.categories},
                         {"missing_categories", r.missing_categories},
                         {"broken", r.broken}});
      continue;
    }
    ctx.out << _f("{} ({}): {}\n", c.name, c.key, r.ok() ? _("ok") : _("BROKEN"));
    ctx.out << _f("  Party members {}{}; women {}{}\n", format_share(r.party_members, r.members),
                  r.min_party_share ? _f(" (rule: at least {:.0f}%)", *r.min_party_share * 100) : std::string(),
                  format_share(r.women, r.members),
                  r.min_women_share ? _f(" (rule: at least {:.0f}%)", *r.min_women_share * 100) : std::string());
    ctx.out << _f("  Categories: {}\n", r.categories.empty() ? "-" : join(r.categories, _(", ")));
    for (const auto& b : r.broken) {
      ctx.out << _f("  ! {}\n", b);
    }
  }
  if (json) {
    ctx.out << all.dump(2) << '\n';
  }
  if (broken > 0) {
    // The report is data on stdout; the exit code tells scripts that a rule is broken.
    ctx.err << error_prefix() << _f("{} council(s) break the composition rules", broken) << '\n';
    ctx.err << hint_prefix()
            << _("change the members with yishi council add-member and remove-member (village.toml is read only at "
                 "init)")
            << '\n';
    ctx.exit_code = static_cast<int>(ExitCode::finding);
  }
}

} // namespace

void register_council(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "council", _("The councils: composition against the village's rules"));
  auto* cmd = group->add_subcommand("check", _("Check each council's Party share, women share and categories"));
  auto json = std::make_shared<bool>(false);
  add_json_flag(cmd, *json);
  cmd->footer(_("Defaults: village council at least 60% Party members, group councils at least 20%,\n"
                "representative bodies at least 1/3 women. Exit code 3 when a rule is broken."));
  auto on = std::make_shared<std::string>();
  cmd->add_option("--on", *on, _("The rosters in force on this day (default today)"));
  cmd->callback(
      [&dispatch, json, on] { dispatch.select(Access::read, [json, on](Context& ctx) { check(ctx, *json, *on); }); });

  struct MemberOptions {
    std::string council, person, from, reason;
  };
  for (bool joins : {true, false}) {
    auto* member_cmd =
        group->add_subcommand(joins ? "add-member" : "remove-member",
                              joins ? _("A person joins a council from a day (换届, by-election)")
                                    : _("A member leaves a council from a day (换届, resignation, death)"));
    auto m = std::make_shared<MemberOptions>();
    member_cmd->add_option("council", m->council, _("The council: its key, its name, a group's name, or village"))
        ->required();
    member_cmd->add_option("person", m->person, _("The person, by name"))->required();
    member_cmd->add_option("--from", m->from, _("The first day of the change"))->required();
    member_cmd->add_option("--reason", m->reason, _("Why (换届, resignation, ...)"))->required();
    member_cmd->callback([&dispatch, m, joins] {
      dispatch.select(Access::write, [m, joins](Context& ctx) {
        Council c = VillageStore(ctx.db()).change_member(m->council, m->person, date_option(ctx, m->from, "date"),
                                                         joins, m->reason);
        ctx.out << (joins ? _f("{} joins {} from {}: {} members.\n", m->person, c.name, m->from, c.members.size())
                          : _f("{} leaves {} from {}: {} members.\n", m->person, c.name, m->from, c.members.size()));
      });
    });
  }
}

} // namespace yishi::cli
