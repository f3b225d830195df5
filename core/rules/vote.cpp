#include "vote.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/text.hpp"

#include <algorithm>
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
                     basis == Basis::members      ? "members"
                     : basis == Basis::valid      ? "valid"
                     : basis == Basis::adults     ? "adults"
                     : basis == Basis::households ? "households"
                                                  : "present");
}

std::string Threshold::describe() const {
  if (language() == Language::zh) {
    return describe_zh();
  }
  return fmt::format("{} {}/{} of {}", comparison == Comparison::more_than ? "more than" : "at least", numerator,
                     denominator,
                     basis == Basis::members      ? "members"
                     : basis == Basis::valid      ? "valid votes"
                     : basis == Basis::adults     ? "adults"
                     : basis == Basis::households ? "households"
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
  std::string basis_zh = basis == Basis::members      ? "全体成员"
                         : basis == Basis::valid      ? "有效票"
                         : basis == Basis::adults     ? "本村十八周岁以上村民"
                         : basis == Basis::households ? "本村户数"
                                                      : "到会人员";
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
  } else if (basis == "adults") {
    t.basis = Basis::adults;
  } else if (basis == "households") {
    t.basis = Basis::households;
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

std::string Quorum::text() const {
  std::vector<std::string> parts;
  for (const auto& t : alternatives) {
    parts.push_back(t.text());
  }
  return join(parts, " or ");
}

std::string Quorum::describe() const {
  if (language() == Language::zh) {
    return describe_zh();
  }
  std::vector<std::string> parts;
  for (const auto& t : alternatives) {
    parts.push_back(t.describe());
  }
  return join(parts, ", or ");
}

std::string Quorum::describe_zh() const {
  std::vector<std::string> parts;
  for (const auto& t : alternatives) {
    parts.push_back(t.describe_zh());
  }
  return join(parts, "，或者");
}

bool Quorum::by_headcount() const {
  return std::any_of(alternatives.begin(), alternatives.end(),
                     [](const Threshold& t) { return t.basis == Basis::adults || t.basis == Basis::households; });
}

Quorum parse_quorum(std::string_view text, std::string_view field, Basis default_basis) {
  Quorum q;
  q.alternatives.clear();
  std::string rest(text);
  for (size_t at = rest.find(" or "); at != std::string::npos; at = rest.find(" or ")) {
    q.alternatives.push_back(parse_threshold(rest.substr(0, at), field, default_basis));
    rest.erase(0, at + 4);
  }
  q.alternatives.push_back(parse_threshold(rest, field, default_basis));
  return q;
}

Outcome decide(const VoteRule& rule, long members, long present, const Tally& tally) {
  return decide(rule, Attendance{members, present, 0, 0}, tally);
}

Outcome decide(const VoteRule& rule, const Attendance& a, const Tally& tally) {
  Outcome o;
  o.members = a.members;
  o.present = a.present;
  o.counted = a;
  for (const auto& t : rule.quorum.alternatives) {
    bool households = t.basis == Basis::households;
    long base = households                                              ? a.households
                : t.basis == Basis::members || t.basis == Basis::adults ? a.members
                                                                        : a.present;
    long count = households ? a.households_present : a.present;
    o.quorum_needed_each.push_back(t.minimum(base));
    o.quorum_met = o.quorum_met || t.met(count, base);
  }
  o.quorum_needed = o.quorum_needed_each.empty() ? 0 : o.quorum_needed_each.front();
  o.base = rule.majority.basis == Basis::members ? a.members
           : rule.majority.basis == Basis::valid ? tally.cast()
                                                 : a.present;
  o.needed = rule.majority.minimum(o.base);
  o.carried = o.quorum_met && rule.majority.met(tally.yes, o.base);
  return o;
}

std::string describe_quorum(const VoteRule& rule, const Outcome& o) {
  if (!rule.quorum.by_headcount()) {
    return _f("{} of {} members present; the rule needs {}", o.present, o.members, describe_quorum_needed(rule, o));
  }
  // A sign-in: both figures against every alternative.
  std::vector<std::string> needs;
  for (size_t i = 0; i < rule.quorum.alternatives.size(); ++i) {
    needs.push_back(_f("{} ({})", rule.quorum.alternatives[i].describe(), o.quorum_needed_each[i]));
  }
  return _f("{} of {} adults signed in and {} of {} households represented; the rule needs {}", o.counted.present,
            o.counted.members, o.counted.households_present, o.counted.households, join(needs, _(", or ")));
}

std::string method_zh(VoteMethod method) {
  return std::string(zh(method));
}

std::string method_label(VoteMethod method) {
  if (language() == Language::zh) {
    return method_zh(method);
  }
  return method == VoteMethod::count ? "show of hands" : std::string(code(method));
}

VoteMethod choose_vote_method(bool counted, bool named, bool secret, bool households) {
  const int given = (counted ? 1 : 0) + (named ? 1 : 0) + (secret ? 1 : 0) + (households ? 1 : 0);
  if (given > 1) {
    throw UsageError(_("give one way of voting: a counted tally, named ballots, secret ballots or the households"));
  }
  if (given == 0) {
    throw UsageError(
        _("give the counted tally (--for N --against N --abstain N) or named ballots (--ballot NAME=for)"));
  }
  return counted ? VoteMethod::count : named ? VoteMethod::roll_call : secret ? VoteMethod::secret : VoteMethod::households;
}

void check_counted_tally(const Tally& tally, long present) {
  if (tally.cast() > present) {
    throw DataError(_f("{} votes counted, but only {} members are present", tally.cast(), present));
  }
}

Tally secret_tally(const SecretBallots& b, long present) {
  const long returned = b.yes + b.no + b.abstain + b.blank + b.spoiled;
  if (returned != b.issued) {
    throw DataError(_f("the ballots do not add up: {} issued, but {} for + {} against + {} abstaining + {} blank + "
                       "{} spoiled = {}",
                       b.issued, b.yes, b.no, b.abstain, b.blank, b.spoiled, returned),
                    _("count the ballots again: issued = valid + blank + spoiled"));
  }
  if (b.issued > present) {
    throw DataError(_f("{} ballots issued, but only {} members are present", b.issued, present));
  }
  return Tally{b.yes, b.no, b.abstain};
}

void add_vote(Tally& tally, Choice choice) {
  (choice == Choice::yes ? tally.yes : choice == Choice::no ? tally.no : tally.abstain) += 1;
}

Outcome counted_outcome(const VoteRule& rule, long members, long present, const Tally& tally) {
  Outcome o = decide(rule, members, present, tally);
  o.quorum_met = true;
  o.carried = rule.majority.met(tally.yes, o.base);
  return o;
}

VoteResult recorded_result(VoteResult computed, std::optional<VoteResult> override_result) {
  if (override_result && *override_result == computed) {
    throw UsageError(_f("the rule already gives '{}': there is nothing to override", label(computed)));
  }
  return override_result.value_or(computed);
}

std::string describe_quorum_needed(const VoteRule& rule, const Outcome& o) {
  // Its own msgid (numbered): under Chinese the count reads "，即10人", not "（10）".
  return _f("{0} ({1})", rule.quorum.describe(), o.quorum_needed);
}

std::string describe_majority(const VoteRule& rule, const Outcome& o) {
  return _f("the rule needs {} ({} of {})", rule.majority.describe(), o.needed, o.base);
}

} // namespace yishi
