#pragma once

#include "core/model/implementation.hpp"

#include <SQLiteCpp/Database.h>

namespace yishi {

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
