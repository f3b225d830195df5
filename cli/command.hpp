#pragma once

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/labels.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Database.h>
#include <filesystem>
#include <functional>
#include <ostream>
#include <vector>

namespace yishi {
struct SheetContent;
struct VillageInfo;
enum class Paper;
struct VoteResultSummary;
} // namespace yishi

namespace yishi::cli {

/// What a command needs from the world. Output goes to `out` and is written to stdout only
/// after the command's transaction commits; warnings go to `err` at once.
struct Context {
  SQLite::Database* database = nullptr;
  std::filesystem::path db_path;
  const Clock& clock;
  std::ostream& out;
  std::ostream& err;
  /// A read command that reports a finding (council check) sets 1 here; its output still prints.
  int exit_code = 0;
  /// A command that checked and must not keep its changes (a dry run, an import with bad rows) sets
  /// this in a command with Access::write: the transaction is rolled back, and the output still prints.
  bool rollback = false;

  SQLite::Database& db() const { return *database; }
};

/// How a command touches the database: it decides the transaction around it.
enum class Access {
  none,   // no database (demo, completion)
  read,   // one read transaction
  write,  // one write transaction, taken at once (BEGIN IMMEDIATE)
  create, // creates the database file first (init); removes it again if the command fails
};

/// The command the parser selected, run by main() inside its transaction.
class Dispatch {
public:
  void select(Access access, std::function<void(Context&)> run) {
    m_access = access;
    m_run = std::move(run);
  }
  Access access() const { return m_access; }
  bool selected() const { return static_cast<bool>(m_run); }
  void run(Context& context) const { m_run(context); }
  /// The command records what cannot be undone (posting a notice, a vote, closing a session): at a
  /// terminal, the person sees what it recorded and says yes before the commit (--yes skips it).
  void confirm_before_commit() { m_confirm = true; }
  bool confirms() const { return m_confirm; }
  /// A person at a terminal who may be asked (stdin and stderr are TTYs, no --no-input): set before parsing.
  void set_asks(bool asks) { m_asks = asks; }
  bool asks() const { return m_asks; }

private:
  Access m_access = Access::none;
  bool m_confirm = false;
  bool m_asks = false;
  std::function<void(Context&)> m_run;
};

/// The prefixes of yishi's lines on stderr, in the interface language: "yishi: error: ", under
/// Chinese "yishi: 错误：" (and 提示, 注意, 警告).
inline std::string error_prefix() {
  return _("yishi: error: ");
}
inline std::string hint_prefix() {
  return _("yishi: hint: ");
}
inline std::string note_prefix() {
  return _("yishi: note: ");
}
inline std::string warning_prefix() {
  return _("yishi: warning: ");
}

/// Adds a subcommand that itself needs a subcommand (`yishi proposal` alone is a usage error).
inline CLI::App* add_group(CLI::App& parent, const std::string& name, const std::string& description) {
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

/// Options shared by many commands.
inline void add_json_flag(CLI::App* cmd, bool& flag) {
  cmd->add_flag("--json", flag, _("Print JSON for scripts instead of a table"));
}

inline void add_wide_flag(CLI::App* cmd, bool& flag) {
  cmd->add_flag("--wide", flag, _("Show long cells whole"));
}

/// Prints a recorded vote: the tally, the rule, the result and what follows.
void print_vote(Context& ctx, const VoteResultSummary& vote);

/// Writes a document (minutes, a report) as text, HTML or PDF, to a file or the terminal.
/// Writes sheets as one PDF (a shared file), warning of any character no installed font can draw.
void write_pdf_file(Context& ctx, const std::string& file, const std::vector<SheetContent>& sheets, Paper paper);

void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name);
/// The same for a document that is not one village's (the district's report): `issuer` lays it out.
void write_document(Context& ctx, const SheetContent& document, const std::string& format, const std::string& output,
                    const std::string& default_name, const VillageInfo& issuer);

/// Reads a date option as people type it; a malformed value is a usage error (exit 2).
inline Date date_option(const Context& ctx, const std::string& text, std::string_view what) {
  try {
    return parse_date(text, ctx.clock.today(), what);
  } catch (const DataError& e) {
    throw UsageError(e.what(), e.hint());
  }
}

inline DateTime date_time_option(const Context& ctx, const std::string& text, std::string_view what) {
  try {
    return parse_date_time(text, ctx.clock.today(), what);
  } catch (const DataError& e) {
    throw UsageError(e.what(), e.hint());
  }
}

/// A meeting's time: a date without its hour is a usage error too.
inline DateTime meeting_time_option(const Context& ctx, const std::string& text, std::string_view what) {
  try {
    return parse_meeting_time(text, ctx.clock.today(), what);
  } catch (const DataError& e) {
    throw UsageError(e.what(), e.hint());
  }
}

/// Reads an enumerated option (code or Chinese label); an unknown value is a usage error.
template <typename E> E enum_option(const std::string& text, std::string_view what) {
  try {
    return parse_enum<E>(text, what);
  } catch (const DataError& e) {
    throw UsageError(e.what(), e.hint());
  }
}

} // namespace yishi::cli
