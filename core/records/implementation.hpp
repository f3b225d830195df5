#pragma once

#include "core/model.hpp"

#include <SQLiteCpp/Database.h>

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

class ImplementationStore {
public:
  ImplementationStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  Implementation get(std::string_view proposal_ref) const;
  /// Records progress; refused while an objection keeps the ruling from taking effect.
  Implementation add_progress(std::string_view proposal_ref, Date on, int percent, std::string_view note);
  /// The ruling carried out: completion date and evidence; the proposal becomes 'completed'.
  Implementation complete(std::string_view proposal_ref, Date on, std::string_view evidence);
  /// Villagers' satisfaction, counted after completion.
  Implementation record_satisfaction(std::string_view proposal_ref, const Satisfaction& s);

  /// The secretary's morning view: overdue rulings, rulings due, notices expiring and sessions
  /// coming within `days` of today.
  std::vector<DueItem> due(int days) const;

private:
  SQLite::Database& m_db;
  const Clock& m_clock;
};

} // namespace yishi
