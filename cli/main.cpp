// yishi: the command line. Parses, opens the database, runs one command in one transaction,
// prints. Every rule and every SQL statement lives in core/.
#include "command.hpp"
#include "commands/commands.hpp"
#include "core/i18n.hpp"
#include "core/storage/database.hpp"
#include "core/storage/output.hpp"
#include "core/storage/unit_of_work.hpp"
#include "core/text.hpp"
#include "prompt.hpp"

#include <SQLiteCpp/Exception.h>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sqlite3.h>
#include <sstream>
#include <unistd.h>

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
  // A beginning first: --prop is --proposal (though --group is nearer by letters).
  std::string best;
  for (const auto& c : candidates) {
    if (typed.size() >= 3 && c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0 &&
        (best.empty() || c.size() < best.size())) {
      best = c;
    }
  }
  if (!best.empty()) {
    return best;
  }
  size_t best_distance = 3;
  for (const auto& c : candidates) {
    if (size_t d = edit_distance(typed, c); d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

// CLI11's own messages, in the interface language where we know their shape.
std::string parse_message(const CLI::ParseError& e) {
  std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    if (auto at = what.find(" is required"); at != std::string::npos) {
      return yishi::_f("{} is required", what.substr(0, at));
    }
    if (what.rfind("A subcommand is required", 0) == 0) {
      return _("a command is required");
    }
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr ||
      dynamic_cast<const CLI::ConversionError*>(&e) != nullptr) {
    return yishi::_f("invalid value: {}", what);
  }
  return what;
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
    std::cerr << yishi::cli::error_prefix() << yishi::_f("unknown option '{}' for '{}'", word, path) << '\n';
  } else if (unknown_command) {
    std::cerr << yishi::cli::error_prefix() << yishi::_f("'{}' is not a command of '{}'", word, path) << '\n';
  } else {
    std::cerr << yishi::cli::error_prefix() << parse_message(e) << '\n';
  }
  std::string best = (is_option || unknown_command) ? closest(app, word) : std::string{};
  std::cerr << yishi::cli::hint_prefix()
            << (best.empty() ? yishi::_f("see: {} --help", path) : yishi::_f("did you mean '{}'?", best)) << '\n';
  return code(ExitCode::usage);
}

