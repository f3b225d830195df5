#pragma once

#include "labels.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

/// Where a proposal stands. The whole table of what may follow what is k_transitions.
enum class Status { collected, accepted, scheduled, ruled, defeated, declined, withdrawn };

/// What moves a proposal from one status to the next, and the command that does it.
enum class Action { collect, accept, decline, withdraw, schedule, carry, defeat, carry_over, reopen };

inline constexpr std::array<EnumName<Status>, 7> k_statuses{{
    {Status::collected, "collected", "已收集"},
    {Status::accepted, "accepted", "已立项"},
    {Status::scheduled, "scheduled", "待议"},
    {Status::ruled, "ruled", "已决议"},
    {Status::defeated, "defeated", "未通过"},
    {Status::declined, "declined", "不予立项"},
    {Status::withdrawn, "withdrawn", "已撤回"},
}};
template <> constexpr auto enum_names<Status>() {
  return std::span{k_statuses};
}

inline constexpr std::array<EnumName<Action>, 9> k_actions{{
    {Action::collect, "collect", "收集"},
    {Action::accept, "accept", "立项"},
    {Action::decline, "decline", "不予立项"},
    {Action::withdraw, "withdraw", "撤回"},
    {Action::schedule, "schedule", "列入议程"},
    {Action::carry, "carry", "表决通过"},
    {Action::defeat, "defeat", "表决未通过"},
    {Action::carry_over, "carry-over", "未表决，留待再议"},
    {Action::reopen, "return", "退回再议"},
}};
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
inline constexpr std::array<Transition, 12> k_transitions{{
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
}};

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
