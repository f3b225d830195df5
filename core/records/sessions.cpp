#include "sessions.hpp"

#include "core/error.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/village.hpp"
#include "core/rules/routing.hpp"
#include "core/storage/database.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <map>
#include <set>

namespace yishi {
namespace {

constexpr const char* k_select =
    "SELECT id, year, seq, council_id, starts_at, mode, venue, status, COALESCE(closed_at, '') FROM session ";

DateTime read_time(const std::string& iso) {
  Date epoch{std::chrono::year{1970}, std::chrono::month{1}, std::chrono::day{1}};
  return parse_date_time(iso, epoch, "stored time");
}

Person member(const VillageStore& village, const Council& council, std::string_view name, std::string_view role) {
  Person p = village.person(name);
  if (!council.has_member(p.id)) {
    throw RuleViolation(_f("{} {} is not a member of {}", role, p.name, council.name),
                        _("see the roster with: yishi village show"));
  }
  return p;
}

void bind_optional_id(SQLite::Statement& q, int index, const std::optional<Person>& p) {
  if (p) {
    q.bind(index, static_cast<int64_t>(p->id));
  } else {
    q.bind(index);
  }
}

} // namespace

Session SessionStore::plan(const SessionPlan& plan) {
  VillageStore village(m_db);
  ProposalStore proposals(m_db, m_clock);
  Council council = village.council(plan.council);
  std::string venue = check_text(plan.venue, "venue", 100, plan.mode != Mode::door_to_door);
  if (plan.agenda.empty()) {
    throw DataError(_("a session needs at least one proposal on its agenda"), _("give --agenda 2026-001"));
  }
  // A joint meeting (村组联席会议): the village council with one or more group councils.
  std::vector<Council> joint;
  for (const auto& name : plan.joint) {
    Council g = village.council(name);
    if (council.tier != Tier::village || council.kind != CouncilKind::council) {
      throw RuleViolation(_("a joint meeting is convened by the village council"),
                          _("give --council village and name the group councils with --joint"));
    }
    if (g.tier != Tier::group ||
        std::any_of(joint.begin(), joint.end(), [&](const Council& j) { return j.id == g.id; })) {
      throw DataError(_f("{} cannot join this meeting: name each group council once", g.name));
    }
    joint.push_back(std::move(g));
  }
  std::vector<Person> invitees;
  for (const auto& name : plan.invitees) {
    Person p = village.person(name);
    if (std::any_of(invitees.begin(), invitees.end(), [&](const Person& i) { return i.id == p.id; })) {
      throw DataError(_f("{} is invited twice", p.name));
    }
    invitees.push_back(std::move(p));
  }
  std::vector<Proposal> items;
  std::set<long> seen;
  for (const auto& ref : plan.agenda) {
    Proposal p = proposals.get(ref);
    if (!seen.insert(p.id).second) {
      throw DataError(_f("proposal {} is on the agenda twice", p.ref));
    }
    check_transition(p.ref, p.status, Action::schedule);
    if (plan.starts_at.date < p.submitted_on) {
      throw RuleViolation(_f("proposal {} was collected on {}; a session on {} cannot take it up", p.ref,
                             format_iso(p.submitted_on), format_iso(plan.starts_at.date)),
                          _("give --at a time after the matter was collected"));
    }
    if (p.status == Status::escalated && council.tier == Tier::group && council.kind == CouncilKind::council) {
      throw RuleViolation(_f("proposal {} has gone up to the village council with the group's recommendation", p.ref),
                          _("plan it at the village council: yishi session plan --council village"));
    }
    if (council.tier == Tier::group && (p.tier != Tier::group || p.group_id != council.group_id)) {
      throw RuleViolation(
          p.tier == Tier::village ? _f("proposal {} is a village matter; {} takes up only {}'s group matters", p.ref,
                                       council.name, council.group_name)
                                  : _f("proposal {} is a matter of {}; {} takes up only {}'s group matters", p.ref,
                                       p.group_name, council.name, council.group_name),
          p.tier == Tier::village ? _("plan it at the village council") : _("plan it at its own group's council"));
    }
    if (council.tier == Tier::village && p.tier != Tier::village && p.status != Status::escalated) {
      throw RuleViolation(_f("proposal {} is a group matter of {}; its group council settles it", p.ref, p.group_name),
                          _f("plan it at {}", village.council_of_group(*p.group_id).key));
    }
    if (p.path == Path::four_step) {
      // 四议两公开: the next step, and only the next, by the body it needs.
      int next = p.step + 1;
      if (next > 4 || !may_hold_step(next, council.kind)) {
        const auto& step = k_four_steps[static_cast<size_t>(std::min(next, 4) - 1)];
        throw RuleViolation(
            _f("proposal {} follows 四议两公开: the next step is {} ({}) by the {}; {} cannot skip or reorder it",
               p.ref, next, step.name_zh, label(step.body), council.name),
            _f("plan it at the {}", label(step.body)));
      }
    } else if (council.kind != CouncilKind::council && council.kind != CouncilKind::villagers &&
               council.kind != CouncilKind::representatives && council.kind != CouncilKind::group_meeting) {
      throw RuleViolation(_f("{} meets for 四议两公开; proposal {} does not follow that path", council.name, p.ref),
                          _f("choose the path first: yishi proposal path {} four-step", p.ref));
    }
    items.push_back(std::move(p));
  }
  int year = static_cast<int>(plan.starts_at.date.year());
  int seq = storage::next_in_year(m_db, "session", "seq", year);
  SQLite::Statement q(m_db, "INSERT INTO session (year, seq, council_id, starts_at, mode, venue) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, seq);
  q.bind(3, static_cast<int64_t>(council.id));
  q.bind(4, format_iso(plan.starts_at));
  q.bind(5, std::string(code(plan.mode)));
  q.bind(6, venue);
  q.exec();
  long session_id = m_db.getLastInsertRowid();
  for (const auto& g : joint) {
    SQLite::Statement j(m_db, "INSERT INTO session_council (session_id, council_id) VALUES (?, ?)");
    j.bind(1, static_cast<int64_t>(session_id));
    j.bind(2, static_cast<int64_t>(g.id));
    j.exec();
  }
  for (const auto& p : invitees) {
    SQLite::Statement i(m_db, "INSERT INTO invitee (session_id, person_id, votes) VALUES (?, ?, ?)");
    i.bind(1, static_cast<int64_t>(session_id));
    i.bind(2, static_cast<int64_t>(p.id));
    i.bind(3, plan.invitees_vote ? 1 : 0);
    i.exec();
  }
  std::string ref = session_ref(year, seq);
  int position = 0;
  for (const auto& p : items) {
    SQLite::Statement a(m_db, "INSERT INTO agenda_item (session_id, proposal_id, position) VALUES (?, ?, ?)");
    a.bind(1, static_cast<int64_t>(session_id));
    a.bind(2, static_cast<int64_t>(p.id));
    a.bind(3, ++position);
    a.exec();
    proposals.apply(p, Action::schedule, fmt::format("{} ({})", ref, council.name));
  }
  return get(ref);
}

Session SessionStore::read_session(SQLite::Statement& q) const {
  VillageStore village(m_db);
  Session s;
  s.id = q.getColumn(0).getInt64();
  s.ref = session_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  s.starts_at = read_time(q.getColumn(4).getString());
  s.council = village.council_by_id(q.getColumn(3).getInt64(), s.starts_at.date); // the roster in force that day
  s.mode = parse_enum<Mode>(q.getColumn(5).getString(), "mode");
  s.venue = q.getColumn(6).getString();
  s.status = parse_enum<SessionStatus>(q.getColumn(7).getString(), "status");
  s.closed_at = q.getColumn(8).getString();
  if (s.status == SessionStatus::planned) {
    SQLite::Statement met(m_db, "SELECT EXISTS (SELECT 1 FROM attendance WHERE session_id = ?1) OR "
                                "EXISTS (SELECT 1 FROM headcount WHERE session_id = ?1)");
    met.bind(1, static_cast<int64_t>(s.id));
    met.executeStep();
    if (met.getColumn(0).getInt() != 0) {
      s.status = SessionStatus::held;
    }
  }
  SQLite::Statement j(m_db, "SELECT council_id FROM session_council WHERE session_id = ? ORDER BY council_id");
  j.bind(1, static_cast<int64_t>(s.id));
  while (j.executeStep()) {
    s.joint.push_back(village.council_by_id(j.getColumn(0).getInt64(), s.starts_at.date));
  }
  SQLite::Statement v(m_db, "SELECT COALESCE(MAX(votes), 0) FROM invitee WHERE session_id = ?");
  v.bind(1, static_cast<int64_t>(s.id));
  v.executeStep();
  s.invitees_vote = v.getColumn(0).getInt() != 0;
  return s;
}

Session SessionStore::get(std::string_view ref) const {
  static constexpr RefKind kind{'S', N_("'{}' is not a session number"), N_("session numbers look like S2026-001"),
                                N_("no session {}"), N_("list them with: yishi session list")};
  return find_by_ref<Session>(ref, kind, static_cast<int>(m_clock.today().year()),
                              row_by_year_seq<Session>(m_db, std::string(k_select) + "WHERE year = ? AND seq = ?",
                                                       [&](SQLite::Statement& q) { return read_session(q); }));
}

std::vector<Session> SessionStore::list() const {
  SQLite::Statement q(m_db, "SELECT year, seq FROM session ORDER BY starts_at, id");
  return sessions_in(q);
}

std::vector<Session> SessionStore::sessions_of(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT s.year, s.seq FROM session s JOIN agenda_item a ON a.session_id = s.id "
                            "WHERE a.proposal_id = ? ORDER BY s.starts_at, s.id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  return sessions_in(q);
}

std::vector<Session> SessionStore::sessions_in(SQLite::Statement& refs) const {
  std::vector<std::string> found;
  while (refs.executeStep()) {
    found.push_back(session_ref(refs.getColumn(0).getInt(), refs.getColumn(1).getInt()));
  }
  std::vector<Session> out;
  for (const auto& r : found) {
    out.push_back(get(r));
  }
  return out;
}

SessionRecord SessionStore::record(std::string_view ref) const {
  SessionRecord r;
  r.session = get(ref);
  // The roster: the council's members, then the joint councils' (each person once), then invitees.
  std::vector<Person> people;
  auto add = [&](const Person& p) {
    if (std::none_of(people.begin(), people.end(), [&](const Person& q) { return q.id == p.id; })) {
      people.push_back(p);
    }
  };
  for (const auto& m : r.session.council.members) {
    add(m);
  }
  for (const auto& c : r.session.joint) {
    for (const auto& m : c.members) {
      add(m);
    }
  }
  size_t member_count = people.size();
  VillageStore village(m_db);
  if (r.session.council.by_headcount()) {
    r.by_headcount = true;
    for (const auto& g : village.groups()) {
      if (r.session.council.tier == Tier::village || g.id == r.session.council.group_id) {
        r.eligible_adults += g.adults;
        r.eligible_households += g.households;
      }
    }
    SQLite::Statement h(m_db, "SELECT adults, households, counted_by, at FROM headcount WHERE session_id = ?");
    h.bind(1, static_cast<int64_t>(r.session.id));
    if (h.executeStep()) {
      Headcount count{h.getColumn(0).getInt64(), std::nullopt, h.getColumn(2).getString(), h.getColumn(3).getString()};
      if (!h.getColumn(1).isNull()) {
        count.households = h.getColumn(1).getInt64();
      }
      r.headcount = count;
    }
  }
  SQLite::Statement inv(m_db, "SELECT person_id FROM invitee WHERE session_id = ? ORDER BY rowid");
  inv.bind(1, static_cast<int64_t>(r.session.id));
  std::vector<long> invitee_ids;
  while (inv.executeStep()) {
    invitee_ids.push_back(inv.getColumn(0).getInt64());
  }
  for (long id : invitee_ids) {
    add(village.person_by_id(id));
  }
  for (size_t i = 0; i < people.size(); ++i) {
    AttendanceEntry entry{people[i], std::nullopt};
    entry.invitee = i >= member_count;
    entry.votes = !entry.invitee || r.session.invitees_vote;
    SQLite::Statement q(m_db, "SELECT present FROM attendance WHERE session_id = ? AND person_id = ?");
    q.bind(1, static_cast<int64_t>(r.session.id));
    q.bind(2, static_cast<int64_t>(people[i].id));
    if (q.executeStep()) {
      entry.present = q.getColumn(0).getInt() != 0;
    }
    r.roster.push_back(std::move(entry));
  }
  SQLite::Statement fixes(m_db, "SELECT COALESCE(p.name, ''), c.old_present, c.old_adults, c.old_households, "
                                "c.reason FROM attendance_correction c LEFT JOIN person p ON p.id = c.person_id "
                                "WHERE c.session_id = ? ORDER BY c.id");
  fixes.bind(1, static_cast<int64_t>(r.session.id));
  while (fixes.executeStep()) {
    AttendanceFix fix;
    fix.person = fixes.getColumn(0).getString();
    auto number = [&](int column) {
      return fixes.getColumn(column).isNull() ? std::nullopt
                                              : std::optional<long>(fixes.getColumn(column).getInt64());
    };
    if (auto was = number(1)) {
      fix.was_present = *was != 0;
    }
    fix.old_adults = number(2);
    fix.old_households = number(3);
    fix.reason = fixes.getColumn(4).getString();
    r.fixes.push_back(std::move(fix));
  }
  ProposalStore proposals(m_db, m_clock);
  SQLite::Statement items(m_db, "SELECT id, proposal_id, position FROM agenda_item WHERE session_id = ? "
                                "ORDER BY position");
  items.bind(1, static_cast<int64_t>(r.session.id));
  while (items.executeStep()) {
    ItemRecord item;
    item.id = items.getColumn(0).getInt64();
    item.proposal = proposals.get_by_id(items.getColumn(1).getInt64());
    item.position = items.getColumn(2).getInt();
    SQLite::Statement remarks(m_db, "SELECT speaker_name, speaker_id IS NOT NULL, text, at FROM remark "
                                    "WHERE agenda_item_id = ? ORDER BY id");
    remarks.bind(1, static_cast<int64_t>(item.id));
    while (remarks.executeStep()) {
      item.remarks.push_back(Remark{remarks.getColumn(0).getString(), remarks.getColumn(1).getInt() != 0,
                                    remarks.getColumn(2).getString(), remarks.getColumn(3).getString()});
    }
    SQLite::Statement rec(m_db, "SELECT p.name, r.reason FROM recusal r JOIN person p ON p.id = r.person_id "
                                "WHERE r.agenda_item_id = ? ORDER BY p.id");
    rec.bind(1, static_cast<int64_t>(item.id));
    while (rec.executeStep()) {
      item.recusals.push_back(Recusal{rec.getColumn(0).getString(), rec.getColumn(1).getString()});
    }
    SQLite::Statement vis(m_db, "SELECT v.household, v.visited_on, COALESCE(p.name, ''), v.opinion, v.choice "
                                "FROM visit v LEFT JOIN person p ON p.id = v.visitor_id WHERE v.agenda_item_id = ? "
                                "ORDER BY v.id");
    vis.bind(1, static_cast<int64_t>(item.id));
    while (vis.executeStep()) {
      Visit v{vis.getColumn(0).getString(), date_from_iso(vis.getColumn(1).getString()), vis.getColumn(2).getString(),
              vis.getColumn(3).getString(), std::nullopt};
      if (!vis.getColumn(4).isNull()) {
        v.choice = parse_enum<Choice>(vis.getColumn(4).getString(), "choice");
      }
      item.visits.push_back(std::move(v));
    }
    SQLite::Statement motions(
        m_db, "SELECT m.id, m.text, COALESCE(pm.name, ''), COALESCE(ps.name, ''), m.responsible, m.deadline, "
              "m.status, m.authorises FROM motion m LEFT JOIN person pm ON pm.id = m.mover_id "
              "LEFT JOIN person ps ON ps.id = m.seconder_id WHERE m.agenda_item_id = ? ORDER BY m.id");
    motions.bind(1, static_cast<int64_t>(item.id));
    while (motions.executeStep()) {
      MotionRecord m;
      m.id = motions.getColumn(0).getInt64();
      m.text = motions.getColumn(1).getString();
      m.mover = motions.getColumn(2).getString();
      m.seconder = motions.getColumn(3).getString();
      m.responsible = motions.getColumn(4).getString();
      m.deadline = date_from_iso(motions.getColumn(5).getString());
      m.status = motions.getColumn(6).getString();
      m.authorises = split_list(motions.getColumn(7).getString());
      SQLite::Statement v(m_db, "SELECT id, method, members, present, yes, no, abstain, quorum_rule, majority_rule, "
                                "result, at, computed, COALESCE(override_reason, ''), issued, blank, spoiled "
                                "FROM vote WHERE motion_id = ?");
      v.bind(1, static_cast<int64_t>(m.id));
      if (v.executeStep()) {
        VoteRecord vr;
        long vote_id = v.getColumn(0).getInt64();
        vr.method = parse_enum<VoteMethod>(v.getColumn(1).getString(), "method");
        vr.members = v.getColumn(2).getInt64();
        vr.present = v.getColumn(3).getInt64();
        vr.tally = Tally{v.getColumn(4).getInt64(), v.getColumn(5).getInt64(), v.getColumn(6).getInt64()};
        vr.quorum_rule = v.getColumn(7).getString();
        vr.majority_rule = v.getColumn(8).getString();
        vr.result = parse_enum<VoteResult>(v.getColumn(9).getString(), "result");
        vr.at = v.getColumn(10).getString();
        vr.computed = parse_enum<VoteResult>(v.getColumn(11).getString(), "result");
        vr.override_reason = v.getColumn(12).getString();
        if (!v.getColumn(13).isNull()) {
          vr.secret = SecretBallots{
              v.getColumn(13).getInt64(), vr.tally.yes, vr.tally.no, vr.tally.abstain, v.getColumn(14).getInt64(),
              v.getColumn(15).getInt64()};
        }
        SQLite::Statement b(m_db, "SELECT p.name, b.choice FROM ballot b JOIN person p ON p.id = b.person_id "
                                  "WHERE b.vote_id = ? ORDER BY p.id");
        b.bind(1, static_cast<int64_t>(vote_id));
        while (b.executeStep()) {
          vr.ballots.push_back(
              Ballot{b.getColumn(0).getString(), parse_enum<Choice>(b.getColumn(1).getString(), "choice")});
        }
        SQLite::Statement c(m_db, "SELECT old_yes, old_no, old_abstain, reason FROM vote_correction WHERE "
                                  "motion_id = ? ORDER BY id DESC LIMIT 1");
        c.bind(1, static_cast<int64_t>(m.id));
        if (c.executeStep()) {
          vr.corrects = fmt::format("赞成{}，反对{}，弃权{}", c.getColumn(0).getInt64(), c.getColumn(1).getInt64(),
                                    c.getColumn(2).getInt64());
          vr.correction_reason = c.getColumn(3).getString();
        }
        m.vote = std::move(vr);
      }
      item.motions.push_back(std::move(m));
    }
    r.items.push_back(std::move(item));
  }
  return r;
}

Session SessionStore::open_session(std::string_view ref) const {
  Session s = get(ref);
  if (s.status == SessionStatus::closed) {
    throw RuleViolation(_f("session {} is closed; its record can no longer change", s.ref),
                        _("plan a new session with: yishi session plan"));
  }
  if (s.status == SessionStatus::cancelled) {
    throw RuleViolation(_f("session {} was called off; nothing is recorded at it", s.ref),
                        _("plan a new session with: yishi session plan"));
  }
  return s;
}

Session SessionStore::unmet_session(std::string_view ref, std::string_view what) const {
  Session s = open_session(ref);
  SQLite::Statement q(m_db, "SELECT CASE "
                            "WHEN EXISTS (SELECT 1 FROM attendance WHERE session_id = ?1) THEN 'attendance' "
                            "WHEN EXISTS (SELECT 1 FROM headcount WHERE session_id = ?1) THEN 'sign-in' "
                            "WHEN EXISTS (SELECT 1 FROM remark r JOIN agenda_item i ON i.id = r.agenda_item_id "
                            "  WHERE i.session_id = ?1) THEN 'remark' "
                            "WHEN EXISTS (SELECT 1 FROM motion m JOIN agenda_item i ON i.id = m.agenda_item_id "
                            "  WHERE i.session_id = ?1) THEN 'motion' "
                            "WHEN EXISTS (SELECT 1 FROM visit v JOIN agenda_item i ON i.id = v.agenda_item_id "
                            "  WHERE i.session_id = ?1) THEN 'visit' ELSE '' END");
  q.bind(1, static_cast<int64_t>(s.id));
  q.executeStep();
  // What was recorded, in the reader's words (marked for the catalog here, translated below).
  static const std::map<std::string, const char*> k_recorded{{"attendance", N_("its attendance")},
                                                             {"sign-in", N_("its sign-in")},
                                                             {"remark", N_("a remark")},
                                                             {"motion", N_("a motion")},
                                                             {"visit", N_("a household visit")}};
  if (const std::string recorded = q.getColumn(0).getString(); !recorded.empty()) {
    throw RuleViolation(_f("session {} has met ({} is recorded), so it cannot be {}", s.ref,
                           translate(k_recorded.at(recorded)), std::string(what)),
                        _f("close it when it is over: yishi session close {}", s.ref));
  }
  return s;
}

void SessionStore::record_change(const Session& s, std::string_view kind, std::optional<DateTime> at,
                                 std::string_view reason, SessionChange& change) {
  SQLite::Statement q(m_db, "INSERT INTO session_change (session_id, kind, old_starts_at, new_starts_at, reason, at) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(s.id));
  q.bind(2, std::string(kind));
  q.bind(3, format_iso(s.starts_at));
  if (at) {
    q.bind(4, format_iso(*at));
  } else {
    q.bind(4);
  }
  q.bind(5, check_text(reason, "reason", 500, true));
  q.bind(6, format_iso(m_clock.now()));
  q.exec();
  // What the board shows of the session now: each posted plan or announcement, or the latest posted correction
  // of it. A correction still in draft says a time that no longer holds: it is voided, and the caller drafts
  // the correction anew.
  SQLite::Statement posted(m_db, "SELECT n.id FROM notice n WHERE n.session_id = ? "
                                 "AND n.stage IN ('plan', 'announcement') AND n.posted_on IS NOT NULL "
                                 "ORDER BY n.year, n.number");
  posted.bind(1, static_cast<int64_t>(s.id));
  std::vector<long> shown;
  while (posted.executeStep()) {
    shown.push_back(posted.getColumn(0).getInt64());
  }
  for (long current : shown) {
    for (;;) {
      SQLite::Statement next(m_db, "SELECT c.id, c.posted_on IS NOT NULL FROM notice c WHERE c.supersedes = ? AND "
                                   "NOT EXISTS (SELECT 1 FROM notice_discard d WHERE d.notice_id = c.id)");
      next.bind(1, static_cast<int64_t>(current));
      if (!next.executeStep()) {
        break;
      }
      const long correction = next.getColumn(0).getInt64();
      if (next.getColumn(1).getInt() != 0) {
        current = correction;
        continue;
      }
      change.discarded_drafts.push_back(NoticeStore(m_db, m_clock).discard(notice_ref_of(correction), reason).ref);
      break;
    }
    change.posted_notices.push_back(notice_ref_of(current));
  }
}

std::string SessionStore::notice_ref_of(long notice_id) const {
  SQLite::Statement ref(m_db, "SELECT year, number FROM notice WHERE id = ?");
  ref.bind(1, static_cast<int64_t>(notice_id));
  ref.executeStep();
  return notice_ref(ref.getColumn(0).getInt(), ref.getColumn(1).getInt());
}

SessionChange SessionStore::reschedule(std::string_view ref, DateTime at, std::string_view reason) {
  Session s = unmet_session(ref, _("rescheduled"));
  if (at <= m_clock.now()) {
    throw DataError(_f("the new time {} has passed; a session is moved to a time to come", format_minutes(at)),
                    _("give a later time, such as: --at \"2026-03-25 19:30\""));
  }
  if (at == s.starts_at) {
    throw DataError(_f("session {} is planned for {} already", s.ref, format_minutes(at)));
  }
  SessionChange change;
  change.old_starts_at = s.starts_at;
  record_change(s, "reschedule", at, reason, change);
  SQLite::Statement q(m_db, "UPDATE session SET starts_at = ? WHERE id = ?");
  q.bind(1, format_iso(at));
  q.bind(2, static_cast<int64_t>(s.id));
  q.exec();
  change.session = get(s.ref);
  return change;
}

SessionChange SessionStore::cancel(std::string_view ref, std::string_view reason) {
  Session s = unmet_session(ref, _("called off"));
  SessionChange change;
  change.old_starts_at = s.starts_at;
  record_change(s, "cancel", std::nullopt, reason, change);
  SQLite::Statement q(m_db, "UPDATE session SET status = 'cancelled' WHERE id = ?");
  q.bind(1, static_cast<int64_t>(s.id));
  q.exec();
  // Its drafts are voided; what was posted is corrected in public by the caller.
  SQLite::Statement drafts(m_db, "SELECT n.id FROM notice n WHERE n.session_id = ? AND n.posted_on IS NULL AND "
                                 "NOT EXISTS (SELECT 1 FROM notice_discard d WHERE d.notice_id = n.id) ORDER BY n.id");
  drafts.bind(1, static_cast<int64_t>(s.id));
  std::vector<std::string> voided;
  while (drafts.executeStep()) {
    voided.push_back(notice_ref_of(drafts.getColumn(0).getInt64()));
  }
  for (const auto& notice : voided) {
    change.discarded_drafts.push_back(NoticeStore(m_db, m_clock).discard(notice, reason).ref);
  }
  // The agenda goes back to where it was, unless another session still to meet has the matter on its agenda.
  ProposalStore proposals(m_db, m_clock);
  SQLite::Statement items(m_db, "SELECT proposal_id FROM agenda_item WHERE session_id = ? ORDER BY position");
  items.bind(1, static_cast<int64_t>(s.id));
  std::vector<long> ids;
  while (items.executeStep()) {
    ids.push_back(items.getColumn(0).getInt64());
  }
  for (long id : ids) {
    Proposal p = proposals.get_by_id(id);
    SQLite::Statement elsewhere(m_db, "SELECT 1 FROM agenda_item i JOIN session o ON o.id = i.session_id "
                                      "WHERE i.proposal_id = ? AND o.id <> ? AND o.status IN ('planned', 'held')");
    elsewhere.bind(1, static_cast<int64_t>(id));
    elsewhere.bind(2, static_cast<int64_t>(s.id));
    if (p.status != Status::scheduled || elsewhere.executeStep()) {
      continue;
    }
    SQLite::Statement before(m_db, "SELECT from_status FROM proposal_event WHERE proposal_id = ? AND action = "
                                   "'schedule' ORDER BY id DESC LIMIT 1");
    before.bind(1, static_cast<int64_t>(id));
    const bool was_escalated = before.executeStep() && before.getColumn(0).getString() == code(Status::escalated);
    proposals.apply(p, was_escalated ? Action::unschedule_escalated : Action::unschedule, s.ref);
    change.agenda_returned.push_back(p.ref);
  }
  change.session = get(s.ref);
  return change;
}

Session SessionStore::meeting_session(std::string_view ref) const {
  Session s = open_session(ref);
  if (m_clock.now() < s.starts_at) {
    throw RuleViolation(
        _f("session {} meets at {}; what it does is recorded once it has met", s.ref, format_minutes(s.starts_at)),
        _("record it at or after the session's time (or plan the session for when it met)"));
  }
  return s;
}

std::vector<std::pair<long, long>> SessionStore::agenda_items(const Session& session) const {
  SQLite::Statement q(m_db, "SELECT id, proposal_id FROM agenda_item WHERE session_id = ? ORDER BY position");
  q.bind(1, static_cast<int64_t>(session.id));
  std::vector<std::pair<long, long>> items;
  while (q.executeStep()) {
    items.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  }
  return items;
}

long SessionStore::item_id(const Session& session, std::string_view proposal, Proposal& out) const {
  const std::vector<std::pair<long, long>> items = agenda_items(session);
  ProposalStore proposals(m_db, m_clock);
  if (proposal.empty()) {
    if (items.size() != 1) {
      throw UsageError(
          _f("session {} has {} items on its agenda; say which with --proposal", session.ref, items.size()));
    }
    out = proposals.get_by_id(items.front().second);
    return items.front().first;
  }
  out = proposals.get(proposal);
  for (const auto& [item, proposal_id] : items) {
    if (proposal_id == out.id) {
      return item;
    }
  }
  throw NotFound(_f("proposal {} is not on the agenda of session {}", out.ref, session.ref));
}

std::map<long, bool> SessionStore::named_marks(const Session& s, const SessionRecord& roster,
                                               const std::vector<std::string>& present,
                                               const std::vector<std::string>& absent) const {
  if (s.council.by_headcount()) {
    throw RuleViolation(_f("{} has no roster: it is counted at a sign-in", s.council.name),
                        _f("give the count: yishi session attend {} --headcount N --households N", s.ref));
  }
  VillageStore village(m_db);
  std::map<long, bool> marks;
  for (const auto& [names, mark] : {std::pair{&present, true}, std::pair{&absent, false}}) {
    for (const auto& name : *names) {
      Person p = village.person(name);
      if (std::none_of(roster.roster.begin(), roster.roster.end(),
                       [&](const AttendanceEntry& a) { return a.person.id == p.id; })) {
        throw RuleViolation(_f("{} {} is not a member of {}", _("attendee"), p.name, s.council.name),
                            _("see the roster with: yishi session show"));
      }
      if (auto it = marks.find(p.id); it != marks.end() && it->second != mark) {
        throw DataError(_f("{} is named both present and absent", p.name));
      }
      marks[p.id] = mark;
    }
  }
  return marks;
}

void SessionStore::mark(const Session& s, long person_id, bool present) {
  SQLite::Statement q(m_db, "INSERT INTO attendance (session_id, person_id, present) VALUES (?, ?, ?) "
                            "ON CONFLICT (session_id, person_id) DO UPDATE SET present = excluded.present");
  q.bind(1, static_cast<int64_t>(s.id));
  q.bind(2, static_cast<int64_t>(person_id));
  q.bind(3, present ? 1 : 0);
  q.exec();
}

SessionRecord SessionStore::attend(std::string_view ref, const std::vector<std::string>& present,
                                   const std::vector<std::string>& absent, bool others_present) {
  Session s = meeting_session(ref);
  SessionRecord before = record(ref);
  std::map<long, bool> marks = named_marks(s, before, present, absent);
  if (marks.empty() && !others_present) {
    throw UsageError(_("name who is present or absent (--present, --absent), or give --all"));
  }
  if (others_present) {
    for (const auto& entry : before.roster) {
      if (!marks.count(entry.person.id) && !entry.present) {
        marks[entry.person.id] = true;
      }
    }
  }
  for (const auto& [person_id, present_now] : marks) {
    mark(s, person_id, present_now);
  }
  return record(ref);
}

AttendanceCorrected SessionStore::correct_attendance(std::string_view ref, const std::vector<std::string>& present,
                                                     const std::vector<std::string>& absent,
                                                     std::string_view reason) {
  Session s = meeting_session(ref);
  const std::string why = check_text(reason, "reason", 500, true);
  SessionRecord before = record(ref);
  std::map<long, bool> marks = named_marks(s, before, present, absent);
  if (marks.empty()) {
    throw UsageError(_("name whose mark was wrong, with the mark it should have (--present NAME or --absent NAME)"));
  }
  for (const auto& named : marks) {
    const long person_id = named.first; // a plain name: a lambda may not capture a structured binding (clang 14)
    const bool present_now = named.second;
    const auto& entry = *std::find_if(before.roster.begin(), before.roster.end(),
                                      [&](const AttendanceEntry& a) { return a.person.id == person_id; });
    if (!entry.present) {
      throw RuleViolation(
          _f("{}'s attendance at {} was never recorded: there is nothing to correct", entry.person.name, s.ref),
          _f("record it without --correct: yishi session attend {} {} {}", s.ref,
             present_now ? "--present" : "--absent", entry.person.name));
    }
    if (*entry.present == present_now) {
      throw RuleViolation(_f("{} is already recorded as {} at {}", entry.person.name,
                             present_now ? _("present") : _("absent"), s.ref),
                          _("name only the marks that were wrong"));
    }
    SQLite::Statement keep(m_db, "INSERT INTO attendance_correction (session_id, person_id, old_present, reason, at) "
                                 "VALUES (?, ?, ?, ?, ?)");
    keep.bind(1, static_cast<int64_t>(s.id));
    keep.bind(2, static_cast<int64_t>(person_id));
    keep.bind(3, *entry.present ? 1 : 0);
    keep.bind(4, why);
    keep.bind(5, format_iso(m_clock.now()));
    keep.exec();
    mark(s, person_id, present_now);
  }
  std::vector<std::string> revote = undo_votes(s, why);
  return AttendanceCorrected{record(ref), std::move(revote)};
}

SessionRecord SessionStore::count(std::string_view ref, long adults, std::optional<long> households,
                                  std::string_view counted_by) {
  Session s = meeting_session(ref);
  if (!s.council.by_headcount()) {
    throw RuleViolation(_f("{} has a roster: record who is present", s.council.name),
                        _f("yishi session attend {} --present NAME,... --absent NAME,... --all", s.ref));
  }
  SessionRecord r = record(ref);
  if (adults < 0 || adults > r.eligible_adults) {
    throw DataError(
        _f("a headcount of {} adults is out of range: {} has {} adults", adults, s.council.name, r.eligible_adults),
        _("count the adults signed in (aged 18 or over)"));
  }
  if (households && (*households < 0 || *households > r.eligible_households)) {
    throw DataError(_f("{} households represented is out of range: {} has {} households", *households, s.council.name,
                       r.eligible_households));
  }
  SQLite::Statement q(m_db, "INSERT INTO headcount (session_id, adults, households, counted_by, at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET adults = excluded.adults, "
                            "households = excluded.households, counted_by = excluded.counted_by, at = excluded.at");
  q.bind(1, static_cast<int64_t>(s.id));
  q.bind(2, static_cast<int64_t>(adults));
  if (households) {
    q.bind(3, static_cast<int64_t>(*households));
  } else {
    q.bind(3);
  }
  q.bind(4, check_text(counted_by, "counted by", max_name_chars, false));
  q.bind(5, format_iso(m_clock.now()));
  q.exec();
  return record(ref);
}

AttendanceCorrected SessionStore::correct_count(std::string_view ref, long adults, std::optional<long> households,
                                                std::string_view counted_by, std::string_view reason) {
  Session s = meeting_session(ref);
  const std::string why = check_text(reason, "reason", 500, true);
  SessionRecord before = record(ref);
  if (before.by_headcount && !before.headcount) {
    throw RuleViolation(_f("no sign-in is recorded at {}: there is nothing to correct", s.ref),
                        _f("record it without --correct: yishi session attend {} --headcount N", s.ref));
  }
  if (before.headcount && before.headcount->adults == adults && before.headcount->households == households) {
    throw RuleViolation(_f("the sign-in at {} is already recorded as {} adults", s.ref, adults),
                        _("give the counts as they should have been"));
  }
  // count() checks the figures (and refuses a council with a roster) before anything is kept.
  count(ref, adults, households, counted_by.empty() && before.headcount ? before.headcount->counted_by : counted_by);
  SQLite::Statement keep(m_db, "INSERT INTO attendance_correction (session_id, old_adults, old_households, reason, "
                               "at) VALUES (?, ?, ?, ?, ?)");
  keep.bind(1, static_cast<int64_t>(s.id));
  keep.bind(2, static_cast<int64_t>(before.headcount->adults));
  if (before.headcount->households) {
    keep.bind(3, static_cast<int64_t>(*before.headcount->households));
  } else {
    keep.bind(3);
  }
  keep.bind(4, why);
  keep.bind(5, format_iso(m_clock.now()));
  keep.exec();
  std::vector<std::string> revote = undo_votes(s, why);
  return AttendanceCorrected{record(ref), std::move(revote)};
}

std::vector<std::string> SessionStore::undo_votes(const Session& s, std::string_view why) {
  ProposalStore proposals(m_db, m_clock);
  std::vector<std::string> undone;
  for (const auto& [item, proposal_id] : agenda_items(s)) {
    Proposal p = proposals.get_by_id(proposal_id);
    if (undo_vote(s, p, item, why)) {
      undone.push_back(p.ref);
    }
  }
  return undone;
}

std::vector<std::string> SessionStore::authorised_types() const {
  SQLite::Statement q(m_db, "SELECT m.authorises FROM motion m JOIN ruling r ON r.motion_id = m.id "
                            "WHERE m.authorises <> '' AND r.set_aside_on IS NULL ORDER BY m.id");
  std::vector<std::string> out;
  while (q.executeStep()) {
    for (const auto& t : split_list(q.getColumn(0).getString())) {
      if (std::find(out.begin(), out.end(), t) == out.end()) {
        out.push_back(t);
      }
    }
  }
  return out;
}

void SessionStore::note(std::string_view ref, std::string_view proposal, std::string_view speaker, bool guest,
                        std::string_view text) {
  Session s = meeting_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  std::string body = check_text(text, "remark", 2000, true);
  std::optional<Person> person;
  std::string name = check_text(speaker, "speaker", 50, true);
  if (!guest) {
    person = VillageStore(m_db).person(speaker);
    name = person->name;
  }
  SQLite::Statement q(m_db, "INSERT INTO remark (agenda_item_id, speaker_id, speaker_name, text, at) "
                            "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(item));
  bind_optional_id(q, 2, person);
  q.bind(3, name);
  q.bind(4, body);
  q.bind(5, format_iso(m_clock.now()));
  q.exec();
}

MotionRecord SessionStore::motion(std::string_view ref, std::string_view proposal, const NewMotion& in) {
  Session s = meeting_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  if (p.status != Status::scheduled) {
    throw RuleViolation(_f("proposal {} is '{}'; a motion needs a proposal awaiting its vote", p.ref, label(p.status)));
  }
  SQLite::Statement open(m_db, "SELECT count(*) FROM motion WHERE agenda_item_id = ? AND status = 'open'");
  open.bind(1, static_cast<int64_t>(item));
  open.executeStep();
  if (open.getColumn(0).getInt() > 0) {
    throw RuleViolation(_f("a motion on {} already awaits its vote", p.ref),
                        _("vote on it first with: yishi session vote"));
  }
  MotionRecord m;
  m.text = check_text(in.text, "motion text", 2000, true);
  m.responsible = check_text(in.responsible, "responsible", 50, true);
  m.deadline = in.deadline;
  if (m.deadline < s.starts_at.date) {
    throw DataError(_f("deadline {} is before the session ({})", format_iso(m.deadline), format_iso(s.starts_at.date)));
  }
  VillageStore village(m_db);
  std::optional<Person> mover;
  std::optional<Person> seconder;
  if (!in.mover.empty()) {
    mover = member(village, s.council, in.mover, _("mover"));
    m.mover = mover->name;
  }
  if (!in.seconder.empty()) {
    seconder = member(village, s.council, in.seconder, _("seconder"));
    m.seconder = seconder->name;
    if (mover && mover->id == seconder->id) {
      throw DataError(_("the mover cannot second their own motion"));
    }
  }
  std::vector<std::string> authorises;
  if (!in.authorises.empty()) {
    if (s.council.kind != CouncilKind::villagers) {
      throw RuleViolation(_f("{} cannot authorise: only the villagers' meeting authorises the representatives' "
                             "meeting to decide matters",
                             s.council.name),
                          _("put it to the villagers' meeting: yishi session plan --council villagers"));
    }
    for (const auto& which : in.authorises) {
      MatterType t = village.matter_type(which);
      if (t.decided_by != DecidingBody::villagers) {
        throw DataError(_f("matters of type {} are not the villagers' meeting's to hand on", t.name));
      }
      if (std::find(authorises.begin(), authorises.end(), t.key) != authorises.end()) {
        throw DataError(_f("matter type {} is named twice", t.key));
      }
      authorises.push_back(t.key);
    }
    m.authorises = authorises;
  }
  SQLite::Statement q(m_db, "INSERT INTO motion (agenda_item_id, text, mover_id, seconder_id, responsible, "
                            "deadline, at, authorises) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(8, join(authorises, ","));
  q.bind(1, static_cast<int64_t>(item));
  q.bind(2, m.text);
  bind_optional_id(q, 3, mover);
  bind_optional_id(q, 4, seconder);
  q.bind(5, m.responsible);
  q.bind(6, format_iso(m.deadline));
  q.bind(7, format_iso(m_clock.now()));
  q.exec();
  m.id = m_db.getLastInsertRowid();
  m.status = "open";
  return m;
}

void SessionStore::recuse(std::string_view ref, std::string_view proposal, std::string_view member_name,
                          std::string_view reason) {
  Session s = open_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  SessionRecord rec = record(ref);
  Person person = VillageStore(m_db).person(member_name);
  auto entry = std::find_if(rec.roster.begin(), rec.roster.end(),
                            [&](const AttendanceEntry& a) { return a.person.id == person.id; });
  if (entry == rec.roster.end() || !entry->votes) {
    throw RuleViolation(_f("{} {} is not a member of {}", _("member"), person.name, s.council.name));
  }
  SQLite::Statement voted(m_db, "SELECT count(*) FROM vote v JOIN motion m ON m.id = v.motion_id "
                                "WHERE m.agenda_item_id = ?");
  voted.bind(1, static_cast<int64_t>(item));
  voted.executeStep();
  if (voted.getColumn(0).getInt() > 0) {
    throw RuleViolation(_f("{} has been voted on at {}; a recusal must come before the vote", p.ref, s.ref));
  }
  SQLite::Statement q(m_db, "INSERT INTO recusal (agenda_item_id, person_id, reason) VALUES (?, ?, ?)");
  q.bind(1, static_cast<int64_t>(item));
  q.bind(2, static_cast<int64_t>(person.id));
  q.bind(3, check_text(reason, "reason", 500, true));
  try {
    q.exec();
  } catch (const SQLite::Exception&) {
    throw RuleViolation(_f("{} has already recused themselves from {}", person.name, p.ref));
  }
}

void SessionStore::visit(std::string_view ref, std::string_view proposal, const Visit& v, std::string_view visitor) {
  Session s = open_session(ref);
  if (s.mode != Mode::door_to_door) {
    throw RuleViolation(
        _f("session {} meets {}; household visits belong to door-to-door sessions", s.ref, label(s.mode)));
  }
  Proposal p;
  long item = item_id(s, proposal, p);
  Person by = member(VillageStore(m_db), s.council, visitor, _("visitor"));
  if (v.visited_on > m_clock.today()) {
    throw DataError(_f("visit date {} is in the future", format_iso(v.visited_on)));
  }
  SQLite::Statement q(m_db, "INSERT INTO visit (agenda_item_id, household, visited_on, visitor_id, opinion, choice) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(item));
  q.bind(2, check_text(v.household, "household", 50, true));
  q.bind(3, format_iso(v.visited_on));
  q.bind(4, static_cast<int64_t>(by.id));
  q.bind(5, check_text(v.opinion, "opinion", 2000, false));
  if (v.choice) {
    q.bind(6, std::string(code(*v.choice)));
  } else {
    q.bind(6);
  }
  try {
    q.exec();
  } catch (const SQLite::Exception&) {
    throw RuleViolation(_f("household {} has already been visited for {}", v.household, p.ref));
  }
}

std::vector<std::string> SessionStore::close(std::string_view ref) {
  Session s = open_session(ref);
  ProposalStore proposals(m_db, m_clock);
  std::vector<std::string> carried_over;
  for (const auto& item : record(ref).items) {
    if (item.proposal.status == Status::scheduled) {
      proposals.apply(item.proposal, Action::carry_over, s.ref);
      carried_over.push_back(item.proposal.ref);
    }
  }
  SQLite::Statement q(m_db, "UPDATE session SET status = 'closed', closed_at = ? WHERE id = ?");
  q.bind(1, format_iso(m_clock.now()));
  q.bind(2, static_cast<int64_t>(s.id));
  q.exec();
  return carried_over;
}

} // namespace yishi
