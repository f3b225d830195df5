#include "session_store.hpp"

#include "error.hpp"
#include "proposal_store.hpp"
#include "text.hpp"
#include "village_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <set>

namespace yishi {
namespace {

constexpr const char* k_select =
    "SELECT id, year, seq, council_id, starts_at, mode, venue, status, COALESCE(closed_at, '') FROM session ";

DateTime read_time(const std::string& iso) {
  Date epoch{std::chrono::year{1970}, std::chrono::month{1}, std::chrono::day{1}};
  return parse_date_time(iso, epoch, "stored time");
}

bool is_member(const Council& council, long person_id) {
  return std::any_of(council.members.begin(), council.members.end(),
                     [&](const Person& m) { return m.id == person_id; });
}

Person member(const VillageStore& village, const Council& council, std::string_view name, std::string_view role) {
  Person p = village.person(name);
  if (!is_member(council, p.id)) {
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

long SessionRecord::present() const {
  return std::count_if(roster.begin(), roster.end(),
                       [](const AttendanceEntry& a) { return a.present.value_or(false); });
}

bool SessionRecord::attendance_recorded() const {
  return std::any_of(roster.begin(), roster.end(), [](const AttendanceEntry& a) { return a.present.has_value(); });
}

std::pair<int, int> parse_session_ref(std::string_view ref) {
  std::string_view rest = ref;
  if (!rest.empty() && (rest.front() == 'S' || rest.front() == 's')) {
    rest.remove_prefix(1);
  }
  try {
    return parse_proposal_ref(rest);
  } catch (const NotFound&) {
    throw NotFound(_f("'{}' is not a session number", ref), _("session numbers look like S2026-001"));
  }
}

Session SessionStore::plan(const SessionPlan& plan) {
  VillageStore village(m_db);
  ProposalStore proposals(m_db, m_clock);
  Council council = village.council(plan.council);
  std::string venue = check_text(plan.venue, "venue", 100, plan.mode != Mode::door_to_door);
  if (plan.agenda.empty()) {
    throw DataError(_("a session needs at least one proposal on its agenda"), _("give --agenda 2026-001"));
  }
  std::vector<Proposal> items;
  std::set<long> seen;
  for (const auto& ref : plan.agenda) {
    Proposal p = proposals.get(ref);
    if (!seen.insert(p.id).second) {
      throw DataError(_f("proposal {} is on the agenda twice", p.ref));
    }
    check_transition(p.ref, p.status, Action::schedule);
    if (council.tier == Tier::group && (p.tier != Tier::group || p.group_id != council.group_id)) {
      throw RuleViolation(
          p.tier == Tier::village ? _f("proposal {} is a village matter; {} takes up only {}'s group matters", p.ref,
                                       council.name, council.group_name)
                                  : _f("proposal {} is a matter of {}; {} takes up only {}'s group matters", p.ref,
                                       p.group_name, council.name, council.group_name),
          p.tier == Tier::village ? _("plan it at the village council") : _("plan it at its own group's council"));
    }
    if (council.tier == Tier::village && p.tier != Tier::village) {
      throw RuleViolation(_f("proposal {} is a group matter of {}; its group council settles it", p.ref, p.group_name),
                          _f("plan it at {}", village.council_of_group(*p.group_id).key));
    }
    items.push_back(std::move(p));
  }
  int year = static_cast<int>(plan.starts_at.date.year());
  SQLite::Statement next(m_db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM session WHERE year = ?");
  next.bind(1, year);
  next.executeStep();
  int seq = next.getColumn(0).getInt();
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

Session SessionStore::get(std::string_view ref) const {
  auto [year, seq] = parse_session_ref(ref);
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE year = ? AND seq = ?");
  q.bind(1, year);
  q.bind(2, seq);
  if (!q.executeStep()) {
    throw NotFound(_f("no session {}", ref), _("list them with: yishi session list"));
  }
  Session s;
  s.id = q.getColumn(0).getInt64();
  s.ref = session_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  s.council = VillageStore(m_db).council_by_id(q.getColumn(3).getInt64());
  s.starts_at = read_time(q.getColumn(4).getString());
  s.mode = parse_enum<Mode>(q.getColumn(5).getString(), "mode");
  s.venue = q.getColumn(6).getString();
  s.status = parse_enum<SessionStatus>(q.getColumn(7).getString(), "status");
  s.closed_at = q.getColumn(8).getString();
  return s;
}

std::vector<Session> SessionStore::list() const {
  std::vector<std::string> refs;
  SQLite::Statement q(m_db, "SELECT year, seq FROM session ORDER BY starts_at, id");
  while (q.executeStep()) {
    refs.push_back(session_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()));
  }
  std::vector<Session> out;
  for (const auto& r : refs) {
    out.push_back(get(r));
  }
  return out;
}

std::vector<Session> SessionStore::sessions_of(long proposal_id) const {
  std::vector<std::string> refs;
  SQLite::Statement q(m_db, "SELECT s.year, s.seq FROM session s JOIN agenda_item a ON a.session_id = s.id "
                            "WHERE a.proposal_id = ? ORDER BY s.starts_at, s.id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  while (q.executeStep()) {
    refs.push_back(session_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()));
  }
  std::vector<Session> out;
  for (const auto& r : refs) {
    out.push_back(get(r));
  }
  return out;
}

SessionRecord SessionStore::record(std::string_view ref) const {
  SessionRecord r;
  r.session = get(ref);
  for (const auto& m : r.session.council.members) {
    AttendanceEntry entry{m, std::nullopt};
    SQLite::Statement q(m_db, "SELECT present FROM attendance WHERE session_id = ? AND person_id = ?");
    q.bind(1, static_cast<int64_t>(r.session.id));
    q.bind(2, static_cast<int64_t>(m.id));
    if (q.executeStep()) {
      entry.present = q.getColumn(0).getInt() != 0;
    }
    r.roster.push_back(std::move(entry));
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
    SQLite::Statement motions(
        m_db, "SELECT m.id, m.text, COALESCE(pm.name, ''), COALESCE(ps.name, ''), m.responsible, m.deadline, "
              "m.status FROM motion m LEFT JOIN person pm ON pm.id = m.mover_id "
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
      SQLite::Statement v(m_db, "SELECT id, method, members, present, yes, no, abstain, quorum_rule, "
                                "majority_rule, result, at FROM vote WHERE motion_id = ?");
      v.bind(1, static_cast<int64_t>(m.id));
      if (v.executeStep()) {
        VoteRecord vr;
        long vote_id = v.getColumn(0).getInt64();
        vr.method = v.getColumn(1).getString();
        vr.members = v.getColumn(2).getInt64();
        vr.present = v.getColumn(3).getInt64();
        vr.tally = Tally{v.getColumn(4).getInt64(), v.getColumn(5).getInt64(), v.getColumn(6).getInt64()};
        vr.quorum_rule = v.getColumn(7).getString();
        vr.majority_rule = v.getColumn(8).getString();
        vr.result = parse_enum<VoteResult>(v.getColumn(9).getString(), "result");
        vr.at = v.getColumn(10).getString();
        SQLite::Statement b(m_db, "SELECT p.name, b.choice FROM ballot b JOIN person p ON p.id = b.person_id "
                                  "WHERE b.vote_id = ? ORDER BY p.id");
        b.bind(1, static_cast<int64_t>(vote_id));
        while (b.executeStep()) {
          vr.ballots.push_back(
              Ballot{b.getColumn(0).getString(), parse_enum<Choice>(b.getColumn(1).getString(), "choice")});
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
  return s;
}

long SessionStore::item_id(const Session& session, std::string_view proposal, Proposal& out) const {
  SQLite::Statement q(m_db, "SELECT id, proposal_id FROM agenda_item WHERE session_id = ? ORDER BY position");
  q.bind(1, static_cast<int64_t>(session.id));
  std::vector<std::pair<long, long>> items;
  while (q.executeStep()) {
    items.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
  }
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

SessionRecord SessionStore::attend(std::string_view ref, const std::vector<std::string>& present,
                                   const std::vector<std::string>& absent, bool others_present) {
  Session s = open_session(ref);
  VillageStore village(m_db);
  std::map<long, bool> marks;
  for (const auto& [names, mark] : {std::pair{&present, true}, std::pair{&absent, false}}) {
    for (const auto& name : *names) {
      Person p = member(village, s.council, name, _("attendee"));
      if (auto it = marks.find(p.id); it != marks.end() && it->second != mark) {
        throw DataError(_f("{} is named both present and absent", p.name));
      }
      marks[p.id] = mark;
    }
  }
  if (marks.empty() && !others_present) {
    throw UsageError(_("name who is present or absent (--present, --absent), or give --all"));
  }
  SessionRecord before = record(ref);
  if (others_present) {
    for (const auto& entry : before.roster) {
      if (!marks.count(entry.person.id) && !entry.present) {
        marks[entry.person.id] = true;
      }
    }
  }
  for (const auto& [person_id, mark] : marks) {
    SQLite::Statement q(m_db, "INSERT INTO attendance (session_id, person_id, present) VALUES (?, ?, ?) "
                              "ON CONFLICT (session_id, person_id) DO UPDATE SET present = excluded.present");
    q.bind(1, static_cast<int64_t>(s.id));
    q.bind(2, static_cast<int64_t>(person_id));
    q.bind(3, mark ? 1 : 0);
    q.exec();
  }
  return record(ref);
}

void SessionStore::note(std::string_view ref, std::string_view proposal, std::string_view speaker, bool guest,
                        std::string_view text) {
  Session s = open_session(ref);
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
  Session s = open_session(ref);
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
  SQLite::Statement q(m_db, "INSERT INTO motion (agenda_item_id, text, mover_id, seconder_id, responsible, "
                            "deadline, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
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

VoteResultSummary SessionStore::vote(std::string_view ref, std::string_view proposal, const VoteInput& in) {
  Session s = open_session(ref);
  Proposal p;
  long item = item_id(s, proposal, p);
  SQLite::Statement mq(m_db, "SELECT id, text, responsible, deadline FROM motion "
                             "WHERE agenda_item_id = ? AND status = 'open'");
  mq.bind(1, static_cast<int64_t>(item));
  if (!mq.executeStep()) {
    throw RuleViolation(_f("no motion on {} awaits a vote", p.ref),
                        _("put the handling opinion first with: yishi session motion"));
  }
  long motion_id = mq.getColumn(0).getInt64();
  std::string motion_text = mq.getColumn(1).getString();
  std::string responsible = mq.getColumn(2).getString();
  std::string deadline = mq.getColumn(3).getString();

  SessionRecord rec = record(ref);
  if (!rec.attendance_recorded()) {
    throw RuleViolation(_f("no attendance is recorded for session {}", s.ref),
                        _("record it first with: yishi session attend"));
  }
  const VoteRule& rule = s.council.rule;
  VoteResultSummary out;
  out.rule = rule;
  out.record.members = rec.members();
  out.record.present = rec.present();
  Outcome quorum = decide(rule, out.record.members, out.record.present, Tally{});
  if (!quorum.quorum_met) {
    throw RuleViolation(_f("no quorum for the vote on {}: {}", p.ref, describe_quorum(rule, quorum)),
                        _("record more attendance with: yishi session attend, or close the session and meet again"));
  }
  VillageStore village(m_db);
  if (in.counted && !in.ballots.empty()) {
    throw UsageError(
        _("give either a counted tally (--for/--against/--abstain) or named ballots (--ballot), not both"));
  }
  if (in.counted) {
    out.record.method = "count";
    out.record.tally = *in.counted;
    if (out.record.tally.cast() > out.record.present) {
      throw DataError(
          _f("{} votes counted, but only {} members are present", out.record.tally.cast(), out.record.present));
    }
  } else if (!in.ballots.empty()) {
    out.record.method = "roll-call";
    std::set<long> voted;
    for (const auto& b : in.ballots) {
      Person voter = member(village, s.council, b.person, _("voter"));
      auto entry = std::find_if(rec.roster.begin(), rec.roster.end(),
                                [&](const AttendanceEntry& a) { return a.person.id == voter.id; });
      if (!entry->present.value_or(false)) {
        throw RuleViolation(_f("{} is not recorded as present and cannot vote", voter.name));
      }
      if (!voted.insert(voter.id).second) {
        throw DataError(_f("{} has two ballots", voter.name));
      }
      (b.choice == Choice::yes  ? out.record.tally.yes
       : b.choice == Choice::no ? out.record.tally.no
                                : out.record.tally.abstain) += 1;
      out.record.ballots.push_back(Ballot{voter.name, b.choice});
    }
  } else {
    throw UsageError(
        _("give the counted tally (--for N --against N --abstain N) or named ballots (--ballot NAME=for)"));
  }
  out.outcome = decide(rule, out.record.members, out.record.present, out.record.tally);
  out.record.result = out.outcome.carried ? VoteResult::carried : VoteResult::defeated;
  out.record.quorum_rule = rule.quorum.text();
  out.record.majority_rule = rule.majority.text();
  out.record.at = format_iso(m_clock.now());

  SQLite::Statement vq(m_db, "INSERT INTO vote (motion_id, method, members, present, yes, no, abstain, "
                             "quorum_rule, majority_rule, result, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  vq.bind(1, static_cast<int64_t>(motion_id));
  vq.bind(2, out.record.method);
  vq.bind(3, static_cast<int64_t>(out.record.members));
  vq.bind(4, static_cast<int64_t>(out.record.present));
  vq.bind(5, static_cast<int64_t>(out.record.tally.yes));
  vq.bind(6, static_cast<int64_t>(out.record.tally.no));
  vq.bind(7, static_cast<int64_t>(out.record.tally.abstain));
  vq.bind(8, out.record.quorum_rule);
  vq.bind(9, out.record.majority_rule);
  vq.bind(10, std::string(code(out.record.result)));
  vq.bind(11, out.record.at);
  vq.exec();
  long vote_id = m_db.getLastInsertRowid();
  for (const auto& b : out.record.ballots) {
    SQLite::Statement bq(m_db, "INSERT INTO ballot (vote_id, person_id, choice) VALUES (?, ?, ?)");
    bq.bind(1, static_cast<int64_t>(vote_id));
    bq.bind(2, static_cast<int64_t>(village.person(b.person).id));
    bq.bind(3, std::string(code(b.choice)));
    bq.exec();
  }
  SQLite::Statement upd(m_db, "UPDATE motion SET status = ? WHERE id = ?");
  upd.bind(1, std::string(code(out.record.result)));
  upd.bind(2, static_cast<int64_t>(motion_id));
  upd.exec();

  ProposalStore proposals(m_db, m_clock);
  if (out.outcome.carried) {
    SQLite::Statement rq(m_db, "INSERT INTO ruling (proposal_id, motion_id, council_id, text, responsible, "
                               "deadline, ruled_on) VALUES (?, ?, ?, ?, ?, ?, ?)");
    rq.bind(1, static_cast<int64_t>(p.id));
    rq.bind(2, static_cast<int64_t>(motion_id));
    rq.bind(3, static_cast<int64_t>(s.council.id));
    rq.bind(4, motion_text);
    rq.bind(5, responsible);
    rq.bind(6, deadline);
    rq.bind(7, format_iso(m_clock.today()));
    rq.exec();
    out.proposal = proposals.apply(p, Action::carry, s.ref);
  } else {
    out.proposal = proposals.apply(p, Action::defeat, s.ref);
  }
  return out;
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
