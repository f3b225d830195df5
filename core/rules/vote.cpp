#include "vote.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"

#include <charconv>
#include <fmt/format.h>

namespace yishi {
namespace {

long parse_number(std::string_view text, bool& ok) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  ok = ec == std::errc{} && end == text.data() + text.size() && value >= 0;
  return value;
}

} // namespace

bool Threshold::met(long count, long base) const {
  if (base <= 0) {
    return false; // nobody to count: nothing is met
  }
  long lhs = count * denominator;
  long rhs = numerator * base;
  return comparison == Comparison::more_than ? lhs > rhs : lhs >= rhs;
}

long Threshold::minimum(long base) const {
  if (base <= 0) {
    return 1;
  }
  long product = numerator * base;
  if (comparison == Comparison::more_than) {
    return product / denominator + 1;
  }
  return (product + denominator - 1) / denominator;
}

std::string Threshold::text() const {
  return fmt::format("{} {}/{} {}", comparison == Comparison::more_than ? ">" : ">=", numerator, denominator,
                     basis == Basis::members ? "members"
                     : basis == Basis::valid ? "valid"
                                             : "present");
}

std::string Threshold::describe() const {
  if (language() == Language::zh) {
    return describe_zh();
  }
  return fmt::format("{} {}/{} of {}", comparison == Comparison::more_than ? "more than" : "at least", numerator,
                     denominator,
                     basis == Basis::members ? "members"
                     : basis == Basis::valid ? "valid votes"
                                             : "those present");
}

namespace {

std::string zh_number(long n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 0 || n > 99) {
    return std::to_string(n);
  }
  if (n < 10) {
    return digits[n];
  }
  std::string out = n / 10 == 1 ? "" : digits[n / 10];
  out += "十";
  if (n % 10 != 0) {
    out += digits[n % 10];
  }
  return out;
}

} // namespace

std::string Threshold::describe_zh() const {
  std::string basis_zh = basis == Basis::members ? "全体成员" : basis == Basis::valid ? "有效票" : "到会人员";
  if (comparison == Comparison::more_than && numerator * 2 == denominator) {
    return basis_zh + "过半数";
  }
  std::string share =
      denominator == 100 ? "百分之" + zh_number(numerator) : zh_number(denominator) + "分之" + zh_number(numerator);
  return comparison == Comparison::more_than ? basis_zh + "超过" + share : basis_zh + share + "以上";
}

Threshold parse_threshold(std::string_view text_in, std::string_view field, Basis default_basis) {
  std::string text = trim(text_in);
  auto fail = [&]() -> DataError {
    return DataError(_f("{} '{}' is not a threshold", field, text),
                     "write it as \"> 1/2 present\", \">= 2/3 members\" or \"at least 60% members\"");
  };
  Threshold t;
  t.basis = default_basis;
  std::string rest;
  for (auto [word, cmp] : {std::pair{">=", Comparison::at_least},
                           {"at least", Comparison::at_least},
                           {">", Comparison::more_than},
                           {"more than", Comparison::more_than}}) {
    std::string_view w = word;
    if (text.compare(0, w.size(), w) == 0) {
      t.comparison = cmp;
      rest = trim(std::string_view(text).substr(w.size()));
      break;
    }
  }
  if (rest.empty()) {
    throw fail();
  }
  auto space = rest.find(' ');
  std::string share = rest.substr(0, space);
  std::string basis = space == std::string::npos ? "" : trim(rest.substr(space + 1));
  if (basis.rfind("of ", 0) == 0) {
    basis = trim(basis.substr(3));
  }
  if (basis == "members") {
    t.basis = Basis::members;
  } else if (basis == "present" || basis == "those present") {
    t.basis = Basis::present;
  } else if (basis == "valid" || basis == "valid votes") {
    t.basis = Basis::valid;
  } else if (!basis.empty()) {
    throw fail();
  }
  bool ok_num = false;
  bool ok_den = true;
  if (auto slash = share.find('/'); slash != std::string::npos) {
    t.numerator = parse_number(std::string_view(share).substr(0, slash), ok_num);
    t.denominator = parse_number(std::string_view(share).substr(slash + 1), ok_den);
  } else if (!share.empty() && share.back() == '%') {
    t.numerator = parse_number(std::string_view(share).substr(0, share.size() - 1), ok_num);
    t.denominator = 100;
  }
  if (!ok_num || !ok_den || t.denominator == 0 || t.numerator > t.denominator) {
    throw fail();
  }
  return t;
}

Outcome decide(const VoteRule& rule, long members, long present, const Tally& tally) {
  Outcome o;
  o.members = members;
  o.present = present;
  long quorum_base = rule.quorum.basis == Basis::members ? members : present;
  o.quorum_needed = rule.quorum.minimum(quorum_base);
  o.quorum_met = rule.quorum.met(present, quorum_base);
  o.base = rule.majority.basis == Basis::members ? members
           : rule.majority.basis == Basis::valid ? tally.cast()
                                                 : present;
  o.needed = rule.majority.minimum(o.base);
  o.carried = o.quorum_met && rule.majority.met(tally.yes, o.base);
  return o;
}

std::string describe_quorum(const VoteRule& rule, const Outcome& o) {
  return _f("{} of {} members present; the rule needs {} ({})", o.present, o.members, rule.quorum.describe(),
            o.quorum_needed);
}

std::string describe_majority(const VoteRule& rule, const Outcome& o) {
  return _f("the rule needs {} ({} of {})", rule.majority.describe(), o.needed, o.base);
}

} // namespace yishi
