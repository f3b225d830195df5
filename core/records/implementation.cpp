#include "implementation.hpp"

#include "core/error.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>

namespace yishi {
namespace {

void check_in_effect(SQLite::Database& db, const Clock& clock, const Proposal& p) {
  auto open = NoticeStore(db, clock).objections(p.id, true);
  if (!open.empty()) {
    throw RuleViolation(_f("the ruling on {} is not in effect while objection {} is open", p.ref, open.front().ref),
                        _f("answer it first: yishi notice answer {}", open.front().ref));
  }
}

} // namespace

Implementation ImplementationStore::get(std::string_view ref) const {
  ProposalStore proposals(m_db, m_clock);
  Proposal p = proposals.get(ref);
  auto ruling = proposals.ruling(p.id);
  if (!ruling) {
    throw RuleViolation(_f("proposal {} is '{}' and has no ruling to carry out", p.ref, label(p.status)));
  }
  Implementation im{p.ref, p.title, *ruling, {}, std::nullopt, "", std::nullopt};
  SQLite::Statement q(m_db,
                      "SELECT reported_on, percent, note FROM progress WHERE ruling_id = ? ORDER BY reported_on, id");
  q.bind(1, static_cast<int64_t>(ruling->id));
  while (q.executeStep()) {
    im.progress.push_back(
        ProgressEntry{date_from_iso(q.getColumn(0).getString()), q.getColumn(1).getInt(), q.getColumn(2).getString()});
  }
  SQLite::Statement r(m_db, "SELECT completed_on, evidence, satisfied, basically_satisfied, unsatisfied FROM ruling "
                            "WHERE id = ?");
  r.bind(1, static_cast<int64_t>(ruling->id));
  r.executeStep();
  if (!r.getColumn(0).isNull()) {
    im.completed_on = date_from_iso(r.getColumn(0).getString());
  }
  im.evidence = r.getColumn(1).getString();
  if (!r.getColumn(2).isNull()) {
    im.satisfaction = Satisfaction{r.getColumn(2).getInt64(), r.getColumn(3).getInt64(), r.getColumn(4).getInt64()};
  }
  return im;
}

Implementation ImplementationStore::add_progress(std::string_view ref, Date on, int percent, std::string_view note) {
  Implementation im = get(ref);
  Proposal p = ProposalStore(m_db, m_clock).get(ref);
  check_in_effect(m_db, m_clock, p);
  if (im.completed_on) {
    throw RuleViolation(_f("{} was completed on {}", im.proposal_ref, format_iso(*im.completed_on)));
  }
  if (percent < 0 || percent > 99) {
    throw DataError(_f("progress of {}% is out of range", percent),
                    _("give 0 to 99; record completion with: yishi progress done"));
  }
  if (on > m_clock.today()) {
    throw DataError(_f("progress date {} is in the future", format_iso(on)));
  }
  if (on < im.ruling.ruled_on) {
    throw DataError(_f("progress date {} is before the ruling ({})", format_iso(on), format_iso(im.ruling.ruled_on)));
  }
  if (!im.progress.empty() && percent < im.progress.back().percent) {
    throw DataError(_f("progress of {}% is less than the {}% reported on {}", percent, im.progress.back().percent,
                       format_iso(im.progress.back().reported_on)),
                    _("progress only goes forward; explain a setback in the note at the same percent"));
  }
  SQLite::Statement q(m_db, "INSERT INTO progress (ruling_id, reported_on, percent, note) VALUES (?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(im.ruling.id));
  q.bind(2, format_iso(on));
  q.bind(3, percent);
  q.bind(4, check_text(note, "note", 1000, false));
  q.exec();
  return get(ref);
}

Implementation ImplementationStore::complete(std::string_view ref, Date on, std::string_view evidence) {
  ProposalStore proposals(m_db, m_clock);
  Proposal p = proposals.get(ref);
  Implementation im = get(ref);
  check_in_effect(m_db, m_clock, p);
  check_transition(p.ref, p.status, Action::complete);
  if (on > m_clock.today()) {
    throw DataError(_f("completion date {} is in the future", format_iso(on)));
  }
  if (on < im.ruling.ruled_on) {
    throw DataError(_f("completion date {} is before the ruling ({})", format_iso(on), format_iso(im.ruling.ruled_on)));
  }
  if (!im.progress.empty() && on < im.progress.back().reported_on) {
    throw DataError(_f("completion date {} is before the progress recorded on {}", format_iso(on),
                       format_iso(im.progress.back().reported_on)),
                    _("give the day the work was finished"));
  }
  SQLite::Statement q(m_db, "UPDATE ruling SET completed_on = ?, evidence = ? WHERE id = ?");
  q.bind(1, format_iso(on));
  q.bind(2, check_text(evidence, "evidence", 1000, true));
  q.bind(3, static_cast<int64_t>(im.ruling.id));
  q.exec();
  proposals.apply(p, Action::complete, format_iso(on));
  return get(ref);
}

Implementation ImplementationStore::record_satisfaction(std::string_view ref, const Satisfaction& s) {
  Implementation im = get(ref);
  if (!im.completed_on) {
    throw RuleViolation(_f("{} is not completed yet; satisfaction is asked after completion", im.proposal_ref),
                        _f("record completion first: yishi progress done {}", im.proposal_ref));
  }
  if (s.satisfied < 0 || s.basically < 0 || s.unsatisfied < 0 || s.total() == 0) {
    throw DataError(
        _("give the counts of satisfied, basically satisfied and unsatisfied (at least one, none negative)"));
  }
  SQLite::Statement q(m_db, "UPDATE ruling SET satisfied = ?, basically_satisfied = ?, unsatisfied = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(s.satisfied));
  q.bind(2, static_cast<int64_t>(s.basically));
  q.bind(3, static_cast<int64_t>(s.unsatisfied));
  q.bind(4, static_cast<int64_t>(im.ruling.id));
  q.exec();
  return get(ref);
}

std::vector<DueItem> ImplementationStore::due(int days) const {
  Date today = m_clock.today();
  std::string from = format_iso(today);
  std::string until = format_iso(add_days(today, days));
  std::vector<DueItem> out;
  SQLite::Statement r(m_db, "SELECT p.year, p.seq, p.title, r.deadline, r.responsible FROM ruling r "
                            "JOIN proposal p ON p.id = r.proposal_id "
                            "WHERE r.set_aside_on IS NULL AND r.completed_on IS NULL AND r.deadline <= ? "
                            "ORDER BY r.deadline, p.year, p.seq");
  r.bind(1, until);
  while (r.executeStep()) {
    Date deadline = date_from_iso(r.getColumn(3).getString());
    out.push_back(DueItem{deadline < today ? DueItem::Kind::overdue_ruling : DueItem::Kind::ruling_due,
                          proposal_ref(r.getColumn(0).getInt(), r.getColumn(1).getInt()), r.getColumn(2).getString(),
                          deadline, r.getColumn(4).getString()});
  }
  for (const auto& n : NoticeStore(m_db, m_clock).list(NoticeState::posted, {}, days)) {
    out.push_back(DueItem{DueItem::Kind::notice_expiring, n.ref, n.title, *n.ends_on, ""});
  }
  SQLite::Statement s(m_db,
                      "SELECT s.year, s.seq, s.starts_at, c.name FROM session s JOIN council c ON c.id = s.council_id "
                      "WHERE s.status = 'planned' AND substr(s.starts_at, 1, 10) BETWEEN ? AND ? "
                      "ORDER BY s.starts_at");
  s.bind(1, from);
  s.bind(2, until);
  while (s.executeStep()) {
    out.push_back(DueItem{DueItem::Kind::session_coming, session_ref(s.getColumn(0).getInt(), s.getColumn(1).getInt()),
                          s.getColumn(3).getString(), date_from_iso(s.getColumn(2).getString()),
                          s.getColumn(3).getString()});
  }
  return out;
}

} // namespace yishi
