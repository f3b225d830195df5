#pragma once

#include "core/labels.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

/// Where a proposal stands. The whole table of what may follow what is k_transitions.
enum class Status {
  collected,
  accepted,
  scheduled,
  escalated,
  ruled,
  completed,
  defeated,
  declined,
  withdrawn,
  merged
};

/// What moves a proposal from one status to the next, and the command that does it.
enum class Action {
  collect,
  accept,
  decline,
  withdraw,
  schedule,
  carry,
  defeat,
  carry_over,
  reopen,
  escalate,
  approve,
  send_back,
  take_up,
  advance,
  merge,
  uphold,
  complete,
  unschedule,
  unschedule_escalated,
  correct_vote
};

inline constexpr auto k_statuses = std::to_array<EnumName<Status>>({
    {Status::collected, "collected", "已收集"},
    {Status::accepted, "accepted", "已立项"},
    {Status::scheduled, "scheduled", "待议"},
    {Status::escalated, "escalated", "已上报"},
    {Status::ruled, "ruled", "已决议"},
    {Status::completed, "completed", "已办结"},
    {Status::defeated, "defeated", "未通过"},
    {Status::declined, "declined", "不予立项"},
    {Status::withdrawn, "withdrawn", "已撤回"},
    {Status::merged, "merged", "已合并"},
});
template <> constexpr auto enum_names<Status>() {
  return std::span{k_statuses};
}

inline constexpr auto k_actions = std::to_array<EnumName<Action>>({
    {Action::collect, "collect", "收集"},
    {Action::accept, "accept", "立项"},
    {Action::decline, "decline", "不予立项"},
    {Action::withdraw, "withdraw", "撤回"},
    {Action::schedule, "schedule", "列入议程"},
    {Action::carry, "carry", "表决通过"},
    {Action::defeat, "defeat", "表决未通过"},
    {Action::carry_over, "carry-over", "未表决，留待再议"},
    {Action::reopen, "return", "退回再议"},
    {Action::escalate, "escalate", "上报"},
    {Action::approve, "approve", "审核通过"},
    {Action::send_back, "send-back", "退回小组再议"},
    {Action::take_up, "take-up", "村级议事"},
    {Action::advance, "advance", "进入下一步"},
    {Action::merge, "merge", "合并"},
    {Action::uphold, "uphold-objection", "异议成立，重新议事"},
    {Action::complete, "complete", "办结"},
    {Action::unschedule, "unschedule", "会议取消，撤出议程"},
    {Action::unschedule_escalated, "unschedule-escalated", "会议取消，回到待审"},
    {Action::correct_vote, "correct-vote", "更正表决记录"},
});
template <> constexpr auto enum_names<Action>() {
  return std::span{k_actions};
}

struct Transition {
  Action action;
  Status from;
  Status to;
  std::string_view command; // the yishi command a secretary types for it
};

/// The proposal lifecycle, as data: the one place that says which step may follow which.
inline constexpr auto k_transitions = std::to_array<Transition>({
    {Action::accept, Status::collected, Status::accepted, "proposal accept"},
    {Action::decline, Status::collected, Status::declined, "proposal decline"},
    {Action::withdraw, Status::collected, Status::withdrawn, "proposal withdraw"},
    {Action::schedule, Status::accepted, Status::scheduled, "session plan"},
    {Action::decline, Status::accepted, Status::declined, "proposal decline"},
    {Action::withdraw, Status::accepted, Status::withdrawn, "proposal withdraw"},
    {Action::carry, Status::scheduled, Status::ruled, "session vote"},
    {Action::defeat, Status::scheduled, Status::defeated, "session vote"},
    {Action::carry_over, Status::scheduled, Status::accepted, "session close"},
    {Action::withdraw, Status::scheduled, Status::withdrawn, "proposal withdraw"},
    {Action::reopen, Status::defeated, Status::accepted, "proposal return"},
    {Action::decline, Status::defeated, Status::declined, "proposal decline"},
    // Two tiers: a group matter goes up with the group's recommendation (上报), and the village
    // council reviews it (审核把关): approves it, sends it back to the group, or takes it up.
    {Action::escalate, Status::accepted, Status::escalated, "proposal escalate"},
    {Action::escalate, Status::scheduled, Status::escalated, "proposal escalate"},
    {Action::escalate, Status::defeated, Status::escalated, "proposal escalate"},
    {Action::schedule, Status::escalated, Status::scheduled, "session plan --council village"},
    {Action::approve, Status::scheduled, Status::ruled, "proposal review --approve --session"},
    {Action::send_back, Status::escalated, Status::accepted, "proposal review --send-back"},
    {Action::take_up, Status::escalated, Status::accepted, "proposal review --take-up"},
    {Action::decline, Status::escalated, Status::declined, "proposal decline"},
    // 四议两公开: each of the first three steps, once carried, opens the next.
    {Action::advance, Status::scheduled, Status::accepted, "session vote"},
    // Several proposals on one matter become one village matter.
    {Action::merge, Status::collected, Status::merged, "proposal merge"},
    {Action::merge, Status::accepted, Status::merged, "proposal merge"},
    {Action::merge, Status::escalated, Status::merged, "proposal merge"},
    // An objection to a posted notice, upheld, sends the matter back to deliberation.
    {Action::uphold, Status::scheduled, Status::accepted, "notice answer --upheld"},
    {Action::uphold, Status::escalated, Status::accepted, "notice answer --upheld"},
    {Action::uphold, Status::ruled, Status::accepted, "notice answer --upheld"},
    // 结果运用: the ruling carried out.
    {Action::complete, Status::ruled, Status::completed, "progress done"},
    // A session called off before it met: its agenda goes back to where it was.
    {Action::unschedule, Status::scheduled, Status::accepted, "session cancel"},
    {Action::unschedule_escalated, Status::scheduled, Status::escalated, "session cancel"},
    // A vote recorded in error, while its session is open: the matter is back before the vote, to record it again.
    {Action::correct_vote, Status::ruled, Status::scheduled, "session vote --correct"},
    {Action::correct_vote, Status::defeated, Status::scheduled, "session vote --correct"},
    {Action::correct_vote, Status::escalated, Status::scheduled, "session vote --correct"},
});

/// The status `action` leads to from `from`, or nothing when the table does not allow it.
std::optional<Status> next_status(Status from, Action action);

/// The actions allowed from `from`, in table order, without repeats.
std::vector<Action> allowed_actions(Status from);

/// Throws RuleViolation unless the table allows `action` from `from`; the message names
/// the proposal, its status and the allowed next steps. Returns the new status.
Status check_transition(const std::string& proposal_ref, Status from, Action action);

/// The lifecycle table as text, for --help.
std::string describe_lifecycle();

} // namespace yishi
