#include "core/rules/composition.hpp"

#include <doctest/doctest.h>

using namespace yishi;

namespace {

Council council_of(int party, int non_party, int women, Tier tier) {
  Council c;
  c.tier = tier;
  for (int i = 0; i < party + non_party; ++i) {
    Person p;
    p.party_member = i < party;
    p.gender = i < women ? Gender::female : Gender::male;
    p.categories = {i % 2 == 0 ? "党员代表" : "乡贤"};
    c.members.push_back(p);
  }
  return c;
}

} // namespace

TEST_CASE("core::rules::composition::village_council_needs_60_percent_party_members") {
  CHECK(check_composition(council_of(9, 6, 5, Tier::village)).ok()); // exactly 60%
  auto r = check_composition(council_of(8, 7, 5, Tier::village));
  REQUIRE(r.broken.size() == 1);
  CHECK(r.broken[0] == "Party members are 8 of 15; the rule needs at least 60% (9)");
}

TEST_CASE("core::rules::composition::group_council_needs_20_percent") {
  CHECK(check_composition(council_of(1, 4, 0, Tier::group)).ok());       // 1 of 5 is exactly 20%
  CHECK_FALSE(check_composition(council_of(1, 5, 0, Tier::group)).ok()); // 1 of 6 is not
}

TEST_CASE("core::rules::composition::representative_bodies_need_a_third_women") {
  Council c = council_of(3, 3, 1, Tier::village);
  c.kind = CouncilKind::representatives;
  c.representative = true;
  auto r = check_composition(c);
  REQUIRE(r.broken.size() == 1);
  CHECK(r.broken[0] == "women are 1 of 6; the rule needs at least 33% (2)");
  c.min_women_share = 0.1;
  CHECK(check_composition(c).ok());
}

TEST_CASE("core::rules::composition::required_categories") {
  Council c = council_of(1, 4, 0, Tier::group);
  c.required_categories = {"党员代表", "退休老干部"};
  auto r = check_composition(c);
  CHECK(r.categories == std::vector<std::string>{"党员代表", "乡贤"});
  CHECK(r.missing_categories == std::vector<std::string>{"退休老干部"});
  CHECK(r.broken.back() == "no member represents: 退休老干部");
}
