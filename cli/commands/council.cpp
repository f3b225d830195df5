#include "commands.hpp"

#include "core/rules/composition.hpp"
#include "core/render/json.hpp"
#include "core/text.hpp"
#include "core/records/village.hpp"

namespace yishi::cli {
namespace {

// Prints each council's make-up against the rules; the exit code is 1 when one is broken.
void check(Context& ctx, bool json) {
  long broken = 0;
  Json all = Json::array();
  for (const auto& c : VillageStore(ctx.db()).councils()) {
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
    ctx.err << "yishi: error: " << _f("{} council(s) break the composition rules", broken) << '\n';
    ctx.err << "yishi: hint: "
            << _("change the members in village.toml, or the rule (min_party_share, min_women_share)") << '\n';
    ctx.exit_code = static_cast<int>(ExitCode::error);
  }
}

} // namespace

void register_council(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "council", _("The councils: composition against the village's rules"));
  auto* cmd = group->add_subcommand("check", _("Check each council's Party share, women share and categories"));
  auto json = std::make_shared<bool>(false);
  add_json_flag(cmd, *json);
  cmd->footer(_("Defaults: village council at least 60% Party members, group councils at least 20%,\n"
                "representative bodies at least 1/3 women. Exit code 1 when a rule is broken."));
  cmd->callback([&dispatch, json] { dispatch.select(Access::read, [json](Context& ctx) { check(ctx, *json); }); });
}

} // namespace yishi::cli
