#pragma once

#include "core/documents/sheet.hpp"
#include "core/records/notices.hpp"
#include "core/records/sessions.hpp"

namespace yishi {

/// Drafts the notice of one stage: its facts checked in the records, worded by its template,
/// stored as a draft. `text` is the implementation summary for that stage.
Notice draft_notice(SQLite::Database& db, const Clock& clock, std::string_view proposal_ref, Stage stage,
                    const TemplateLoader& templates, std::string_view text = {}, std::string_view session_ref = {});

/// Drafts a correction (更正公示) of a posted notice.
Notice correct_notice(SQLite::Database& db, const Clock& clock, std::string_view notice_ref, std::string_view reason,
                      std::string_view text, const TemplateLoader& templates);

/// Moves a session (改期) and drafts a correction of each posted notice that named the old time, saying the new one.
SessionChange reschedule_session(SQLite::Database& db, const Clock& clock, std::string_view session_ref, DateTime at,
                                 std::string_view reason, const TemplateLoader& templates,
                                 std::vector<Notice>& corrections);
/// Calls a session off (取消) and drafts a correction of each posted notice that announced it.
SessionChange cancel_session(SQLite::Database& db, const Clock& clock, std::string_view session_ref,
                             std::string_view reason, const TemplateLoader& templates, std::vector<Notice>& corrections);
/// A matter's fields corrected (proposal edit), with the reason. Where a posted notice shows a field, the
/// correction waits for a correction notice (更正公示) drafted here, and is applied when it is posted.
struct EditOutcome {
  EditPlan plan;
  Proposal after;                 // as it is now (unchanged while the correction waits)
  std::optional<Notice> correction; // the correction notice drafted, when one is needed
};
EditOutcome edit_proposal(SQLite::Database& db, const Clock& clock, std::string_view proposal_ref,
                          const ProposalEdit& edit, std::string_view reason, const TemplateLoader& templates);
/// The minutes of a session, from its record and the rulings made at it.
SheetContent minutes_of(SQLite::Database& db, const Clock& clock, std::string_view session_ref);

/// The voting record (一事一议表决记录) of a session, with the 四议两公开 record book of its matters on that path.
SheetContent voting_record_of(SQLite::Database& db, const Clock& clock, std::string_view session_ref);

} // namespace yishi
