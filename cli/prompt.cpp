#include "prompt.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/storage/database.hpp"
#include "core/text.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace yishi::cli {
namespace {

struct Offer {
  std::string value; // what goes on the command line
  std::string shown; // what the person reads
};

template <typename E> std::vector<Offer> enum_offers() {
  std::vector<Offer> offers;
  for (const auto& n : enum_names<E>()) {
    offers.push_back({std::string(n.code), language() == Language::zh ? fmt::format("{}（{}）", n.zh, n.code)
                                                                      : fmt::format("{} ({})", n.code, n.zh)});
  }
  return offers;
}

bool is_date(const std::string& name) {
  for (const char* n : {"date", "on", "from", "effective", "posted-on", "declared-on"}) {
    if (name == n) {
      return true;
    }
  }
  return false;
}

// The choices where there are few (the village's councils and groups, the open sessions, the
// labels), and the default where one is obvious (today; the one open session). A database that
// cannot be read offers nothing: the person types the value, and the command says what is wrong.
std::vector<Offer> offers_for(const std::string& name, const PromptSource& source, std::string& fallback) {
  if (name == "channel") {
    return enum_offers<Channel>();
  }
  if (name == "stage") {
    return enum_offers<Stage>();
  }
  if (name == "mode") {
    return enum_offers<Mode>();
  }
  if (name == "tier") {
    return enum_offers<Tier>();
  }
  if (is_date(name)) {
    fallback = format_iso(source.clock.today());
    return {};
  }
  std::vector<Offer> offers;
  try {
    SQLite::Database db = storage::open_existing(source.db, storage::Use::read);
    if (name == "council") {
      for (const Council& c : VillageStore(db).councils()) {
        offers.push_back({c.key, c.name});
      }
    } else if (name == "group") {
      for (const Group& g : VillageStore(db).groups()) {
        offers.push_back({g.name, g.name});
      }
    } else if (name == "session") {
      for (const Session& s : SessionStore(db, source.clock).list()) {
        if (s.status != SessionStatus::closed) {
          offers.push_back({s.ref, fmt::format("{}  {}  {}", s.ref, s.council.name, format_minutes(s.starts_at))});
        }
      }
      if (offers.size() == 1) {
        fallback = offers.front().value;
      }
    }
  } catch (const std::exception&) {
    return {};
  }
  return offers.size() <= 24 ? offers : std::vector<Offer>{};
}

// "How it arrived: door-to-door, ..." reads "How it arrived" above a numbered list.
std::string question_of(const CLI::Option& option, bool listed) {
  std::string text = option.get_description();
  if (listed) {
    for (const char* colon : {"：", ": "}) {
      if (auto at = text.find(colon); at != std::string::npos) {
        text = text.substr(0, at);
      }
    }
  }
  return text;
}

std::string name_of(const CLI::Option& option) {
  return option.get_lnames().empty() ? option.get_name() : "--" + option.get_lnames().front();
}

std::optional<std::string> read_line() {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return std::nullopt;
  }
  return trim(line);
}

std::string editor() {
  for (const char* name : {"VISUAL", "EDITOR"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      return value;
    }
  }
  return {};
}

// As git runs it: the editor's setting is a shell word list ("code --wait", "vim -c 'set tw=0'").
bool run_editor(const std::string& command, const std::string& file) {
  pid_t pid = ::fork();
  if (pid < 0) {
    return false;
  }
  if (pid == 0) {
    std::string script = command + " \"$@\"";
    ::execlp("sh", "sh", "-c", script.c_str(), command.c_str(), file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return false;
    }
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string without_guidance(std::istream& in) {
  std::string text;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind('#', 0) == 0) {
      continue;
    }
    text += line + "\n";
  }
  return trim(text);
}

} // namespace

Terminal Terminal::from(int argc, char** argv) {
  Terminal t;
  t.asks = ::isatty(STDIN_FILENO) != 0 && ::isatty(STDERR_FILENO) != 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") {
      break;
    }
    if (arg == "--no-input") {
      t.asks = false;
    } else if (arg == "--yes" || arg == "-y") {
      t.confirms = false;
    }
  }
  return t;
}

bool is_long_text(const std::string& name) {
  static const char* const names[] = {"description",    "text",       "note",    "reason",
                                      "recommendation", "conditions", "opinion", "advised-against",
                                      "remark",         "feedback",   "evidence"};
  for (const char* n : names) {
    if (name == n) {
      return true;
    }
  }
  return false;
}

