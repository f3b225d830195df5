// Encodings, CSV writing, and the importer on an in-memory village: what a row becomes, what is
// refused, and that a second import of the same file adds nothing.
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/io/csv.hpp"
#include "core/io/encoding.hpp"
#include "core/io/export.hpp"
#include "core/io/import.hpp"
#include "core/records/village.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/storage/unit_of_work.hpp"
#include "tests/support/villages.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace yishi;
using namespace std::chrono;

namespace {

// 村民 in GBK.
const std::string k_gbk_cunmin = "\xB4\xE5\xC3\xF1";

std::string decode(const std::string& bytes) {
  return gb18030_to_utf8(bytes, "t.csv");
}

const storage::Author k_author{"", "test", "2026-03-20T09:00:00"};

struct Fixture {
  SQLite::Database db = storage::open_memory();
  FixedClock clock{DateTime{Date{year{2026}, month{3}, day{20}}, 9, 0, 0}};
  std::filesystem::path dir;
  std::vector<ImportProblem> problems;

  Fixture() {
    storage::Write work(db, k_author); // as every command that writes
    VillageStore(db).create(parse_village_config(tests::k_two_group_village, "t.toml"));
    work.commit();
    dir = std::filesystem::temp_directory_path() / ("yishi-import-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  std::filesystem::path write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  }

  ImportReport run(ImportKind kind, const std::filesystem::path& file, bool skip_bad = false) {
    ImportOptions o;
    o.file = file;
    o.skip_bad = skip_bad;
    ImportHooks hooks;
    hooks.problem = [this](const ImportProblem& p) { problems.push_back(p); };
    storage::Write work(db, k_author);
    ImportReport report = import_file(db, clock, kind, o, hooks);
    work.commit();
    return report;
  }

  long count(const std::string& table) {
    SQLite::Statement q(db, "SELECT count(*) FROM " + table);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
};

} // namespace

TEST_CASE("core::io::encoding_names_and_detection") {
  CHECK(canonical_encoding("UTF8") == "utf-8");
  CHECK(canonical_encoding("GBK") == "gb18030");
  CHECK(canonical_encoding("cp936") == "gb18030");
  CHECK_THROWS_AS(canonical_encoding("latin1"), UsageError);
  CHECK(detect_encoding("标题,提议人\n") == "utf-8");
  CHECK(detect_encoding("title\n") == "utf-8");
  CHECK(detect_encoding(k_gbk_cunmin + "," + k_gbk_cunmin + "\n") == "gb18030");
  // A UTF-8 character cut by the end of the sample is still UTF-8.
  std::string cut = "标题";
  CHECK(detect_encoding(cut.substr(0, cut.size() - 1)) == "utf-8");
  // Neither UTF-8 nor GB18030: read as UTF-8, so that the bad rows are named one by one.
  CHECK(detect_encoding("ok\n\xFF\xFF\xFF\n") == "utf-8");
}

TEST_CASE("core::io::gb18030_decodes_across_chunks_and_names_the_line_of_bad_bytes") {
  CHECK(decode(k_gbk_cunmin) == "村民");
  // More than one 64 KiB chunk, with a two-byte character straddling the boundary.
  std::string big = "a" + std::string(65535 - 1, 'x') + k_gbk_cunmin + "\n";
  std::string out = decode(big);
  CHECK(out.size() == 65534 + 1 + std::string("村民\n").size());
  CHECK(out.substr(65535) == "村民\n");
  try {
    decode("a\nb\n\x81\x20\n");
    FAIL("bad bytes were accepted");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("t.csv:3:") == 0);
  }
  // A character cut at the very end of the file.
  CHECK_THROWS_AS(decode("a\n\xB4"), DataError);
}

TEST_CASE("core::io::csv_writing_quotes_and_neutralises_formulas") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  for (std::string f : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
    CHECK(neutralise_formula(f) == "'" + f);
  }
  CHECK(neutralise_formula("1-1") == "1-1");
  CHECK(neutralise_formula("") == "");
  // What is written reads back the same.
  std::ostringstream out;
  write_csv_record(out, {"a,b", "say \"hi\"", "two\nlines", ""});
  std::istringstream in(out.str());
  CsvReader reader(in, "t.csv");
  CsvRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.fields == std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines", ""});
}

TEST_CASE("core::io::import_adds_rows_once_and_reports_bad_ones_by_line") {
  Fixture f;
  auto file = f.write(
      "p.csv", "标题,提议人,村民小组,日期\n修路,甲,一组,2026-03-01\n\"修\n桥\",乙,三组,2026-03-02\n安灯,戊,,3月3日\n");
  ImportReport r = f.run(ImportKind::proposals, file);
  CHECK(r.rows == 3);
  CHECK(r.added == 2);
  CHECK(r.rejected == 1);
  // Line 3: a title holding a line break (a control character in a title) and an unknown group.
  REQUIRE(f.problems.size() == 2);
  CHECK(f.problems[0].line == 3);
  CHECK(f.problems[0].column == "标题");
  CHECK(f.problems[1].line == 3);
  CHECK(f.problems[1].column == "村民小组");
  CHECK(f.count("proposal") == 2); // the caller rolls back; the importer wrote the good rows
  // The proposer on record is linked; one not on record is kept by name.
  SQLite::Statement q(f.db, "SELECT proposer_id IS NOT NULL, proposer_name, submitted_on FROM proposal ORDER BY id");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getInt() == 1);
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getInt() == 0);
  CHECK(q.getColumn(1).getString() == "戊");
  CHECK(q.getColumn(2).getString() == "2026-03-03");

  f.problems.clear();
  ImportReport again = f.run(ImportKind::proposals, file);
  CHECK(again.added == 0);
  CHECK(again.already == 2);
  CHECK(again.rejected == 1);
  CHECK(f.count("proposal") == 2);
}

