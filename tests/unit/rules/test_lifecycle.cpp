#include "core/error.hpp"
#include "core/rules/lifecycle.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace yishi;

TEST_CASE("core::rules::lifecycle::allowed_transitions") {
  CHECK(next_status(Status::collected, Action::accept) == Status::accepted);
  CHECK(next_status(Status::accepted, Action::schedule) == Status::scheduled);
  CHECK(next_status(Status::scheduled, Action::carry) == Status::ruled);
  CHECK(next_status(Status::scheduled, Action::defeat) == Status::defeated);
  CHECK(next_status(Status::defeated, Action::reopen) == Status::accepted);
  CHECK(next_status(Status::scheduled, Action::carry_over) == Status::accepted);
}

TEST_CASE("core::rules::lifecycle::refused_transitions") {
  CHECK_FALSE(next_status(Status::collected, Action::schedule));
  CHECK_FALSE(next_status(Status::ruled, Action::withdraw));
  CHECK_FALSE(next_status(Status::declined, Action::accept));
  CHECK_FALSE(next_status(Status::collected, Action::carry));
}

TEST_CASE("core::rules::lifecycle::error_names_state_and_next_steps") {
  try {
    check_transition("2026-013", Status::collected, Action::schedule);
    FAIL("expected a RuleViolation");
  } catch (const RuleViolation& e) {
    CHECK(std::string(e.what()) == "proposal 2026-013 is 'collected'; it cannot schedule");
    CHECK(e.hint() == "next can be: accept (proposal accept), decline (proposal decline), withdraw (proposal "
                      "withdraw), merge (proposal merge)");
  }
  try {
    check_transition("2026-002", Status::withdrawn, Action::accept);
    FAIL("expected a RuleViolation");
  } catch (const RuleViolation& e) {
    CHECK(e.hint() == "'withdrawn' is final: nothing can follow it");
  }
}

TEST_CASE("core::rules::lifecycle::every_status_is_reachable_and_named") {
  for (const auto& s : k_statuses) {
    bool reachable = s.value == Status::collected;
    for (const auto& t : k_transitions) {
      reachable = reachable || t.to == s.value;
    }
    CHECK_MESSAGE(reachable, s.code);
  }
  // accepted: schedule, decline, withdraw, escalate, merge
  CHECK(allowed_actions(Status::accepted).size() == 5);
  // Approval is the village council's vote at a session: the matter is scheduled there first.
  CHECK_FALSE(next_status(Status::escalated, Action::approve));
  CHECK(next_status(Status::escalated, Action::schedule) == Status::scheduled);
  CHECK(next_status(Status::scheduled, Action::approve) == Status::ruled);
  CHECK(next_status(Status::escalated, Action::send_back) == Status::accepted);
  CHECK_FALSE(next_status(Status::ruled, Action::escalate));
  CHECK(describe_lifecycle().find("collected  accept -> accepted") != std::string::npos);
}