std::string read_standard_input(const std::string& option) {
  // The parser may run again after a prompt: the text read the first time is kept for it.
  static std::string read_by;
  static std::string text;
  if (read_by == option) {
    return text;
  }
  if (!read_by.empty()) {
    throw UsageError(_f("{} and {} both read standard input (-)", read_by, option),
                     _("give one of them as text, or use the editor on a terminal"));
  }
  read_by = option;
  text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

std::optional<std::string> edit_text(const std::string& what) {
  std::string command = editor();
  if (command.empty()) {
    std::cerr << _f("{}, ended by an empty line:", what) << '\n';
    std::string text;
    while (auto line = read_line()) {
      if (line->empty()) {
        break;
      }
      text += (text.empty() ? "" : "\n") + *line;
    }
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/yishi-text-XXXXXX";
  int fd = ::mkstemp(path.data()); // 0600: the text may hold a villager's words before they are public
  if (fd < 0) {
    return std::nullopt;
  }
  ::close(fd);
  {
    std::ofstream file(path);
    file << "\n# " << what << "\n# " << _("Lines starting with # are left out; an empty text gives up.") << '\n';
  }
  std::cerr << _f("Waiting for the editor ({})...", command) << '\n';
  bool ok = run_editor(command, path);
  std::ifstream file(path);
  std::string text = ok ? without_guidance(file) : std::string{};
  ::unlink(path.c_str());
  if (!ok) {
    std::cerr << _("The editor failed; nothing was taken from it.") << '\n';
  }
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::optional<std::string> ask_for(const CLI::Option& option, const PromptSource& source) {
  std::string name = option.get_lnames().empty() ? option.get_name() : option.get_lnames().front();
  if (is_long_text(name)) {
    return edit_text(_f("{} ({})", question_of(option, false), name_of(option)));
  }
  std::string fallback;
  std::vector<Offer> offers = offers_for(name, source, fallback);
  if (!offers.empty()) {
    std::cerr << _f("{} ({})", question_of(option, true), name_of(option)) << '\n';
    for (size_t i = 0; i < offers.size(); ++i) {
      std::cerr << fmt::format("  {}  {}\n", i + 1, offers[i].shown);
    }
  }
  for (;;) {
    if (!offers.empty()) {
      std::cerr << (fallback.empty() ? _f("Choose 1-{}, or type a value: ", offers.size())
                                     : _f("Choose 1-{}, or type a value [{}]: ", offers.size(), fallback));
    } else {
      std::cerr << (fallback.empty() ? _f("{} ({}): ", question_of(option, false), name_of(option))
                                     : _f("{} ({}) [{}]: ", question_of(option, false), name_of(option), fallback));
    }
    std::optional<std::string> line = read_line();
    if (!line) {
      std::cerr << '\n';
      return std::nullopt;
    }
    if (line->empty() && !fallback.empty()) {
      return fallback;
    }
    if (line->empty()) {
      std::cerr << _("A value is needed here (Ctrl-D gives up).") << '\n';
      continue;
    }
    size_t chosen = 0;
    auto [end, error] = std::from_chars(line->data(), line->data() + line->size(), chosen);
    if (error == std::errc() && end == line->data() + line->size() && chosen >= 1 && chosen <= offers.size()) {
      return offers[chosen - 1].value;
    }
    return line;
  }
}

namespace {
std::set<const CLI::Option*>& wanted_options() {
  static std::set<const CLI::Option*> options;
  return options;
}
} // namespace

void ask_when_missing(CLI::Option* option) {
  wanted_options().insert(option);
}

bool asked_when_missing(const CLI::Option* option) {
  return wanted_options().count(option) > 0;
}

std::optional<std::string> ask_line(const std::string& question, const std::string& fallback) {
  std::cerr << (fallback.empty() ? question + _(": ") : _f("{} [{}]: ", question, fallback)) << std::flush;
  std::optional<std::string> line = read_line();
  if (!line) {
    std::cerr << '\n';
    return std::nullopt;
  }
  return line->empty() ? fallback : *line;
}

bool confirm_record(const std::string& preview) {
  std::cerr << _("This will be recorded, and cannot be undone:") << '\n';
  std::istringstream lines(preview);
  for (std::string line; std::getline(lines, line);) {
    std::cerr << "  " << line << '\n';
  }
  std::cerr << _("Record it? [y/N] ");
  std::optional<std::string> answer = read_line();
  if (!answer) {
    std::cerr << '\n';
    return false;
  }
  for (const char* yes : {"y", "Y", "yes", "Yes", "YES", "是", "好", "确认", "确定"}) {
    if (*answer == yes) {
      return true;
    }
  }
  return false;
}

} // namespace yishi::cli
