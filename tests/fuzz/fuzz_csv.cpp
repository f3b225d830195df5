// libFuzzer target: the CSV reader. Any input must give records or a yishi::Error naming the line;
// the records' lines never go backwards and never pass the input's count of line breaks.
#include "core/error.hpp"
#include "core/io/csv.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const long breaks = std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r');
  std::istringstream in(text);
  yishi::CsvReader reader(in, "fuzz.csv", 4096);
  yishi::CsvRecord record;
  long last = 0;
  try {
    while (reader.next(record)) {
      if (record.fields.empty() || record.line < last || record.line > breaks + 1) {
        std::abort(); // a record without fields, or a line number that cannot be
      }
      last = record.line;
    }
  } catch (const yishi::Error&) {
    // malformed CSV, named
  }
  return 0;
}
