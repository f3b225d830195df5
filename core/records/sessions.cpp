#include "sessions.hpp"

#include "core/error.hpp"
#include "core/records/proposals.hpp"
#include "core/records/village.hpp"
#include "core/rules/routing.hpp"
#include "core/storage/database.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Exception.h>
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
  auto [year, seq] = parse_session_ref(ref);
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE year = ? AND seq = ?");
  q.bind(1, year);
  q.bind(2, seq);
  if (!q.executeStep()) {
    throw NotFound(_f("no session {}", ref), _("list them with: yishi session list"));
  }
  return read_session(q);
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
        vr.method = v.getColumn(1).getString();
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

Session SessionStore::meeting_session(std::string_view ref) const {
  Session s = open_session(ref);
  if (m_clock.now() < s.starts_at) {
    throw RuleViolation(
        _f("session {} meets at {}; what it does is recorded once it has met", s.ref, format_iso(s.starts_at)),
        _("record it at or after the session's time (or plan the session for when it met)"));
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
  Session s = meeting_session(ref);
  if (s.council.by_headcount()) {
    throw RuleViolation(_f("{} has no roster: it is counted at a sign-in", s.council.name),
                        _f("give the count: yishi session attend {} --headcount N --households N", s.ref));
  }
  VillageStore village(m_db);
  std::map<long, bool> marks;
  SessionRecord roster = record(ref);
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

VoteResultSummary SessionStore::vote(std::string_view ref, std::string_view proposal, const VoteInput& in) {
  Session s = meeting_session(ref);
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

  int methods = (in.counted ? 1 : 0) + (in.ballots.empty() ? 0 : 1) + (in.secret ? 1 : 0) + (in.households ? 1 : 0);
  if (methods > 1) {
    throw UsageError(_("give one way of voting: a counted tally, named ballots, secret ballots or the households"));
  }
  if (methods == 0) {
    throw UsageError(
        _("give the counted tally (--for N --against N --abstain N) or named ballots (--ballot NAME=for)"));
  }
  if (in.override_result && trim(in.override_reason).empty()) {
    throw UsageError(_("an override needs a written reason"), _("give it with --override-reason"));
  }

  SessionRecord rec = record(ref);
  VillageStore village(m_db);
  const auto types = village.matter_types();
  std::set<long> recused;
  SQLite::Statement rq(m_db, "SELECT person_id FROM recusal WHERE agenda_item_id = ?");
  rq.bind(1, static_cast<int64_t>(item));
  while (rq.executeStep()) {
    recused.insert(rq.getColumn(0).getInt64());
  }
  auto votes = [&](const AttendanceEntry& a) { return a.votes && recused.count(a.person.id) == 0; };

  VoteResultSummary out;
  out.council_name = s.council.name;
  out.rule = rule_for(s.council.rule, p, types);
  if (in.households) {
    // Door-to-door (上门议事): the households in scope, those reached, and their votes.
    out.rule = rule_for(village.vote_rule("household_consultation"), p, types);
    out.record.method = "households";
    long households = 0;
    for (const auto& g : village.groups()) {
      households += (s.council.tier == Tier::village || g.id == s.council.group_id) ? g.households : 0;
    }
    const ItemRecord* visited = nullptr;
    for (const auto& it : rec.items) {
      visited = it.id == item ? &it : visited;
    }
    out.record.members = households;
    out.record.present = static_cast<long>(visited->visits.size());
    for (const auto& v : visited->visits) {
      if (v.choice) {
        (*v.choice == Choice::yes  ? out.record.tally.yes
         : *v.choice == Choice::no ? out.record.tally.no
                                   : out.record.tally.abstain) += 1;
      }
    }
    Outcome reached = decide(out.rule, households, out.record.present, Tally{});
    if (!reached.quorum_met) {
      throw RuleViolation(_f("too few households reached for the vote on {}: {} of {}; the rule needs {} ({})", p.ref,
                             out.record.present, households, out.rule.quorum.describe(), reached.quorum_needed),
                          _("log more visits with: yishi session visit"));
    }
  } else if (rec.by_headcount) {
    // 村民会议, 村民小组会议: the sign-in against the adults and households; either basis suffices.
    if (!rec.attendance_recorded()) {
      throw RuleViolation(_f("no sign-in is recorded for session {}", s.ref),
                          _f("count it first: yishi session attend {} --headcount N --households N", s.ref));
    }
    out.record.members = rec.members();
    out.record.present = rec.present();
    out.by_headcount = true;
    Outcome q = decide(out.rule, rec.attendance(), Tally{});
    if (!q.quorum_met) {
      throw RuleViolation(_f("no quorum for the vote on {}: {}", p.ref, describe_quorum(out.rule, q)),
                          _("count the sign-in again when more have come, or close the session and meet again"));
    }
  } else {
    if (!rec.attendance_recorded()) {
      throw RuleViolation(_f("no attendance is recorded for session {}", s.ref),
                          _("record it first with: yishi session attend"));
    }
    for (const auto& a : rec.roster) {
      out.record.members += votes(a) ? 1 : 0;
      out.record.present += votes(a) && a.present.value_or(false) ? 1 : 0;
    }
    // Quorum: in a joint meeting each council's own (村组联席会议); otherwise the council's.
    std::vector<const Council*> councils{&s.council};
    for (const auto& c : s.joint) {
      councils.push_back(&c);
    }
    for (const Council* c : councils) {
      long members = 0;
      long present = 0;
      for (const auto& a : rec.roster) {
        bool in_council =
            std::any_of(c->members.begin(), c->members.end(), [&](const Person& m) { return m.id == a.person.id; });
        if (in_council && votes(a)) {
          ++members;
          present += a.present.value_or(false) ? 1 : 0;
        }
      }
      VoteRule quorum_rule = s.is_joint() ? c->rule : out.rule;
      Outcome q = decide(quorum_rule, members, present, Tally{});
      if (!q.quorum_met) {
        throw RuleViolation(
            s.is_joint()
                ? _f("no quorum for the vote on {}: in {}, {}", p.ref, c->name, describe_quorum(quorum_rule, q))
                : _f("no quorum for the vote on {}: {}", p.ref, describe_quorum(quorum_rule, q)),
            _("record more attendance with: yishi session attend, or close the session and meet again"));
      }
    }
  }

  if (in.counted) {
    out.record.method = "count";
    out.record.tally = *in.counted;
    if (out.record.tally.cast() > out.record.present) {
      throw DataError(
          _f("{} votes counted, but only {} members are present", out.record.tally.cast(), out.record.present));
    }
  } else if (in.secret) {
    const SecretBallots& b = *in.secret;
    out.record.method = "secret";
    long returned = b.yes + b.no + b.abstain + b.blank + b.spoiled;
    if (returned != b.issued) {
      throw DataError(_f("the ballots do not add up: {} issued, but {} for + {} against + {} abstaining + {} blank + "
                         "{} spoiled = {}",
                         b.issued, b.yes, b.no, b.abstain, b.blank, b.spoiled, returned),
                      _("count the ballots again: issued = valid + blank + spoiled"));
    }
    if (b.issued > out.record.present) {
      throw DataError(_f("{} ballots issued, but only {} members are present", b.issued, out.record.present));
    }
    out.record.secret = b;
    out.record.tally = Tally{b.yes, b.no, b.abstain};
  } else if (!in.ballots.empty()) {
    out.record.method = "roll-call";
    std::set<long> voted;
    for (const auto& b : in.ballots) {
      Person voter = village.person(b.person);
      auto entry = std::find_if(rec.roster.begin(), rec.roster.end(),
                                [&](const AttendanceEntry& a) { return a.person.id == voter.id; });
      if (entry == rec.roster.end() || !entry->votes) {
        throw RuleViolation(_f("{} {} is not a member of {}", _("voter"), voter.name, s.council.name),
                            _("see the roster with: yishi session show"));
      }
      if (recused.count(voter.id) != 0) {
        throw RuleViolation(_f("{} has recused themselves from {} and cannot vote on it", voter.name, p.ref));
      }
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
  }
  out.outcome = decide(out.rule, out.record.members, out.record.present, out.record.tally);
  out.outcome.quorum_met = true; // checked above, per council where it is a joint meeting
  out.outcome.carried = out.rule.majority.met(out.record.tally.yes, out.outcome.base);
  out.record.computed = out.outcome.carried ? VoteResult::carried : VoteResult::defeated;
  out.record.result = in.override_result.value_or(out.record.computed);
  if (in.override_result) {
    if (*in.override_result == out.record.computed) {
      throw UsageError(_f("the rule already gives '{}': there is nothing to override", label(out.record.computed)));
    }
    out.record.override_reason = check_text(in.override_reason, "reason", 500, true);
  }
  out.record.quorum_rule = out.rule.quorum.text();
  out.record.majority_rule = out.rule.majority.text();
  out.record.at = format_iso(m_clock.now());
  bool carried = out.record.result == VoteResult::carried;

  // 小事不出组，大事不出村: a group council's carried vote beyond its competence is its recommendation,
  // and the matter goes up with it; it is no ruling.
  std::optional<std::string> beyond;
  if (carried && s.council.tier == Tier::group && s.council.kind == CouncilKind::council) {
    beyond = beyond_group_competence(p, village.routing(), types);
    if (beyond) {
      out.goes_to = village.village_council();
    }
  }
  // What the law reserves is decided by the body it names: any other body's carried vote on it is
  // that body's recommendation (on the 四议两公开 path, at the deciding fourth step).
  bool deciding_step = p.path != Path::four_step || p.step + 1 >= 4;
  if (carried && !beyond && deciding_step) {
    beyond = not_the_deciding_body(s.council, p, types, authorised_types());
    if (beyond) {
      out.goes_to = village.deciding_body(village.matter_type(p.matter_type), p.group_id);
    }
  }

  SQLite::Statement vq(m_db, "INSERT INTO vote (motion_id, method, members, present, yes, no, abstain, issued, blank, "
                             "spoiled, quorum_rule, majority_rule, computed, result, override_reason, at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  vq.bind(1, static_cast<int64_t>(motion_id));
  vq.bind(2, out.record.method);
  vq.bind(3, static_cast<int64_t>(out.record.members));
  vq.bind(4, static_cast<int64_t>(out.record.present));
  vq.bind(5, static_cast<int64_t>(out.record.tally.yes));
  vq.bind(6, static_cast<int64_t>(out.record.tally.no));
  vq.bind(7, static_cast<int64_t>(out.record.tally.abstain));
  if (out.record.secret) {
    vq.bind(8, static_cast<int64_t>(out.record.secret->issued));
    vq.bind(9, static_cast<int64_t>(out.record.secret->blank));
    vq.bind(10, static_cast<int64_t>(out.record.secret->spoiled));
  } else {
    vq.bind(8);
    vq.bind(9);
    vq.bind(10);
  }
  vq.bind(11, out.record.quorum_rule);
  vq.bind(12, out.record.majority_rule);
  vq.bind(13, std::string(code(out.record.computed)));
  vq.bind(14, std::string(code(out.record.result)));
  if (out.record.override_reason.empty()) {
    vq.bind(15);
  } else {
    vq.bind(15, out.record.override_reason);
  }
  vq.bind(16, out.record.at);
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
  if (!carried) {
    out.proposal = proposals.apply(p, Action::defeat, s.ref);
    return out;
  }
  if (beyond) {
    proposals.add_recommendation(p, s.council.id, s.id, motion_text, responsible, date_from_iso(deadline), *beyond);
    out.proposal = proposals.apply(p, Action::escalate, s.ref);
    out.escalated = true;
    return out;
  }
  if (p.path == Path::four_step) {
    Proposal stepped = proposals.record_step(p, s.id, out.record.members, out.record.present);
    if (stepped.step < 4) {
      out.proposal = proposals.apply(stepped, Action::advance, s.ref);
      return out;
    }
    p = stepped;
  } else if (s.council.tier == Tier::group && village.routing().review_group_rulings) {
    // Every group ruling goes to the village council for review (审核把关) before it is final.
    proposals.add_recommendation(p, s.council.id, s.id, motion_text, responsible, date_from_iso(deadline),
                                 _("review of group rulings"));
    out.proposal = proposals.apply(p, Action::escalate, s.ref);
    out.for_review = true;
    return out;
  }
  // A group matter that went up is decided by the village council's carried vote on the group's
  // recommendation (审核把关): the ruling keeps who recommended it and who approved it.
  auto recommendations = proposals.recommendations(p.id);
  bool approval = p.tier == Tier::group && s.council.tier == Tier::village && s.council.kind == CouncilKind::council &&
                  !recommendations.empty();
  SQLite::Statement ruling(m_db, "INSERT INTO ruling (proposal_id, motion_id, council_id, text, responsible, "
                                 "deadline, ruled_on, approved_by, recommendation_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ruling.bind(1, static_cast<int64_t>(p.id));
  ruling.bind(2, static_cast<int64_t>(motion_id));
  ruling.bind(3, static_cast<int64_t>(approval ? recommendations.back().council_id : s.council.id));
  ruling.bind(4, motion_text);
  ruling.bind(5, responsible);
  ruling.bind(6, deadline);
  ruling.bind(7, format_iso(m_clock.today()));
  if (approval) {
    ruling.bind(8, static_cast<int64_t>(s.council.id));
    ruling.bind(9, static_cast<int64_t>(recommendations.back().id));
    proposals.record_review(p, recommendations.back().id, s.council.id, ReviewDecision::approve, "");
  } else {
    ruling.bind(8);
    // A statutory meeting's ruling keeps the recommendation it was made on.
    if (recommendations.empty()) {
      ruling.bind(9);
    } else {
      ruling.bind(9, static_cast<int64_t>(recommendations.back().id));
    }
  }
  ruling.exec();
  out.proposal = proposals.apply(p, approval ? Action::approve : Action::carry, s.ref);
  return out;
}

VoteResultSummary SessionStore::approve(std::string_view ref, std::string_view proposal_ref, const VoteInput& input,
                                        const ReviewInput& review) {
  Session s = meeting_session(ref);
  if (s.council.tier != Tier::village || s.council.kind != CouncilKind::council) {
    throw RuleViolation(
        _f("session {} is of {}; the village council approves a group's recommendation", s.ref, s.council.name),
        _f("plan it at the village council: yishi session plan --council village --agenda {}", proposal_ref));
  }
  Proposal p;
  long item = item_id(s, proposal_ref, p);
  ProposalStore proposals(m_db, m_clock);
  auto recommendations = proposals.recommendations(p.id);
  if (p.tier != Tier::group || recommendations.empty()) {
    throw RuleViolation(_f("proposal {} carries no group recommendation to approve", p.ref),
                        _("put the village council's own motion and vote: yishi session motion, yishi session vote"));
  }
  SQLite::Statement open(m_db, "SELECT count(*) FROM motion WHERE agenda_item_id = ? AND status = 'open'");
  open.bind(1, static_cast<int64_t>(item));
  open.executeStep();
  if (open.getColumn(0).getInt() == 0) {
    // The motion put to the village council is the group's recommendation.
    const Recommendation& rec = recommendations.back();
    std::optional<Date> deadline = review.deadline ? review.deadline : rec.deadline;
    std::string responsible = review.responsible.empty() ? rec.responsible : review.responsible;
    if (trim(responsible).empty() || !deadline) {
      throw UsageError(_("the recommendation names no one responsible or no deadline"),
                       _("give them with --responsible and --deadline"));
    }
    motion(s.ref, p.ref, NewMotion{rec.text, responsible, *deadline, "", "", {}});
  }
  return vote(s.ref, p.ref, input);
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
