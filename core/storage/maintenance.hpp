#pragma once

#include <SQLiteCpp/Database.h>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace yishi::storage {

/// Copies the database with SQLite's online backup API: a consistent snapshot even while another
/// yishi writes. The copy is created with mode 0600 and checked with integrity_check; an existing
/// file is never overwritten.
void backup_to(SQLite::Database& source, const std::filesystem::path& destination);

/// The daily backup into a folder of its own: a new file named after the database and the time
/// (NAME-YYYYMMDD-HHMMSS.db, a -2, -3... when that second has one already), so a backup never refuses
/// because an earlier one exists; then, with `keep`, the oldest of the folder's backups of this database
/// past the newest `keep` are removed (only files of that name pattern: nothing else in the folder is
/// touched). Returns the new file and the files removed.
struct RotatedBackup {
  std::filesystem::path file;
  std::vector<std::filesystem::path> removed;
};
RotatedBackup backup_into(SQLite::Database& source, const std::filesystem::path& database,
                          const std::filesystem::path& folder, const std::string& stamp, std::optional<int> keep);

/// Replaces the database with a backup, after verifying the backup's history (chain and tables);
/// the old database is kept beside it as PATH.before-restore-STAMP. Returns that name ("" when
/// there was no database).
std::string restore_from(const std::filesystem::path& backup, const std::filesystem::path& database,
                         const std::string& stamp);

/// One finding of `doctor`: what was checked, whether it is fine, and what to do when it is not.
struct Finding {
  std::string check;
  bool ok = true;
  std::string detail;
  std::string advice;
};

/// integrity_check, foreign_key_check, the schema version, the journal mode, the file's mode, and files
/// beside it with personal data that others may read (private_files).
std::vector<Finding> check_database(SQLite::Database& db, const std::filesystem::path& path);

/// The doctor's report on the file at `path`, whatever state it is in: its header, then (read-only, no
/// migration) every check of check_database; a check a damaged file cannot answer is a failed finding.
std::vector<Finding> examine_file(const std::filesystem::path& path);

} // namespace yishi::storage
