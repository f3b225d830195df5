#include "core/config.hpp"
#include "core/error.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <string>

using namespace yishi;

namespace {

const std::string k_minimal = R"(
[village]
name = "试点村"

[[groups]]
name = "一组"

[[people]]
name = "甲"
group = "一组"
gender = "男"
party = true

[[people]]
name = "乙"
gender = "female"

[[councils]]
key = "village"
name = "试点村村民议事会"
tier = "village"
convener = "甲"
members = ["甲", "乙"]

[[councils]]
key = "yi"
name = "一组议事会"
group = "一组"
convener = "甲"
members = ["甲"]
)";

std::string error_of(const std::string& text) {
  try {
    parse_village_config(text, "v.toml");
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("core::config::minimal_village_with_defaults") {
  VillageConfig c = parse_village_config(k_minimal, "v.toml");
  CHECK(c.village.name == "试点村");
  CHECK(c.village.issuing_body == "试点村村民议事会");
  CHECK(c.village.serial_prefix == "试点村议公");
  CHECK(c.village.posting_days == 7);
  CHECK(c.people.size() == 2);
  CHECK(c.people[0].person.gender == Gender::male);
  CHECK(c.councils[1].tier == Tier::group);
  CHECK(c.councils[1].rules == "group_council");
  CHECK(c.rules.at("group_council").quorum.text() == ">= 2/3 members");
  // 村民会议: more than half of the adults, or representatives of at least 2/3 of the households.
  CHECK(c.rules.at("villagers_meeting").quorum.text() == "> 1/2 adults or >= 2/3 households");
  CHECK(c.rules.at("group_meeting").quorum.text() == ">= 2/3 adults or >= 2/3 households");
}

TEST_CASE("core::config::sample_village_loads") {
  VillageConfig c = load_village_config(std::string(YISHI_SOURCE_DIR) + "/data/laozhai/village.toml");
  CHECK(c.village.name == "老寨村");
  CHECK(c.groups.size() == 6);
  CHECK(c.groups[0].name == "新义组");
  // village council, 6 group councils, the 4 bodies of 四议两公开, the villagers' meeting, 6 group meetings
  CHECK(c.councils.size() == 18);
  const auto& village_council = c.councils[0];
  CHECK(village_council.tier == Tier::village);
  CHECK(village_council.members.size() == 15);
  long party = 0;
  for (const auto& name : village_council.members) {
    for (const auto& p : c.people) {
      party += p.person.name == name && p.person.party_member ? 1 : 0;
    }
  }
  CHECK(party * 10 >= 6 * 15); // at least 60% Party members
  long group_councils = 0;
  for (const auto& council : c.councils) {
    if (council.kind == CouncilKind::group_meeting) {
      CHECK(council.members.empty()); // counted at a sign-in
      continue;
    }
    if (council.tier == Tier::group) {
      ++group_councils;
      CHECK(council.members.size() >= 5);
      CHECK(council.members.size() <= 9);
    }
  }
  CHECK(group_councils == 6);
  CHECK(c.routing.group_budget_limit == 50000);
  auto fundraising = std::find_if(c.matter_types.begin(), c.matter_types.end(),
                                  [](const MatterType& t) { return t.key == "fundraising"; });
  REQUIRE(fundraising != c.matter_types.end());
  CHECK(fundraising->majority->text() == ">= 2/3 present");
}

TEST_CASE("core::config::syntax_error_names_line_and_column") {
  CHECK(error_of("[village]\nname = \"x\"\nposting_days = = 3\n").rfind("v.toml:3:", 0) == 0);
}

TEST_CASE("core::config::semantic_errors_name_line_and_key") {
  CHECK(error_of(replace(k_minimal, "group = \"一组\"\ngender", "group = \"二组\"\ngender")) ==
        "v.toml:10:9: people[1].group: group '二组' is not defined");
  CHECK(error_of(replace(k_minimal, "gender = \"男\"", "gender = \"m\"")) ==
        "v.toml:11:10: people[1].gender: gender 'm' is not known");
  CHECK(error_of(replace(k_minimal, "members = [\"甲\"]", "members = [\"丙\"]")) ==
        "v.toml:30:11: councils[2].members: '丙' is not among the [[people]]");
  CHECK(
      error_of(replace(k_minimal, "convener = \"甲\"\nmembers = [\"甲\"]", "convener = \"乙\"\nmembers = [\"甲\"]")) ==
      "v.toml:29:12: councils[2].convener: '乙' is not a member of this council");
  CHECK(error_of(replace(k_minimal, "name = \"试点村\"", "name = \"试点村\"\nposting_day = 7")) ==
        "v.toml:4:15: village.posting_day: is not a known key");
  CHECK(error_of(replace(k_minimal, "party = true", "party = true\nid_number = \"12345\"")) ==
        "v.toml:13:13: people[1].id_number: is not an 18-digit (or 15-digit) resident ID number");
}

TEST_CASE("core::config::structure_errors") {
  CHECK(error_of("[[groups]]\nname = \"a\"\n").find("a [village] table is required") != std::string::npos);
  CHECK(error_of(replace(k_minimal, "tier = \"village\"", "tier = \"group\""))
            .find("group council must name its group") != std::string::npos);
  std::string no_group_council = k_minimal.substr(0, k_minimal.find("[[councils]]\nkey = \"yi\""));
  CHECK(error_of(no_group_council).find("group '一组' has no council") != std::string::npos);
  CHECK(error_of(replace(k_minimal, "[village]", "[village]\nposting_days = 0")).find("must be from 1 to 90") !=
        std::string::npos);
  CHECK(error_of(replace(k_minimal, "[village]", "[rules.group_council]\nquorum = \"most\"\n\n[village]"))
            .find("quorum 'most' is not a threshold") != std::string::npos);
}
