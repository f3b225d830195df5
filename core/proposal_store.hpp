#pragma once

#include "model.hpp"

#include <SQLiteCpp/Database.h>

namespace yishi {

struct NewProposal {
  std::string title;
  std::string description;
  std::string group; // empty: a village-wide matter
  std::optional<Tier> tier;
  Channel channel = Channel::door_to_door;
  std::string proposer; // a person on record, or a free-text name
  std::string proposer_phone;
  std::optional<Date> submitted_on;
};

struct ProposalFilter {
  std::optional<Status> status;
  std::string group;
  std::optional<Channel> channel;
  std::optional<Tier> tier;
  std::optional<int> year;
  std::optional<long> limit;
};

/// Proposals and their history. Every change of status goes through apply(), which checks
/// the lifecycle table and records the event.
class ProposalStore {
public:
  ProposalStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  Proposal add(const NewProposal& input);
  Proposal get(std::string_view ref) const;
  Proposal get_by_id(long id) const;
  std::vector<Proposal> list(const ProposalFilter& filter) const;
  std::vector<ProposalEvent> history(long proposal_id) const;
  std::optional<Ruling> ruling(long proposal_id) const;

  /// Moves the proposal by `action`, or throws RuleViolation naming the allowed next steps.
  Proposal apply(const Proposal& proposal, Action action, std::string_view note);

private:
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// "2026-001" from year and sequence; parse_proposal_ref accepts "2026-1" too.
std::string proposal_ref(int year, int seq);
std::pair<int, int> parse_proposal_ref(std::string_view ref);
/// "S2026-001".
std::string session_ref(int year, int seq);

/// Checks a free-text field: not empty when required, valid UTF-8, at most max_chars
/// characters. Throws DataError naming the field.
std::string check_text(std::string_view text, std::string_view field, size_t max_chars, bool required);

} // namespace yishi
