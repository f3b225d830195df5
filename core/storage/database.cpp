#include "database.hpp"

#include "core/error.hpp"
#include "core/storage/history.hpp"
#include "core/storage/schema.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <unistd.h>

namespace yishi::storage {

int latest_schema_version() {
  return migrations().back().version;
}

void configure(SQLite::Database& db) {
  db.setBusyTimeout(busy_timeout_seconds * 1000);
  db.exec("PRAGMA foreign_keys = ON");
  // Statement journals and TEMP tables (the history's context, an import's line book) in memory:
  // on a file, a large import wrote them in tens of small writes per row.
  db.exec("PRAGMA temp_store = MEMORY");
  if (db.getFilename().empty() || db.getFilename() == ":memory:") {
    return; // in memory: no journal settings to make
  }
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
}

void migrate(SQLite::Database& db) {
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
    if (step.version == 7) {
      snapshot_history(db, "migration");
      chain_history(db);
    }
    if (step.version == 8) {
      snapshot_history(db, "migration", {"village"}); // its rows gained a column
      chain_history(db);
    }
    if (step.version == 9) {
      snapshot_history(db, "migration", {"person", "proposal"}); // their rows gained a column
      chain_history(db);
    }
    if (step.version == 10) {
      snapshot_history(db, "migration",
                       {"matter_type", "motion", "notice", "council_member"}); // their rows gained a column
      chain_history(db);
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

SQLite::Database open_existing(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw NotFound(_f("no village database at {}", path.string()),
                   _("create one with: yishi init --config village.toml (or name another with --db)"));
  }
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
  configure(db);
  migrate(db);
  return db;
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

std::filesystem::path directory_of(const std::filesystem::path& file) {
  return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

// After a rename, the directory entry itself must reach the disk for the new name to survive power loss.
void sync_directory(const std::filesystem::path& file) {
  int fd = ::open(directory_of(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
  if (::access(directory_of(target).c_str(), W_OK | X_OK) != 0) {
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

void write_file_beside(const std::filesystem::path& target, const std::function<void(std::ostream&)>& write) {
  build_beside(target, [&](const std::filesystem::path& staging) {
    {
      std::ofstream out(staging, std::ios::binary | std::ios::trunc);
      write(out);
      out.close();
      if (!out) {
        throw Error(_f("cannot write {}", target.string()));
      }
    }
    replace_file(staging, target);
  });
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
                          "AND name <> 'change_log' ORDER BY name");
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
