#include "core/error.hpp"
#include "core/rules/vote.hpp"

#include <doctest/doctest.h>

using namespace yishi;

namespace {
const Threshold more_than_half{Comparison::more_than, 1, 2, Basis::present};
const Threshold two_thirds{Comparison::at_least, 2, 3, Basis::members};
} // namespace

TEST_CASE("core::rules::vote::more_than_half_is_strict") {
  CHECK_FALSE(more_than_half.met(5, 10)); // exactly half is not more than half
  CHECK(more_than_half.met(6, 10));
  CHECK_FALSE(more_than_half.met(4, 10));
  CHECK(more_than_half.met(4, 7));
  CHECK_FALSE(more_than_half.met(3, 7));
  CHECK(more_than_half.minimum(10) == 6);
  CHECK(more_than_half.minimum(7) == 4);
  CHECK(more_than_half.minimum(1) == 1);
}

TEST_CASE("core::rules::vote::at_least_two_thirds_includes_the_bound") {
  CHECK(two_thirds.met(10, 15)); // exactly 2/3
  CHECK_FALSE(two_thirds.met(9, 15));
  CHECK(two_thirds.met(11, 15));
  CHECK(two_thirds.met(6, 9));
  CHECK_FALSE(two_thirds.met(5, 9));
  CHECK(two_thirds.minimum(15) == 10);
  CHECK(two_thirds.minimum(7) == 5); // 14/3 = 4.67: five are needed
  CHECK(two_thirds.minimum(9) == 6);
}

TEST_CASE("core::rules::vote::nobody_present") {
  VoteRule rule;
  Outcome o = decide(rule, 9, 0, Tally{});
  CHECK_FALSE(o.quorum_met);
  CHECK_FALSE(o.carried);
  CHECK(o.quorum_needed == 6);
  CHECK_FALSE(more_than_half.met(0, 0));
}

TEST_CASE("core::rules::vote::everyone_abstaining_defeats") {
  VoteRule rule;
  Outcome o = decide(rule, 9, 9, Tally{0, 0, 9});
  CHECK(o.quorum_met);
  CHECK_FALSE(o.carried);
  CHECK(o.needed == 5);
}

TEST_CASE("core::rules::vote::tie_is_defeated") {
  VoteRule rule;
  Outcome o = decide(rule, 15, 10, Tally{5, 5, 0});
  CHECK(o.quorum_met);
  CHECK_FALSE(o.carried);
  Outcome one_more = decide(rule, 15, 10, Tally{6, 4, 0});
  CHECK(one_more.carried);
}

TEST_CASE("core::rules::vote::quorum_one_below_and_one_above") {
  VoteRule rule;
  CHECK_FALSE(decide(rule, 15, 9, Tally{9, 0, 0}).quorum_met);
  CHECK_FALSE(decide(rule, 15, 9, Tally{9, 0, 0}).carried); // no quorum, no decision
  CHECK(decide(rule, 15, 10, Tally{}).quorum_met);
  CHECK(decide(rule, 15, 11, Tally{}).quorum_met);
}

TEST_CASE("core::rules::vote::majority_of_members") {
  VoteRule rule;
  rule.majority = Threshold{Comparison::more_than, 1, 2, Basis::members};
  Outcome o = decide(rule, 15, 12, Tally{7, 5, 0});
  CHECK(o.base == 15);
  CHECK_FALSE(o.carried); // 7 is more than half of 12 present, not of 15 members
  CHECK(decide(rule, 15, 12, Tally{8, 4, 0}).carried);
}

TEST_CASE("core::rules::vote::parse_threshold") {
  Threshold t = parse_threshold(">= 2/3 members", "quorum", Basis::present);
  CHECK(t.comparison == Comparison::at_least);
  CHECK(t.numerator == 2);
  CHECK(t.denominator == 3);
  CHECK(t.basis == Basis::members);
  CHECK(t.text() == ">= 2/3 members");

  Threshold half = parse_threshold("more than 1/2", "majority", Basis::present);
  CHECK(half.comparison == Comparison::more_than);
  CHECK(half.basis == Basis::present);
  CHECK(half.describe() == "more than 1/2 of those present");
  CHECK(half.describe_zh() == "到会人员过半数");

  Threshold pct = parse_threshold("at least 60% members", "share", Basis::present);
  CHECK(pct.numerator == 60);
  CHECK(pct.denominator == 100);
  CHECK(two_thirds.describe_zh() == "全体成员三分之二以上");

  CHECK_THROWS_AS(parse_threshold("half", "quorum", Basis::members), DataError);
  CHECK_THROWS_AS(parse_threshold("> 3/2", "quorum", Basis::members), DataError);
  CHECK_THROWS_AS(parse_threshold("> 1/0", "quorum", Basis::members), DataError);
  CHECK_THROWS_AS(parse_threshold(">= 2/3 people", "quorum", Basis::members), DataError);
  CHECK(parse_threshold(">= 2/3 households", "quorum", Basis::members).basis == Basis::households);
  CHECK(parse_threshold("> 1/2 adults", "quorum", Basis::members).text() == "> 1/2 adults");
}

namespace {

// 村民会议: more than half of the adults, or representatives of at least 2/3 of the households.
VoteRule villagers_meeting() {
  VoteRule rule;
  rule.quorum = parse_quorum("> 1/2 adults or >= 2/3 households", "quorum", Basis::members);
  return rule;
}

} // namespace

