#pragma once

#include "date.hpp"
#include "labels.hpp"
#include "lifecycle.hpp"
#include "vote.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

struct VillageInfo {
  std::string name;
  std::string township;
  std::string issuing_body;      // 落款 on notices
  std::string supervision_phone; // 监督电话: an office number, printed as is
  std::string feedback;          // how villagers respond to a notice
  std::string serial_prefix;     // 老寨村议公 → 老寨村议公〔2026〕3号
  int posting_days = 7;
};

struct Group {
  long id = 0;
  std::string name;
  long households = 0;
  long adults = 0;
};

struct Person {
  long id = 0;
  std::string name;
  std::optional<long> group_id;
  std::string group_name;
  Gender gender = Gender::male;
  bool party_member = false;
  std::vector<std::string> categories;
  std::string phone;     // private
  std::string id_number; // private
};

struct Council {
  long id = 0;
  std::string key;
  std::string name;
  Tier tier = Tier::group;
  std::optional<long> group_id;
  std::string group_name;
  long convener_id = 0;
  std::string convener_name;
  std::string rule_kind;
  VoteRule rule;
  std::optional<double> min_party_share;
  std::optional<double> min_women_share;
  std::vector<Person> members;
};

struct Proposal {
  long id = 0;
  std::string ref; // 2026-001
  std::string title;
  std::string description;
  std::optional<long> group_id;
  std::string group_name;
  Tier tier = Tier::group;
  Channel channel = Channel::door_to_door;
  std::optional<long> proposer_id;
  std::string proposer_name;
  std::string proposer_phone; // private
  Date submitted_on;
  Status status = Status::collected;
};

struct ProposalEvent {
  std::string at;
  Action action;
  std::optional<Status> from;
  Status to;
  std::string note;
};

struct Ruling {
  long id = 0;
  std::string council_name;
  std::string session_ref;
  std::string text;
  std::string responsible;
  Date deadline;
  Date ruled_on;
};

} // namespace yishi
