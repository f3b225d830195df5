// The command line's outer fence: every number is read exactly and within its range, every text is
// free of control characters and of a sane length. A value outside is a usage error that says the
// range in words, before any command runs.
#include "commands.hpp"

#include "../prompt.hpp"
#include "core/text.hpp"

#include <charconv>
#include <map>

namespace yishi::cli {
namespace {

struct Range {
  long long min;
  long long max;
};

// The range of a whole-number option, by its long name; others take counts (0 to a billion).
Range range_of(const std::string& name) {
  static const std::map<std::string, Range> ranges = {
      {"budget", {0, 1'000'000'000'000}},
      {"year", {1900, 2999}},
      {"quarter", {1, 4}},
      {"limit", {1, 1'000'000}},
      {"percent", {0, 100}},
      {"days", {0, 3650}},
      {"due", {0, 3650}},
      {"convention", {1, 1'000'000'000}},
  };
  auto it = ranges.find(name);
  return it != ranges.end() ? it->second : Range{0, 1'000'000'000};
}

// 1000000000000 as 1,000,000,000,000: a range people can read.
std::string grouped(long long n) {
  if (n > -10000 && n < 10000) {
    return std::to_string(n); // a year stays 2026
  }
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// The word help shows for an option's value (--db PATH, --at TIME), by its long name; others keep
// CLI11's (TEXT, INT). Translated: under Chinese --db 路径, --at 时间.
const char* placeholder_of(const std::string& name) {
  static const std::map<std::string, const char*> words = {
      {"db", N_("PATH")},          {"config", N_("PATH")},
      {"output", N_("PATH")},      {"rejects", N_("PATH")},
      {"file", N_("PATH")},        {"path", N_("PATH")},
      {"dir", N_("PATH")},         {"at", N_("TIME")},
      {"roster", N_("PATH")},      {"into", N_("PATH")},
      {"budget", N_("AMOUNT")},
      {"date", N_("DATE")},        {"deadline", N_("DATE")},
      {"effective", N_("DATE")},   {"posted-on", N_("DATE")},
      {"on", N_("DATE")},          {"from", N_("DATE")},
      {"declared-on", N_("DATE")}, {"proposal", N_("NUMBER")},
      {"session", N_("NUMBER")},   {"notice", N_("NUMBER")},
      {"objection", N_("NUMBER")}, {"declaration", N_("NUMBER")},
      {"agenda", N_("NUMBER")},    {"council", N_("COUNCIL")},
      {"group", N_("GROUP")},      {"proposer", N_("NAME")},
      {"by", N_("NAME")},          {"responsible", N_("NAME")},
      {"as", N_("NAME")},          {"speaker", N_("NAME")},
      {"counted-by", N_("NAME")},  {"mover", N_("NAME")},
      {"seconder", N_("NAME")},    {"household", N_("NAME")},
      {"person", N_("NAME")},      {"joint", N_("COUNCIL")},
      {"invite", N_("NAME")},      {"present", N_("NAME")},
      {"absent", N_("NAME")},      {"member", N_("NAME")},
      {"visitor", N_("NAME")},     {"lang", N_("LANGUAGE")},
      {"mode", N_("MODE")},        {"channel", N_("CHANNEL")},
      {"stage", N_("STAGE")},      {"tier", N_("TIER")},
      {"status", N_("STATUS")},    {"venue", N_("PLACE")},
      {"place", N_("PLACE")},
  };
  auto it = words.find(name);
  return it != words.end() ? it->second : nullptr;
}

CLI::Validator whole_number(Range r) {
  return CLI::Validator(
      [r](std::string& value) -> std::string {
        long long n = 0;
        const char* end = value.data() + value.size();
        auto [at, error] = std::from_chars(value.data(), end, n);
        if (error == std::errc::result_out_of_range ||
            (error == std::errc() && at == end && (n < r.min || n > r.max))) {
          return _f("'{}' is out of range: give a whole number from {} to {}", value, grouped(r.min), grouped(r.max));
        }
        if (error != std::errc() || at != end) {
          return _f("'{}' is not a whole number (from {} to {})", value, grouped(r.min), grouped(r.max));
        }
        return {};
      },
      "");
}

CLI::Validator clean_text(size_t max_chars, bool long_text) {
  return CLI::Validator(
      [max_chars, long_text](std::string& value) -> std::string {
        const TypedText typed = check_typed_text(value, max_chars, long_text);
        switch (typed.fault) {
        case TypedText::Fault::not_text:
          return _("the value is not valid UTF-8");
        case TypedText::Fault::control:
          return _f("the value holds a control character (U+{:04X}) at character {}",
                    static_cast<unsigned>(typed.control.code), typed.control.index);
        case TypedText::Fault::too_long:
          return _f("the value is too long: at most {} characters", max_chars);
        case TypedText::Fault::none:
          break;
        }
        return {};
      },
      "");
}

// A long text given as - is read from standard input.
CLI::Validator standard_input(const std::string& name) {
  return CLI::Validator(
      [name](std::string& value) -> std::string {
        if (value == "-") {
          try {
            value = read_standard_input("--" + name);
          } catch (const Error& e) {
            return e.what();
          }
        }
        return {};
      },
      "");
}

} // namespace

void guard_options(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_items_expected_max() == 0) {
      continue; // a flag
    }
    // A named option by its long name; a positional by its own.
    std::string name = opt->get_lnames().empty() ? opt->get_name() : opt->get_lnames().front();
    std::string type = opt->get_type_name();
    if (const char* word = placeholder_of(name); word != nullptr && type.find("INT") == std::string::npos) {
      opt->type_name(translate(word));
    }
    if (type.find("INT") != std::string::npos) {
      opt->check(whole_number(range_of(name)));
    } else if (type.find("FLOAT") == std::string::npos) {
      if (is_long_text(name)) {
        opt->transform(standard_input(name));
      }
      opt->check(clean_text(name == "as" ? 50 : is_long_text(name) ? 5000 : 500, is_long_text(name)));
    }
  }
  for (CLI::App* sub : app.get_subcommands({})) {
    guard_options(*sub);
  }
}

} // namespace yishi::cli
