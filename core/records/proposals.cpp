#include "proposals.hpp"

#include "core/error.hpp"
#include "core/records/village.hpp"
#include "core/rules/mask.hpp"
#include "core/rules/routing.hpp"
#include "core/storage/database.hpp"
#include "core/text.hpp"

#include <algorithm>

#include <SQLiteCpp/Statement.h>
#include <span>
#include <utf8proc.h>

namespace yishi {
namespace {

constexpr const char* k_select =
    "SELECT p.id, p.year, p.seq, p.title, p.description, p.group_id, COALESCE(g.name, ''), p.tier, "
    "p.channel, p.proposer_id, p.proposer_name, p.proposer_phone, p.submitted_on, p.status, p.budget, "
    "COALESCE(p.matter_type, ''), p.path, p.step, COALESCE(m.year || '-' || printf('%03d', m.seq), '') "
    "FROM proposal p LEFT JOIN village_group g ON g.id = p.group_id LEFT JOIN proposal m ON m.id = p.merged_into ";

Proposal read(SQLite::Statement& q) {
  Proposal p;
  p.id = q.getColumn(0).getInt64();
  p.ref = proposal_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  p.title = q.getColumn(3).getString();
  p.description = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) {
    p.group_id = q.getColumn(5).getInt64();
  }
  p.group_name = q.getColumn(6).getString();
  p.tier = parse_enum<Tier>(q.getColumn(7).getString(), "tier");
  p.channel = parse_enum<Channel>(q.getColumn(8).getString(), "channel");
  if (!q.getColumn(9).isNull()) {
    p.proposer_id = q.getColumn(9).getInt64();
  }
  p.proposer_name = q.getColumn(10).getString();
  p.proposer_phone = q.getColumn(11).getString();
  p.submitted_on = date_from_iso(q.getColumn(12).getString());
  p.status = parse_enum<Status>(q.getColumn(13).getString(), "status");
  if (!q.getColumn(14).isNull()) {
    p.budget = q.getColumn(14).getInt64();
  }
  p.matter_type = q.getColumn(15).getString();
  p.path = parse_enum<Path>(q.getColumn(16).getString(), "path");
  p.step = q.getColumn(17).getInt();
  p.merged_into = q.getColumn(18).getString();
  return p;
}

// The further groups of each proposal, filled in after the main rows are read: one statement for them all
// (prepared once a proposal, it was a third of a filtered `proposal list`).
void read_other_groups(SQLite::Database& db, std::span<Proposal> proposals) {
  if (proposals.empty()) {
    return;
  }
  SQLite::Statement q(db, "SELECT g.name FROM proposal_group pg JOIN village_group g ON g.id = pg.group_id "
                          "WHERE pg.proposal_id = ? ORDER BY g.id");
  for (auto& p : proposals) {
    q.bind(1, static_cast<int64_t>(p.id));
    while (q.executeStep()) {
      p.other_groups.push_back(q.getColumn(0).getString());
    }
    q.reset();
  }
}

} // namespace

std::string proposal_ref(int year, int seq) {
  return fmt::format("{}-{:03}", year, seq);
}

std::string session_ref(int year, int seq) {
  return fmt::format("S{}-{:03}", year, seq);
}

