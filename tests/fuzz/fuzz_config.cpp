// libFuzzer target: the village.toml loader. Any input must give a village or a yishi::Error
// naming what is wrong; anything else (a crash, a sanitizer report, another exception) is a finding.
#include "core/config.hpp"
#include "core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    yishi::parse_village_config(text, "fuzz.toml");
  } catch (const yishi::Error&) {
    // a clear error is the right answer to bad input
  }
  return 0;
}
