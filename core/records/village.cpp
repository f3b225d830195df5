#include "village.hpp"

#include "core/rules/division.hpp"

#include "core/error.hpp"
#include "core/rules/proposal_rules.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <map>

namespace yishi {
namespace {

Person read_person(SQLite::Statement& q) {
  Person p;
  p.id = q.getColumn(0).getInt64();
  p.name = q.getColumn(1).getString();
  if (!q.getColumn(2).isNull()) {
    p.group_id = q.getColumn(2).getInt64();
  }
  p.group_name = q.getColumn(3).getString();
  p.gender = parse_enum<Gender>(q.getColumn(4).getString(), "gender");
  p.party_member = q.getColumn(5).getInt() != 0;
  p.categories = split_list(q.getColumn(6).getString());
  p.phone = q.getColumn(7).getString();
  p.id_number = q.getColumn(8).getString();
  return p;
}

constexpr const char* k_person_select =
    "SELECT p.id, p.name, p.group_id, COALESCE(g.name, ''), p.gender, p.party_member, "
    "p.categories, p.phone, p.id_number FROM person p LEFT JOIN village_group g ON g.id = p.group_id ";

constexpr const char* k_council_select =
    "SELECT c.id, c.key, c.name, c.tier, c.group_id, COALESCE(g.name, ''), c.convener_id, "
    "p.name, c.rule_kind, r.quorum, r.majority, c.min_party_share, c.min_women_share, c.kind, c.representative, "
    "c.required_categories "
    "FROM council c JOIN person p ON p.id = c.convener_id JOIN vote_rule r ON r.kind = c.rule_kind "
    "LEFT JOIN village_group g ON g.id = c.group_id ";

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

} // namespace

void VillageStore::create(const VillageConfig& config) {
  if (m_db.execAndGet("SELECT count(*) FROM village").getInt() > 0) {
    throw RuleViolation(_("this database already holds a village"),
                        _("a database holds one village: name a new file with --db"));
  }
  const auto& v = config.village;
  SQLite::Statement village(m_db,
                            "INSERT INTO village (id, name, township, issuing_body, supervision_phone, "
                            "feedback, serial_prefix, posting_days, operator) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)");
  village.bind(1, v.name);
  village.bind(2, v.township);
  village.bind(3, v.issuing_body);
  village.bind(4, v.supervision_phone);
  village.bind(5, v.feedback);
  village.bind(6, v.serial_prefix);
  village.bind(7, v.posting_days);
  village.bind(8, v.operator_name);
  village.exec();

  if (v.notice_layout != SheetLayout::plain || v.announcement_layout != SheetLayout::plain || !v.red_header.empty()) {
    SQLite::Statement layout(
        m_db, "UPDATE village SET notice_layout = ?, announcement_layout = ?, red_header = ? WHERE id = 1");
    layout.bind(1, std::string(code(v.notice_layout)));
    layout.bind(2, std::string(code(v.announcement_layout)));
    layout.bind(3, v.red_header);
    layout.exec();
  }
  if (!v.code.empty()) {
    set_code(v.code, v.township_code);
  }
  if (!v.templates.empty()) {
    SQLite::Statement t(m_db, "UPDATE village SET templates = ? WHERE id = 1");
    t.bind(1, v.templates);
    t.exec();
  }
  if (v.reference_cost_per_event) {
    SQLite::Statement ref(m_db, "UPDATE village SET reference_cost_per_event = ? WHERE id = 1");
    ref.bind(1, static_cast<int64_t>(*v.reference_cost_per_event));
    ref.exec();
  }
  SQLite::Statement routing(m_db, "UPDATE village SET group_budget_limit = ?, review_group_rulings = ?, "
                                  "escalate_multi_group = ? WHERE id = 1");
  if (config.routing.group_budget_limit) {
    routing.bind(1, static_cast<int64_t>(*config.routing.group_budget_limit));
  } else {
    routing.bind(1);
  }
  routing.bind(2, config.routing.review_group_rulings ? 1 : 0);
  routing.bind(3, config.routing.escalate_multi_group ? 1 : 0);
  routing.exec();
  for (const auto& t : config.matter_types) {
    SQLite::Statement q(m_db, "INSERT INTO matter_type (key, name, village_only, majority, decided_by) "
                              "VALUES (?, ?, ?, ?, ?)");
    q.bind(5, std::string(code(t.decided_by)));
    q.bind(1, t.key);
    q.bind(2, t.name);
    q.bind(3, t.village_only ? 1 : 0);
    if (t.majority) {
      q.bind(4, t.majority->text());
    } else {
      q.bind(4);
    }
    q.exec();
  }

  for (const auto& [kind, rule] : config.rules) {
    SQLite::Statement q(m_db, "INSERT INTO vote_rule (kind, quorum, majority) VALUES (?, ?, ?)");
    q.bind(1, kind);
    q.bind(2, rule.quorum.text());
    q.bind(3, rule.majority.text());
    q.exec();
  }

  std::map<std::string, long> group_ids;
  for (const auto& g : config.groups) {
    SQLite::Statement q(m_db, "INSERT INTO village_group (name, households, adults) VALUES (?, ?, ?)");
    q.bind(1, g.name);
    q.bind(2, static_cast<int64_t>(g.households));
    q.bind(3, static_cast<int64_t>(g.adults));
    q.exec();
    group_ids[g.name] = m_db.getLastInsertRowid();
  }

  std::map<std::string, long> person_ids;
  for (const auto& pc : config.people) {
    const auto& p = pc.person;
    SQLite::Statement q(m_db, "INSERT INTO person (name, group_id, gender, party_member, categories, phone, "
                              "id_number) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, p.name);
    if (pc.group.empty()) {
      q.bind(2);
    } else {
      q.bind(2, static_cast<int64_t>(group_ids.at(pc.group)));
    }
    q.bind(3, std::string(code(p.gender)));
    q.bind(4, p.party_member ? 1 : 0);
    q.bind(5, join(p.categories, ","));
    q.bind(6, p.phone);
    q.bind(7, p.id_number);
    q.exec();
    person_ids[p.name] = m_db.getLastInsertRowid();
  }

  for (const auto& c : config.councils) {
    SQLite::Statement q(m_db, "INSERT INTO council (key, name, tier, group_id, convener_id, rule_kind, "
                              "min_party_share, min_women_share, kind, representative, required_categories) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, c.key);
    q.bind(2, c.name);
    q.bind(3, std::string(code(c.tier)));
    if (c.group.empty()) {
      q.bind(4);
    } else {
      q.bind(4, static_cast<int64_t>(group_ids.at(c.group)));
    }
    q.bind(5, static_cast<int64_t>(person_ids.at(c.convener)));
    q.bind(6, c.rules);
    if (c.min_party_share) {
      q.bind(7, *c.min_party_share);
    } else {
      q.bind(7);
    }
    if (c.min_women_share) {
      q.bind(8, *c.min_women_share);
    } else {
      q.bind(8);
    }
    q.bind(9, std::string(code(c.kind)));
    q.bind(10, c.representative ? 1 : 0);
    q.bind(11, join(c.required_categories, ","));
    q.exec();
    long council_id = m_db.getLastInsertRowid();
    for (const auto& m : c.members) {
      SQLite::Statement member(m_db, "INSERT INTO council_member (council_id, person_id) VALUES (?, ?)");
      member.bind(1, static_cast<int64_t>(council_id));
      member.bind(2, static_cast<int64_t>(person_ids.at(m)));
      member.exec();
    }
  }
}

VillageInfo VillageStore::info() const {
  SQLite::Statement q(m_db,
                      "SELECT name, township, issuing_body, supervision_phone, feedback, "
                      "serial_prefix, posting_days, reference_cost_per_event, templates, operator, notice_layout, "
                      "announcement_layout, red_header FROM village WHERE id = 1");
  if (!q.executeStep()) {
    throw NotFound(_("the database holds no village yet"), _("run: yishi init --config village.toml"));
  }
  VillageInfo v{q.getColumn(0).getString(),
                q.getColumn(1).getString(),
                q.getColumn(2).getString(),
                q.getColumn(3).getString(),
                q.getColumn(4).getString(),
                q.getColumn(5).getString(),
                q.getColumn(6).getInt(),
                std::nullopt,
                q.getColumn(8).getString(),
                q.getColumn(9).getString(),
                SheetLayout::plain,
                SheetLayout::plain,
                std::string(),
                std::string(),
                std::string()};
  if (!q.getColumn(7).isNull()) {
    v.reference_cost_per_event = q.getColumn(7).getInt64();
  }
  v.notice_layout = parse_enum<SheetLayout>(q.getColumn(10).getString(), "notice_layout");
  v.announcement_layout = parse_enum<SheetLayout>(q.getColumn(11).getString(), "announcement_layout");
  v.red_header = q.getColumn(12).getString();
  SQLite::Statement c(m_db, "SELECT code, township_code FROM village_code WHERE id = 1");
  if (c.executeStep()) {
    v.code = c.getColumn(0).getString();
    v.township_code = c.getColumn(1).getString();
  }
  return v;
}

void VillageStore::set_code(const std::string& village_code, const std::string& township_code) {
  check_village_code(village_code);
  const std::string township = township_code_of(village_code, township_code);
  SQLite::Statement pushed(m_db, "SELECT village FROM history_push WHERE village <> ? LIMIT 1");
  pushed.bind(1, village_code);
  if (pushed.executeStep()) {
    throw RuleViolation(
        _f("this village has reported to the district as {}: its code cannot change", pushed.getColumn(0).getString()),
        _("a village keeps its code; if the code was wrong, ask the district office to correct it there first"));
  }
  SQLite::Statement q(m_db, "INSERT INTO village_code (id, code, township_code) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                            "UPDATE SET code = excluded.code, township_code = excluded.township_code "
                            "WHERE code <> excluded.code OR township_code <> excluded.township_code");
  q.bind(1, village_code);
  q.bind(2, township);
  q.exec();
}

std::vector<Group> VillageStore::groups() const {
  std::vector<Group> out;
  SQLite::Statement q(m_db, "SELECT id, name, households, adults FROM village_group ORDER BY id");
  while (q.executeStep()) {
    out.push_back(Group{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                        q.getColumn(3).getInt64()});
  }
  return out;
}

Group VillageStore::group(std::string_view name) const {
  std::vector<std::string> names;
  for (auto& g : groups()) {
    if (g.name == name) {
      return g;
    }
    names.push_back(g.name);
  }
  throw NotFound(_f("no group named '{}'", name), _f("groups: {}", join(names, _(", "))));
}

std::optional<Group> VillageStore::group_by_id(long id) const {
  for (auto& g : groups()) {
    if (g.id == id) {
      return g;
    }
  }
  return std::nullopt;
}

std::optional<Person> VillageStore::find_person(std::string_view which) const {
  std::string sql = k_person_select;
  bool by_id = all_digits(which);
  sql += by_id ? "WHERE p.id = ?" : "WHERE p.name = ? ORDER BY p.id";
  SQLite::Statement q(m_db, sql);
  q.bind(1, std::string(which));
  std::vector<Person> found;
  while (q.executeStep()) {
    found.push_back(read_person(q));
  }
  if (found.empty()) {
    return std::nullopt;
  }
  if (found.size() > 1) {
    std::vector<std::string> ids;
    for (const auto& p : found) {
      ids.push_back(fmt::format("{} ({})", p.id, p.group_name.empty() ? _("no group") : p.group_name));
    }
    throw DataError(_f("{} people are named '{}'", found.size(), which),
                    _f("give the number instead: {}", join(ids, _(", "))));
  }
  return found.front();
}

Person VillageStore::person(std::string_view which) const {
  if (auto p = find_person(which)) {
    return *p;
  }
  throw NotFound(_f("no person '{}' on record", which), _("people are set up in village.toml; check the spelling"));
}

Person VillageStore::person_by_id(long id) const {
  return person(std::to_string(id));
}

std::vector<Person> VillageStore::people() const {
  SQLite::Statement q(m_db, std::string(k_person_select) + "ORDER BY p.id");
  std::vector<Person> out;
  while (q.executeStep()) {
    out.push_back(read_person(q));
  }
  return out;
}

long VillageStore::count_people() const {
  return m_db.execAndGet("SELECT count(*) FROM person").getInt64();
}

Council VillageStore::load_council(SQLite::Statement& q, std::optional<Date> on) const {
  Council c;
  c.id = q.getColumn(0).getInt64();
  c.key = q.getColumn(1).getString();
  c.name = q.getColumn(2).getString();
  c.tier = parse_enum<Tier>(q.getColumn(3).getString(), "tier");
  if (!q.getColumn(4).isNull()) {
    c.group_id = q.getColumn(4).getInt64();
  }
  c.group_name = q.getColumn(5).getString();
  c.convener_id = q.getColumn(6).getInt64();
  c.convener_name = q.getColumn(7).getString();
  c.rule_kind = q.getColumn(8).getString();
  c.rule.quorum = parse_quorum(q.getColumn(9).getString(), "quorum", Basis::members);
  c.rule.majority = parse_threshold(q.getColumn(10).getString(), "majority", Basis::present);
  if (!q.getColumn(11).isNull()) {
    c.min_party_share = q.getColumn(11).getDouble();
  }
  if (!q.getColumn(12).isNull()) {
    c.min_women_share = q.getColumn(12).getDouble();
  }
  c.kind = parse_enum<CouncilKind>(q.getColumn(13).getString(), "kind");
  c.representative = q.getColumn(14).getInt() != 0;
  c.required_categories = split_list(q.getColumn(15).getString());
  // The roster in force on a day (terms end, members resign), or today's: those who have not left.
  SQLite::Statement m(m_db, std::string(k_person_select) +
                                "JOIN council_member cm ON cm.person_id = p.id WHERE cm.council_id = ?1 AND "
                                "(?2 IS NULL AND cm.until IS NULL OR ?2 IS NOT NULL AND (cm.since IS NULL OR "
                                "cm.since <= ?2) AND (cm.until IS NULL OR cm.until > ?2)) ORDER BY p.id");
  m.bind(1, static_cast<int64_t>(c.id));
  if (on) {
    m.bind(2, format_iso(*on));
  } else {
    m.bind(2);
  }
  while (m.executeStep()) {
    c.members.push_back(read_person(m));
  }
  return c;
}

std::vector<Council> VillageStore::councils() const {
  std::vector<Council> out;
  SQLite::Statement q(m_db, std::string(k_council_select) + "ORDER BY c.tier = 'group', c.id");
  while (q.executeStep()) {
    out.push_back(load_council(q));
  }
  return out;
}

Council VillageStore::council(std::string_view which) const {
  std::vector<std::string> keys;
  for (auto& c : councils()) {
    if (c.key == which || c.name == which || (!c.group_name.empty() && c.group_name == which) ||
        (which == "village" && c.tier == Tier::village && c.kind == CouncilKind::council)) {
      return c;
    }
    keys.push_back(c.key);
  }
  throw NotFound(_f("no council '{}'", which), _f("councils: {} (or a group's name)", join(keys, _(", "))));
}

Council VillageStore::council_by_id(long id, std::optional<Date> on) const {
  SQLite::Statement q(m_db, std::string(k_council_select) + "WHERE c.id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) {
    throw NotFound(_f("no council with id {}", id));
  }
  return load_council(q, on);
}

std::vector<Council> VillageStore::councils_on(Date on) const {
  std::vector<Council> out;
  SQLite::Statement q(m_db, std::string(k_council_select) + "ORDER BY c.tier = 'group', c.id");
  while (q.executeStep()) {
    out.push_back(load_council(q, on));
  }
  return out;
}

Council VillageStore::change_member(std::string_view which, std::string_view person_name, Date from, bool joins,
                                    std::string_view reason) {
  Council c = council(which);
  if (c.by_headcount()) {
    throw RuleViolation(_f("{} has no roster: it is counted at a sign-in", c.name));
  }
  Person p = person(person_name);
  Council then = council_by_id(c.id, from);
  bool member = then.has_member(p.id);
  if (joins && member) {
    throw RuleViolation(_f("{} is a member of {} on {} already", p.name, c.name, format_iso(from)));
  }
  if (!joins && !member) {
    throw RuleViolation(_f("{} is not a member of {} on {}", p.name, c.name, format_iso(from)));
  }
  if (!joins && p.id == c.convener_id) {
    throw RuleViolation(_f("{} convenes {}: a council keeps its convener", p.name, c.name),
                        _("change the convener in village.toml at the next term (换届)"));
  }
  // Sessions already met keep the roster they met with.
  SQLite::Statement met(m_db, "SELECT s.year, s.seq FROM session s WHERE s.council_id = ? AND s.starts_at >= ? AND "
                              "EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id) ORDER BY s.starts_at");
  met.bind(1, static_cast<int64_t>(c.id));
  met.bind(2, format_iso(from));
  if (met.executeStep()) {
    throw RuleViolation(_f("{} met on or after {} (S{}-{:03}) with the roster as it was", c.name, format_iso(from),
                           met.getColumn(0).getInt(), met.getColumn(1).getInt()),
                        _("give the date the change takes effect, after the sessions already held"));
  }
  std::string why = check_text(reason, "reason", 200, true);
  if (joins) {
    SQLite::Statement q(m_db, "INSERT INTO council_member (council_id, person_id, since, reason) VALUES (?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(c.id));
    q.bind(2, static_cast<int64_t>(p.id));
    q.bind(3, format_iso(from));
    q.bind(4, why);
    q.exec();
  } else {
    SQLite::Statement q(m_db, "UPDATE council_member SET until = ?, reason = ? WHERE council_id = ? AND person_id = ? "
                              "AND until IS NULL");
    q.bind(1, format_iso(from));
    q.bind(2, why);
    q.bind(3, static_cast<int64_t>(c.id));
    q.bind(4, static_cast<int64_t>(p.id));
    q.exec();
  }
  return council_by_id(c.id, from);
}

Council VillageStore::council_of_group(long group_id) const {
  for (auto& c : councils()) {
    if (c.group_id == group_id && c.kind == CouncilKind::council) {
      return c;
    }
  }
  throw NotFound(_f("group {} has no council", group_id));
}

Council VillageStore::village_council() const {
  for (auto& c : councils()) {
    if (c.tier == Tier::village && c.kind == CouncilKind::council) {
      return c;
    }
  }
  throw NotFound(_("the village has no village council"));
}

std::optional<Council> VillageStore::council_of_kind(CouncilKind kind) const {
  for (auto& c : councils()) {
    if (c.kind == kind) {
      return c;
    }
  }
  return std::nullopt;
}

std::optional<Council> VillageStore::deciding_body(const MatterType& type, std::optional<long> group_id) const {
  switch (type.decided_by) {
  case DecidingBody::villagers:
    return council_of_kind(CouncilKind::villagers);
  case DecidingBody::group_meeting:
    for (auto& c : councils()) {
      if (c.kind == CouncilKind::group_meeting && c.group_id == group_id) {
        return c;
      }
    }
    return std::nullopt;
  case DecidingBody::council:
    break;
  }
  return village_council();
}

RoutingRules VillageStore::routing() const {
  SQLite::Statement q(m_db, "SELECT group_budget_limit, escalate_multi_group, review_group_rulings FROM village "
                            "WHERE id = 1");
  RoutingRules r;
  if (q.executeStep()) {
    if (!q.getColumn(0).isNull()) {
      r.group_budget_limit = q.getColumn(0).getInt64();
    }
    r.escalate_multi_group = q.getColumn(1).getInt() != 0;
    r.review_group_rulings = q.getColumn(2).getInt() != 0;
  }
  return r;
}

VoteRule VillageStore::vote_rule(std::string_view kind) const {
  SQLite::Statement q(m_db, "SELECT quorum, majority FROM vote_rule WHERE kind = ?");
  q.bind(1, std::string(kind));
  if (!q.executeStep()) {
    throw NotFound(_f("no vote rule named '{}'", kind));
  }
  return VoteRule{parse_quorum(q.getColumn(0).getString(), "quorum", Basis::members),
                  parse_threshold(q.getColumn(1).getString(), "majority", Basis::present)};
}

std::vector<MatterType> VillageStore::matter_types() const {
  std::vector<MatterType> out;
  SQLite::Statement q(m_db, "SELECT key, name, village_only, majority, decided_by FROM matter_type ORDER BY rowid");
  while (q.executeStep()) {
    MatterType t{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0, std::nullopt,
                 parse_enum<DecidingBody>(q.getColumn(4).getString(), "decided_by")};
    if (!q.getColumn(3).isNull()) {
      t.majority = parse_threshold(q.getColumn(3).getString(), "majority", Basis::present);
    }
    out.push_back(std::move(t));
  }
  return out;
}

MatterType VillageStore::matter_type(std::string_view which) const {
  std::vector<std::string> keys;
  for (auto& t : matter_types()) {
    if (t.key == which || t.name == which) {
      return t;
    }
    keys.push_back(t.key);
  }
  throw NotFound(_f("no matter type '{}'", which), _f("matter types: {}", join(keys, _(", "))));
}

} // namespace yishi
