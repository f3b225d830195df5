#pragma once

#include "core/date.hpp"

#include <SQLiteCpp/Database.h>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace yishi {

/// What a batch import brings in: the village's people, villagers' proposals, or the named ballots
/// of roll-call votes.
enum class ImportKind { people, proposals, ballots };

struct ImportOptions {
  std::filesystem::path file;
  std::string encoding; // utf-8 or gb18030 (canonical_encoding); empty: detected
  std::string format;   // csv, xlsx, toml or jsonl; empty: from the file's extension
  std::string sheet;    // xlsx: the sheet to read; empty: the first
  bool skip_bad = false;
  std::filesystem::path rejects; // where --skip-bad writes the rejected rows; empty: beside the file
};

/// One thing wrong with one row: the line of the file the row begins on, the column as the file
/// names it (empty for the row as a whole), and the reason.
struct ImportProblem {
  long line = 0;
  std::string column;
  std::string reason;
};

struct ImportReport {
  std::string file;
  std::string format;
  std::string encoding;
  long rows = 0;
  long added = 0;
  long already = 0;  // rows imported before (same key): nothing added
  long rejected = 0; // rows with at least one problem
  long problems = 0;
  std::string first_added; // the first and last record added (proposal refs, people's names)
  std::string last_added;
  std::filesystem::path rejects_file; // written when skip_bad and rows were rejected
};

struct ImportHooks {
  std::function<void(const ImportProblem&)> problem;
  /// Rows read, and bytes of the file read out of its size; called every few thousand rows.
  std::function<void(long rows, std::uintmax_t done, std::uintmax_t total)> progress;
};

/// Reads FILE as a stream (CSV, TOML or JSON Lines), matches its columns by their English or Chinese
/// names, checks every row and writes the good ones in the caller's transaction. Every problem goes
/// to hooks.problem. Without skip_bad a row with a problem means the caller must roll back (the
/// report's `rejected` says so); with it, the rejected rows and their reasons go to a rejects file in
/// the input's format that can be fixed and imported again. A row whose key (its key column, or a
/// hash of the row) was imported before is counted as `already` and adds nothing.
///
/// Failures of the file as a whole (cannot be read, no header, a required column missing, an
/// unknown column) throw DataError naming the file and line.
ImportReport import_file(SQLite::Database& db, const Clock& clock, ImportKind kind, const ImportOptions& options,
                         const ImportHooks& hooks);

/// The columns an import of `kind` understands, for help and errors ("title (标题), ...").
std::string import_columns(ImportKind kind);

} // namespace yishi
