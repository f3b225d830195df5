#pragma once

#include "core/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

/// Why a group council may not settle this matter (the rule that applies), or nothing when
/// it may: 小事不出组，大事不出村. Pure.
std::optional<std::string> beyond_group_competence(const Proposal& proposal, const RoutingRules& rules,
                                                   const std::vector<MatterType>& types);

/// Why `body` may not decide this matter (the law names another body), or nothing when it may.
/// `authorised` are the matter types the villagers' meeting has authorised the representatives'
/// meeting to decide. A deliberation council's carried vote on such a matter is its recommendation. Pure.
std::optional<std::string> not_the_deciding_body(const Council& body, const Proposal& proposal,
                                                 const std::vector<MatterType>& types,
                                                 const std::vector<std::string>& authorised);

/// The rule a vote on this proposal follows: the council's, with the majority its matter type
/// requires (for example at least 2/3 of those present for 筹资筹劳). Pure.
VoteRule rule_for(const VoteRule& council_rule, const Proposal& proposal, const std::vector<MatterType>& types);

/// The four steps of 四议两公开 and the body each one needs.
struct FourStep {
  int number;
  std::string_view name_zh; // 提议, 商议, 审议, 决议
  CouncilKind body;
};
inline constexpr auto k_four_steps = std::to_array<FourStep>({
    {1, "提议", CouncilKind::party_branch},
    {2, "商议", CouncilKind::two_committees},
    {3, "审议", CouncilKind::party_members},
    {4, "决议", CouncilKind::representatives}, // or the villagers' meeting
});

/// True when `kind` may hold step `number` (1 to 4).
bool may_hold_step(int number, CouncilKind kind);

} // namespace yishi
