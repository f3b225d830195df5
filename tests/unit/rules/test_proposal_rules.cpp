// The one rule set a proposal and a person pass, whatever door they come in by.
#include "core/error.hpp"
#include "core/rules/proposal_rules.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace std::chrono;

namespace {

VillageFacts village() {
  VillageFacts v;
  v.groups = {Group{1, "新义组", 40, 120}, Group{2, "东风组", 30, 90}};
  MatterType road;
  road.key = "public-welfare";
  road.name = "公益事业";
  v.matter_types = {road};
  v.today = Date{year{2026}, month{3}, day{5}};
  return v;
}

NewProposal road() {
  NewProposal p;
  p.title = "  修路  ";
  p.proposer = "甲";
  p.group = "新义组";
  return p;
}

} // namespace

TEST_CASE("core::rules::proposal_rules::a_good_candidate_is_trimmed_and_resolved") {
  NewProposal p = road();
  p.matter_type = "公益事业";
  p.other_groups = {"东风组"};
  ProposalCheck c = check_proposal(p, village());
  REQUIRE(c.ok());
  CHECK(c.value.input.title == "修路");
  CHECK(c.value.group->id == 1);
  CHECK(c.value.tier == Tier::group);
  CHECK(c.value.input.matter_type == "public-welfare"); // by name, kept as its key
  CHECK(c.value.submitted_on == village().today);
  REQUIRE(c.value.other_groups.size() == 1);
  CHECK(c.value.other_groups[0].name == "东风组");
}

TEST_CASE("core::rules::proposal_rules::every_problem_is_reported_in_field_order") {
  NewProposal p;
  p.title = "";
  p.proposer = "甲";
  p.proposer_phone = "x123";
  p.group = "火星组";
  p.submitted_on = Date{year{2026}, month{3}, day{6}};
  p.budget = -1;
  p.matter_type = "飞天";
  p.other_groups = {"新义组", "新义组"};
  ProposalCheck c = check_proposal(p, village());
  REQUIRE(c.problems.size() == 7);
  CHECK(c.problems[0].field == CandidateField::title);
  CHECK(c.problems[0].message == "title must not be empty");
  CHECK(c.problems[1].field == CandidateField::phone);
  CHECK(c.problems[1].message == "proposer phone 'x123' is not a phone number");
  CHECK(c.problems[1].note == "'x123' is not a phone number");
  CHECK(c.problems[2].field == CandidateField::group);
  CHECK(c.problems[2].not_found);
  CHECK(c.problems[2].message == "no group named '火星组'");
  CHECK(c.problems[2].hint == "groups: 新义组, 东风组");                                      // the village's order
  CHECK(c.problems[2].note == "'火星组' is not one of the village's groups: 东风组, 新义组"); // sorted
  CHECK(c.problems[3].field == CandidateField::date);
  CHECK(c.problems[4].field == CandidateField::budget);
  CHECK(c.problems[5].field == CandidateField::matter_type);
  CHECK(c.problems[5].message == "no matter type '飞天'");
  CHECK(c.problems[6].field == CandidateField::other_groups);
  CHECK(c.problems[6].message == "group 新义组 is named twice");
}

TEST_CASE("core::rules::proposal_rules::a_group_matter_needs_its_group") {
  NewProposal p = road();
  p.group = "";
  CHECK(check_proposal(p, village()).value.tier == Tier::village); // no group: a village matter
  p.tier = Tier::group;
  ProposalCheck c = check_proposal(p, village());
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].field == CandidateField::tier);
  p.other_groups = {"东风组"};
  p.tier.reset();
  c = check_proposal(p, village());
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].note == "further groups need the group the matter starts in");
}

TEST_CASE("core::rules::proposal_rules::names_follow_the_door") {
  NewProposal p = road();
  p.title = std::string(101 * 3, '\0');
  for (size_t i = 0; i < p.title.size(); i += 3) {
    p.title.replace(i, 3, "路");
  }
  FieldNames names;
  names.title = "标题";
  ProposalCheck c = check_proposal(p, village(), names);
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].message == "标题 is 101 characters long; at most 100 are allowed");
  CHECK_THROWS_AS(throw_problem(c.problems[0]), DataError);
}

TEST_CASE("core::rules::proposal_rules::person") {
  PersonCheck ok = check_person(NewPerson{" 乙 ", "东风组", "13812345678", ""}, village());
  REQUIRE(ok.ok());
  CHECK(ok.value.name == "乙");
  CHECK(ok.group->id == 2);
  PersonCheck bad = check_person(NewPerson{"", "火星组", "x1", "12"}, village());
  REQUIRE(bad.problems.size() == 4);
  CHECK(bad.problems[0].field == CandidateField::name);
  CHECK(bad.problems[1].field == CandidateField::group);
  CHECK(bad.problems[2].field == CandidateField::phone);
  CHECK(bad.problems[3].field == CandidateField::id_number);
  CHECK_THROWS_AS(throw_problem(bad.problems[1]), NotFound);
}
