#pragma once

#include "model.hpp"

#include <SQLiteCpp/Database.h>
#include <utility>

namespace yishi {

struct SessionPlan {
  std::string council;
  DateTime starts_at;
  Mode mode = Mode::offline;
  std::string venue;               // the place, the online platform, or the households visited
  std::vector<std::string> agenda; // proposal refs
};

struct Session {
  long id = 0;
  std::string ref; // S2026-001
  Council council;
  DateTime starts_at;
  Mode mode = Mode::offline;
  std::string venue;
  SessionStatus status = SessionStatus::planned;
  std::string closed_at;
};

struct AttendanceEntry {
  Person person;
  std::optional<bool> present; // nothing: not recorded
};

struct Remark {
  std::string speaker;
  bool on_record = true; // false for a guest not on the village's books
  std::string text;
  std::string at;
};

struct Ballot {
  std::string person;
  Choice choice = Choice::yes;
};

struct VoteRecord {
  std::string method; // count or roll-call
  long members = 0;
  long present = 0;
  Tally tally;
  std::string quorum_rule;
  std::string majority_rule;
  VoteResult result = VoteResult::defeated;
  std::vector<Ballot> ballots;
  std::string at;
};

struct MotionRecord {
  long id = 0;
  std::string text;
  std::string mover;
  std::string seconder;
  std::string responsible;
  Date deadline;
  std::string status; // open, carried, defeated
  std::optional<VoteRecord> vote;
};

struct ItemRecord {
  long id = 0;
  int position = 0;
  Proposal proposal;
  std::vector<Remark> remarks;
  std::vector<MotionRecord> motions;
};

/// Everything recorded of one session.
struct SessionRecord {
  Session session;
  std::vector<AttendanceEntry> roster;
  std::vector<ItemRecord> items;
  long members() const { return static_cast<long>(roster.size()); }
  long present() const;
  bool attendance_recorded() const;
};

struct NewMotion {
  std::string text;
  std::string responsible;
  Date deadline;
  std::string mover;    // optional, a member
  std::string seconder; // optional, a member
};

/// A counted tally (show of hands) or named ballots per member.
struct VoteInput {
  std::optional<Tally> counted;
  std::vector<Ballot> ballots;
};

struct VoteResultSummary {
  VoteRecord record;
  Outcome outcome;
  VoteRule rule;
  Proposal proposal; // after the vote
};

/// Sessions of the councils, from plan to close.
class SessionStore {
public:
  SessionStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  Session plan(const SessionPlan& plan);
  Session get(std::string_view ref) const;
  std::vector<Session> list() const;
  SessionRecord record(std::string_view ref) const;
  /// The sessions that had the proposal on their agenda, oldest first.
  std::vector<Session> sessions_of(long proposal_id) const;

  /// Marks members present or absent; with `others_present`, every member not named absent
  /// and not yet recorded is present. Returns the roster after the change.
  SessionRecord attend(std::string_view ref, const std::vector<std::string>& present,
                       const std::vector<std::string>& absent, bool others_present);
  /// A remark on an agenda item, by a person on record or (guest) a named visitor.
  void note(std::string_view ref, std::string_view proposal, std::string_view speaker, bool guest,
            std::string_view text);
  MotionRecord motion(std::string_view ref, std::string_view proposal, const NewMotion& motion);
  VoteResultSummary vote(std::string_view ref, std::string_view proposal, const VoteInput& input);
  /// Closes the session; proposals left undecided go back to 'accepted'. Returns their refs.
  std::vector<std::string> close(std::string_view ref);

private:
  Session open_session(std::string_view ref) const;
  long item_id(const Session& session, std::string_view proposal, Proposal& out) const;
  SQLite::Database& m_db;
  const Clock& m_clock;
};

std::pair<int, int> parse_session_ref(std::string_view ref);

} // namespace yishi
