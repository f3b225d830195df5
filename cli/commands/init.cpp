#include "commands.hpp"
#include "init_wizard.hpp"

#include "core/config.hpp"
#include "core/io/roster.hpp"
#include "core/records/village.hpp"
#include "core/resources.hpp"

#include <fstream>
#include <sstream>

namespace yishi::cli {

void register_init(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand("init", _("Create the village database from a village.toml"));
  auto config = std::make_shared<std::string>();
  auto templ = std::make_shared<bool>(false);
  struct RosterOptions {
    std::string file, sheet;
    bool skip_bad = false;
  };
  auto roster = std::make_shared<RosterOptions>();
  cmd->add_option("--config", *config, _("The village's configuration (TOML)"));
  cmd->add_option("--roster", roster->file,
                  _("The township's roster (花名册.xlsx): the villagers, and each group's households and adults "
                    "counted from it"));
  cmd->add_option("--sheet", roster->sheet, _("With --roster: the worksheet to read (default the first)"));
  cmd->add_flag("--skip-bad", roster->skip_bad,
                _("With --roster: leave out the rows that cannot be taken (each is listed) instead of refusing"));
  cmd->add_flag("--template", *templ,
                _("Print a short village.toml with Chinese notes, to fill in: yishi init --template > village.toml"));
  cmd->footer(_("The database is created at --db (or $YISHI_DB, or ./yishi.db) with mode 0600.\n"
                "At a terminal, yishi init alone asks for the village, its roster (花名册.xlsx) and its councils, "
                "and writes the village.toml it made.\n"
                "Or: yishi init --template > village.toml, fill in the lines marked 必填, then yishi init --config "
                "village.toml --roster 花名册.xlsx."));
  cmd->callback([&dispatch, config, templ, roster] {
    if (*templ) {
      dispatch.select(Access::none, [config](Context& ctx) {
        if (!config->empty()) {
          throw UsageError(_("--template prints a file to fill in; --config reads a filled one"),
                           _("give one of them"));
        }
        const auto file = resource_dir() / "templates" / "village.toml";
        std::ifstream in(file, std::ios::binary);
        if (!in) {
          throw NotFound(_f("cannot read {}", file.string()), _("reinstall yishi"));
        }
        std::ostringstream text;
        text << in.rdbuf();
        ctx.out << text.str();
      });
      return;
    }
    dispatch.select(Access::create, [config, roster, asks = dispatch.asks()](Context& ctx) {
      if (config->empty() && asks) {
        // A person at a terminal, and no village.toml: the village is set up by questions.
        std::optional<WizardResult> made = init_wizard(ctx.db_path, ctx.clock.today(), roster->file, roster->skip_bad);
        if (!made) {
          throw UsageError(_("the village was not set up"), _("run yishi init again, or give --config village.toml"));
        }
        *config = made->config.string();
        roster->file = made->roster;
        roster->skip_bad = made->skip_bad;
      }
      if (config->empty()) {
        throw UsageError(_("--config is required: the village.toml to create the village from"),
                         _("to write one: yishi init --template > village.toml, then fill it in"));
      }
      if (roster->file.empty() && (!roster->sheet.empty() || roster->skip_bad)) {
        throw UsageError(_("--sheet and --skip-bad go with --roster"));
      }
      std::optional<io::Roster> read;
      std::optional<ExtraPeople> extra;
      if (!roster->file.empty()) {
        read = io::read_roster(roster->file, roster->sheet, ctx.clock.today());
        if (!read->bad.empty() && !roster->skip_bad) {
          std::string rows;
          for (const auto& [line, what] : read->bad) {
            rows += _f("\n  row {}: {}", line, what);
          }
          throw DataError(_f("{}: {} rows cannot be taken:{}", read->file, read->bad.size(), rows),
                          _("correct them in the workbook and run init again, or add --skip-bad to leave them out "
                            "(and add them later with yishi person add)"));
        }
        extra = io::extra_people(*read);
      }
      VillageConfig village = load_village_config(*config, extra ? &*extra : nullptr);
      VillageStore(ctx.db()).create(village);
      ctx.out << _f("Created {} in {}: {} groups, {} people, {} councils.\n", village.village.name,
                    ctx.db_path.string(), village.groups.size(), village.people.size(), village.councils.size());
      if (read) {
        ctx.out << _f("From {}: {} villagers.\n", read->file, read->people.size());
        for (const Group& g : read->groups) {
          ctx.out << _f("  {}: {} households, {} adults (18 and over)\n", g.name, g.households, g.adults);
        }
        for (const auto& [line, what] : read->bad) {
          ctx.out << _f("Left out row {}: {}\n", line, what);
        }
      }
    });
  });
}

} // namespace yishi::cli