TEST_CASE("core::io::import_skip_bad_writes_a_rejects_file_that_imports_once_fixed") {
  Fixture f;
  auto file = f.write("p.csv", "标题,提议人,日期\n修路,甲,2026-02-30\n安灯,乙,2026-03-01\n");
  ImportReport r = f.run(ImportKind::proposals, file, true);
  CHECK(r.added == 1);
  REQUIRE(r.rejects_file == f.dir / "p.rejects.csv");
  std::ifstream in(r.rejects_file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("reason") != std::string::npos);
  CHECK(text.find("line 2: 日期:") != std::string::npos);
  auto fixed = f.write("fixed.csv", text.replace(text.find("2026-02-30"), 10, "2026-03-02"));
  ImportReport second = f.run(ImportKind::proposals, fixed);
  CHECK(second.added == 1);
  CHECK(second.rejected == 0);
  CHECK(f.count("proposal") == 2);
}

TEST_CASE("core::io::import_refuses_files_whose_columns_are_wrong") {
  Fixture f;
  CHECK_THROWS_AS(f.run(ImportKind::proposals, f.write("a.csv", "标题\n修路\n")), DataError); // no proposer
  CHECK_THROWS_AS(f.run(ImportKind::proposals, f.write("b.csv", "标题,提议人,备注\nx,y,z\n")), DataError);
  CHECK_THROWS_AS(f.run(ImportKind::proposals, f.write("c.csv", "")), DataError);
  CHECK_THROWS_AS(f.run(ImportKind::proposals, f.write("d.xls", "x")), UsageError);   // the old Excel format
  CHECK_THROWS_AS(f.run(ImportKind::proposals, f.write("d.xlsx", "x")), DataError);  // not a zip
  CHECK_THROWS_AS(f.run(ImportKind::people, f.write("e.toml", "[[proposals]]\ntitle = \"x\"\n")), DataError);
  CHECK(f.count("proposal") == 0);
}

TEST_CASE("core::io::export_then_import_village_gives_the_same_export") {
  Fixture f;
  f.run(ImportKind::proposals, f.write("p.csv", "标题,提议人,电话\n修路,甲,13812345678\n"));
  REQUIRE(storage::verify_history(f.db).empty()); // the import's own entries agree with its rows
  std::ostringstream first;
  export_json(f.db, first, true);
  auto file = f.write("v.jsonl", first.str());
  SQLite::Database copy = storage::open_memory();
  {
    SQLite::Transaction tx(copy); // as the command runs it: references are checked at the end
    CHECK(import_village(copy, file) > 0);
    tx.commit();
  }
  std::ostringstream second;
  export_json(copy, second, true);
  CHECK(first.str() == second.str());
  CHECK(first.str().find("{\"table\":\"history\"") != std::string::npos); // the history came along
  CHECK(storage::verify_history(copy).empty());
  // Masked: the phone is not there, and the masked export is refused.
  std::ostringstream masked;
  export_json(f.db, masked, false);
  CHECK(masked.str().find("13812345678") == std::string::npos);
  SQLite::Database other = storage::open_memory();
  CHECK_THROWS_AS(import_village(other, f.write("m.jsonl", masked.str())), DataError);
}

// An import writes its entries itself and checks its JSON against SQLite's only now and then: rows whose
// text holds line breaks, tabs and quotes, past the first of each, still verify, and so do rows changed
// after.
TEST_CASE("core::io::imported_rows_with_line_breaks_verify") {
  Fixture f;
  std::string csv = "标题,提议人,内容,日期\n";
  for (int i = 0; i < 30; ++i) {
    csv += fmt::format("修路{},甲,\"第一行\r\n第二行\t{}\n\"\"引号\"\" \\ 完\",2026-03-01\n", i, i);
  }
  ImportReport r = f.run(ImportKind::proposals, f.write("p.csv", csv));
  CHECK(r.added == 30);
  CHECK(storage::verify_history(f.db).empty());
  SQLite::Statement q(f.db, "SELECT description FROM proposal WHERE id = (SELECT max(id) FROM proposal)");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "第一行\r\n第二行\t29\n\"引号\" \\ 完");
  // A description changed behind yishi's back, on a row past the first, is named.
  storage::detach_history(f.db);
  f.db.exec("UPDATE proposal SET description = description || '!' WHERE id = 17");
  CHECK_FALSE(storage::verify_history(f.db).empty());
}

TEST_CASE("core::storage::json_text_writes_strings_as_sqlite_json_object_does") {
  SQLite::Database db = storage::open_memory();
  std::vector<std::string> samples = {"",
                                      "plain",
                                      "村民议事",
                                      "quote \" and \\ backslash",
                                      "emoji 🙂",
                                      "a\x7f"
                                      "b"};
  for (int c = 1; c < 0x80; ++c) {
    samples.push_back("x" + std::string(1, static_cast<char>(c)) + "y");
  }
  samples.push_back(std::string("nul\0inside", 10));
  // Escapes at either end and several in a row, between runs copied whole.
  for (std::string s : {"\"start", "end\\", "\n\n", "a\tb\rc\"d\\e\x01f", "\x1f", "修\n路\u3000\t桥"}) {
    samples.push_back(s);
  }
  for (const auto& s : samples) {
    SQLite::Statement q(db, "SELECT json_object('k', ?)");
    q.bind(1, s);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "{\"k\":" + storage::json_text(s) + "}");
  }
}
