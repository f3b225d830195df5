// yishi serve: the village's database over HTTP on the village's own network, for villagers at the
// kiosk (智慧屋) and on their phones. The server is a module (serve/server.cpp, libyishi_serve.so) loaded here.
#include "commands.hpp"

#include "serve/server.hpp"
#include "core/modules.hpp"

namespace yishi::cli {
namespace {

void serve(Context& ctx, const serve::Options& options) {
  using Entry = const serve::Module* (*)();
  reinterpret_cast<Entry>(load_module("serve", _("web server")))()->serve(ctx.db_path, ctx.clock, options, ctx.err,
                                                                          note_prefix());
}

} // namespace

void register_serve(CLI::App& app, Dispatch& dispatch) {
  auto* cmd = app.add_subcommand(
      "serve", _("Serve the kiosk (智慧屋) and the online notice board on the village's network (HTTP)"));
  auto o = std::make_shared<serve::Options>();
  cmd->add_option("--listen", o->listen,
                  _("The address and port (default 127.0.0.1:8080, this machine only; port 0: any free one)"));
  cmd->add_flag("--kiosk", o->kiosk, _("The kiosk: raise a matter, its receipt and tracking only"));
  cmd->add_option("--per-minute", o->per_minute,
                  _("Matters one address may raise in a minute (default 10; 0: no limit, for a benchmark)"));
  cmd->footer(_("Villagers raise matters (channel kiosk, or online from the network), take a receipt with a "
                "tracking code and follow it at /track. Without --kiosk, the notice board is at /board.\n"
                "SIGTERM or Ctrl-C finishes the requests in flight and exits 0."));
  cmd->callback([&dispatch, o] { dispatch.select(Access::none, [o](Context& ctx) { serve(ctx, *o); }); });
}

} // namespace yishi::cli
