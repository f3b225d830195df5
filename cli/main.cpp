// yishi: the command line. Parses, opens the database, runs one command in one transaction,
// prints. Every rule and every SQL statement lives in core/.
#include "command.hpp"
#include "commands/commands.hpp"
#include "core/storage/database.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace {

using yishi::ExitCode;
using yishi::cli::Access;

int code(ExitCode c) {
  return static_cast<int>(c);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

CLI::App* deepest_command(CLI::App& app) {
  CLI::App* deepest = &app;
  while (!deepest->get_subcommands().empty()) {
    deepest = deepest->get_subcommands().front();
  }
  return deepest;
}

std::string command_path(CLI::App& app) {
  std::string path = "yishi";
  for (CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    path += " " + sub->get_name();
  }
  return path;
}

// The first word the parser could not place: an unknown option, or else an unknown command.
// With fallthrough, a subcommand's leftovers land on its parents, so every level is asked.
std::string unplaced_word(CLI::App& app) {
  std::vector<std::string> words;
  for (CLI::App* level = deepest_command(app); level != nullptr; level = level->get_parent()) {
    for (auto& w : level->remaining()) {
      words.push_back(w);
    }
  }
  for (const auto& w : words) {
    if (w.rfind("--", 0) == 0) {
      return w;
    }
  }
  return words.empty() ? std::string{} : words.front();
}

// "did you mean ..." for a mistyped command or option, as ninja's ChooseTool does.
std::string closest(CLI::App& app, const std::string& typed) {
  CLI::App* deepest = deepest_command(app);
  std::vector<std::string> candidates;
  if (typed.rfind("--", 0) == 0) {
    for (CLI::App* level = deepest; level != nullptr; level = level->get_parent()) {
      for (const CLI::Option* opt : level->get_options()) {
        for (const auto& name : opt->get_lnames()) {
          candidates.push_back("--" + name);
        }
      }
    }
  } else {
    for (const CLI::App* sub : deepest->get_subcommands({})) {
      candidates.push_back(sub->get_name());
    }
  }
  std::string best;
  size_t best_distance = 3;
  for (const auto& c : candidates) {
    if (size_t d = edit_distance(typed, c); d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

int parse_failure(CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == 0) {
    return app.exit(e); // --help, --version
  }
  std::string path = command_path(app);
  std::string word = unplaced_word(app);
  bool is_option = word.rfind("--", 0) == 0;
  bool unknown_command = !word.empty() && !is_option && !deepest_command(app)->get_subcommands({}).empty();
  if (is_option) {
    std::cerr << fmt::format("yishi: error: unknown option '{}' for '{}'\n", word, path);
  } else if (unknown_command) {
    std::cerr << fmt::format("yishi: error: '{}' is not a command of '{}'\n", word, path);
  } else {
    std::cerr << "yishi: error: " << e.what() << '\n';
  }
  std::string best = (is_option || unknown_command) ? closest(app, word) : std::string{};
  std::cerr << "yishi: hint: " << (best.empty() ? "see: " + path + " --help" : "did you mean '" + best + "'?")
            << '\n';
  return code(ExitCode::usage);
}

void print_error(const std::string& message, const std::string& hint) {
  std::cerr << "yishi: error: " << message << '\n';
  if (!hint.empty()) {
    std::cerr << "yishi: hint: " << hint << '\n';
  }
}

std::filesystem::path database_path(const std::string& option) {
  if (!option.empty()) {
    return option;
  }
  if (const char* env = std::getenv("YISHI_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  return "yishi.db";
}

void remove_database_files(const std::filesystem::path& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, ec);
  }
}

void run(const yishi::cli::Dispatch& dispatch, const std::filesystem::path& db_path) {
  auto clock = yishi::clock_from_environment();
  std::ostringstream out;
  yishi::cli::Context ctx{nullptr, db_path, *clock, out, std::cerr};
  switch (dispatch.access()) {
  case Access::none:
    dispatch.run(ctx);
    break;
  case Access::read:
  case Access::write: {
    SQLite::Database db = yishi::storage::open_existing(db_path);
    ctx.database = &db;
    SQLite::Transaction tx(db, dispatch.access() == Access::write ? SQLite::TransactionBehavior::IMMEDIATE
                                                                  : SQLite::TransactionBehavior::DEFERRED);
    dispatch.run(ctx);
    tx.commit();
    break;
  }
  case Access::create: {
    bool created = false;
    try {
      SQLite::Database db = yishi::storage::create_new(db_path);
      created = true;
      ctx.database = &db;
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      dispatch.run(ctx);
      tx.commit();
    } catch (...) {
      if (created) {
        remove_database_files(db_path); // a failed init leaves nothing behind
      }
      throw;
    }
    break;
  }
  }
  std::cout << out.str() << std::flush;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Yishi (议事): village deliberation councils, from a villager's proposal to the posted notice.",
               "yishi"};
  app.set_version_flag("--version", YISHI_VERSION);
  app.fallthrough();
  app.require_subcommand(1);
  std::string db_option;
  app.add_option("--db", db_option, "The village database (default: $YISHI_DB, else ./yishi.db)");
  app.footer("Exit codes: 0 ok, 1 error (nothing was changed), 2 usage error.\n"
             "Run 'yishi COMMAND --help' for a command's options.");
  yishi::cli::Dispatch dispatch;
  yishi::cli::register_commands(app, dispatch);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return parse_failure(app, e);
  }
  if (!dispatch.selected()) {
    std::cerr << "yishi: error: no command given\nyishi: hint: see: " << command_path(app) << " --help\n";
    return code(ExitCode::usage);
  }
  try {
    run(dispatch, database_path(db_option));
    return code(ExitCode::ok);
  } catch (const yishi::UsageError& e) {
    print_error(e.what(), e.hint());
    return code(ExitCode::usage);
  } catch (const yishi::Error& e) {
    print_error(e.what(), e.hint());
  } catch (const SQLite::Exception& e) {
    print_error(std::string("database: ") + e.what(), "nothing was changed; run 'yishi' again, or check the file");
  } catch (const std::exception& e) {
    print_error(std::string("unexpected: ") + e.what(), "nothing was changed; please report this");
  }
  return code(ExitCode::error);
}
