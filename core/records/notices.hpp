#pragma once

#include "core/model/notices.hpp"
#include "core/rules/calendar.hpp"
#include <SQLiteCpp/Database.h>

namespace yishi {

struct PostInput {
  std::optional<Date> on;
  std::optional<int> days;
  const HolidayCalendar* working_days = nullptr; // count working days by this calendar
  std::vector<Place> places;
  std::string posted_by;
};

/// The session a notice is about: its ref and its time.
struct NoticedSession {
  std::string ref;
  DateTime starts_at;
};

/// Notices (公示): drafted from a template for one stage of a proposal, then posted.
class NoticeStore {
public:
  NoticeStore(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  /// What the notice of one stage will say, checked against the records: one notice a stage,
  /// a session for every stage, a vote for the process, a ruling for the result. `text` is the
  /// implementation summary for that stage.
  NoticeFacts facts(std::string_view proposal_ref, Stage stage, std::string_view text = {},
                    std::string_view session_ref = {}) const;
  /// A correction (更正公示) of a posted notice, checked: a new notice that supersedes it once posted.
  CorrectionFacts correction_facts(std::string_view ref, std::string_view reason, std::string_view text) const;
  /// Stores a worded notice as a draft (its first line is the title), numbered in the year's sequence.
  /// A plan or process notice names its session.
  Notice add_draft(long proposal_id, Stage stage, std::string_view worded, std::optional<long> supersedes = {},
                   std::optional<long> session_id = {});
  /// Posts a draft on `on` (default today) for `days` (default: the village's), calendar or working days.
  Notice post(std::string_view ref, const PostInput& input);
  /// Voids a draft (作废) with the reason: it keeps its record and its number and is never posted. Serials are
  /// given at posting, so the posted series has no hole. A posted notice is corrected instead.
  Notice discard(std::string_view ref, std::string_view reason);
  /// The session a plan or process notice is about, when it names one.
  std::optional<NoticedSession> session_of(const Notice& notice) const;
  Notice get(std::string_view ref) const;
  /// Notices in a state; with `due_within`, only those posted and ending within that many days.
  std::vector<Notice> list(std::optional<NoticeState> state, std::string_view proposal_ref = {},
                           std::optional<int> due_within = {}) const;
  /// The notices posted on one day, in number order.
  std::vector<Notice> posted_on(Date day) const;

  /// Records an objection; accepted only while the notice is up.
  Objection object(std::string_view notice_ref, std::string_view objector, std::string_view phone,
                   std::string_view text, std::optional<Date> on);
  /// Upheld sends the matter back to deliberation (a ruling is set aside); dismissed needs a reason.
  Objection answer(std::string_view objection_ref, bool upheld, std::string_view reason);
  Objection objection(std::string_view ref) const;
  /// The objections to a proposal's notices (all, or the open ones).
  std::vector<Objection> objections(std::optional<long> proposal_id, bool open_only) const;

private:
  SQLite::Database& m_db;
  const Clock& m_clock;
};

/// "N2026-003": a notice's number as typed and listed, from its year and number.
std::string notice_ref(int year, int number);

/// The fingerprint (核验码) printed on a posted sheet: SHA-256 of its content and the chain head when it
/// was posted, cut to `groups` groups of four hex digits. Sheets are posted with 4 groups (64 bits:
/// B3A8-E755-1C2D-9F00, read aloud group by group); sheets posted before yishi 0.11 carry 2 (32 bits),
/// and are checked at their own length.
inline constexpr int fingerprint_groups_posted = 4;
std::string notice_fingerprint(const Notice& notice, const std::string& chain_head,
                               int groups = fingerprint_groups_posted);

/// How many groups a printed fingerprint has (B3A8-E755: 2).
int fingerprint_groups(std::string_view code);

} // namespace yishi
