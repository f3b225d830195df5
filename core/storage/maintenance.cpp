#include "maintenance.hpp"

#include "core/error.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace yishi::storage {

namespace {

// Copies `source` into a new file at `staging` (mode 0600), one file whatever the source's journal, and
// checks it. The caller gives it its name.
void copy_checked(SQLite::Database& source, const std::filesystem::path& staging,
                  const std::filesystem::path& destination) {
  SQLite::Database copy = create_empty_file(staging, _("a file of that name is left from a killed yishi: remove it"));
  SQLite::Backup backup(copy, source);
  backup.executeStep(-1); // all pages in one step: one consistent snapshot of the source
  copy.exec("PRAGMA journal_mode = DELETE");
  std::string result = copy.execAndGet("PRAGMA integrity_check").getString();
  if (result != "ok") {
    throw Error(_f("the backup {} fails its integrity check: {}", destination.string(), result),
                _("run yishi doctor on the database, then back it up again"));
  }
}

} // namespace

void backup_to(SQLite::Database& source, const std::filesystem::path& destination) {
  const std::string hint = _("a backup never overwrites a file: name a new one");
  refuse_existing(destination, hint);
  // Built aside and renamed when whole: a killed backup never leaves a partial file under the name.
  build_beside(destination, [&](const std::filesystem::path& staging) {
    copy_checked(source, staging, destination);
    publish_new_file(staging, destination, hint);
  });
}

std::string restore_from(const std::filesystem::path& backup, const std::filesystem::path& database,
                         const std::string& stamp) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec)) {
    throw NotFound(_f("no backup at {}", backup.string()));
  }
  {
    SQLite::Database source(backup.string(), SQLite::OPEN_READONLY);
    if (source.execAndGet("PRAGMA user_version").getInt() < 7) {
      throw RuleViolation(_f("{} has no history to verify (schema {})", backup.string(),
                             source.execAndGet("PRAGMA user_version").getInt()),
                          _("restore it by hand if you trust it; yishi restores only backups it can verify"));
    }
    auto findings = verify_history(source);
    if (!findings.empty()) {
      throw RuleViolation(_f("the backup {} does not verify: {} record(s) disagree with its history, the first: {} "
                             "row {}, {}",
                             backup.string(), findings.size(), findings.front().table, findings.front().row,
                             findings.front().what),
                          _("nothing was replaced; try an older backup"));
    }
  }
  // At every moment the database's name holds either the old database or the whole restored one: the
  // copy is made aside, the old file gets a second name (a hard link), then the copy is renamed over it.
  std::string kept;
  build_beside(database, [&](const std::filesystem::path& staging) {
    {
      SQLite::Database source(backup.string(), SQLite::OPEN_READONLY);
      copy_checked(source, staging, backup);
      SQLite::Database restored(staging.string(), SQLite::OPEN_READWRITE);
      restored.exec("PRAGMA journal_mode = WAL"); // a village database, as init makes it
    }
    if (fs::exists(database, ec)) {
      {
        SQLite::Database old(database.string(), SQLite::OPEN_READWRITE);
        old.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      kept = database.string() + ".before-restore-" + stamp;
      if (::link(database.c_str(), kept.c_str()) != 0) {
        throw Error(_f("cannot keep the old database as {}: {}", kept, std::strerror(errno)),
                    _("nothing was replaced"));
      }
    }
    replace_file(staging, database);
    for (const char* suffix : {"-wal", "-shm"}) {
      fs::remove(database.string() + suffix, ec);
    }
  });
  return kept;
}

std::vector<Finding> check_database(SQLite::Database& db, const std::filesystem::path& path) {
  std::vector<Finding> out;
  {
    SQLite::Statement q(db, "PRAGMA integrity_check");
    std::vector<std::string> problems;
    while (q.executeStep()) {
      if (std::string line = q.getColumn(0).getString(); line != "ok") {
        problems.push_back(line);
      }
    }
    out.push_back(
        Finding{"integrity_check", problems.empty(),
                problems.empty() ? "ok" : problems.front() + (problems.size() > 1 ? " ..." : ""),
                _("restore the latest backup (yishi backup makes one); the damaged file is evidence: keep it")});
  }
  {
    SQLite::Statement q(db, "PRAGMA foreign_key_check");
    long broken = 0;
    std::string first;
    while (q.executeStep()) {
      if (broken++ == 0) {
        first = _f("{} row {} refers to a missing {}", q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                   q.getColumn(2).getString());
      }
    }
    out.push_back(Finding{"foreign_key_check", broken == 0,
                          broken == 0 ? "ok" : _f("{} broken references; {}", broken, first),
                          _("the file was changed outside yishi: restore the latest backup")});
  }
  int version = db.execAndGet("PRAGMA user_version").getInt();
  out.push_back(Finding{"schema_version", version == latest_schema_version(),
                        _f("{} (this program writes {})", version, latest_schema_version()),
                        _("open it with the yishi that wrote it, or a newer one")});
  std::string journal = db.execAndGet("PRAGMA journal_mode").getString();
  out.push_back(Finding{"journal_mode", journal == "wal", journal,
                        _("yishi sets WAL when it opens a database; run any yishi command to set it")});
  struct stat st {};
  bool private_file = ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) == 0;
  auto tampered = verify_history(db);
  out.push_back(
      Finding{"history", tampered.empty(),
              tampered.empty() ? "ok"
                               : _f("{} record(s) disagree, the first: {} row {}, {}", tampered.size(),
                                    tampered.front().table, tampered.front().row, tampered.front().what),
              _("run yishi verify for the list; keep this file as evidence and restore a backup that verifies")});
  out.push_back(Finding{"file_mode", private_file, fmt::format("{:o}", st.st_mode & 0777),
                        _f("it holds personal data: chmod 600 {}", path.string())});
  return out;
}

} // namespace yishi::storage
