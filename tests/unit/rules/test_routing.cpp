#include "core/rules/routing.hpp"

#include <doctest/doctest.h>

using namespace yishi;

namespace {

Proposal group_matter() {
  Proposal p;
  p.group_name = "新义组";
  p.tier = Tier::group;
  return p;
}

const std::vector<MatterType> k_types = {
    {"fundraising", "筹资筹劳", true, Threshold{Comparison::at_least, 2, 3, Basis::present}},
    {"minor-works", "小型工程", false, std::nullopt},
};

} // namespace

TEST_CASE("core::rules::routing::budget_limit") {
  RoutingRules rules;
  rules.group_budget_limit = 50000;
  Proposal p = group_matter();
  CHECK_FALSE(beyond_group_competence(p, rules, k_types)); // no budget given
  p.budget = 50000;
  CHECK_FALSE(beyond_group_competence(p, rules, k_types)); // at the limit is within it
  p.budget = 50001;
  auto why = beyond_group_competence(p, rules, k_types);
  REQUIRE(why);
  CHECK(*why == "its budget of 50001 yuan exceeds the group councils' limit of 50000 yuan");
  rules.group_budget_limit.reset();
  CHECK_FALSE(beyond_group_competence(p, rules, k_types)); // no limit configured
}

TEST_CASE("core::rules::routing::several_groups_and_matter_types") {
  RoutingRules rules;
  Proposal p = group_matter();
  p.other_groups = {"东风组"};
  CHECK(*beyond_group_competence(p, rules, k_types) == "it affects more than one group (新义组, 东风组)");
  rules.escalate_multi_group = false;
  CHECK_FALSE(beyond_group_competence(p, rules, k_types));
  p.matter_type = "fundraising";
  CHECK(*beyond_group_competence(p, rules, k_types) == "matters of type 筹资筹劳 are decided by the village");
  p.matter_type = "minor-works";
  CHECK_FALSE(beyond_group_competence(p, rules, k_types));
}

TEST_CASE("core::rules::routing::matter_type_majority") {
  VoteRule council;
  Proposal p = group_matter();
  CHECK(rule_for(council, p, k_types).majority.text() == "> 1/2 present");
  p.matter_type = "fundraising";
  VoteRule r = rule_for(council, p, k_types);
  CHECK(r.majority.text() == ">= 2/3 present");
  CHECK(r.quorum.text() == council.quorum.text());
  // 6 of 9 present carries under 2/3; 5 of 9 does not, though it is more than half.
  CHECK(decide(r, 12, 9, Tally{6, 3, 0}).carried);
  CHECK_FALSE(decide(r, 12, 9, Tally{5, 4, 0}).carried);
}

TEST_CASE("core::rules::routing::four_steps_in_order") {
  CHECK(may_hold_step(1, CouncilKind::party_branch));
  CHECK(may_hold_step(2, CouncilKind::two_committees));
  CHECK(may_hold_step(3, CouncilKind::party_members));
  CHECK(may_hold_step(4, CouncilKind::representatives));
  CHECK(may_hold_step(4, CouncilKind::villagers));
  CHECK_FALSE(may_hold_step(2, CouncilKind::party_members));
  CHECK_FALSE(may_hold_step(1, CouncilKind::council));
  CHECK_FALSE(may_hold_step(5, CouncilKind::villagers));
}

TEST_CASE("core::rules::routing::valid_votes_basis") {
  VoteRule rule;
  rule.majority = Threshold{Comparison::more_than, 1, 2, Basis::valid};
  // 4 for, 3 against, 0 abstaining of 10 present: more than half of the 7 valid votes.
  Outcome o = decide(rule, 12, 10, Tally{4, 3, 0});
  CHECK(o.base == 7);
  CHECK(o.carried);
  CHECK_FALSE(decide(rule, 12, 10, Tally{4, 3, 1}).carried); // 4 of 8 is exactly half
  CHECK(rule.majority.text() == "> 1/2 valid");
  CHECK(parse_threshold("> 1/2 valid", "majority", Basis::present).basis == Basis::valid);
}
