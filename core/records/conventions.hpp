#pragma once

#include "core/model/conventions.hpp"

#include <SQLiteCpp/Database.h>
#include <map>

namespace yishi {

/// A new version's changes to the one before it.
struct Amendment {
  std::vector<std::pair<Limit, long>> limits; // set or change a limit
  std::vector<std::string> clauses;           // add free-text clauses
  std::vector<int> dropped;                   // clause numbers to drop
};

struct DeclarationInput {
  std::string household;
  std::string group;
  EventKind event = EventKind::wedding;
  Date event_on;
  std::optional<Date> declared_on; // default today
  EventFigures planned;
};

class ConventionStore {
public:
  ConventionStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  /// A convention adopted by the ruling on `proposal_ref`, in force from `effective_on`.
  Convention add(std::string_view title, std::string_view proposal_ref, Date effective_on,
                 const std::vector<Clause>& clauses);
  /// A new version from another ruling; the old versions stay and apply before its date.
  Convention amend(long id, std::string_view proposal_ref, Date effective_on, const Amendment& amendment);
  /// Records the next step of the latest version's adoption path; steps come in order.
  Convention record_step(long id, AdoptionStep step, Date done_on, std::string_view note);
  Convention get(long id) const;
  std::vector<Convention> list() const;
  /// The convention version adopted by a proposal's ruling, if any.
  std::optional<std::pair<Convention, ConventionVersion>> adopted_by(long proposal_id) const;

  Declaration declare(const DeclarationInput& input);
  Declaration answer(std::string_view ref, CouncilAnswer answer, std::string_view note);
  Declaration record_actual(std::string_view ref, const EventFigures& actual);
  Declaration declaration(std::string_view ref) const;
  std::vector<Declaration> declarations(std::optional<int> year) const;
  DeclarationCheck check(const Declaration& d) const;
  ConventionReport report(int year) const;

private:
  long insert_version(long convention_id, int version, long proposal_id, Date effective_on,
                      const std::vector<Clause>& clauses);
  SQLite::Database& m_db;
  const Clock& m_clock;
};

} // namespace yishi
