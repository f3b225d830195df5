#include "database.hpp"

#include "core/error.hpp"
#include "core/storage/history.hpp"
#include "core/storage/schema.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <sqlite3.h>
#include <unistd.h>

namespace yishi::storage {

int latest_schema_version() {
  return migrations().back().version;
}

void configure(SQLite::Database& db) {
  db.setBusyTimeout(busy_timeout_seconds * 1000);
  register_history_functions(db);
  db.exec("PRAGMA foreign_keys = ON");
  // Statement journals and TEMP tables (the history's context, an import's line book) in memory:
  // on a file, a large import wrote them in tens of small writes per row.
  db.exec("PRAGMA temp_store = MEMORY");
  if (db.getFilename().empty() || db.getFilename() == ":memory:") {
    return; // in memory: no journal settings to make
  }
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: every commit reaches the disk before the command says it worked (NORMAL may lose the last
  // commits on power loss). YISHI_SYNCHRONOUS=normal exists for bench/durability_bench.sh, which
  // measures what FULL costs; see README "Durability".
  const char* sync = std::getenv("YISHI_SYNCHRONOUS");
  db.exec(sync != nullptr && std::string_view(sync) == "normal" ? "PRAGMA synchronous = NORMAL"
                                                                : "PRAGMA synchronous = FULL");
}

void migrate(SQLite::Database& db) {
  register_history_functions(db); // the compact history's step uses yishi_sha256
  int current = db.execAndGet("PRAGMA user_version").getInt();
  if (current > latest_schema_version()) {
    throw Error(_f("the database {} has schema version {}, newer than this program's {}", db.getFilename(), current,
                   latest_schema_version()),
                _("use a newer yishi for this database"));
  }
  // Some steps rebuild tables; SQLite's advice is to do that with foreign keys off, then check.
  db.exec("PRAGMA foreign_keys = OFF");
  for (const auto& step : migrations()) {
    if (step.version <= current) {
      continue;
    }
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated while we waited for the lock.
    if (db.execAndGet("PRAGMA user_version").getInt() >= step.version) {
      continue;
    }
    db.exec(step.statements);
    // Steps 7 to 12 record in the history's first form (change_log); step 13 starts the compact one.
    if (step.version == 7) {
      v1::snapshot(db, "migration");
    }
    if (step.version == 8) {
      v1::snapshot(db, "migration", {"village"}); // its rows gained a column
    }
    if (step.version == 9) {
      v1::snapshot(db, "migration", {"person", "proposal"}); // their rows gained a column
    }
    if (step.version == 10) {
      v1::snapshot(db, "migration",
                   {"matter_type", "motion", "notice", "council_member"}); // their rows gained a column
    }
    if (step.version == 12) {
      v1::snapshot(db, "migration", {"village"}); // its row gained columns
    }
    if (step.version == 13) {
      start_compact_history(db);
    }
    if (step.version == 15) {
      snapshot_rows(db, "notice_serial", "the serials of the notices posted before: each its number");
    }
    SQLite::Statement broken(db, "PRAGMA foreign_key_check");
    if (broken.executeStep()) {
      throw Error(
          _f("schema step {} left a broken reference in table {}", step.version, broken.getColumn(0).getString()));
    }
    db.exec(fmt::format("PRAGMA user_version = {}", step.version));
    tx.commit();
  }
  db.exec("PRAGMA foreign_keys = ON");
}

std::filesystem::path folder_of(const std::filesystem::path& file) {
  return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

int write_access_error(const std::filesystem::path& file) {
  for (const auto& place : {file, folder_of(file)}) {
    if (::access(place.c_str(), W_OK) != 0) {
      return errno;
    }
  }
  return 0;
}

SQLite::Database open_immutable(const std::filesystem::path& file) {
  return SQLite::Database("file:" + file.string() + "?immutable=1",
                          SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX);
}

SQLite::Database open_existing(const std::filesystem::path& path, Use use) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(_f("{} is a folder, not a village database", path.string()),
                _f("name the database file with --db, e.g. --db {}", (path / "yishi.db").string()));
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw NotFound(_f("no village database at {}", path.string()),
                   _("create one with: yishi init --config village.toml (or name another with --db)"));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    throw Error(
        _f("cannot read {}: {}", path.string(), std::strerror(errno)),
        _("nothing was changed; ask whoever keeps this computer for access to the file (ls -l shows its owner)"));
  }
  const int write_error = write_access_error(path);
  if (use == Use::write && write_error != 0) {
    throw Error(_f("cannot change {}: {}", path.string(), std::strerror(write_error)),
                _f("nothing was changed; the file or its folder {} is read-only: get write access to both, or work "
                   "on a copy (cp {} copy.db, then --db copy.db)",
                   folder_of(path).string(), path.string()));
  }
  if (write_error != 0) {
    // A read where nothing can be written: SQLite cannot make the WAL's -shm file. With no -wal file
    // the database file is whole and is read as immutable; a -wal file left there holds commits that
    // only a writer can bring in.
    const std::string wal = path.string() + "-wal";
    if (std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 0) {
      throw Error(
          _f("cannot read {}: its folder is read-only and {} holds changes not yet in the file", path.string(), wal),
          _("copy the database with its -wal file to a folder you can write, then use --db on the copy"));
    }
    SQLite::Database db = open_immutable(path);
    db.setBusyTimeout(busy_timeout_seconds * 1000);
    if (int version = db.execAndGet("PRAGMA user_version").getInt(); version != latest_schema_version()) {
      throw Error(_f("{} has schema version {} and is read-only here; this program reads version {}", path.string(),
                     version, latest_schema_version()),
                  version < latest_schema_version()
                      ? _("open it once where it can be written (any yishi command updates it), or work on a copy")
                      : _("use a newer yishi for this database"));
    }
    return db;
  }
  // No mutex of SQLite's own: a connection is used by one thread at a time (yishi serve opens one a
  // request and keeps its writer behind a lock), and its locking was 2% of a large import.
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
  configure(db);
  migrate(db);
  return db;
}

Error database_error(const SQLite::Exception& e, const std::filesystem::path& file) {
  const std::string name = file.string();
  switch (e.getErrorCode()) {
  case SQLITE_FULL:
    return Error(_f("cannot write {}: {}", name, std::strerror(ENOSPC)),
                 _("nothing was changed; free some space on the disk, then run the command again"));
  case SQLITE_READONLY:
  case SQLITE_PERM:
    return Error(_f("cannot change {}: it is read-only ({})", name, e.what()),
                 _("nothing was changed; get write access to the file and its folder, or work on a copy"));
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return Error(_f("{} is damaged or not a village database: {}", name, e.what()),
                 _f("nothing was changed; see what is wrong with: yishi --db {} doctor; then restore the latest "
                    "backup: yishi --db {} restore BACKUP",
                    name, name));
  case SQLITE_CANTOPEN:
    return Error(_f("cannot open {}: {}", name, e.what()),
                 _("nothing was changed; check that the file and its folder exist and can be written (ls -l)"));
  case SQLITE_IOERR:
    return Error(_f("cannot read or write {}: {} ({})", name, e.what(), std::strerror(EIO)),
                 _f("nothing was changed; the disk may be failing: copy the file elsewhere, check it with yishi "
                    "--db COPY doctor, or restore the latest backup: yishi --db {} restore BACKUP",
                    name));
  default:
    return Error(_f("database {}: {}", name, e.what()),
                 _f("nothing was changed; check the file with: yishi --db {} doctor", name));
  }
}

SQLite::Database create_new(const std::filesystem::path& path) {
  SQLite::Database db = create_empty_file(path, _("a database holds one village: name a new file with --db"));
  configure(db);
  migrate(db);
  return db;
}

namespace {

RuleViolation already_exists(const std::filesystem::path& path, const std::string& hint) {
  return RuleViolation(_f("{} already exists", path.string()), hint);
}

// After a rename, the directory entry itself must reach the disk for the new name to survive power loss.
void sync_directory(const std::filesystem::path& file) {
  int fd = ::open(folder_of(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

} // namespace

SQLite::Database create_empty_file(const std::filesystem::path& path, const std::string& hint) {
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      throw already_exists(path, hint);
    }
    throw Error(_f("cannot create {}: {}", path.string(), std::strerror(errno)));
  }
  ::close(fd);
  return SQLite::Database(path.string(), SQLite::OPEN_READWRITE);
}

void refuse_existing(const std::filesystem::path& path, const std::string& hint) {
  if (std::error_code ec; std::filesystem::exists(path, ec)) {
    throw already_exists(path, hint);
  }
}

void remove_database_files(const std::filesystem::path& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, ec);
  }
}

