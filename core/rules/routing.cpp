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