// An error may quote stored or typed text: its control characters are written out, never obeyed.
void print_error(const std::string& message, const std::string& hint) {
  std::cerr << yishi::cli::error_prefix() << yishi::escape_for_terminal(message) << '\n';
  if (!hint.empty()) {
    std::cerr << yishi::cli::hint_prefix() << yishi::escape_for_terminal(hint) << '\n';
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

// Who is at the keyboard, for the history: --as, else $YISHI_OPERATOR; when neither is given, the
// village's operator (village.toml) is named, else the login name (login_name()).
std::string operator_name(const std::string& option) {
  if (!option.empty()) {
    return option;
  }
  const char* value = std::getenv("YISHI_OPERATOR");
  return value != nullptr ? value : "";
}

std::string login_name() {
  for (const char* name : {"USER", "LOGNAME"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      return value;
    }
  }
  return "yishi";
}

// Runs the command in one transaction on the village's database. It is committed unless the command asks
// for a rollback, `keep` is false (a preview), or what it would record differs from `expected`.
void transact(const yishi::cli::Dispatch& dispatch, yishi::cli::Context& ctx, const std::ostringstream& out,
              const std::string& who, bool keep, const std::string* expected = nullptr) {
  namespace storage = yishi::storage;
  const bool writes = dispatch.access() == Access::write;
  SQLite::Database db = storage::open_existing(ctx.db_path, writes ? storage::Use::write : storage::Use::read);
  if (!writes) {
    storage::Read read(db);
    ctx.database = &db;
    dispatch.run(ctx);
    ctx.database = nullptr;
    return;
  }
  storage::Write work(db, {who, login_name(), yishi::format_iso(ctx.clock.now())});
  ctx.database = &db;
  dispatch.run(ctx);
  ctx.database = nullptr;
  if (!keep || ctx.rollback) {
    return; // the unit of work, not committed, is rolled back
  }
  if (expected != nullptr && out.str() != *expected) {
    throw yishi::Error(_("the village's records changed while you were deciding; nothing was recorded"),
                       _("run the command again to see what it records now"));
  }
  work.commit();
}

// A command that cannot be undone shows a person at the terminal what it would record and is kept only
// on a yes. The preview is rolled back before the question, so no lock is held while the person decides;
// the command then runs again and is kept if it records the same.
int run_confirmed(const yishi::cli::Dispatch& dispatch, yishi::cli::Context& ctx, std::ostringstream& out,
                  const std::string& who) {
  transact(dispatch, ctx, out, who, false);
  if (ctx.rollback) {
    return ctx.exit_code; // a dry run, say: nothing to confirm
  }
  const std::string preview = out.str();
  out.str("");
  if (!yishi::cli::confirm_record(preview)) {
    std::cerr << yishi::cli::note_prefix() << _("nothing was recorded (add --yes to record without asking)") << '\n';
    return code(ExitCode::error);
  }
  std::ostringstream said_already; // the preview's warnings were shown
  yishi::cli::Context again{nullptr, ctx.db_path, ctx.clock, out, said_already};
  transact(dispatch, again, out, who, true, &preview);
  return again.exit_code;
}

int run(const yishi::cli::Dispatch& dispatch, const yishi::cli::Terminal& terminal,
        const std::filesystem::path& db_path, const std::string& who) {
  auto clock = yishi::clock_from_environment();
  std::ostringstream out;
  yishi::cli::Context ctx{nullptr, db_path, *clock, out, std::cerr};
  switch (dispatch.access()) {
  case Access::none:
    dispatch.run(ctx);
    break;
  case Access::read:
  case Access::write:
    if (dispatch.access() == Access::write && dispatch.confirms() && terminal.asks && terminal.confirms) {
      ctx.exit_code = run_confirmed(dispatch, ctx, out, who);
      ctx.rollback = ctx.exit_code != 0;
    } else {
      transact(dispatch, ctx, out, who, true);
    }
    break;
  case Access::create: {
    // The database is built beside its place and takes its name only when whole: a failed or
    // killed init leaves no half-made village at db_path.
    const std::string hint = _("a database holds one village: name a new file with --db");
    yishi::storage::refuse_existing(db_path, hint);
    yishi::storage::build_beside(db_path, [&](const std::filesystem::path& staging) {
      {
        SQLite::Database db = yishi::storage::create_new(staging);
        ctx.database = &db;
        yishi::storage::Write work(db, {who, login_name(), yishi::format_iso(clock->now())});
        dispatch.run(ctx);
        work.commit();
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // everything in the one file before it is renamed
        ctx.database = nullptr;
      }
      yishi::storage::publish_new_file(staging, db_path, hint);
    });
    break;
  }
  }
  // The output is written after the commit, checked to the last byte: a full disk or a closed pipe is an
  // error, exit 4 when the change itself was kept (and said so), else 1.
  try {
    // On a terminal, stored text is printed with its control characters written out (a title holding
    // ESC ] 0; would otherwise retitle the window); a pipe or a file gets the bytes as they are.
    yishi::storage::write_stdout(::isatty(STDOUT_FILENO) != 0 ? yishi::escape_for_terminal(out.str()) : out.str());
  } catch (const yishi::Error& e) {
    const bool kept = dispatch.access() != Access::read && dispatch.access() != Access::none && !ctx.rollback;
    print_error(e.what(), kept ? _("the command's change was made and kept; see it with: yishi log")
                               : _("nothing was changed; free some space or write elsewhere"));
    return code(kept ? ExitCode::output_failed : ExitCode::error);
  }
  return ctx.exit_code;
}

// The first word of the command line that is not a global option or its value: the command, when it is one.
std::optional<std::string_view> named_command(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--db" || arg == "--as" || arg == "--lang") {
      ++i; // its value
    } else if (arg == "--" || arg == "--help" || arg == "-h") {
      return std::nullopt;
    } else if (!arg.starts_with("-")) {
      return arg;
    }
  }
  return std::nullopt;
}

// The language must be known before the commands are registered: their help texts are
// translated then. --lang wins over LC_ALL, LC_MESSAGES and LANG.
yishi::Language choose_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) {
      return yishi::parse_language(argv[i + 1]);
    }
    if (arg.rfind("--lang=", 0) == 0) {
      return yishi::parse_language(arg.substr(7));
    }
  }
  return yishi::language_from_environment();
}

// CLI11 pads the option column by bytes; a Chinese label would push the descriptions out of line.
// This formatter pads by display width instead.
class HelpFormatter final : public CLI::Formatter {
public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    std::string left = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
    std::string desc = make_option_desc(opt);
    const int width = static_cast<int>(get_column_width());
    std::string out = yishi::pad_width(left, width);
    if (yishi::display_width(left) >= width) {
      out = left + "\n" + std::string(static_cast<size_t>(width), ' ');
    }
    for (char c : desc) {
      out += c;
      if (c == '\n') {
        out += std::string(static_cast<size_t>(width), ' ');
      }
    }
    return out + "\n";
  }

  // CLI11 ends its headings with an ASCII colon ("Usage: ", "Options:"); Chinese takes a full-width one.
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
    if (yishi::language() != yishi::Language::zh) {
      return help;
    }
    std::string out;
    std::istringstream lines(help);
    const std::string usage = get_label("Usage") + ": ";
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(usage, 0) == 0) {
        line = get_label("Usage") + "：" + line.substr(usage.size());
      } else if (!line.empty() && line.front() != ' ' && line.back() == ':') {
        line = line.substr(0, line.size() - 1) + "：";
      }
      out += line + "\n";
    }
    return out;
  }
};

