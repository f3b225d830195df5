#include "core/error.hpp"
#include "core/io/csv.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace yishi;

namespace {

std::vector<CsvRecord> read_all(const std::string& text, std::size_t limit = CsvReader::default_field_limit) {
  std::istringstream in(text);
  CsvReader reader(in, "t.csv", limit);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.next(r)) {
    out.push_back(r);
  }
  return out;
}

std::string error_of(const std::string& text) {
  try {
    read_all(text);
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("core::io::csv_reads_quoted_fields_with_commas_quotes_and_line_breaks") {
  auto rows = read_all("标题,内容,提议人\n\"路灯, 12盏\",\"他说\"\"修\"\"\n第二行\",杜永福\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == std::vector<std::string>{"标题", "内容", "提议人"});
  CHECK(rows[1].fields == std::vector<std::string>{"路灯, 12盏", "他说\"修\"\n第二行", "杜永福"});
  CHECK(rows[1].line == 2);
}

TEST_CASE("core::io::csv_counts_lines_inside_quotes_for_the_next_record") {
  auto rows = read_all("a,b\n\"1\n2\n3\",x\ny,z\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].line == 2);
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields == std::vector<std::string>{"y", "z"});
}

TEST_CASE("core::io::csv_accepts_crlf_bom_blank_lines_and_no_final_break") {
  auto rows = read_all("\xEF\xBB\xBFh1,h2\r\n\r\n1,\r\n,2");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields == std::vector<std::string>{"h1", "h2"});
  CHECK(rows[1].fields == std::vector<std::string>{"1", ""});
  CHECK(rows[1].line == 3);
  CHECK(rows[2].fields == std::vector<std::string>{"", "2"});
  CHECK(rows[2].line == 4);
  CHECK(read_all("").empty());
  CHECK(read_all("\n\r\n").empty());
  CHECK(read_all("\"\"").front().fields == std::vector<std::string>{""});
  CHECK(read_all("a\rb\r").size() == 2); // old Mac line ends
}

TEST_CASE("core::io::csv_errors_name_file_line_and_field") {
  CHECK(error_of("a,b\n1,\"open\nstill open\n") == "t.csv:2: field 2: a quote is opened here and never closed");
  CHECK(error_of("a,b\n\"x\"y,2\n").rfind("t.csv:2: field 1: text after the closing quote", 0) == 0);
  CHECK(error_of("a,b\n\"x\ny\"z,2\n").rfind("t.csv:3: field 1: text after the closing quote", 0) == 0);
  CHECK(error_of("a,b\n1,x\"y\n").rfind("t.csv:2: field 2: a quote inside a field", 0) == 0);
  CHECK(error_of("\xEF\xBB\x41,b\n").rfind("t.csv:1: field 1:", 0) == 0);
  try {
    read_all("a,b\n1,12345\n", 4);
    FAIL("expected a DataError");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()) == "t.csv:2: field 2: longer than 4 bytes");
  }
}
