#pragma once

#include "core/model/sessions.hpp"
#include "core/records/proposals.hpp"

#include <SQLiteCpp/Database.h>
#include <map>
#include <utility>

namespace yishi {

struct SessionPlan {
  std::string council;
  DateTime starts_at;
  Mode mode = Mode::offline;
  std::string venue;               // the place, the online platform, or the households visited
  std::vector<std::string> agenda; // proposal refs
  std::vector<std::string> joint;  // group councils meeting with the village council (村组联席会议)
  std::vector<std::string> invitees;
  bool invitees_vote = false;
};

struct NewMotion {
  std::string text;
  std::string responsible;
  Date deadline;
  std::string mover;    // optional, a member
  std::string seconder; // optional, a member
  /// A villagers' meeting's authorisation: the matter types the representatives' meeting may decide.
  std::vector<std::string> authorises;
};

/// A counted tally (show of hands) or named ballots per member.
struct VoteInput {
  std::optional<Tally> counted;
  std::vector<Ballot> ballots;
  std::optional<SecretBallots> secret;
  bool households = false; // tally the door-to-door visits
  std::optional<VoteResult> override_result;
  std::string override_reason;
};

/// A counted tally (show of hands), the commonest vote.
inline VoteInput counted(Tally tally) {
  VoteInput in;
  in.counted = tally;
  return in;
}

struct VoteResultSummary {
  VoteRecord record;
  Outcome outcome;
  VoteRule rule;
  Proposal proposal;              // after the vote
  bool for_review = false;        // a group ruling that went to the village council for review
  bool escalated = false;         // carried beyond the group's competence: its recommendation, sent up
  std::string council_name;       // who voted
  bool by_headcount = false;      // counted at a sign-in: present are adults signed in
  std::optional<Council> goes_to; // escalated: the body that decides it (none declared: nothing)
};

/// What correcting a session's attendance changed: the roster as it is now, and the matters whose votes were
/// taken on the wrong figures and are undone, to be recorded again.
struct AttendanceCorrected {
  SessionRecord record;
  std::vector<std::string> revote; // proposal refs
};

/// What moving or calling off a session changed, for the door to report and to follow up.
struct SessionChange {
  Session session;                            // as it is now
  DateTime old_starts_at;                     // the time it had
  std::vector<std::string> posted_notices;    // posted plan or announcement notices that named the old time
  std::vector<std::string> discarded_drafts;  // its draft notices, voided (cancel)
  std::vector<std::string> agenda_returned;   // the matters that went back to where they were (cancel)
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
  /// The sign-in of a meeting without a roster (村民会议, 村民小组会议): adults present and households
  /// represented, and who counted. A second count replaces the first (it is kept in the history).
  SessionRecord count(std::string_view ref, long adults, std::optional<long> households, std::string_view counted_by);
  /// An attendance recorded in error, recorded again while the session is open (更正): each member named had a
  /// mark recorded, and it changes; the first mark is kept with the reason (attendance_correction) and the
  /// minutes say so. Every vote already taken at the session stood on the wrong figures: it is undone (as
  /// correct_vote does) and is to be recorded again, quorum and majority checked on the corrected figures.
  /// A member who arrives late or leaves early is no error: record it without a correction.
  AttendanceCorrected correct_attendance(std::string_view ref, const std::vector<std::string>& present,
                                         const std::vector<std::string>& absent, std::string_view reason);
  /// A sign-in's counts recorded in error, recorded again with the reason, as correct_attendance.
  AttendanceCorrected correct_count(std::string_view ref, long adults, std::optional<long> households,
                                    std::string_view counted_by, std::string_view reason);
  /// The matter types the villagers' meeting has authorised the representatives' meeting to decide
  /// (its carried motions with --authorises, whose rulings stand).
  std::vector<std::string> authorised_types() const;
  /// A remark on an agenda item, by a person on record or (guest) a named visitor.
  void note(std::string_view ref, std::string_view proposal, std::string_view speaker, bool guest,
            std::string_view text);
  MotionRecord motion(std::string_view ref, std::string_view proposal, const NewMotion& motion);
  VoteResultSummary vote(std::string_view ref, std::string_view proposal, const VoteInput& input);
  /// A vote recorded in error, recorded again while the session is open (--correct): the figures first recorded
  /// are kept with the reason (vote_correction), what the first vote did is undone (its ruling, its
  /// recommendation, the matter's status), and the vote is taken again on the corrected figures, quorum and
  /// majority checked anew. After the session is closed, the rule is to hold the vote again.
  VoteResultSummary correct_vote(std::string_view ref, std::string_view proposal, const VoteInput& input,
                                 std::string_view reason);
  /// The village council's vote on a group's recommendation (审核把关) at one of its sessions: the
  /// recommendation is put as the motion unless one is open, then voted on; carried, it is the ruling.
  VoteResultSummary approve(std::string_view ref, std::string_view proposal, const VoteInput& input,
                            const ReviewInput& review);
  /// Closes the session; proposals left undecided go back to 'accepted'. Returns their refs.
  std::vector<std::string> close(std::string_view ref);
  /// Moves a session before anything was recorded at it (改期), with the reason; the new time is to come.
  SessionChange reschedule(std::string_view ref, DateTime at, std::string_view reason);
  /// Calls off a session before anything was recorded at it (取消), with the reason: it is never counted as
  /// held, its agenda goes back to where it was (accepted, or escalated for the village council to review),
  /// and its draft notices are voided.
  SessionChange cancel(std::string_view ref, std::string_view reason);
  /// A member leaves the roster for one agenda item (conflict of interest), with the reason.
  void recuse(std::string_view ref, std::string_view proposal, std::string_view member, std::string_view reason);
  /// Logs one household visit of a door-to-door session.
  void visit(std::string_view ref, std::string_view proposal, const Visit& visit, std::string_view visitor);

private:
  Session open_session(std::string_view ref) const;
  /// A session nothing was recorded at yet (no attendance, sign-in, remark, motion or visit), for a change
  /// of plan; refused otherwise, naming what was recorded.
  Session unmet_session(std::string_view ref, std::string_view what) const;
  /// Records a reschedule or a cancellation with its reason; notes in `change` the posted notices that show the
  /// time (each to be corrected) and the draft corrections of them it voided.
  void record_change(const Session& s, std::string_view kind, std::optional<DateTime> at, std::string_view reason,
                     SessionChange& change);
  std::string notice_ref_of(long notice_id) const;
  /// The members named present or absent, each checked to be on the session's roster (a body with no roster
  /// is refused: it is counted at a sign-in).
  std::map<long, bool> named_marks(const Session& s, const SessionRecord& roster,
                                   const std::vector<std::string>& present,
                                   const std::vector<std::string>& absent) const;
  void mark(const Session& s, long person_id, bool present);
  /// Undoes the last vote on an agenda item (kept in vote_correction with `why`): its ruling or recommendation,
  /// its ballots, the matter back before it. False when no vote is recorded; refused when a notice was drafted
  /// from it or the matter has moved on.
  bool undo_vote(const Session& s, const Proposal& p, long item, std::string_view why);
  /// Undoes every vote taken at the session (an attendance correction): the matters to vote on again.
  std::vector<std::string> undo_votes(const Session& s, std::string_view why);
  /// An open session whose time has come: attendance, motions and votes are recorded once it meets.
  Session meeting_session(std::string_view ref) const;
  Session read_session(SQLite::Statement& q) const;
  /// The sessions whose (year, seq) a query returns, in its order.
  std::vector<Session> sessions_in(SQLite::Statement& refs) const;
  /// The session's agenda items in their order: (agenda item id, proposal id).
  std::vector<std::pair<long, long>> agenda_items(const Session& session) const;
  long item_id(const Session& session, std::string_view proposal, Proposal& out) const;
  SQLite::Database& m_db;
  const Clock& m_clock;
};

} // namespace yishi
