#include "commands.hpp"

#include "core/config.hpp"
#include "core/records/village.hpp"

namespace yishi::cli {

void register_init(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand("init", _("Create the village database from a village.toml"));
  auto config = std::make_shared<std::string>();
  cmd->add_option("--config", *config, _("The village's configuration (TOML)"))->required();
  cmd->footer(_("The database is created at --db (or $YISHI_DB, or ./yishi.db) with mode 0600."));
  cmd->callback([&dispatch, config] {
    dispatch.select(Access::create, [config](Context& ctx) {
      VillageConfig village = load_village_config(*config);
      VillageStore(ctx.db()).create(village);
      ctx.out << _f("Created {} in {}: {} groups, {} people, {} councils.\n", village.village.name,
                    ctx.db_path.string(), village.groups.size(), village.people.size(), village.councils.size());
    });
  });
}

} // namespace yishi::cli
