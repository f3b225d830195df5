#pragma once

#include <string>
#include <string_view>

namespace yishi {

/// "More than" is strict (过半数: 5 of 10 is not enough); "at least" includes the bound
/// (三分之二以上 includes 2/3 itself).
enum class Comparison { more_than, at_least };

/// What a share is taken of.
enum class Basis { members, present, valid };

struct Threshold {
  Comparison comparison = Comparison::more_than;
  long numerator = 1;
  long denominator = 2;
  Basis basis = Basis::present;

  bool met(long count, long base) const;
  /// The smallest count that meets the threshold out of `base`.
  long minimum(long base) const;
  /// Canonical form, as stored and as written in village.toml: "> 1/2 present", ">= 2/3 members".
  std::string text() const;
  /// Words for messages: "more than 1/2 of those present".
  std::string describe() const;
  /// The same in Chinese, as the law writes it: "到会人员过半数", "全体成员三分之二以上".
  std::string describe_zh() const;
};

/// Parses "> 1/2 present", ">= 2/3 members", "at least 2/3", "more than 50% present".
/// The basis defaults to `default_basis`. Throws DataError naming `field`.
Threshold parse_threshold(std::string_view text, std::string_view field, Basis default_basis);

/// How a council decides: how many members must be present, and what share carries a motion.
struct VoteRule {
  Threshold quorum{Comparison::at_least, 2, 3, Basis::members};
  Threshold majority{Comparison::more_than, 1, 2, Basis::present};
};

struct Tally {
  long yes = 0;
  long no = 0;
  long abstain = 0;
  long cast() const { return yes + no + abstain; }
};

struct Outcome {
  long members = 0;
  long present = 0;
  bool quorum_met = false;
  long quorum_needed = 0; // members present needed
  long base = 0;          // what the majority is taken of
  long needed = 0;        // votes for needed to carry
  bool carried = false;
};

/// Applies the rule to the roster size, the attendance and the tally. Pure. The "valid" basis
/// counts the valid votes: for, against and abstain (blank and spoiled ballots are not valid).
Outcome decide(const VoteRule& rule, long members, long present, const Tally& tally);

/// "6 of 9 members present; the rule needs at least 2/3 of members (6)".
std::string describe_quorum(const VoteRule& rule, const Outcome& outcome);
/// "5 for of 10 present; the rule needs more than 1/2 of those present (6)".
std::string describe_majority(const VoteRule& rule, const Outcome& outcome);

} // namespace yishi
