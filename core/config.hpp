#pragma once

#include "core/model.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace yishi {

struct PersonConfig {
  Person person;
  std::string group; // name, empty when the person belongs to no group
};

struct CouncilConfig {
  std::string key;
  std::string name;
  Tier tier = Tier::group;
  std::string group;
  std::string convener;
  std::vector<std::string> members;
  std::string rules; // a key of VillageConfig::rules
  std::optional<double> min_party_share;
  std::optional<double> min_women_share;
  CouncilKind kind = CouncilKind::council;
  bool representative = false;
  std::vector<std::string> required_categories;
};

/// A village as written in village.toml, checked for consistency.
/// People and group counts that come from elsewhere than the village.toml (the township's roster, read by
/// io::read_roster): merged as the file is read, before its councils name their members.
struct ExtraPeople {
  std::vector<Group> groups;        // a group the file has gains these counts; another is added
  std::vector<PersonConfig> people; // after the file's own
  std::vector<std::string> origins; // by person: where it comes from, for messages ("花名册.xlsx row 12")
};

struct VillageConfig {
  VillageInfo village;
  std::vector<Group> groups;
  std::vector<PersonConfig> people;
  std::vector<CouncilConfig> councils;
  std::map<std::string, VoteRule> rules;
  RoutingRules routing;
  std::vector<MatterType> matter_types;
};

/// The statutory list of matters for the villagers' (representatives') meeting.
std::vector<MatterType> default_matter_types();

/// The statutory defaults (DOMAIN.md), overridable in [rules.NAME].
std::map<std::string, VoteRule> default_vote_rules();

/// Reads and checks a village.toml. Every error names the file, line, column and key.
VillageConfig load_village_config(const std::filesystem::path& file, const ExtraPeople* extra = nullptr);
VillageConfig parse_village_config(std::string_view text, const std::string& source_name,
                                   const ExtraPeople* extra = nullptr);

} // namespace yishi
