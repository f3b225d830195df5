#pragma once

#include "core/model.hpp"
#include "core/rules/convention.hpp"

#include <map>

namespace yishi {

struct AdoptionRecord {
  AdoptionStep step = AdoptionStep::opinions;
  Date done_on;
  std::string note;
};

struct Convention {
  long id = 0;
  std::string title;
  std::vector<ConventionVersion> versions;             // oldest first; every version is kept
  std::map<int, std::vector<AdoptionRecord>> adoption; // by version number
};

struct Declaration {
  long id = 0;
  std::string ref;       // D2026-001
  std::string household; // internal only: public outputs give counts and totals
  std::string group_name;
  EventKind event = EventKind::wedding;
  Date event_on;
  Date declared_on;
  EventFigures planned;
  std::optional<CouncilAnswer> answer;
  std::string answer_note;
  std::optional<EventFigures> actual;
};

/// A declaration checked against the convention versions in force on its event date.
struct DeclarationCheck {
  struct Finding {
    std::string convention;
    int version = 0;
    Breach breach;
  };
  std::vector<Finding> breaches;
  std::vector<std::pair<std::string, Clause>> late; // convention title, clause
  bool covered = false;                             // a convention was in force on the event date
};

struct ConventionReport {
  int year = 0;
  std::map<EventKind, long> events;
  long late = 0;
  std::vector<std::pair<std::string, long>> breaches_by_clause; // "公约 第2条 最多桌数 20", count
  std::optional<long> reference_cost;
  long events_costed = 0;
  long total_cost = 0;
  long estimated_saving = 0;
};

} // namespace yishi
