#pragma once

#include "core/error.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace yishi::storage {

/// The schema version this program writes (PRAGMA user_version).
int latest_schema_version();

/// How long a command waits for another's write lock before it gives up.
inline constexpr int busy_timeout_seconds = 10;

/// Brings the schema up to date, one transaction per step. Refuses a database written by a
/// newer program.
void migrate(SQLite::Database& db);

/// Connection settings every connection gets: foreign keys, busy timeout, WAL for files.
void configure(SQLite::Database& db);

/// The folder a file is in ("." for a bare name).
std::filesystem::path folder_of(const std::filesystem::path& file);

/// 0 when the file and its folder can both be written (SQLite's -wal and -shm live beside the file),
/// else the errno of the first that cannot.
int write_access_error(const std::filesystem::path& file);

/// The database opened read-only and immutable: for a file in a place where nothing can be written (no
/// -shm can be made), which then must have no -wal holding commits.
SQLite::Database open_immutable(const std::filesystem::path& file);

/// What a command will do with the database it opens.
enum class Use { read, write };

/// Opens an existing village database and migrates it. Throws NotFound when it is missing, Error when
/// it is a folder, cannot be read, or is read-only (file or folder) for a command that writes. A read
/// where nothing can be written opens the file read-only and immutable (no -shm file is needed).
SQLite::Database open_existing(const std::filesystem::path& path, Use use);

/// The error a secretary can act on for a failed SQLite call on `file`: the file, the cause and the
/// next step (yishi doctor, yishi restore BACKUP, free space, write access), never a bare retry.
Error database_error(const SQLite::Exception& e, const std::filesystem::path& file);

/// Creates a new database file (mode 0600: it holds personal data) and migrates it.
/// Throws RuleViolation when the file already exists.
SQLite::Database create_new(const std::filesystem::path& path);

/// The next number in a yearly sequence (proposals 2026-001, sessions, notices, objections,
/// declarations): one more than the highest `column` of `table` for `year`. Table and column are
/// names from the code, never input.
int next_in_year(SQLite::Database& db, std::string_view table, std::string_view column, int year);

/// Creates an empty database file with mode 0600 (no schema); refuses an existing file, with `hint`.
SQLite::Database create_empty_file(const std::filesystem::path& path, const std::string& hint);

/// Refuses a file that exists at `path`: RuleViolation "PATH already exists" with `hint`.
void refuse_existing(const std::filesystem::path& path, const std::string& hint);

/// Builds a file beside `target` (named NAME.partial-PID) and lets `make` write it there and put it in
/// its place (publish_new_file or replace_file). Whatever is left at the staging name, finished or not,
/// is removed. A missing or read-only directory is reported by `target`'s name.
void build_beside(const std::filesystem::path& target, const std::function<void(const std::filesystem::path&)>& make);

/// Gives the finished file `staging` the name `target` in one step, never replacing a file there
/// (RuleViolation with `hint` if one exists). A crash before leaves no `target`, after it the whole file.
void publish_new_file(const std::filesystem::path& staging, const std::filesystem::path& target,
                      const std::string& hint);

/// Puts the finished file `staging` in the place of `target` in one step (rename over it).
void replace_file(const std::filesystem::path& staging, const std::filesystem::path& target);

/// Removes a database file and its -wal, -shm and -journal companions; missing ones are no error.
void remove_database_files(const std::filesystem::path& path);

/// An in-memory database with the schema, for tests and dry runs.
SQLite::Database open_memory();

/// The tables of the village's records: every table but the history's change_log and the grid workers'
/// logins (auth_*: password hashes and sessions are not records, and never travel in an export).
std::vector<std::string> record_tables(SQLite::Database& db);

/// A table's columns, in their order.
std::vector<std::string> table_columns(SQLite::Database& db, const std::string& table);

} // namespace yishi::storage
