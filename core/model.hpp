#pragma once

#include "core/date.hpp"
#include "core/labels.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/rules/vote.hpp"

#include <algorithm>
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
  std::optional<long> reference_cost_per_event; // yuan: an event's average cost before the convention
  std::string templates;                        // the village's own templates folder, searched before the shipped one
  std::string operator_name;                    // who keeps the records, named in the history when --as is not given
  SheetLayout notice_layout = SheetLayout::plain;       // 公示 notices ([print] notices)
  SheetLayout announcement_layout = SheetLayout::plain; // 公告, conventions, minutes and reports ([print] formal)
  std::string red_header; // the issuing body's mark printed in red at the head (red-header, gbt9704 layouts)
  std::string code;          // 统计用区划代码: 12 digits (the district needs it)
  std::string township_code; // the township's: 9 digits, the first nine of the village's
};

/// What a group council may settle and what must go up to the village (小事不出组，大事不出村).
struct RoutingRules {
  std::optional<long> group_budget_limit; // yuan; above it a matter is the village's
  bool escalate_multi_group = true;       // a matter that affects more than one group goes up
  bool review_group_rulings = false;      // every group ruling goes to the village for review
};

/// A kind of matter (筹资筹劳...): whether only the village may rule on it, and its own majority.
struct MatterType {
  std::string key;
  std::string name;
  bool village_only = false;
  std::optional<Threshold> majority;
  /// Who decides it: a deliberation council within its competence, or, for the matters the law
  /// reserves, the villagers' meeting (or the representatives' meeting it authorised) or the group meeting.
  DecidingBody decided_by = DecidingBody::council;
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
  CouncilKind kind = CouncilKind::council;
  bool representative = false; // a representative body: women at least 1/3 by default
  /// A statutory meeting with no roster (村民会议, 村民小组会议): counted by a sign-in.
  bool by_headcount() const { return members.empty(); }
  /// Whether the person is on this roster.
  bool has_member(long person_id) const {
    return std::any_of(members.begin(), members.end(), [&](const Person& m) { return m.id == person_id; });
  }
  std::vector<std::string> required_categories;
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
  std::optional<long> budget;            // yuan
  std::string matter_type;               // a MatterType key, or empty
  std::vector<std::string> other_groups; // further groups the matter affects
  Path path = Path::standard;
  int step = 0;            // 四议两公开: steps completed (0 to 4)
  std::string merged_into; // ref of the proposal this one was merged into
};

/// A council's recommendation on a proposal, kept apart from the final ruling.
struct Recommendation {
  long id = 0;
  long council_id = 0;
  std::string council_name;
  std::string session_ref; // empty when not made at a session
  std::string text;
  std::string responsible;
  std::optional<Date> deadline;
  std::string reason; // why it went up
  Date made_on;
  std::optional<Tally> tally; // the council's carried vote on it, when it was voted
};

/// One completed step of 四议两公开, with its attendance record.
struct StepRecord {
  int step = 0;
  std::string council_name;
  std::string session_ref;
  long should_attend = 0;
  long attended = 0;
  Date completed_on;
};

struct Review {
  std::string council_name;
  ReviewDecision decision = ReviewDecision::approve;
  std::string reason;
  Date reviewed_on;
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
  std::string approved_by; // the reviewing council, when a recommendation was approved
};

/// One field of a matter corrected: its code (title, description, budget, group, tier, matter_type, proposer,
/// proposer_phone), the value it had and the one it takes, as text.
struct FieldChange {
  std::string field;
  std::string old_value;
  std::string new_value;
};

} // namespace yishi
