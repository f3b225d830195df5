#include "lifecycle.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace yishi {

std::optional<Status> next_status(Status from, Action action) {
  for (const auto& t : k_transitions) {
    if (t.from == from && t.action == action) {
      return t.to;
    }
  }
  return std::nullopt;
}

std::vector<Action> allowed_actions(Status from) {
  std::vector<Action> actions;
  for (const auto& t : k_transitions) {
    if (t.from == from && std::find(actions.begin(), actions.end(), t.action) == actions.end()) {
      actions.push_back(t.action);
    }
  }
  return actions;
}

Status check_transition(const std::string& proposal_ref, Status from, Action action) {
  if (auto to = next_status(from, action)) {
    return *to;
  }
  std::string next;
  for (const auto& t : k_transitions) {
    if (t.from == from) {
      next += next.empty() ? "" : ", ";
      next += fmt::format("{} ({})", label(t.action), t.command);
    }
  }
  throw RuleViolation(_f("proposal {} is '{}'; it cannot {}", proposal_ref, label(from), label(action)),
                      next.empty() ? _f("'{}' is final: nothing can follow it", label(from))
                                   : _f("next can be: {}", next));
}

std::string describe_lifecycle() {
  std::string out = _("Proposal lifecycle (status: action -> next status):\n");
  for (const auto& s : k_statuses) {
    std::string line;
    for (const auto& t : k_transitions) {
      if (t.from == s.value) {
        line += fmt::format("{}{} -> {}", line.empty() ? "" : _(", "), label(t.action), label(t.to));
      }
    }
    out += fmt::format("  {} {}\n", pad_width(label(s.value), 10), line.empty() ? _("(final)") : line);
  }
  return out;
}

} // namespace yishi