// CLI11's own words in --help, marked here so the catalog holds them.
constexpr const char* k_help_labels[] = {
    N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("REQUIRED"), N_("Positionals"), N_("TEXT"),
    N_("INT"),   N_("UINT"),    N_("FLOAT"),      N_("Needs"),       N_("Excludes"), N_("Env")};

void translate_help(CLI::App& app) {
  auto formatter = std::make_shared<HelpFormatter>();
  app.formatter(formatter);
  for (const char* key : k_help_labels) {
    formatter->label(key, yishi::translate(key));
  }
  formatter->column_width(34);
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("-h,--help", _("Print this help message and exit"));
}

// Every named subcommand is listed under one translated heading.
void translate_subcommand_groups(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_group().empty()) {
      continue; // hidden: for scripts (completion refs)
    }
    sub->group(_("Subcommands"));
    if (CLI::Option* help = sub->get_help_ptr(); help != nullptr) {
      help->group(_("Options"));
    }
    translate_subcommand_groups(*sub);
  }
}

// The first required option or argument the command line lacks, on the selected command's path.
CLI::Option* first_missing(CLI::App& app) {
  for (CLI::App* level = &app; level != nullptr;) {
    for (CLI::Option* opt : level->get_options()) {
      if (opt->get_required() && opt->count() == 0) {
        return opt;
      }
    }
    auto chosen = level->get_subcommands();
    level = chosen.empty() ? nullptr : chosen.front();
  }
  return nullptr;
}

// The first option asked for at a terminal when missing (prompt.hpp's ask_when_missing), on the selected path.
CLI::Option* first_wanted(CLI::App& app) {
  for (CLI::App* level = &app; level != nullptr;) {
    for (CLI::Option* opt : level->get_options()) {
      if (yishi::cli::asked_when_missing(opt) && opt->count() == 0) {
        return opt;
      }
    }
    auto chosen = level->get_subcommands();
    level = chosen.empty() ? nullptr : chosen.front();
  }
  return nullptr;
}

// Parses the command line; at a terminal, a missing required value (or one marked ask_when_missing) is asked
// for and the line parsed again with it, and an answer the parser refuses is asked for again. Named answers go
// before a --, arguments after one, so neither is taken for another option's value.
void parse_asking(CLI::App& app, int argc, char** argv, const yishi::cli::Terminal& terminal,
                  const std::string& db_option) {
  std::vector<std::string> given(argv + 1, argv + argc);
  std::vector<std::string> named;
  std::vector<std::string> positional;
  const CLI::Option* asked = nullptr;
  // Asks for `option` and keeps the answer for the next parse; false when the person gives up (Ctrl-D).
  auto take_answer = [&](const CLI::Option& option) {
    auto clock = yishi::clock_from_environment();
    std::optional<std::string> answer = yishi::cli::ask_for(option, {database_path(db_option), *clock});
    if (!answer) {
      return false;
    }
    asked = &option;
    if (option.get_lnames().empty()) {
      positional.push_back(*answer);
    } else {
      named.push_back("--" + option.get_lnames().front() + "=" + *answer);
    }
    return true;
  };
  for (;;) {
    std::vector<std::string> line = given;
    auto dashes = std::find(line.begin(), line.end(), "--");
    line.insert(dashes, named.begin(), named.end());
    if (!positional.empty()) {
      if (std::find(line.begin(), line.end(), "--") == line.end()) {
        line.emplace_back("--");
      }
      line.insert(line.end(), positional.begin(), positional.end());
    }
    std::reverse(line.begin(), line.end()); // CLI11 takes the arguments last first
    try {
      app.parse(line);
      CLI::Option* wanted = terminal.asks ? first_wanted(app) : nullptr;
      if (wanted == nullptr || !take_answer(*wanted)) {
        return; // nothing more to ask, or given up: the command meets its own error
      }
    } catch (const CLI::RequiredError& e) {
      CLI::Option* missing = terminal.asks ? first_missing(app) : nullptr;
      if (missing == nullptr || !take_answer(*missing)) {
        throw;
      }
    } catch (const CLI::ParseError& e) {
      // A refused answer: say why and ask again. A refused typed value stays the parser's error.
      bool answered = asked != nullptr && (!named.empty() || !positional.empty());
      if (!answered || std::string(e.what()).find(asked->get_name()) == std::string::npos) {
        throw;
      }
      std::cerr << yishi::cli::error_prefix() << parse_message(e) << '\n';
      (asked->get_lnames().empty() ? positional : named).pop_back();
      asked = nullptr;
    }
    app.clear();
  }
}

} // namespace

