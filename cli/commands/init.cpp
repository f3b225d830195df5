#include "commands.hpp"

#include "core/config.hpp"
#include "core/records/village.hpp"
#include "core/resources.hpp"

#include <fstream>
#include <sstream>

namespace yishi::cli {

void register_init(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand("init", _("Create the village database from a village.toml"));
  auto config = std::make_shared<std::string>();
  auto templ = std::make_shared<bool>(false);
  cmd->add_option("--config", *config, _("The village's configuration (TOML)"));
  cmd->add_flag("--template", *templ,
                _("Print a short village.toml with Chinese notes, to fill in: yishi init --template > village.toml"));
  cmd->footer(_("The database is created at --db (or $YISHI_DB, or ./yishi.db) with mode 0600.\n"
                "To start a village of your own: yishi init --template > village.toml, fill in the lines marked "
                "必填, then yishi init --config village.toml."));
  cmd->callback([&dispatch, config, templ] {
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
    dispatch.select(Access::create, [config](Context& ctx) {
      if (config->empty()) {
        throw UsageError(_("--config is required: the village.toml to create the village from"),
                         _("to write one: yishi init --template > village.toml, then fill it in"));
      }
      VillageConfig village = load_village_config(*config);
      VillageStore(ctx.db()).create(village);
      ctx.out << _f("Created {} in {}: {} groups, {} people, {} councils.\n", village.village.name,
                    ctx.db_path.string(), village.groups.size(), village.people.size(), village.councils.size());
    });
  });
}

} // namespace yishi::cli
