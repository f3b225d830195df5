#include "routing.hpp"

#include "core/i18n.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace yishi {
namespace {

const MatterType* find_type(const std::vector<MatterType>& types, const std::string& key) {
  auto it = std::find_if(types.begin(), types.end(), [&](const MatterType& t) { return t.key == key; });
  return it == types.end() ? nullptr : &*it;
}

} // namespace

std::optional<std::string> beyond_group_competence(const Proposal& p, const RoutingRules& rules,
                                                   const std::vector<MatterType>& types) {
  if (rules.group_budget_limit && p.budget && *p.budget > *rules.group_budget_limit) {
    return _f("its budget of {} yuan exceeds the group councils' limit of {} yuan", *p.budget,
              *rules.group_budget_limit);
  }
  if (rules.escalate_multi_group && !p.other_groups.empty()) {
    std::vector<std::string> groups{p.group_name};
    groups.insert(groups.end(), p.other_groups.begin(), p.other_groups.end());
    return _f("it affects more than one group ({})", join(groups, _(", ")));
  }
  if (const MatterType* t = find_type(types, p.matter_type); t != nullptr && t->village_only) {
    return _f("matters of type {} are decided by the village", t->name);
  }
  return std::nullopt;
}

std::optional<std::string> not_the_deciding_body(const Council& body, const Proposal& p,
                                                 const std::vector<MatterType>& types,
                                                 const std::vector<std::string>& authorised) {
  const MatterType* t = find_type(types, p.matter_type);
  if (t == nullptr || t->decided_by == DecidingBody::council) {
    return std::nullopt;
  }
  if (t->decided_by == DecidingBody::villagers) {
    if (body.kind == CouncilKind::villagers) {
      return std::nullopt;
    }
    if (body.kind == CouncilKind::representatives &&
        std::find(authorised.begin(), authorised.end(), t->key) != authorised.end()) {
      return std::nullopt;
    }
    return body.kind == CouncilKind::representatives
               ? _f("matters of type {} are decided by the villagers' meeting; it has not authorised the "
                    "representatives' meeting to decide them",
                    t->name)
               : _f("matters of type {} are decided by the villagers' meeting (or the representatives' meeting it "
                    "authorises)",
                    t->name);
  }
  if (body.kind == CouncilKind::group_meeting && body.group_id == p.group_id) {
    return std::nullopt;
  }
  return _f("matters of type {} are decided by the group's meeting (村民小组会议)", t->name);
}

VoteRule rule_for(const VoteRule& council_rule, const Proposal& p, const std::vector<MatterType>& types) {
  VoteRule rule = council_rule;
  if (const MatterType* t = find_type(types, p.matter_type); t != nullptr && t->majority) {
    rule.majority = *t->majority;
  }
  return rule;
}

bool may_hold_step(int number, CouncilKind kind) {
  if (number == 4) {
    return kind == CouncilKind::representatives || kind == CouncilKind::villagers;
  }
  return number >= 1 && number <= 3 && k_four_steps[static_cast<size_t>(number - 1)].body == kind;
}

} // namespace yishi
