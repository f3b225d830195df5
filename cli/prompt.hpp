#pragma once

// Asking at the terminal: a required value the command line lacks, a long text in the editor, and
// a yes before a record that cannot be undone. Only where a person sits at a terminal (stdin and
// stderr are TTYs) and --no-input was not given: scripts and pipes see exactly the old behaviour.

#include "core/date.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

namespace yishi::cli {

struct Terminal {
  bool asks = false;    // a person at a terminal, and no --no-input
  bool confirms = true; // ask before posting, voting, closing (--yes: do not)

  /// Read from the command line before it is parsed (as --lang is): the answers are needed while
  /// the parser still reports what is missing.
  static Terminal from(int argc, char** argv);
};

/// What the prompt needs to offer choices and defaults: the village's database and the clock.
struct PromptSource {
  std::filesystem::path db;
  const Clock& clock;
};

/// Asks for the value of a required option or argument; nothing when the person gives up (Ctrl-D).
/// The answer is checked afterwards by the parser, like a typed one.
std::optional<std::string> ask_for(const CLI::Option& option, const PromptSource& source);

/// Options a person at a terminal is asked for when the command line lacks them, though a script may leave them
/// out and meet the command's own error (session plan's --venue): marked where the option is added.
void ask_when_missing(CLI::Option* option);
bool asked_when_missing(const CLI::Option* option);

/// Asks one question: "question [fallback]: ". The answer trimmed, `fallback` on Enter, nothing on Ctrl-D.
std::optional<std::string> ask_line(const std::string& question, const std::string& fallback = {});

/// Shows what the command is about to record and asks to keep it; false unless the answer is yes.
bool confirm_record(const std::string& preview);

/// A long text (a motion, an objection, a remark), written in $VISUAL or $EDITOR when either is set, else
/// typed at the terminal and ended by an empty line. Lines starting with # are the editor's guidance.
std::optional<std::string> edit_text(const std::string& what);

/// The long-text options (--text, --description, --reason, ...): they may hold line breaks, run to
/// 5000 characters, are written in the editor when asked for, and read standard input when given as -.
bool is_long_text(const std::string& name);

/// A long-text option given as -: standard input, whole, without its final line break. Once per command.
std::string read_standard_input(const std::string& option);

} // namespace yishi::cli
