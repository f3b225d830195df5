#pragma once

#include "core/labels.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yishi {

/// "More than" is strict (过半数: 5 of 10 is not enough); "at least" includes the bound
/// (三分之二以上 includes 2/3 itself).
enum class Comparison { more_than, at_least };

/// What a share is taken of. `adults` and `households` are the bases of the statutory meetings,
/// counted at a sign-in: the villagers aged 18 or over, and the households, of the body's villages
/// or group (村民会议, 村民小组会议).
enum class Basis { members, present, valid, adults, households };

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

/// How many must attend: one threshold, or alternatives of which any one suffices (村民会议: more
/// than half of the adults, OR representatives of at least 2/3 of the households).
struct Quorum {
  std::vector<Threshold> alternatives{Threshold{Comparison::at_least, 2, 3, Basis::members}};
  Quorum() = default;
  Quorum(Threshold t) : alternatives{t} {} // NOLINT: a single threshold is a quorum
  /// Canonical form, as stored: "> 1/2 adults or >= 2/3 households".
  std::string text() const;
  /// "more than 1/2 of adults, or at least 2/3 of households".
  std::string describe() const;
  std::string describe_zh() const;
  /// True when it is counted at a sign-in (adults or households), not from a roster.
  bool by_headcount() const;
};
/// Parses one threshold, or alternatives joined by " or ". Throws DataError naming `field`.
Quorum parse_quorum(std::string_view text, std::string_view field, Basis default_basis);

/// How a council decides: how many members must be present, and what share carries a motion.
struct VoteRule {
  Quorum quorum;
  Threshold majority{Comparison::more_than, 1, 2, Basis::present};
};

/// Who was counted: a roster's members and those of them present, or, at a sign-in, the eligible
/// adults and those signed in, and the households and those represented.
struct Attendance {
  long members = 0; // the roster, or the eligible adults
  long present = 0; // members present, or adults signed in
  long households = 0;
  long households_present = 0;
};

struct Tally {
  long yes = 0;
  long no = 0;
  long abstain = 0;
  long cast() const { return yes + no + abstain; }
};

/// Secret ballots as counted: those issued, the valid ones (for, against, abstaining), the blank and the spoiled.
struct SecretBallots {
  long issued = 0;
  long yes = 0;
  long no = 0;
  long abstain = 0;
  long blank = 0;
  long spoiled = 0;
};

/// The one way of voting the recorder gave, from which ones were given (a counted tally, named ballots, secret
/// ballots, the households visited): exactly one, else a UsageError saying what to give.
VoteMethod choose_vote_method(bool counted, bool named, bool secret, bool households);
/// A counted tally, checked: no more votes than members present (DataError).
void check_counted_tally(const Tally& tally, long present);
/// The valid votes of secret ballots, checked: every ballot issued came back (issued = valid + blank + spoiled)
/// and no more were issued than members present (DataError).
Tally secret_tally(const SecretBallots& ballots, long present);
/// One more vote for `choice`.
void add_vote(Tally& tally, Choice choice);

struct Outcome {
  long members = 0;
  long present = 0;
  bool quorum_met = false;
  long quorum_needed = 0; // members present needed (the first alternative's)
  Attendance counted;
  std::vector<long> quorum_needed_each; // by alternative
  long base = 0;                        // what the majority is taken of
  long needed = 0;                      // votes for needed to carry
  bool carried = false;
};

/// Applies the rule to the roster size, the attendance and the tally. Pure. The "valid" basis
/// counts the valid votes: for, against and abstain (blank and spoiled ballots are not valid).
Outcome decide(const VoteRule& rule, long members, long present, const Tally& tally);
/// The same with a headcount: each quorum alternative is met on its own basis; any one suffices.
Outcome decide(const VoteRule& rule, const Attendance& attendance, const Tally& tally);

/// The outcome of a vote whose quorum was found met (per council in a joint meeting, by the caller): the
/// majority taken of its basis, carried or not.
Outcome counted_outcome(const VoteRule& rule, long members, long present, const Tally& tally);
/// The result to record: what the rule gave, or `override_result` when the council overrode it (an override
/// that gives what the rule gave is refused: a UsageError).
VoteResult recorded_result(VoteResult computed, std::optional<VoteResult> override_result);

/// "6 of 9 members present; the rule needs at least 2/3 of members (6)".
std::string describe_quorum(const VoteRule& rule, const Outcome& outcome);
/// How a vote was taken in Chinese words, as sheets print it (举手表决, 记名表决, ...).
std::string method_zh(VoteMethod method);
/// The same in the interface language ("show of hands", "roll-call", ...).
std::string method_label(VoteMethod method);
/// What a roster's quorum needs, without the figures: "at least 2/3 of members (10)".
std::string describe_quorum_needed(const VoteRule& rule, const Outcome& outcome);
/// "5 for of 10 present; the rule needs more than 1/2 of those present (6)".
std::string describe_majority(const VoteRule& rule, const Outcome& outcome);

} // namespace yishi
