#include "conventions.hpp"

#include "core/error.hpp"
#include "core/records/proposals.hpp"
#include "core/records/village.hpp"
#include "core/storage/database.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>

namespace yishi {
namespace {

constexpr const char* k_declaration_select =
    "SELECT d.id, d.year, d.seq, d.household, COALESCE(g.name, ''), d.event, d.event_on, d.declared_on, d.tables, "
    "d.guests, d.cost_per_table, d.gift, d.days, d.cigarette_price, d.liquor_price, d.answer, d.answer_note, "
    "d.actual_tables, d.actual_guests, d.actual_cost_per_table, d.actual_gift, d.actual_days, "
    "d.actual_cigarette_price, d.actual_liquor_price, d.actual_on "
    "FROM declaration d LEFT JOIN village_group g ON g.id = d.group_id ";

std::optional<long> opt(SQLite::Statement& q, int column) {
  return q.getColumn(column).isNull() ? std::nullopt : std::optional<long>(q.getColumn(column).getInt64());
}

EventFigures figures_at(SQLite::Statement& q, int first) {
  return EventFigures{opt(q, first),     opt(q, first + 1), opt(q, first + 2), opt(q, first + 3),
                      opt(q, first + 4), opt(q, first + 5), opt(q, first + 6)};
}

void bind_opt(SQLite::Statement& q, int index, std::optional<long> v) {
  if (v) {
    q.bind(index, static_cast<int64_t>(*v));
  } else {
    q.bind(index);
  }
}

void check_figures_valid(const EventFigures& f) {
  for (auto v : {f.tables, f.guests, f.cost_per_table, f.gift, f.days, f.cigarette_price, f.liquor_price}) {
    if (v && *v < 0) {
      throw DataError(_("figures must not be negative"));
    }
  }
}

std::string declaration_ref(int year, int seq) {
  return fmt::format("D{}-{:03}", year, seq);
}

// The ruled proposal a convention version comes from.
Proposal adopting_proposal(SQLite::Database& db, const Clock& clock, std::string_view ref) {
  Proposal p = ProposalStore(db, clock).get(ref);
  if (p.status != Status::ruled) {
    throw RuleViolation(_f("proposal {} is '{}'; a convention is adopted by a ruling", p.ref, label(p.status)),
                        _("record the deliberation and its vote first"));
  }
  // The law gives the village's conventions (村规民约) to the villagers' meeting.
  SQLite::Statement q(db, "SELECT c.kind, c.name FROM ruling r JOIN council c ON c.id = COALESCE(r.approved_by, "
                          "r.council_id) WHERE r.proposal_id = ? AND r.set_aside_on IS NULL");
  q.bind(1, static_cast<int64_t>(p.id));
  if (q.executeStep() && q.getColumn(0).getString() != code(CouncilKind::villagers)) {
    throw RuleViolation(_f("proposal {} was ruled by {}; a convention is adopted by the villagers' meeting", p.ref,
                           q.getColumn(1).getString()),
                        _("put it to the villagers' meeting: yishi session plan --council villagers"));
  }
  return p;
}

} // namespace

long ConventionStore::insert_version(long convention_id, int version, long proposal_id, Date effective_on,
                                     const std::vector<Clause>& clauses) {
  if (clauses.empty()) {
    throw DataError(_("a convention needs at least one clause"), _("give --limit KEY=VALUE or --clause TEXT"));
  }
  SQLite::Statement q(m_db, "INSERT INTO convention_version (convention_id, version, proposal_id, effective_on, "
                            "recorded_on) VALUES (?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(convention_id));
  q.bind(2, version);
  q.bind(3, static_cast<int64_t>(proposal_id));
  q.bind(4, format_iso(effective_on));
  q.bind(5, format_iso(m_clock.today()));
  q.exec();
  long version_id = m_db.getLastInsertRowid();
  for (const auto& c : clauses) {
    SQLite::Statement cq(m_db, "INSERT INTO convention_clause (version_id, number, text, limit_key, limit_value) "
                               "VALUES (?, ?, ?, ?, ?)");
    cq.bind(1, static_cast<int64_t>(version_id));
    cq.bind(2, c.number);
    cq.bind(3, c.limit ? std::string() : check_text(c.text, "clause", 500, true));
    if (c.limit) {
      if (c.value < 0) {
        throw DataError(_f("limit {} must not be negative", code(*c.limit)));
      }
      cq.bind(4, std::string(code(*c.limit)));
      cq.bind(5, static_cast<int64_t>(c.value));
    } else {
      cq.bind(4);
      cq.bind(5);
    }
    cq.exec();
  }
  return version_id;
}

Convention ConventionStore::add(std::string_view title, std::string_view proposal_ref, Date effective_on,
                                const std::vector<Clause>& clauses) {
  Proposal p = adopting_proposal(m_db, m_clock, proposal_ref);
  SQLite::Statement q(m_db, "INSERT INTO convention (title) VALUES (?)");
  q.bind(1, check_text(title, "title", 100, true));
  q.exec();
  long id = m_db.getLastInsertRowid();
  std::vector<Clause> numbered = clauses;
  for (size_t i = 0; i < numbered.size(); ++i) {
    numbered[i].number = static_cast<int>(i + 1);
  }
  insert_version(id, 1, p.id, effective_on, numbered);
  return get(id);
}

Convention ConventionStore::amend(long id, std::string_view proposal_ref, Date effective_on, const Amendment& a) {
  Convention c = get(id);
  Proposal p = adopting_proposal(m_db, m_clock, proposal_ref);
  const ConventionVersion& last = c.versions.back();
  if (effective_on <= last.effective_on) {
    throw RuleViolation(_f("version {} takes effect on {}; an amendment must take effect after it", last.version,
                           format_iso(last.effective_on)));
  }
  std::vector<Clause> clauses;
  for (const auto& cl : last.clauses) {
    if (std::find(a.dropped.begin(), a.dropped.end(), cl.number) == a.dropped.end()) {
      clauses.push_back(cl);
    }
  }
  for (int n : a.dropped) {
    if (std::none_of(last.clauses.begin(), last.clauses.end(), [&](const Clause& cl) { return cl.number == n; })) {
      throw DataError(_f("version {} has no clause {}", last.version, n));
    }
  }
  for (const auto& entry : a.limits) {
    const auto& [limit, value] = entry;
    auto it =
        std::find_if(clauses.begin(), clauses.end(), [&entry](const Clause& cl) { return cl.limit == entry.first; });
    if (it != clauses.end()) {
      it->value = value;
    } else {
      clauses.push_back(Clause{0, "", limit, value});
    }
  }
  for (const auto& text : a.clauses) {
    clauses.push_back(Clause{0, text, std::nullopt, 0});
  }
  for (size_t i = 0; i < clauses.size(); ++i) {
    clauses[i].number = static_cast<int>(i + 1);
  }
  insert_version(id, last.version + 1, p.id, effective_on, clauses);
  return get(id);
}

Convention ConventionStore::record_step(long id, AdoptionStep step, Date done_on, std::string_view note) {
  Convention c = get(id);
  const ConventionVersion& v = c.versions.back();
  const auto& done = c.adoption[v.version];
  size_t next = done.size();
  if (next >= k_adoption_steps.size()) {
    throw RuleViolation(_f("version {} of {} has completed its adoption path", v.version, c.title));
  }
  if (k_adoption_steps[next].value != step) {
    throw RuleViolation(_f("version {} of {}: the next step is '{}', not '{}'", v.version, c.title,
                           label(k_adoption_steps[next].value), label(step)),
                        _("the path is: opinions, draft, township-review, villagers-vote, filed, published"));
  }
  if (!done.empty() && done_on < done.back().done_on) {
    throw DataError(_f("{} is before the previous step ({})", format_iso(done_on), format_iso(done.back().done_on)));
  }
  SQLite::Statement q(m_db, "INSERT INTO adoption_step (version_id, step, done_on, note) VALUES (?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(v.id));
  q.bind(2, std::string(code(step)));
  q.bind(3, format_iso(done_on));
  q.bind(4, check_text(note, "note", 500, false));
  q.exec();
  return get(id);
}

Convention ConventionStore::get(long id) const {
  SQLite::Statement q(m_db, "SELECT id, title FROM convention WHERE id = ?");
  q.bind(1, static_cast<int64_t>(id));
  if (!q.executeStep()) {
    throw NotFound(_f("no convention {}", id), _("list them with: yishi convention list"));
  }
  Convention c{q.getColumn(0).getInt64(), q.getColumn(1).getString(), {}, {}};
  SQLite::Statement v(m_db, "SELECT v.id, v.version, v.effective_on, p.year, p.seq FROM convention_version v "
                            "JOIN proposal p ON p.id = v.proposal_id WHERE v.convention_id = ? ORDER BY v.version");
  v.bind(1, static_cast<int64_t>(id));
  while (v.executeStep()) {
    ConventionVersion cv;
    cv.id = v.getColumn(0).getInt64();
    cv.version = v.getColumn(1).getInt();
    cv.effective_on = date_from_iso(v.getColumn(2).getString());
    cv.proposal_ref = proposal_ref(v.getColumn(3).getInt(), v.getColumn(4).getInt());
    SQLite::Statement cl(m_db, "SELECT number, text, limit_key, limit_value FROM convention_clause "
                               "WHERE version_id = ? ORDER BY number");
    cl.bind(1, static_cast<int64_t>(cv.id));
    while (cl.executeStep()) {
      Clause clause{cl.getColumn(0).getInt(), cl.getColumn(1).getString(), std::nullopt, 0};
      if (!cl.getColumn(2).isNull()) {
        clause.limit = parse_enum<Limit>(cl.getColumn(2).getString(), "limit");
        clause.value = cl.getColumn(3).getInt64();
      }
      cv.clauses.push_back(std::move(clause));
    }
    SQLite::Statement st(m_db, "SELECT step, done_on, note FROM adoption_step WHERE version_id = ? ORDER BY done_on, "
                               "rowid");
    st.bind(1, static_cast<int64_t>(cv.id));
    auto& steps = c.adoption[cv.version];
    while (st.executeStep()) {
      steps.push_back(AdoptionRecord{parse_enum<AdoptionStep>(st.getColumn(0).getString(), "step"),
                                     date_from_iso(st.getColumn(1).getString()), st.getColumn(2).getString()});
    }
    c.versions.push_back(std::move(cv));
  }
  return c;
}

std::vector<Convention> ConventionStore::list() const {
  std::vector<long> ids;
  SQLite::Statement q(m_db, "SELECT id FROM convention ORDER BY id");
  while (q.executeStep()) {
    ids.push_back(q.getColumn(0).getInt64());
  }
  std::vector<Convention> out;
  for (long id : ids) {
    out.push_back(get(id));
  }
  return out;
}

std::optional<std::pair<Convention, ConventionVersion>> ConventionStore::adopted_by(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT convention_id, version FROM convention_version WHERE proposal_id = ? "
                            "ORDER BY id DESC LIMIT 1");
  q.bind(1, static_cast<int64_t>(proposal_id));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  Convention c = get(q.getColumn(0).getInt64());
  int version = q.getColumn(1).getInt();
  for (const auto& v : c.versions) {
    if (v.version == version) {
      return std::make_pair(c, v);
    }
  }
  return std::nullopt;
}

Declaration ConventionStore::declare(const DeclarationInput& in) {
  std::string household = check_text(in.household, "household", 50, true);
  check_figures_valid(in.planned);
  std::optional<Group> group;
  if (!in.group.empty()) {
    group = VillageStore(m_db).group(in.group);
  }
  Date declared = in.declared_on.value_or(m_clock.today());
  if (declared > m_clock.today()) {
    throw DataError(_f("declaration date {} is in the future", format_iso(declared)));
  }
  int year = static_cast<int>(in.event_on.year());
  int seq = storage::next_in_year(m_db, "declaration", "seq", year);
  SQLite::Statement q(m_db, "INSERT INTO declaration (year, seq, household, group_id, event, event_on, declared_on, "
                            "tables, guests, cost_per_table, gift, days, cigarette_price, liquor_price) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, year);
  q.bind(2, seq);
  q.bind(3, household);
  if (group) {
    q.bind(4, static_cast<int64_t>(group->id));
  } else {
    q.bind(4);
  }
  q.bind(5, std::string(code(in.event)));
  q.bind(6, format_iso(in.event_on));
  q.bind(7, format_iso(declared));
  const EventFigures& f = in.planned;
  int i = 8;
  for (auto v : {f.tables, f.guests, f.cost_per_table, f.gift, f.days, f.cigarette_price, f.liquor_price}) {
    bind_opt(q, i++, v);
  }
  q.exec();
  return declaration(declaration_ref(year, seq));
}

Declaration ConventionStore::answer(std::string_view ref, CouncilAnswer a, std::string_view note) {
  Declaration d = declaration(ref);
  if (d.answer) {
    throw RuleViolation(_f("declaration {} was answered already: {}", d.ref, label(*d.answer)));
  }
  std::string text = check_text(note, "note", 500, a != CouncilAnswer::approved);
  SQLite::Statement q(m_db, "UPDATE declaration SET answer = ?, answer_note = ?, answered_on = ? WHERE id = ?");
  q.bind(1, std::string(code(a)));
  q.bind(2, text);
  q.bind(3, format_iso(m_clock.today()));
  q.bind(4, static_cast<int64_t>(d.id));
  q.exec();
  return declaration(ref);
}

Declaration ConventionStore::record_actual(std::string_view ref, const EventFigures& f) {
  Declaration d = declaration(ref);
  check_figures_valid(f);
  if (d.event_on > m_clock.today()) {
    throw RuleViolation(
        _f("the event of {} is on {}; its actual figures come after it", d.ref, format_iso(d.event_on)));
  }
  SQLite::Statement q(m_db, "UPDATE declaration SET actual_tables = ?, actual_guests = ?, actual_cost_per_table = ?, "
                            "actual_gift = ?, actual_days = ?, actual_cigarette_price = ?, actual_liquor_price = ?, "
                            "actual_on = ? WHERE id = ?");
  int i = 1;
  for (auto v : {f.tables, f.guests, f.cost_per_table, f.gift, f.days, f.cigarette_price, f.liquor_price}) {
    bind_opt(q, i++, v);
  }
  q.bind(8, format_iso(m_clock.today()));
  q.bind(9, static_cast<int64_t>(d.id));
  q.exec();
  return declaration(ref);
}

namespace {

Declaration read_declaration(SQLite::Statement& q) {
  Declaration d;
  d.id = q.getColumn(0).getInt64();
  d.ref = declaration_ref(q.getColumn(1).getInt(), q.getColumn(2).getInt());
  d.household = q.getColumn(3).getString();
  d.group_name = q.getColumn(4).getString();
  d.event = parse_enum<EventKind>(q.getColumn(5).getString(), "event");
  d.event_on = date_from_iso(q.getColumn(6).getString());
  d.declared_on = date_from_iso(q.getColumn(7).getString());
  d.planned = figures_at(q, 8);
  if (!q.getColumn(15).isNull()) {
    d.answer = parse_enum<CouncilAnswer>(q.getColumn(15).getString(), "answer");
  }
  d.answer_note = q.getColumn(16).getString();
  if (!q.getColumn(24).isNull()) {
    d.actual = figures_at(q, 17);
  }
  return d;
}

} // namespace

Declaration ConventionStore::declaration(std::string_view ref) const {
  static constexpr RefKind kind{'D', N_("'{}' is not a declaration number"),
                                N_("declaration numbers look like D2026-001"), N_("no declaration {}"),
                                N_("list them with: yishi declare list")};
  return find_by_ref<Declaration>(
      ref, kind, static_cast<int>(m_clock.today().year()),
      row_by_year_seq<Declaration>(m_db, std::string(k_declaration_select) + "WHERE d.year = ? AND d.seq = ?",
                                   [&](SQLite::Statement& q) { return read_declaration(q); }));
}

std::vector<Declaration> ConventionStore::declarations(std::optional<int> year) const {
  std::vector<std::string> refs;
  SQLite::Statement q(m_db, year ? "SELECT year, seq FROM declaration WHERE year = ? ORDER BY year, seq"
                                 : "SELECT year, seq FROM declaration ORDER BY year, seq");
  if (year) {
    q.bind(1, *year);
  }
  while (q.executeStep()) {
    refs.push_back(declaration_ref(q.getColumn(0).getInt(), q.getColumn(1).getInt()));
  }
  std::vector<Declaration> out;
  for (const auto& r : refs) {
    out.push_back(declaration(r));
  }
  return out;
}

DeclarationCheck ConventionStore::check(const Declaration& d) const {
  DeclarationCheck out;
  for (const auto& c : list()) {
    const ConventionVersion* v = version_in_force(c.versions, d.event_on);
    if (v == nullptr) {
      continue;
    }
    out.covered = true;
    for (const auto& b : check_figures(d.planned, *v)) {
      out.breaches.push_back(DeclarationCheck::Finding{c.title, v->version, b});
    }
    if (auto late = check_timing(d.event, d.event_on, d.declared_on, *v)) {
      out.late.emplace_back(c.title, *late);
    }
  }
  return out;
}

ConventionReport ConventionStore::report(int year) const {
  ConventionReport r;
  r.year = year;
  r.reference_cost = VillageStore(m_db).info().reference_cost_per_event;
  std::map<std::string, long> by_clause;
  std::vector<std::string> order;
  for (const auto& d : declarations(year)) {
    r.events[d.event] += 1;
    DeclarationCheck c = check(d);
    r.late += c.late.empty() ? 0 : 1;
    for (const auto& f : c.breaches) {
      std::string key = fmt::format("{} 第{}条 {} {}", f.convention, f.breach.clause.number, zh(*f.breach.clause.limit),
                                    f.breach.clause.value);
      if (by_clause[key]++ == 0) {
        order.push_back(key);
      }
    }
    if (d.event == EventKind::other) {
      continue;
    }
    long cost = event_cost(d.actual.value_or(d.planned));
    if (cost > 0) {
      r.events_costed += 1;
      r.total_cost += cost;
    }
  }
  for (const auto& key : order) {
    r.breaches_by_clause.emplace_back(key, by_clause[key]);
  }
  if (r.reference_cost) {
    r.estimated_saving = *r.reference_cost * r.events_costed - r.total_cost;
  }
  return r;
}

} // namespace yishi
