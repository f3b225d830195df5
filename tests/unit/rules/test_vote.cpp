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
  CHECK_THROWS_AS(parse_threshold(">= 2/3 households", "quorum", Basis::members), DataError);
}