TEST_CASE("core::rules::vote::either_or_quorum_on_adults") {
  VoteRule rule = villagers_meeting();
  REQUIRE(rule.quorum.alternatives.size() == 2);
  CHECK(rule.quorum.text() == "> 1/2 adults or >= 2/3 households");
  CHECK(rule.quorum.by_headcount());
  // 1,322 adults, 471 households: half the adults is not more than half.
  Outcome at_half = decide(rule, Attendance{1322, 661, 471, 300}, Tally{400, 100, 0});
  CHECK_FALSE(at_half.quorum_met);
  CHECK_FALSE(at_half.carried);
  CHECK(at_half.quorum_needed_each == std::vector<long>{662, 314});
  CHECK(describe_quorum(rule, at_half) ==
        "661 of 1322 adults signed in and 300 of 471 households represented; the rule needs more than 1/2 of adults "
        "(662), or at least 2/3 of households (314)");
  Outcome one_more = decide(rule, Attendance{1322, 662, 471, 300}, Tally{400, 100, 0});
  CHECK(one_more.quorum_met);
  CHECK(one_more.carried); // 400 of 662 present is more than half
}

TEST_CASE("core::rules::vote::either_or_quorum_on_households") {
  VoteRule rule = villagers_meeting();
  // Fewer than half the adults, but 2/3 of the households represented: either basis suffices.
  CHECK(decide(rule, Attendance{1322, 500, 471, 320}, Tally{}).quorum_met);
  CHECK(decide(rule, Attendance{1322, 500, 471, 314}, Tally{}).quorum_met);       // 2/3 of 471 is 314: at least
  CHECK_FALSE(decide(rule, Attendance{1322, 500, 471, 313}, Tally{}).quorum_met); // one short on both bases
  // The majority is of those present at the sign-in.
  Outcome o = decide(rule, Attendance{1322, 500, 471, 320}, Tally{250, 200, 50});
  CHECK(o.base == 500);
  CHECK(o.needed == 251);
  CHECK_FALSE(o.carried);
}

TEST_CASE("core::rules::vote::a_roster_quorum_reads_as_before") {
  VoteRule rule;
  Outcome o = decide(rule, 15, 9, Tally{});
  CHECK_FALSE(o.quorum_met);
  CHECK(describe_quorum(rule, o) == "9 of 15 members present; the rule needs at least 2/3 of members (10)");
  CHECK_THROWS_AS(parse_quorum("> 1/2 adults or", "quorum", Basis::members), DataError);
}

// The vote's own checks, as values: no database, no session.
TEST_CASE("core::rules::vote::exactly_one_way_of_voting") {
  CHECK(choose_vote_method(true, false, false, false) == VoteMethod::count);
  CHECK(choose_vote_method(false, true, false, false) == VoteMethod::roll_call);
  CHECK(choose_vote_method(false, false, true, false) == VoteMethod::secret);
  CHECK(choose_vote_method(false, false, false, true) == VoteMethod::households);
  CHECK_THROWS_AS(choose_vote_method(false, false, false, false), UsageError);
  CHECK_THROWS_AS(choose_vote_method(true, true, false, false), UsageError);
  CHECK_THROWS_AS(choose_vote_method(false, false, true, true), UsageError);
  CHECK(code(VoteMethod::roll_call) == "roll-call");
  CHECK(parse_enum<VoteMethod>("households", "method") == VoteMethod::households);
  CHECK(method_zh(VoteMethod::secret) == "无记名投票");
}

TEST_CASE("core::rules::vote::a_counted_tally_fits_those_present") {
  CHECK_NOTHROW(check_counted_tally(Tally{5, 3, 1}, 9)); // every one present voted
  CHECK_THROWS_AS(check_counted_tally(Tally{5, 3, 2}, 9), DataError);
  CHECK_NOTHROW(check_counted_tally(Tally{0, 0, 0}, 0));
}

TEST_CASE("core::rules::vote::secret_ballots_add_up") {
  const SecretBallots good{12, 7, 3, 1, 1, 0};
  Tally t = secret_tally(good, 12);
  CHECK(t.yes == 7);
  CHECK(t.no == 3);
  CHECK(t.abstain == 1); // the blank ballot is not a valid vote
  SecretBallots short_one = good;
  short_one.spoiled = 1; // 13 returned of 12 issued
  CHECK_THROWS_AS(secret_tally(short_one, 12), DataError);
  CHECK_THROWS_AS(secret_tally(good, 11), DataError); // more issued than present
}

TEST_CASE("core::rules::vote::counted_outcome_at_the_boundary") {
  const VoteRule rule{Quorum{two_thirds}, more_than_half};
  Tally tally;
  for (int i = 0; i < 5; ++i) {
    add_vote(tally, Choice::yes);
  }
  for (int i = 0; i < 5; ++i) {
    add_vote(tally, Choice::no);
  }
  CHECK(tally.cast() == 10);
  CHECK_FALSE(counted_outcome(rule, 12, 10, tally).carried); // 5 of 10 is not more than half
  add_vote(tally, Choice::yes);
  Outcome o = counted_outcome(rule, 12, 11, tally);
  CHECK(o.carried); // 6 of 11
  CHECK(o.needed == 6);
  CHECK(o.quorum_met);
  add_vote(tally, Choice::abstain);
  CHECK_FALSE(counted_outcome(rule, 12, 12, tally).carried); // 6 of 12: an abstention counts against
}

TEST_CASE("core::rules::vote::an_override_must_change_the_result") {
  CHECK(recorded_result(VoteResult::carried, std::nullopt) == VoteResult::carried);
  CHECK(recorded_result(VoteResult::carried, VoteResult::defeated) == VoteResult::defeated);
  CHECK_THROWS_AS(recorded_result(VoteResult::defeated, VoteResult::defeated), UsageError);
}
