#include "division.hpp"

#include "core/error.hpp"

#include <string_view>

namespace yishi {
namespace {

bool digits(std::string_view text, size_t size) {
  return text.size() == size && text.find_first_not_of("0123456789") == std::string_view::npos;
}

} // namespace

void check_village_code(const std::string& code) {
  const std::string example = _("e.g. code = \"610114001201\" (Xi'an, Yanliang district, a township, a village)");
  if (!digits(code, 12)) {
    throw DataError(_f("\"{}\" is not a village's division code: it has 12 digits", code), example);
  }
  const int province = std::stoi(code.substr(0, 2));
  if (province < 11 || province > 82) {
    throw DataError(_f("\"{}\" starts with {}, which is no province's code (11 to 82)", code, province), example);
  }
  if (code.substr(6, 3) == "000" || code.substr(9, 3) == "000") {
    throw DataError(
        _f("\"{}\" is a {}'s code, not a village's", code, code.substr(6, 3) == "000" ? _("county") : _("township")),
        _("the last six digits name the township (3) and the village (3); neither is 000"));
  }
}

std::string township_code_of(const std::string& code, const std::string& township_code) {
  if (township_code.empty()) {
    return code.substr(0, 9);
  }
  if (!digits(township_code, 9) || township_code != code.substr(0, 9)) {
    throw DataError(_f("\"{}\" is not the township of village {}", township_code, code),
                    _f("a township's code is its villages' first nine digits: {}", code.substr(0, 9)));
  }
  return township_code;
}

} // namespace yishi
