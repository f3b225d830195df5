#include "documents.hpp"

#include "core/documents/minutes.hpp"
#include "core/documents/notice_text.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"

namespace yishi {

Notice draft_notice(SQLite::Database& db, const Clock& clock, std::string_view proposal_ref, Stage stage,
                    const TemplateLoader& templates, std::string_view text, std::string_view session_ref) {
  NoticeStore notices(db, clock);
  NoticeFacts facts = notices.facts(proposal_ref, stage, text, session_ref);
  std::optional<long> session;
  if (stage == Stage::plan || stage == Stage::process) {
    session = facts.session.session.id;
  }
  return notices.add_draft(facts.proposal.id, stage, notice_text(facts, templates), std::nullopt, session);
}

Notice correct_notice(SQLite::Database& db, const Clock& clock, std::string_view notice_ref, std::string_view reason,
                      std::string_view text, const TemplateLoader& templates) {
  NoticeStore notices(db, clock);
  CorrectionFacts facts = notices.correction_facts(notice_ref, reason, text);
  return notices.add_draft(facts.proposal_id, Stage::correction, correction_text(facts, templates), facts.corrected.id);
}

EditOutcome edit_proposal(SQLite::Database& db, const Clock& clock, std::string_view proposal_ref,
                          const ProposalEdit& edit, std::string_view reason, const TemplateLoader& templates) {
  ProposalStore proposals(db, clock);
  EditOutcome out;
  out.plan = proposals.plan_edit(proposal_ref, edit);
  if (out.plan.shown_on.empty()) {
    out.after = proposals.record_edit(out.plan, reason);
    return out;
  }
  out.correction = correct_notice(
      db, clock, out.plan.shown_on, corrected_fields_reason(reason),
      corrected_fields_wording(out.plan.before.title, out.plan.before.ref, out.plan.changes), templates);
  out.after = proposals.record_edit(out.plan, reason, out.correction->id);
  return out;
}

SessionChange reschedule_session(SQLite::Database& db, const Clock& clock, std::string_view session_ref, DateTime at,
                                 std::string_view reason, const TemplateLoader& templates,
                                 std::vector<Notice>& corrections) {
  SessionChange change = SessionStore(db, clock).reschedule(session_ref, at, reason);
  for (const auto& posted : change.posted_notices) {
    corrections.push_back(correct_notice(db, clock, posted, rescheduled_reason(reason),
                                         rescheduled_wording(change.session, change.old_starts_at), templates));
  }
  return change;
}

SessionChange cancel_session(SQLite::Database& db, const Clock& clock, std::string_view session_ref,
                             std::string_view reason, const TemplateLoader& templates, std::vector<Notice>& corrections) {
  SessionChange change = SessionStore(db, clock).cancel(session_ref, reason);
  for (const auto& posted : change.posted_notices) {
    corrections.push_back(
        correct_notice(db, clock, posted, cancelled_reason(reason),
                       cancelled_wording(change.session, change.old_starts_at), templates));
  }
  return change;
}

SheetContent minutes_of(SQLite::Database& db, const Clock& clock, std::string_view session_ref) {
  SessionRecord record = SessionStore(db, clock).record(session_ref);
  ProposalStore proposals(db, clock);
  std::map<long, Ruling> rulings;
  std::map<long, Recommendation> recommended;
  for (const auto& item : record.items) {
    if (auto ruling = proposals.ruling(item.proposal.id); ruling && ruling->session_ref == record.session.ref) {
      rulings.emplace(item.proposal.id, *ruling);
    }
    for (const auto& rec : proposals.recommendations(item.proposal.id)) {
      if (rec.session_ref == record.session.ref) {
        recommended[item.proposal.id] = rec;
      }
    }
  }
  return session_minutes(record, rulings, recommended);
}

SheetContent voting_record_of(SQLite::Database& db, const Clock& clock, std::string_view session_ref) {
  SessionRecord record = SessionStore(db, clock).record(session_ref);
  ProposalStore proposals(db, clock);
  std::map<long, std::vector<StepRecord>> steps;
  for (const auto& item : record.items) {
    if (item.proposal.path == Path::four_step) {
      steps[item.proposal.id] = proposals.steps(item.proposal.id);
    }
  }
  return voting_record(record, steps);
}

} // namespace yishi