int main(int argc, char** argv) {
  // SQLite's count of its own memory, kept under a global mutex at every allocation, is read by nothing here
  // (2% of a large import). Set before SQLite starts.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  try {
    yishi::set_language(choose_language(argc, argv));
  } catch (const yishi::UsageError& e) {
    print_error(e.what(), e.hint());
    return code(ExitCode::usage);
  }
  CLI::App app{_("Yishi (议事): village deliberation councils, from a villager's proposal to the posted notice."),
               "yishi"};
  translate_help(app);
  app.set_version_flag("--version", YISHI_VERSION, _("Display program version information and exit"));
  app.fallthrough();
  app.require_subcommand(0, 1); // none: the home screen, where there is a village
  std::string db_option;
  app.add_option("--db", db_option, _("The village database (default: $YISHI_DB, else ./yishi.db)"));
  std::string as_option;
  app.add_option(
      "--as", as_option,
      _("Who is making the change, for the history (default: $YISHI_OPERATOR, else the village's operator, else "
        "the login name)"));
  std::string lang_option; // read before parsing, by choose_language(); declared here for --help
  app.add_option("--lang", lang_option,
                 _("The interface language: zh or en (default: from LC_ALL, LC_MESSAGES, LANG)"));
  bool no_input = false; // read before parsing, by Terminal::from(); declared here for --help
  app.add_flag("--no-input", no_input, _("Never ask at the terminal: a missing value is an error, as in a script"));
  bool yes = false;
  app.add_flag("--yes,-y", yes, _("Record without asking first (posting a notice, a vote, closing a session)"));
  app.footer(_("Exit codes: 0 ok; 1 refused or failed, nothing changed; 2 usage error;\n3 a check found a problem "
               "(verify, doctor, council check); 4 changed and kept, but the output was lost.\n"
               "Run 'yishi COMMAND --help' for a command's options."));
  yishi::cli::Dispatch dispatch;
  // A command line that names a command builds only that command's tree (a fifth of the start-up time),
  // and --version alone none; --help, completion, no command or a name that is none build them all, as the
  // messages need.
  if (const bool version_only = argc == 2 && std::string_view(argv[1]) == "--version"; !version_only) {
    auto named = named_command(argc, argv);
    if (!named || !yishi::cli::register_command(app, dispatch, *named)) {
      yishi::cli::register_commands(app, dispatch);
    }
  }
  yishi::cli::guard_options(app);
  translate_subcommand_groups(app);

  const yishi::cli::Terminal terminal = yishi::cli::Terminal::from(argc, argv);
  dispatch.set_asks(terminal.asks);
  try {
    parse_asking(app, argc, argv, terminal, db_option);
  } catch (const CLI::ParseError& e) {
    return parse_failure(app, e);
  }
  if (!dispatch.selected()) {
    std::error_code ec;
    if (app.get_subcommands().empty() && std::filesystem::is_regular_file(database_path(db_option), ec)) {
      yishi::cli::select_home(dispatch); // `yishi` alone, in a village's folder: today's work
    } else {
      std::cerr << yishi::cli::error_prefix() << _("a command is required") << "\n"
                << yishi::cli::hint_prefix()
                << (app.get_subcommands().empty()
                        ? std::string(_("start a village: yishi init (it asks, at a terminal), or yishi init "
                                        "--config village.toml; try one: yishi demo; all commands: yishi --help"))
                        : yishi::_f("see: {} --help", command_path(app)))
                << '\n';
      return code(ExitCode::usage);
    }
  }
  try {
    return run(dispatch, terminal, database_path(db_option), operator_name(as_option));
  } catch (const yishi::UsageError& e) {
    print_error(e.what(), e.hint());
    return code(ExitCode::usage);
  } catch (const yishi::Error& e) {
    print_error(e.what(), e.hint());
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_BUSY) {
      // Another command holds the write lock longer than the busy timeout: a large import, say.
      print_error(yishi::_f("the database is busy: another command has been writing to it for {} seconds",
                            yishi::storage::busy_timeout_seconds),
                  _("nothing was changed; run the command again when the other one (an import?) has finished"));
      return code(ExitCode::error);
    }
    yishi::Error error = yishi::storage::database_error(e, database_path(db_option));
    print_error(error.what(), error.hint());
  } catch (const std::exception& e) {
    print_error(yishi::_f("unexpected: {}", e.what()), _("nothing was changed; please report this"));
  }
  return code(ExitCode::error);
}
