// libFuzzer target: `import proposals` of any bytes, as CSV and as JSON Lines, into a small village,
// each run rolled back. Any input must end in a report or a yishi::Error; every problem names a line
// of the file; what was added plus what was refused never exceeds the rows read.
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/io/import.hpp"
#include "core/storage/database.hpp"
#include "core/records/village.hpp"
#include "tests/support/villages.hpp"

#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

SQLite::Database& village() {
  static SQLite::Database db = [] {
    SQLite::Database d = yishi::storage::open_memory();
    yishi::VillageStore(d).create(yishi::parse_village_config(yishi::tests::k_two_group_village, "fuzz.toml"));
    return d;
  }();
  return db;
}

void run(const std::string& bytes, const char* extension) {
  static const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("yishi-fuzz-import-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path file = dir / (std::string("input") + extension);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
  const long lines =
      static_cast<long>(std::count(bytes.begin(), bytes.end(), '\n') + std::count(bytes.begin(), bytes.end(), '\r')) +
      1;
  yishi::FixedClock clock{
      yishi::DateTime{yishi::Date{std::chrono::year{2026}, std::chrono::month{3}, std::chrono::day{20}}, 9, 0, 0}};
  SQLite::Transaction tx(village()); // never committed: rolled back when it goes
  yishi::ImportOptions options;
  options.file = file;
  yishi::ImportHooks hooks;
  hooks.problem = [&](const yishi::ImportProblem& p) {
    if (p.line < 1 || p.line > lines) {
      std::abort(); // a problem that names no line of the file
    }
  };
  try {
    auto report = yishi::import_file(village(), clock, yishi::ImportKind::proposals, options, hooks);
    if (report.added + report.already + report.rejected > report.rows) {
      std::abort();
    }
  } catch (const yishi::Error&) {
    // a file that cannot be read as a whole, named
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  run(bytes, ".csv");
  run(bytes, ".jsonl");
  return 0;
}
