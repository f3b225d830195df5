#pragma once

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/model.hpp"
#include "core/rules/proposal_rules.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <optional>

namespace yishi {

/// The village council's decision on an escalated matter (审核把关).
struct ReviewInput {
  ReviewDecision decision = ReviewDecision::approve;
  std::string reason;
  std::string responsible;      // for approve, when the recommendation names none
  std::optional<Date> deadline; // for approve, when the recommendation names none
};

struct ProposalFilter {
  std::optional<Status> status;
  std::string group;
  std::optional<Channel> channel;
  std::optional<Tier> tier;
  std::optional<int> year;
  std::optional<long> limit;
};

/// A correction of a matter's fields (proposal edit): the fields given are changed, the others kept.
struct ProposalEdit {
  std::optional<std::string> title, description, group, proposer, proposer_phone, matter_type;
  std::optional<Tier> tier;
  std::optional<long> budget;
};

/// A correction checked against the rules and the board, before anything is written.
struct EditPlan {
  Proposal before;
  CheckedProposal after;
  std::vector<FieldChange> changes;
  /// A posted notice that shows a field being changed (the latest such, not superseded): the correction is
  /// then made in public, by a correction notice (更正公示) whose posting applies it.
  std::string shown_on;
};

/// A correction as recorded: applied, or waiting for its correction notice to be posted.
struct Correction {
  FieldChange change;
  std::string reason;
  std::string at;
  std::string notice_ref; // the correction notice, when one puts it right in public
  bool applied = true;
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

  std::vector<Recommendation> recommendations(long proposal_id) const;
  std::vector<Review> reviews(long proposal_id) const;
  std::vector<StepRecord> steps(long proposal_id) const;
  /// Refs of the proposals merged into this one.
  std::vector<std::string> merged_from(long proposal_id) const;

  /// Checks a correction of the matter's fields by the rules a new matter passes; refuses one that changes
  /// nothing, and a change of the facts a ruling was made on (group, tier, budget, type) once it is ruled.
  EditPlan plan_edit(std::string_view ref, const ProposalEdit& edit) const;
  /// Records the plan's corrections with the reason. Without `pending_notice`, applies them now; with it, they
  /// wait for that correction notice to be posted (apply_corrections_of).
  Proposal record_edit(const EditPlan& plan, std::string_view reason, std::optional<long> pending_notice = {});
  /// Applies the corrections waiting for the correction notice `notice_id`, now that it is posted.
  void apply_corrections_of(long notice_id);
  /// Every correction of the matter, oldest first.
  std::vector<Correction> corrections(long proposal_id) const;
  /// Moves the proposal by `action`, or throws RuleViolation naming the allowed next steps.
  Proposal apply(const Proposal& proposal, Action action, std::string_view note);

  /// Sends a group matter up to the village council with the group council's recommendation
  /// (上报). Without `recommendation`, the text of the group's latest motion on it is used.
  Proposal escalate(std::string_view ref, std::string_view reason, std::string_view recommendation);
  /// Records a recommendation made by `council_id` (at a session, when `session_id` is set).
  long add_recommendation(const Proposal& proposal, long council_id, std::optional<long> session_id,
                          std::string_view text, std::string_view responsible, std::optional<Date> deadline,
                          std::string_view reason);
  /// The village council sends back or takes up an escalated matter. Approval is a vote
  /// (SessionStore::approve); asked for here, it is refused with the commands to run.
  Proposal review(std::string_view ref, const ReviewInput& input);
  /// Records the village council's review of a recommendation.
  void record_review(const Proposal& proposal, long recommendation_id, long council_id, ReviewDecision decision,
                     std::string_view reason);
  /// Several proposals on one matter become one new village matter; each origin is kept.
  Proposal merge(const std::vector<std::string>& refs, std::string_view title, std::string_view description);
  /// Puts a village matter on the 四议两公开 path.
  Proposal set_path(std::string_view ref, Path path);
  /// Records a completed step of 四议两公开 and returns the proposal with its new step count.
  Proposal record_step(const Proposal& proposal, long session_id, long should_attend, long attended);

private:
  /// Writes a checked correction's values to the proposal row.
  void write_fields(long proposal_id, const CheckedProposal& after);
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// "2026-001" from year and sequence; parse_proposal_ref accepts "2026-1" too.
std::string proposal_ref(int year, int seq);
std::pair<int, int> parse_proposal_ref(std::string_view ref);
/// "S2026-001".
std::string session_ref(int year, int seq);

/// A numbered record's ref as people type it: with its letter or without (S2026-003, s2026-3, 2026-003),
/// or a bare number for this year's (3).
struct TypedRef {
  int year = 0;
  int seq = 0;
  bool bare = false; // typed as a bare number: the year is the clock's
};
std::optional<TypedRef> read_ref(std::string_view text, char letter, int this_year);

/// The words of one kind of numbered record, for its refusals (msgids, translated when thrown).
struct RefKind {
  char letter;            // 'S'; '\0' for proposals, which have none
  const char* not_a;      // "'{}' is not a session number"
  const char* looks_like; // "session numbers look like S2026-001"
  const char* none;       // "no session {}"
  const char* list_hint;  // "list them with: yishi session list"
};

/// The `find` of find_by_ref for a table numbered by year: `sql` ends in "WHERE ... year = ? AND ... = ?";
/// its first row is read by `read`.
template <typename T, typename Read> auto row_by_year_seq(SQLite::Database& db, std::string sql, Read read) {
  return [&db, sql = std::move(sql), read](int year, int seq) -> std::optional<T> {
    SQLite::Statement q(db, sql);
    q.bind(1, year);
    q.bind(2, seq);
    if (!q.executeStep()) {
      return std::nullopt;
    }
    return read(q);
  };
}

/// The record a typed ref names, found by `find(year, seq)` (empty when there is none). A bare number
/// that this year lacks but last year has could mean either: the refusal names both.
template <typename T, typename Find>
T find_by_ref(std::string_view text, const RefKind& kind, int this_year, Find find) {
  auto ref = read_ref(text, kind.letter, this_year);
  if (!ref) {
    throw NotFound(_f(kind.not_a, text), translate(kind.looks_like));
  }
  if (std::optional<T> found = find(ref->year, ref->seq)) {
    return *found;
  }
  auto full = [&](int year) { return std::string(kind.letter ? 1 : 0, kind.letter) + proposal_ref(year, ref->seq); };
  if (ref->bare && find(ref->year - 1, ref->seq)) {
    throw NotFound(_f("{} is not this year's ({} does not exist); last year's is {}: give it in full", text,
                      full(ref->year), full(ref->year - 1)),
                   translate(kind.list_hint));
  }
  if (ref->bare && ref->seq >= 1900 && ref->seq <= 2999) {
    // "2026" alone is more likely a year typed without its number than the 2026th record.
    throw NotFound(_f(kind.not_a, text), translate(kind.looks_like));
  }
  throw NotFound(_f(kind.none, ref->bare ? full(ref->year) : std::string(text)), translate(kind.list_hint));
}

} // namespace yishi