void build_beside(const std::filesystem::path& target, const std::function<void(const std::filesystem::path&)>& make) {
  // A missing or read-only directory is reported by the name the user gave, not the staging name.
  if (::access(folder_of(target).c_str(), W_OK | X_OK) != 0) {
    throw Error(_f("cannot create {}: {}", target.string(), std::strerror(errno)));
  }
  const std::filesystem::path staging = target.string() + fmt::format(".partial-{}", ::getpid());
  remove_database_files(staging); // left by a killed process that had our pid
  try {
    make(staging);
  } catch (...) {
    remove_database_files(staging);
    throw;
  }
  remove_database_files(staging); // the -wal and -shm a closed connection may leave
}

void publish_new_file(const std::filesystem::path& staging, const std::filesystem::path& target,
                      const std::string& hint) {
  // renameat2(RENAME_NOREPLACE) where the file system has it; a hard link (which never replaces) otherwise.
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
    int error = errno;
    if (error == EINVAL || error == ENOSYS) {
      if (::link(staging.c_str(), target.c_str()) == 0) {
        ::unlink(staging.c_str());
        error = 0;
      } else {
        error = errno;
      }
    }
    if (error == EEXIST) {
      throw already_exists(target, hint);
    }
    if (error != 0) {
      throw Error(_f("cannot create {}: {}", target.string(), std::strerror(error)));
    }
  }
  sync_directory(target);
}

void replace_file(const std::filesystem::path& staging, const std::filesystem::path& target) {
  std::error_code ec;
  std::filesystem::rename(staging, target, ec);
  if (ec) {
    throw Error(_f("cannot replace {}: {}", target.string(), ec.message()));
  }
  sync_directory(target);
}

int next_in_year(SQLite::Database& db, std::string_view table, std::string_view column, int year) {
  SQLite::Statement q(db, fmt::format("SELECT COALESCE(MAX({}), 0) + 1 FROM {} WHERE year = ?", column, table));
  q.bind(1, year);
  q.executeStep();
  return q.getColumn(0).getInt();
}

SQLite::Database open_memory() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  configure(db);
  migrate(db);
  return db;
}

std::vector<std::string> record_tables(SQLite::Database& db) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                          "AND name <> 'change_log' AND name NOT LIKE 'history%' AND name NOT LIKE 'auth\\_%' "
                          "ESCAPE '\\' ORDER BY name");
  while (q.executeStep()) {
    out.push_back(q.getColumn(0).getString());
  }
  return out;
}

std::vector<std::string> table_columns(SQLite::Database& db, const std::string& table) {
  std::vector<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  q.bind(1, table);
  while (q.executeStep()) {
    out.push_back(q.getColumn(0).getString());
  }
  return out;
}

} // namespace yishi::storage
