#include "maintenance.hpp"

#include "core/error.hpp"
#include "core/rules/mask.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace yishi::storage {

namespace {

// Copies `source` into a new file at `staging` (mode 0600), one file whatever the source's journal, and
// checks it. The caller gives it its name.
void copy_checked(SQLite::Database& source, const std::filesystem::path& staging,
                  const std::filesystem::path& destination) {
  SQLite::Database copy = create_empty_file(staging, _("a file of that name is left from a killed yishi: remove it"));
  try {
    SQLite::Backup backup(copy, source);
    backup.executeStep(-1); // all pages in one step: one consistent snapshot of the source
    copy.exec("PRAGMA journal_mode = DELETE");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_FULL || e.getErrorCode() == SQLITE_IOERR) {
      throw database_error(e, destination); // the copy's disk, not the village's database
    }
    throw;
  }
  std::string result = copy.execAndGet("PRAGMA integrity_check").getString();
  if (result != "ok") {
    throw Error(_f("the backup {} fails its integrity check: {}", destination.string(), result),
                _("run yishi doctor on the database, then back it up again"));
  }
}

// The first `bytes` bytes of a file (fewer when it is shorter; none when it cannot be read).
std::string read_head(const std::filesystem::path& file, size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(bytes));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// Files beside the database (and one folder down: a CSV export's) that others may read and that hold
// personal data: a copy of a database (a backup), or text with a phone or ID number unmasked (a private
// export, a rejects file). The first MiB of each is read.
std::vector<std::filesystem::path> exposed_files(const std::filesystem::path& database,
                                                 const std::vector<std::string>& public_numbers) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path dir = folder_of(database);
  auto look = [&](const fs::path& found) {
    // Named as the user would: "backup.db", not "./backup.db".
    fs::path file = database.parent_path().empty() ? found.lexically_relative(".") : found;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      if (file == fs::path(database.string() + suffix)) {
        return; // the database itself: the file_mode check
      }
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 044) == 0) {
      return;
    }
    const std::string head = read_head(file, 1 << 20);
    bool is_database = head.rfind(std::string("SQLite format 3\0", 16), 0) == 0;
    // The text files yishi writes with personal data: exports and rejects files (.json, .csv).
    const std::string ext = file.extension().string();
    bool is_export = ext == ".json" || ext == ".csv";
    // No UTF-8 check: the first MiB of a larger file ends inside a character, and mask_personal reads a
    // broken byte as itself.
    if (is_database || (is_export && mask_personal(head, public_numbers) != head)) {
      out.push_back(file);
    }
  };
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) {
      for (const auto& inner : fs::directory_iterator(entry.path(), ec)) {
        look(inner.path());
      }
    } else {
      look(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
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

RotatedBackup backup_into(SQLite::Database& source, const std::filesystem::path& database,
                          const std::filesystem::path& folder, const std::string& stamp, std::optional<int> keep) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder, ec)) {
    throw Error(_f("cannot make the backup folder {}: {}", folder.string(), ec.message()));
  }
  fs::permissions(folder, fs::perms::owner_all, fs::perm_options::replace, ec); // backups hold personal data
  const std::string stem = database.stem().string();
  RotatedBackup out;
  out.file = folder / fmt::format("{}-{}.db", stem, stamp);
  for (int n = 2; fs::exists(out.file, ec); ++n) {
    out.file = folder / fmt::format("{}-{}-{}.db", stem, stamp, n);
  }
  backup_to(source, out.file);
  if (!keep) {
    return out;
  }
  // This database's backups, by the name backup_into gives them: NAME-YYYYMMDD-HHMMSS[-N].db.
  std::vector<std::pair<std::string, fs::path>> ours;
  const std::string prefix = stem + "-";
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !name.starts_with(prefix) || !name.ends_with(".db")) {
      continue;
    }
    const std::string rest = name.substr(prefix.size(), name.size() - prefix.size() - 3);
    const bool stamped = rest.size() >= 15 && rest[8] == '-' &&
                         std::all_of(rest.begin(), rest.begin() + 8, ::isdigit) &&
                         std::all_of(rest.begin() + 9, rest.begin() + 15, ::isdigit) &&
                         (rest.size() == 15 || (rest[15] == '-' && rest.size() > 16 &&
                                                std::all_of(rest.begin() + 16, rest.end(), ::isdigit)));
    if (stamped) {
      // Ordered by time, then by the -N of the same second (padded so that -10 follows -9).
      const std::string order = rest.substr(0, 15) + fmt::format("{:>6}", rest.size() > 15 ? rest.substr(16) : "1");
      ours.emplace_back(order, entry.path());
    }
  }
  std::sort(ours.begin(), ours.end());
  for (size_t i = 0; i + static_cast<size_t>(*keep) < ours.size(); ++i) {
    if (fs::remove(ours[i].second, ec)) {
      out.removed.push_back(ours[i].second);
    }
  }
  return out;
}

