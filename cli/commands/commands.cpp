#include "commands.hpp"

namespace yishi::cli {

void register_commands(CLI::App& app, Dispatch& dispatch) {
  register_init(app, dispatch);
  register_village(app, dispatch);
  register_council(app, dispatch);
  register_proposal(app, dispatch);
  register_session(app, dispatch);
  register_notice(app, dispatch);
  register_progress(app, dispatch);
  register_due(app, dispatch);
  register_report(app, dispatch);
  register_maintenance(app, dispatch);
  register_history(app, dispatch);
  register_convention(app, dispatch);
  register_declare(app, dispatch);
  register_transfer(app, dispatch);
  register_demo(app, dispatch);
  register_home(app, dispatch);
  register_serve(app, dispatch);
  register_grid(app, dispatch);
  register_district(app, dispatch);
  register_completion(app, dispatch); // last: it lists every command registered before it
}

} // namespace yishi::cli
