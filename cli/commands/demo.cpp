#include "commands.hpp"

#include "core/actions/demo.hpp"

namespace yishi::cli {

void register_demo(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand("demo", _("Run the sample village's road proposal through every stage"));
  auto dir = std::make_shared<std::string>("yishi-demo");
  cmd->add_option("--dir", *dir, _("Where to put the demo's database and notice sheets"))->capture_default_str();
  cmd->footer(_("The demo makes its own database, DIR/yishi.db, anew each time; --db is not used."));
  cmd->callback(
      [&dispatch, dir] { dispatch.select(Access::none, [dir](Context& ctx) { run_demo(*dir, ctx.clock, ctx.out); }); });
}

} // namespace yishi::cli