std::optional<TypedRef> read_ref(std::string_view text, char letter, int this_year) {
  std::string t = trim(text);
  if (letter != '\0' && !t.empty() && std::toupper(static_cast<unsigned char>(t.front())) == letter) {
    t.erase(0, 1);
  }
  auto number = [](std::string_view s) {
    return !s.empty() && s.size() <= 6 && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (number(t)) {
    return TypedRef{this_year, std::stoi(t), true};
  }
  auto parts = split(t, '-');
  if (parts.size() != 2 || parts[0].size() != 4 || !number(parts[0]) || !number(parts[1])) {
    return std::nullopt;
  }
  return TypedRef{std::stoi(parts[0]), std::stoi(parts[1]), false};
}

std::pair<int, int> parse_proposal_ref(std::string_view ref) {
  auto parts = split(ref, '-');
  auto number = [](const std::string& s) {
    return !s.empty() && s.size() <= 6 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (parts.size() != 2 || parts[0].size() != 4 || !number(parts[0]) || !number(parts[1])) {
    throw NotFound(_f("'{}' is not a proposal number", ref), _("proposal numbers look like 2026-001"));
  }
  return {std::stoi(parts[0]), std::stoi(parts[1])};
}

namespace {

// The fields of a matter as checked, bound by name (:title ... :matter_type): a new matter's insert and a
// correction's update write them the same way.
void bind_matter(SQLite::Statement& q, const CheckedProposal& checked, const VillageStore& village) {
  const NewProposal& p = checked.input;
  q.bind(":title", p.title);
  q.bind(":description", p.description);
  if (checked.group) {
    q.bind(":group_id", static_cast<int64_t>(checked.group->id));
  } else {
    q.bind(":group_id");
  }
  q.bind(":tier", std::string(code(checked.tier)));
  if (auto person = village.find_person(p.proposer)) {
    q.bind(":proposer_id", static_cast<int64_t>(person->id));
    q.bind(":proposer_name", person->name);
  } else {
    q.bind(":proposer_id");
    q.bind(":proposer_name", p.proposer);
  }
  q.bind(":proposer_phone", p.proposer_phone);
  if (p.budget) {
    q.bind(":budget", static_cast<int64_t>(*p.budget));
  } else {
    q.bind(":budget");
  }
  if (p.matter_type.empty()) {
    q.bind(":matter_type");
  } else {
    q.bind(":matter_type", p.matter_type);
  }
}

} // namespace

void ProposalStore::write_fields(long proposal_id, const CheckedProposal& after) {
  SQLite::Statement q(m_db, "UPDATE proposal SET title = :title, description = :description, group_id = :group_id, "
                            "tier = :tier, proposer_id = :proposer_id, proposer_name = :proposer_name, "
                            "proposer_phone = :proposer_phone, budget = :budget, matter_type = :matter_type "
                            "WHERE id = :id");
  bind_matter(q, after, VillageStore(m_db));
  q.bind(":id", static_cast<int64_t>(proposal_id));
  q.exec();
}

Proposal ProposalStore::add(const NewProposal& in) {
  VillageStore village(m_db);
  ProposalCheck check = check_proposal(in, VillageFacts{village.groups(), village.matter_types(), m_clock.today()});
  if (!check.ok()) {
    throw_problem(check.problems.front());
  }
  const NewProposal& p = check.value.input;
  const std::vector<Group>& others = check.value.other_groups;
  const Date submitted = check.value.submitted_on;
  int year = static_cast<int>(submitted.year());
  int seq = storage::next_in_year(m_db, "proposal", "seq", year);

  SQLite::Statement q(m_db, "INSERT INTO proposal (year, seq, title, description, group_id, tier, channel, "
                            "proposer_id, proposer_name, proposer_phone, submitted_on, status, budget, matter_type) "
                            "VALUES (:year, :seq, :title, :description, :group_id, :tier, :channel, :proposer_id, "
                            ":proposer_name, :proposer_phone, :submitted_on, :status, :budget, :matter_type)");
  q.bind(":year", year);
  q.bind(":seq", seq);
  bind_matter(q, check.value, village);
  q.bind(":channel", std::string(code(p.channel)));
  q.bind(":submitted_on", format_iso(submitted));
  q.bind(":status", std::string(code(Status::collected)));
  q.exec();
  long id = m_db.getLastInsertRowid();
  for (const auto& g : others) {
    SQLite::Statement pg(m_db, "INSERT INTO proposal_group (proposal_id, group_id) VALUES (?, ?)");
    pg.bind(1, static_cast<int64_t>(id));
    pg.bind(2, static_cast<int64_t>(g.id));
    pg.exec();
  }

  // Its collection is the insert itself (history() says so, with the day it was raised).
  return get_by_id(id);
}

Proposal ProposalStore::get(std::string_view ref) const {
  static constexpr RefKind kind{'\0', N_("'{}' is not a proposal number"), N_("proposal numbers look like 2026-001"),
                                N_("no proposal {}"), N_("list them with: yishi proposal list")};
  Proposal p =
      find_by_ref<Proposal>(ref, kind, static_cast<int>(m_clock.today().year()),
                            row_by_year_seq<Proposal>(m_db, std::string(k_select) + "WHERE p.year = ? AND p.seq = ?",
                                                      [&](SQLite::Statement& q) { return read(q); }));
  read_other_groups(m_db, std::span(&p, 1));
  return p;
}

Proposal ProposalStore::get_by_id(long id) const {
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE p.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) {
    throw NotFound(_f("no proposal with id {}", id));
  }
  Proposal p = read(q);
  read_other_groups(m_db, std::span(&p, 1));
  return p;
}

std::vector<Proposal> ProposalStore::list(const ProposalFilter& f) const {
  std::string sql = std::string(k_select) + "WHERE 1 = 1";
  std::optional<Group> group;
  if (!f.group.empty()) {
    group = VillageStore(m_db).group(f.group);
    sql += " AND p.group_id = :group";
  }
  if (f.status) {
    sql += " AND p.status = :status";
  }
  if (f.channel) {
    sql += " AND p.channel = :channel";
  }
  if (f.tier) {
    sql += " AND p.tier = :tier";
  }
  if (f.year) {
    sql += " AND p.year = :year";
  }
  sql += " ORDER BY p.year, p.seq";
  if (f.limit) {
    sql += " LIMIT :limit";
  }
  SQLite::Statement q(m_db, sql);
  if (group) {
    q.bind(":group", static_cast<int64_t>(group->id));
  }
  if (f.status) {
    q.bind(":status", std::string(code(*f.status)));
  }
  if (f.channel) {
    q.bind(":channel", std::string(code(*f.channel)));
  }
  if (f.tier) {
    q.bind(":tier", std::string(code(*f.tier)));
  }
  if (f.year) {
    q.bind(":year", *f.year);
  }
  if (f.limit) {
    q.bind(":limit", static_cast<int64_t>(*f.limit));
  }
  std::vector<Proposal> out;
  while (q.executeStep()) {
    out.push_back(read(q));
  }
  read_other_groups(m_db, out);
  return out;
}

std::vector<ProposalEvent> ProposalStore::history(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT at, action, from_status, to_status, note FROM proposal_event "
                            "WHERE proposal_id = ? ORDER BY id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<ProposalEvent> out;
  // Collected: that is the proposal's insert, on the day it was raised (a database from before schema 13 has
  // an event for it as well, and keeps it).
  SQLite::Statement collected(m_db, "SELECT submitted_on FROM proposal p WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
                                    "proposal_event e WHERE e.proposal_id = p.id AND e.action = 'collect')");
  collected.bind(1, static_cast<int64_t>(proposal_id));
  if (collected.executeStep()) {
    out.push_back(
        ProposalEvent{collected.getColumn(0).getString(), Action::collect, std::nullopt, Status::collected, ""});
  }
  while (q.executeStep()) {
    ProposalEvent e;
    e.at = q.getColumn(0).getString();
    e.action = parse_enum<Action>(q.getColumn(1).getString(), "action");
    if (!q.getColumn(2).isNull()) {
      e.from = parse_enum<Status>(q.getColumn(2).getString(), "status");
    }
    e.to = parse_enum<Status>(q.getColumn(3).getString(), "status");
    e.note = q.getColumn(4).getString();
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<Ruling> ProposalStore::ruling(long proposal_id) const {
  SQLite::Statement q(m_db,
                      "SELECT r.id, c.name, s.year, s.seq, r.text, r.responsible, r.deadline, r.ruled_on, "
                      "COALESCE(ac.name, '') FROM ruling r JOIN council c ON c.id = r.council_id "
                      "LEFT JOIN motion m ON m.id = r.motion_id LEFT JOIN agenda_item a ON a.id = m.agenda_item_id "
                      "LEFT JOIN session s ON s.id = a.session_id LEFT JOIN council ac ON ac.id = r.approved_by "
                      "WHERE r.proposal_id = ? AND r.set_aside_on IS NULL");
  q.bind(1, static_cast<int64_t>(proposal_id));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  Ruling r;
  r.id = q.getColumn(0).getInt64();
  r.council_name = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) {
    r.session_ref = session_ref(q.getColumn(2).getInt(), q.getColumn(3).getInt());
  }
  r.text = q.getColumn(4).getString();
  r.responsible = q.getColumn(5).getString();
  r.deadline = date_from_iso(q.getColumn(6).getString());
  r.ruled_on = date_from_iso(q.getColumn(7).getString());
  r.approved_by = q.getColumn(8).getString();
  return r;
}

std::vector<Recommendation> ProposalStore::recommendations(long proposal_id) const {
  // The tally is that of the carried vote on the proposal at the recommendation's session, if any.
  SQLite::Statement q(m_db,
                      "SELECT r.id, c.name, s.year, s.seq, r.text, r.responsible, r.deadline, r.reason, "
                      "r.made_on, v.yes, v.no, v.abstain, r.council_id FROM recommendation r "
                      "JOIN council c ON c.id = r.council_id LEFT JOIN session s ON s.id = r.session_id "
                      "LEFT JOIN vote v ON v.id = (SELECT v2.id FROM vote v2 JOIN motion m ON m.id = v2.motion_id "
                      "JOIN agenda_item a ON a.id = m.agenda_item_id WHERE a.session_id = r.session_id "
                      "AND a.proposal_id = r.proposal_id AND v2.result = 'carried' ORDER BY v2.id DESC LIMIT 1) "
                      "WHERE r.proposal_id = ? ORDER BY r.id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<Recommendation> out;
  while (q.executeStep()) {
    Recommendation r;
    r.id = q.getColumn(0).getInt64();
    r.council_name = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) {
      r.session_ref = session_ref(q.getColumn(2).getInt(), q.getColumn(3).getInt());
    }
    r.text = q.getColumn(4).getString();
    r.responsible = q.getColumn(5).getString();
    if (!q.getColumn(6).isNull()) {
      r.deadline = date_from_iso(q.getColumn(6).getString());
    }
    r.reason = q.getColumn(7).getString();
    r.made_on = date_from_iso(q.getColumn(8).getString());
    if (!q.getColumn(9).isNull()) {
      r.tally = Tally{q.getColumn(9).getInt64(), q.getColumn(10).getInt64(), q.getColumn(11).getInt64()};
    }
    r.council_id = q.getColumn(12).getInt64();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Review> ProposalStore::reviews(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT c.name, r.decision, r.reason, r.reviewed_on FROM review r "
                            "JOIN council c ON c.id = r.council_id WHERE r.proposal_id = ? ORDER BY r.id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<Review> out;
  while (q.executeStep()) {
    out.push_back(Review{q.getColumn(0).getString(), parse_enum<ReviewDecision>(q.getColumn(1).getString(), "decision"),
                         q.getColumn(2).getString(), date_from_iso(q.getColumn(3).getString())});
  }
  return out;
}

std::vector<StepRecord> ProposalStore::steps(long proposal_id) const {
  SQLite::Statement q(m_db,
                      "SELECT f.step, c.name, s.year, s.seq, f.should_attend, f.attended, f.completed_on "
                      "FROM four_step f JOIN session s ON s.id = f.session_id JOIN council c ON c.id = s.council_id "
                      "WHERE f.proposal_id = ? ORDER BY f.step");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<StepRecord> out;
  while (q.executeStep()) {
    out.push_back(StepRecord{q.getColumn(0).getInt(), q.getColumn(1).getString(),
                             session_ref(q.getColumn(2).getInt(), q.getColumn(3).getInt()), q.getColumn(4).getInt64(),
                             q.getColumn(5).getInt64(), date_from_iso(q.getColumn(6).getString())});
  }
  return out;
}

std::vector<std::string> ProposalStore::merged_from(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT year, seq FROM proposal WHERE merged_into = ? ORDER BY year, seq");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<std::string> out;
  while (q.executeStep()) {
    out.push_back(proposal_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()));
  }
  return out;
}

Proposal ProposalStore::apply(const Proposal& proposal, Action action, std::string_view note) {
  Status to = check_transition(proposal.ref, proposal.status, action);
  SQLite::Statement q(m_db, "UPDATE proposal SET status = ? WHERE id = ? AND status = ?");
  q.bind(1, std::string(code(to)));
  q.bind(2, static_cast<int64_t>(proposal.id));
  q.bind(3, std::string(code(proposal.status)));
  if (q.exec() != 1) {
    throw Error(_f("proposal {} changed while this command ran; try again", proposal.ref));
  }
  SQLite::Statement event(m_db, "INSERT INTO proposal_event (proposal_id, at, action, from_status, "
                                "to_status, note) VALUES (?, ?, ?, ?, ?, ?)");
  event.bind(1, static_cast<int64_t>(proposal.id));
  event.bind(2, format_iso(m_clock.now()));
  event.bind(3, std::string(code(action)));
  event.bind(4, std::string(code(proposal.status)));
  event.bind(5, std::string(code(to)));
  event.bind(6, std::string(note));
  event.exec();
  Proposal updated = proposal;
  updated.status = to;
  return updated;
}

} // namespace yishi

namespace yishi {

long ProposalStore::add_recommendation(const Proposal& proposal, long council_id, std::optional<long> session_id,
                                       std::string_view text, std::string_view responsible,
                                       std::optional<Date> deadline, std::string_view reason) {
  SQLite::Statement q(m_db, "INSERT INTO recommendation (proposal_id, council_id, session_id, text, responsible, "
                            "deadline, reason, made_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(proposal.id));
  q.bind(2, static_cast<int64_t>(council_id));
  if (session_id) {
    q.bind(3, static_cast<int64_t>(*session_id));
  } else {
    q.bind(3);
  }
  q.bind(4, check_text(text, "recommendation", 2000, true));
  q.bind(5, std::string(responsible));
  if (deadline) {
    q.bind(6, format_iso(*deadline));
  } else {
    q.bind(6);
  }
  q.bind(7, std::string(reason));
  q.bind(8, format_iso(m_clock.today()));
  q.exec();
  return m_db.getLastInsertRowid();
}

Proposal ProposalStore::escalate(std::string_view ref, std::string_view reason_in, std::string_view text_in) {
  Proposal p = get(ref);
  if (p.tier != Tier::group || !p.group_id) {
    throw RuleViolation(_f("proposal {} is a village matter already", p.ref),
                        _("plan it at the village council: yishi session plan --council village"));
  }
  check_transition(p.ref, p.status, Action::escalate);
  std::string reason = check_text(reason_in, "reason", 500, true);
  Council group_council = VillageStore(m_db).council_of_group(*p.group_id);
  std::string text(text_in);
  std::string responsible;
  std::optional<Date> deadline;
  std::optional<long> session_id;
  // Without a text, the group's latest motion on the matter is its recommendation.
  SQLite::Statement m(m_db, "SELECT m.text, m.responsible, m.deadline, a.session_id FROM motion m "
                            "JOIN agenda_item a ON a.id = m.agenda_item_id JOIN session s ON s.id = a.session_id "
                            "WHERE a.proposal_id = ? AND s.council_id = ? ORDER BY m.id DESC LIMIT 1");
  m.bind(1, static_cast<int64_t>(p.id));
  m.bind(2, static_cast<int64_t>(group_council.id));
  if (m.executeStep()) {
    if (text.empty()) {
      text = m.getColumn(0).getString();
      responsible = m.getColumn(1).getString();
      deadline = date_from_iso(m.getColumn(2).getString());
    }
    session_id = m.getColumn(3).getInt64();
  }
  if (trim(text).empty()) {
    throw UsageError(
        _f("{} has made no motion on {}: give its recommendation with --recommendation", group_council.name, p.ref));
  }
  add_recommendation(p, group_council.id, session_id, text, responsible, deadline, reason);
  return apply(p, Action::escalate, reason);
}

Proposal ProposalStore::review(std::string_view ref, const ReviewInput& in) {
  Proposal p = get(ref);
  Action action = in.decision == ReviewDecision::approve     ? Action::approve
                  : in.decision == ReviewDecision::send_back ? Action::send_back
                                                             : Action::take_up;
  if (in.decision == ReviewDecision::approve) {
    // A ruling is the carried vote of the village council in a session that met its quorum.
    throw RuleViolation(
        _f("approving {} is the village council's decision: its carried vote in one of its sessions", p.ref),
        _f("plan it: yishi session plan --council village --agenda {}, record attendance, then: yishi proposal "
           "review {} --approve --session S --for N --against N --abstain N",
           p.ref, p.ref));
  }
  check_transition(p.ref, p.status, action);
  auto recs = recommendations(p.id);
  if (recs.empty()) {
    throw Error(_f("proposal {} is escalated but has no recommendation on record", p.ref));
  }
  std::string reason = check_text(in.reason, "reason", 500, in.decision == ReviewDecision::send_back);
  record_review(p, recs.back().id, VillageStore(m_db).village_council().id, in.decision, reason);
  if (in.decision == ReviewDecision::take_up) {
    SQLite::Statement t(m_db, "UPDATE proposal SET tier = 'village' WHERE id = ?");
    t.bind(1, static_cast<int64_t>(p.id));
    t.exec();
    p.tier = Tier::village;
  }
  return apply(p, action, reason);
}

void ProposalStore::record_review(const Proposal& p, long recommendation_id, long council_id, ReviewDecision decision,
                                  std::string_view reason) {
  SQLite::Statement q(m_db, "INSERT INTO review (proposal_id, recommendation_id, council_id, decision, reason, "
                            "reviewed_on) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(p.id));
  q.bind(2, static_cast<int64_t>(recommendation_id));
  q.bind(3, static_cast<int64_t>(council_id));
  q.bind(4, std::string(code(decision)));
  q.bind(5, std::string(reason));
  q.bind(6, format_iso(m_clock.today()));
  q.exec();
}

Proposal ProposalStore::merge(const std::vector<std::string>& refs, std::string_view title,
                              std::string_view description) {
  if (refs.size() < 2) {
    throw UsageError(_("merging takes at least two proposals"));
  }
  std::vector<Proposal> origins;
  std::vector<std::string> groups;
  for (const auto& ref : refs) {
    Proposal p = get(ref);
    if (std::any_of(origins.begin(), origins.end(), [&](const Proposal& o) { return o.id == p.id; })) {
      throw DataError(_f("proposal {} is named twice", p.ref));
    }
    check_transition(p.ref, p.status, Action::merge);
    for (const auto& g : p.other_groups) {
      groups.push_back(g);
    }
    if (!p.group_name.empty()) {
      groups.push_back(p.group_name);
    }
    origins.push_back(std::move(p));
  }
  NewProposal np;
  np.title = std::string(title);
  np.description = std::string(description);
  np.tier = Tier::village;
  np.channel = Channel::council;
  np.proposer = _("merged proposals");
  Proposal merged = add(np);
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  for (const auto& name : groups) {
    SQLite::Statement pg(m_db, "INSERT INTO proposal_group (proposal_id, group_id) "
                               "SELECT ?, id FROM village_group WHERE name = ?");
    pg.bind(1, static_cast<int64_t>(merged.id));
    pg.bind(2, name);
    pg.exec();
  }
  for (const auto& o : origins) {
    SQLite::Statement u(m_db, "UPDATE proposal SET merged_into = ? WHERE id = ?");
    u.bind(1, static_cast<int64_t>(merged.id));
    u.bind(2, static_cast<int64_t>(o.id));
    u.exec();
    apply(o, Action::merge, merged.ref);
  }
  return get_by_id(merged.id);
}

Proposal ProposalStore::set_path(std::string_view ref, Path path) {
  Proposal p = get(ref);
  if (p.status != Status::collected && p.status != Status::accepted) {
    throw RuleViolation(
        _f("proposal {} is '{}'; its path can be chosen only before it is on an agenda", p.ref, label(p.status)));
  }
  if (path == Path::four_step) {
    if (p.tier != Tier::village) {
      throw RuleViolation(_f("proposal {} is a group matter; 四议两公开 is for the village's major matters", p.ref),
                          _("escalate it first: yishi proposal escalate"));
    }
    VillageStore village(m_db);
    for (const auto& step : k_four_steps) {
      if (!village.council_of_kind(step.body) &&
          !(step.number == 4 && village.council_of_kind(CouncilKind::villagers))) {
        throw RuleViolation(_f("the village has no {} for step {} ({})", label(step.body), step.number, step.name_zh),
                            _("add it to village.toml as a [[councils]] table with kind = ..."));
      }
    }
  }
  SQLite::Statement q(m_db, "UPDATE proposal SET path = ?, step = 0 WHERE id = ?");
  q.bind(1, std::string(code(path)));
  q.bind(2, static_cast<int64_t>(p.id));
  q.exec();
  return get_by_id(p.id);
}

Proposal ProposalStore::record_step(const Proposal& proposal, long session_id, long should_attend, long attended) {
  int step = proposal.step + 1;
  SQLite::Statement q(m_db, "INSERT INTO four_step (proposal_id, step, session_id, should_attend, attended, "
                            "completed_on) VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(proposal.id));
  q.bind(2, step);
  q.bind(3, static_cast<int64_t>(session_id));
  q.bind(4, static_cast<int64_t>(should_attend));
  q.bind(5, static_cast<int64_t>(attended));
  q.bind(6, format_iso(m_clock.today()));
  q.exec();
  SQLite::Statement u(m_db, "UPDATE proposal SET step = ? WHERE id = ?");
  u.bind(1, step);
  u.bind(2, static_cast<int64_t>(proposal.id));
  u.exec();
  Proposal p = proposal;
  p.step = step;
  return p;
}

} // namespace yishi
