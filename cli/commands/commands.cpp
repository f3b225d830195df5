#include "commands.hpp"

#include <algorithm>

namespace yishi::cli {
namespace {

// Each registration function with the top-level commands it adds, in the order --help lists them. A
// command named on the command line has only its own tree built (register_command); the table is checked
// against what each function adds whenever the whole tree is built (--help, completion, the manual pages
// the build writes), so a command missing here fails the build rather than starting slowly.
struct Registrar {
  std::vector<std::string_view> names;
  void (*add)(CLI::App&, Dispatch&);
  bool needs_all = false; // lists every command registered before it
};

const std::vector<Registrar>& registrars() {
  static const std::vector<Registrar> table = {
      {{"init"}, register_init},
      {{"village"}, register_village},
      {{"council"}, register_council},
      {{"person"}, register_person},
      {{"proposal"}, register_proposal},
      {{"session"}, register_session},
      {{"notice"}, register_notice},
      {{"progress"}, register_progress},
      {{"due"}, register_due},
      {{"report"}, register_report},
      {{"backup", "restore", "doctor"}, register_maintenance},
      {{"verify", "log"}, register_history},
      {{"convention"}, register_convention},
      {{"declare"}, register_declare},
      {{"import", "export"}, register_transfer},
      {{"demo"}, register_demo},
      {{"home", "next"}, register_home},
      {{"serve"}, register_serve},
      {{"grid"}, register_grid},
      {{"district"}, register_district},
      {{"completion"}, register_completion, true}, // last: it lists every command registered before it
  };
  return table;
}

std::vector<std::string> top_level_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands({})) {
    out.push_back(sub->get_name());
    for (const auto& alias : sub->get_aliases()) {
      out.push_back(alias);
    }
  }
  return out;
}

} // namespace

void register_commands(CLI::App& app, Dispatch& dispatch) {
  for (const auto& r : registrars()) {
    const size_t before = top_level_names(app).size();
    r.add(app, dispatch);
    std::vector<std::string> added = top_level_names(app);
    added.erase(added.begin(), added.begin() + static_cast<std::ptrdiff_t>(before));
    if (!std::equal(added.begin(), added.end(), r.names.begin(), r.names.end())) {
      throw Error(fmt::format("the command table (cli/commands/commands.cpp) names {} where its function adds {}",
                              fmt::join(r.names, " "), fmt::join(added, " ")));
    }
  }
}

bool register_command(CLI::App& app, Dispatch& dispatch, std::string_view name) {
  for (const auto& r : registrars()) {
    if (std::find(r.names.begin(), r.names.end(), name) != r.names.end()) {
      if (r.needs_all) {
        return false;
      }
      r.add(app, dispatch);
      return true;
    }
  }
  return false;
}

} // namespace yishi::cli