std::string restore_from(const std::filesystem::path& backup, const std::filesystem::path& database,
                         const std::string& stamp) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec)) {
    throw NotFound(_f("no backup at {}", backup.string()));
  }
  // The backup is read before anything else: a file that is no database is the backup's fault, never the
  // live database's (which is not touched).
  try {
    SQLite::Database probe(backup.string(), SQLite::OPEN_READONLY);
    probe.execAndGet("PRAGMA user_version");
  } catch (const SQLite::Exception& e) {
    throw DataError(_f("{} is not a yishi backup: {}", backup.string(), e.what()),
                    _("nothing was changed; name a file made by yishi backup, such as one in the backups folder"));
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

namespace {

// Runs one check; a check the damaged file cannot answer fails with SQLite's words instead of ending
// the report.
void guarded(std::vector<Finding>& out, const char* check, const std::string& advice,
             const std::function<void()>& run) {
  try {
    run();
  } catch (const SQLite::Exception& e) {
    out.push_back(Finding{check, false, e.what(), advice});
  }
}

Finding file_mode_finding(const std::filesystem::path& path) {
  struct stat st {};
  bool private_file = ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) == 0;
  return Finding{"file_mode", private_file, fmt::format("{:o}", st.st_mode & 0777),
                 _f("it holds personal data: chmod 600 {}", path.string())};
}

Finding private_files_finding(const std::filesystem::path& path, const std::vector<std::string>& public_numbers) {
  auto exposed = exposed_files(path, public_numbers);
  std::vector<std::string> names;
  for (const auto& f : exposed) {
    names.push_back(f.string());
  }
  return Finding{"private_files", exposed.empty(),
                 exposed.empty() ? "ok" : _f("readable by others, with personal data: {}", join(names, _(", "))),
                 _f("make them private: chmod 600 {}", join(names, " "))};
}

const char* const k_restore_advice =
    N_("restore the latest backup (yishi restore BACKUP); the damaged file is evidence: keep it");

} // namespace

std::vector<Finding> check_database(SQLite::Database& db, const std::filesystem::path& path) {
  std::vector<Finding> out;
  guarded(out, "integrity_check", _(k_restore_advice), [&] {
    SQLite::Statement q(db, "PRAGMA integrity_check");
    std::vector<std::string> problems;
    while (q.executeStep()) {
      if (std::string line = q.getColumn(0).getString(); line != "ok") {
        problems.push_back(line);
      }
    }
    out.push_back(Finding{"integrity_check", problems.empty(),
                          problems.empty() ? "ok" : problems.front() + (problems.size() > 1 ? " ..." : ""),
                          _(k_restore_advice)});
  });
  guarded(out, "foreign_key_check", _(k_restore_advice), [&] {
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
  });
  guarded(out, "schema_version", _(k_restore_advice), [&] {
    int version = db.execAndGet("PRAGMA user_version").getInt();
    out.push_back(Finding{"schema_version", version == latest_schema_version(),
                          _f("{} (this program writes {})", version, latest_schema_version()),
                          _("open it with the yishi that wrote it, or a newer one")});
  });
  {
    // The journal mode as the file's header records it (bytes 18 and 19 are 2 in WAL mode): the same
    // whether the file is opened to write or, where nothing can be written, immutable.
    const std::string header = read_head(path, 20);
    bool wal = header.size() == 20 && header[18] == 2 && header[19] == 2;
    bool rollback = header.size() == 20 && header[18] == 1 && header[19] == 1;
    out.push_back(Finding{"journal_mode", wal || rollback,
                          wal        ? "wal"
                          : rollback ? _("delete (one file, as a backup is; yishi sets WAL when it writes)")
                                     : _("unknown"),
                          _("yishi sets WAL when it opens a database; run any yishi command to set it")});
  }
  guarded(out, "history", _(k_restore_advice), [&] {
    auto tampered = verify_history(db);
    out.push_back(
        Finding{"history", tampered.empty(),
                tampered.empty() ? "ok"
                                 : _f("{} record(s) disagree, the first: {} row {}, {}", tampered.size(),
                                      tampered.front().table, tampered.front().row, tampered.front().what),
                _("run yishi verify for the list; keep this file as evidence and restore a backup that verifies")});
  });
  out.push_back(file_mode_finding(path));
  std::vector<std::string> public_numbers;
  guarded(out, "village", _(k_restore_advice), [&] {
    SQLite::Statement phones(db, "SELECT supervision_phone FROM village");
    while (phones.executeStep()) {
      public_numbers.push_back(phones.getColumn(0).getString());
    }
  });
  out.push_back(private_files_finding(path, public_numbers));
  return out;
}

std::vector<Finding> examine_file(const std::filesystem::path& path) {
  std::vector<Finding> out;
  const std::string header = read_head(path, 16);
  if (header != std::string("SQLite format 3\0", 16)) {
    std::string start;
    for (unsigned char c : header.substr(0, 8)) {
      start += fmt::format("{:02x} ", c);
    }
    out.push_back(Finding{"header", false,
                          header.empty() ? _("the file is empty") : _f("not an SQLite database: it starts {}", start),
                          _(k_restore_advice)});
    out.push_back(file_mode_finding(path));
    out.push_back(private_files_finding(path, {}));
    return out;
  }
  out.push_back(Finding{"header", true, "SQLite format 3", ""});
  try {
    // Read and write where it can (nothing is written: a closing writer tidies the -wal and -shm away);
    // immutable where nothing can be written.
    SQLite::Database db =
        write_access_error(path) != 0 ? open_immutable(path) : SQLite::Database(path.string(), SQLite::OPEN_READWRITE);
    auto checks = check_database(db, path);
    out.insert(out.end(), checks.begin(), checks.end());
  } catch (const SQLite::Exception& e) {
    out.push_back(Finding{"open", false, e.what(), _(k_restore_advice)});
    out.push_back(file_mode_finding(path));
  }
  return out;
}

} // namespace yishi::storage
