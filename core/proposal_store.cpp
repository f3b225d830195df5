#include "proposal_store.hpp"

#include "error.hpp"
#include "mask.hpp"
#include "text.hpp"
#include "village_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <utf8proc.h>

namespace yishi {
namespace {

constexpr const char* k_select =
    "SELECT p.id, p.year, p.seq, p.title, p.description, p.group_id, COALESCE(g.name, ''), p.tier, "
    "p.channel, p.proposer_id, p.proposer_name, p.proposer_phone, p.submitted_on, p.status "
    "FROM proposal p LEFT JOIN village_group g ON g.id = p.group_id ";

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
  return p;
}

size_t count_chars(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    n += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

} // namespace

std::string proposal_ref(int year, int seq) {
  return fmt::format("{}-{:03}", year, seq);
}

std::string session_ref(int year, int seq) {
  return fmt::format("S{}-{:03}", year, seq);
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

std::string check_text(std::string_view text_in, std::string_view field, size_t max_chars, bool required) {
  std::string name = translate(std::string(field).c_str());
  if (!is_valid_utf8(text_in)) {
    throw DataError(_f("{} is not valid UTF-8", name));
  }
  std::string text = trim(text_in);
  if (required && text.empty()) {
    throw DataError(_f("{} must not be empty", name));
  }
  if (size_t n = count_chars(text); n > max_chars) {
    throw DataError(_f("{} is {} characters long; at most {} are allowed", name, n, max_chars));
  }
  return text;
}

Proposal ProposalStore::add(const NewProposal& in) {
  VillageStore village(m_db);
  NewProposal p = in;
  p.title = check_text(in.title, "title", 100, true);
  p.description = check_text(in.description, "description", 5000, false);
  p.proposer = check_text(in.proposer, "proposer", 50, true);
  p.proposer_phone = trim(in.proposer_phone);
  if (!p.proposer_phone.empty() && !is_mobile_phone(p.proposer_phone) &&
      p.proposer_phone.find_first_not_of("0123456789- ") != std::string::npos) {
    throw DataError(_f("proposer phone '{}' is not a phone number", p.proposer_phone));
  }
  std::optional<Group> group;
  if (!p.group.empty()) {
    group = village.group(p.group);
  }
  Tier tier = p.tier.value_or(group ? Tier::group : Tier::village);
  if (tier == Tier::group && !group) {
    throw DataError(_("a group matter needs its group"),
                    _("give --group, or --tier village for a village-wide matter"));
  }
  auto person = village.find_person(p.proposer);
  Date submitted = p.submitted_on.value_or(m_clock.today());
  if (submitted > m_clock.today()) {
    throw DataError(_f("submitted date {} is in the future", format_iso(submitted)));
  }
  int year = static_cast<int>(submitted.year());
  SQLite::Statement next(m_db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM proposal WHERE year = ?");
  next.bind(1, year);
  next.executeStep();
  int seq = next.getColumn(0).getInt();

  SQLite::Statement q(m_db, "INSERT INTO proposal (year, seq, title, description, group_id, tier, channel, "
                            "proposer_id, proposer_name, proposer_phone, submitted_on, status) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, seq);
  q.bind(3, p.title);
  q.bind(4, p.description);
  if (group) {
    q.bind(5, static_cast<int64_t>(group->id));
  } else {
    q.bind(5);
  }
  q.bind(6, std::string(code(tier)));
  q.bind(7, std::string(code(p.channel)));
  if (person) {
    q.bind(8, static_cast<int64_t>(person->id));
    q.bind(9, person->name);
  } else {
    q.bind(8);
    q.bind(9, p.proposer);
  }
  q.bind(10, p.proposer_phone);
  q.bind(11, format_iso(submitted));
  q.bind(12, std::string(code(Status::collected)));
  q.exec();
  long id = m_db.getLastInsertRowid();

  SQLite::Statement event(m_db, "INSERT INTO proposal_event (proposal_id, at, action, from_status, "
                                "to_status, note) VALUES (?, ?, 'collect', NULL, 'collected', '')");
  event.bind(1, static_cast<int64_t>(id));
  event.bind(2, format_iso(m_clock.now()));
  event.exec();
  return get_by_id(id);
}

Proposal ProposalStore::get(std::string_view ref) const {
  auto [year, seq] = parse_proposal_ref(ref);
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE p.year = ? AND p.seq = ?");
  q.bind(1, year);
  q.bind(2, seq);
  if (!q.executeStep()) {
    throw NotFound(_f("no proposal {}", ref), _("list them with: yishi proposal list"));
  }
  return read(q);
}

Proposal ProposalStore::get_by_id(long id) const {
  SQLite::Statement q(m_db, std::string(k_select) + "WHERE p.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) {
    throw NotFound(_f("no proposal with id {}", id));
  }
  return read(q);
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
  return out;
}

std::vector<ProposalEvent> ProposalStore::history(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT at, action, from_status, to_status, note FROM proposal_event "
                            "WHERE proposal_id = ? ORDER BY id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<ProposalEvent> out;
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
  SQLite::Statement q(m_db, "SELECT r.id, c.name, s.year, s.seq, r.text, r.responsible, r.deadline, r.ruled_on "
                            "FROM ruling r JOIN council c ON c.id = r.council_id JOIN motion m ON m.id = r.motion_id "
                            "JOIN agenda_item a ON a.id = m.agenda_item_id JOIN session s ON s.id = a.session_id "
                            "WHERE r.proposal_id = ?");
  q.bind(1, static_cast<int64_t>(proposal_id));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  Ruling r;
  r.id = q.getColumn(0).getInt64();
  r.council_name = q.getColumn(1).getString();
  r.session_ref = session_ref(q.getColumn(2).getInt(), q.getColumn(3).getInt());
  r.text = q.getColumn(4).getString();
  r.responsible = q.getColumn(5).getString();
  r.deadline = date_from_iso(q.getColumn(6).getString());
  r.ruled_on = date_from_iso(q.getColumn(7).getString());
  return r;
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
