#pragma once

#include "core/model.hpp"

namespace yishi {

struct ProgressEntry {
  Date reported_on;
  int percent = 0;
  std::string note;
};

struct Satisfaction {
  long satisfied = 0;
  long basically = 0;
  long unsatisfied = 0;
  long total() const { return satisfied + basically + unsatisfied; }
};

/// How a ruling is being carried out (结果运用).
struct Implementation {
  std::string proposal_ref;
  std::string title;
  Ruling ruling;
  std::vector<ProgressEntry> progress;
  std::optional<Date> completed_on;
  std::string evidence;
  std::optional<Satisfaction> satisfaction;

  int percent() const { return completed_on ? 100 : progress.empty() ? 0 : progress.back().percent; }
  bool overdue(Date today) const { return !completed_on && ruling.deadline < today; }
};

/// Something the secretary should look at this morning.
struct DueItem {
  enum class Kind { overdue_ruling, ruling_due, notice_expiring, session_coming } kind;
  std::string ref; // a proposal, notice or session
  std::string title;
  Date date;       // the deadline, the last day on the board, the session's day
  std::string who; // the responsible person, or the council
};

} // namespace yishi
