// Batch import: every row of a file of people, proposals or ballots checked (the rule set in
// core/rules/proposal_rules) and the good rows written in the caller's transaction; the rows themselves
// come from core/io/rows.
#include "import.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/io/csv.hpp"
#include "core/io/encoding.hpp"
#include "core/io/rows.hpp"
#include "core/labels.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/rules/mask.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "core/storage/output.hpp"
#include "core/spoken.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

namespace yishi {
namespace {

using namespace io;

// ---------------------------------------------------------------------------------------------
// Checking and writing rows

enum class RowResult { added, already, rejected, pending };

struct RowOutcome {
  RowResult result = RowResult::added;
  std::vector<ImportProblem> problems;
  std::string added; // the record added (a proposal's ref, a person's name)
};

// Reads the fields of one row, recording a problem per column.
class Check {
public:
  Check(const Row& row, RowOutcome& out) : m_row(row), m_out(out) {}

  const std::optional<std::string>& value(int field) const { return m_row.values[static_cast<size_t>(field)]; }

  void fail(int field, std::string reason) {
    // "来源 '飞鸽传书' is not known" is reported under the column 来源: say it once.
    if (field >= 0) {
      if (std::string label = fields_name(field) + " "; reason.rfind(label, 0) == 0) {
        reason.erase(0, label.size());
      }
    }
    m_out.problems.push_back(ImportProblem{
        m_row.line, field < 0 ? std::string() : m_row.labels[static_cast<size_t>(field)], std::move(reason)});
  }

  /// The field's text: valid UTF-8, not over max_chars, present when required.
  std::string text(int field, size_t max_chars, bool required) {
    const auto& v = value(field);
    try {
      return check_text(v.value_or(""), fields_name(field), max_chars, required);
    } catch (const DataError& e) {
      fail(field, e.what());
      return {};
    }
  }

  /// An enumerated value, by its code or its Chinese label.
  template <typename E> std::optional<E> choice(int field) {
    std::string t = text(field, 50, false);
    if (t.empty()) {
      return std::nullopt;
    }
    try {
      return parse_enum<E>(t, fields_name(field));
    } catch (const DataError& e) {
      fail(field, std::string(e.what()) + "; " + e.hint());
      return std::nullopt;
    }
  }

  /// The field's value as the file has it (empty when missing), for the rule set to check.
  std::string raw(int field) const { return value(field).value_or(""); }

  /// The column's header as the file spells it: what the rule set's messages name.
  std::string label(int field) const { return fields_name(field); }

  /// The rule set's problems, each under the column of its field (`column_of`).
  template <typename ColumnOf> void take(const std::vector<Problem>& problems, ColumnOf column_of) {
    for (const auto& p : problems) {
      fail(column_of(p.field), p.note.empty() ? p.message : p.note);
    }
  }

  /// A row's problems in the order of its columns, as a reader goes along the row.
  void order_by_column() {
    auto column = [&](const ImportProblem& p) {
      auto it = std::find(m_row.labels.begin(), m_row.labels.end(), p.column);
      return p.column.empty() || it == m_row.labels.end() ? -1 : static_cast<int>(it - m_row.labels.begin());
    };
    std::stable_sort(m_out.problems.begin(), m_out.problems.end(),
                     [&](const ImportProblem& a, const ImportProblem& b) { return column(a) < column(b); });
  }

  bool ok() const { return m_out.problems.empty(); }

private:
  std::string fields_name(int field) const { return m_row.labels[static_cast<size_t>(field)]; }
  const Row& m_row;
  RowOutcome& m_out;
};

// The stable key of a row: its key column, else a hash of everything it says.
std::string row_key(ImportKind kind, const Row& row, int key_field) {
  if (key_field >= 0 && row.values[static_cast<size_t>(key_field)]) {
    return *row.values[static_cast<size_t>(key_field)];
  }
  std::string content = kind_name(kind);
  for (size_t f = 0; f < row.values.size(); ++f) {
    content += '\x1f';
    content += row.values[f].value_or("");
  }
  return "h:" + storage::sha256_hex(content).substr(0, 32);
}

class Importer {
public:
  virtual ~Importer() = default;
  virtual void row(const Row& row, RowOutcome& out) = 0;
  /// Rows kept back (ballots: a vote is recorded when all of its ballots are read).
  virtual void finish(const std::function<void(const Row&, RowOutcome&)>& done) { (void)done; }
};

// The line each row this import added was read from. The rows take consecutive ids (an INTEGER
// PRIMARY KEY is the largest plus one, and nothing else writes meanwhile), so a vector of 4 bytes a
// row answers "which line did row N come from".
class LineBook {
public:
  void add(long row_id, long line) {
    if (m_lines.empty()) {
      m_first = row_id;
    }
    if (row_id != m_first + static_cast<long>(m_lines.size())) {
      throw Error(fmt::format("import: row {} does not follow row {}", row_id, m_first + m_lines.size() - 1));
    }
    m_lines.push_back(static_cast<uint32_t>(line));
  }
  /// The line, when the row came from this import.
  std::optional<long> line_of(long row_id) const {
    if (m_lines.empty() || row_id < m_first || row_id >= m_first + static_cast<long>(m_lines.size())) {
      return std::nullopt;
    }
    return m_lines[static_cast<size_t>(row_id - m_first)];
  }

private:
  long m_first = 0;
  std::vector<uint32_t> m_lines;
};

// An INSERT whose rows are logged by a BulkHistory: each value is bound and kept for the entry, so
// that what is logged is what was written.
class LoggedInsert {
public:
  using Value = storage::BulkHistory::Value;

  LoggedInsert(SQLite::Database& db, storage::BulkHistory& history, const std::string& table,
               const std::vector<std::string_view>& columns)
      : m_db(db), m_history(history), m_layout(history.layout(table, columns)), m_statement(db, sql(table, columns)),
        m_columns(columns.size()) {
    m_values.reserve(columns.size());
    m_texts.reserve(columns.size());
  }

  /// The value of the next column, in the order the columns were given.
  LoggedInsert& operator()(Value value) {
    if (m_values.size() == m_columns) {
      throw Error(fmt::format("import: more values than the {} columns", m_columns));
    }
    int index = static_cast<int>(m_values.size()) + 1;
    if (std::holds_alternative<std::nullptr_t>(value)) {
      m_statement.bind(index);
    } else if (const auto* n = std::get_if<int64_t>(&value)) {
      m_statement.bind(index, *n);
    } else {
      // Kept until run(): m_texts has room for every column, so it never moves what it holds.
      m_texts.emplace_back(std::get<std::string_view>(value));
      m_statement.bindNoCopy(index, m_texts.back());
      value = std::string_view(m_texts.back());
    }
    m_values.push_back(value);
    return *this;
  }

  /// Writes the row and its history entry; returns the row's id.
  long run() {
    m_statement.exec();
    m_statement.reset();
    long id = m_db.getLastInsertRowid();
    m_history.inserted(m_layout, id, m_values);
    m_values.clear();
    m_texts.clear();
    return id;
  }

private:
  static std::string sql(const std::string& table, const std::vector<std::string_view>& columns) {
    std::string names;
    std::string marks;
    for (auto c : columns) {
      names += (names.empty() ? "" : ", ") + std::string(c);
      marks += marks.empty() ? "?" : ", ?";
    }
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, marks);
  }

  SQLite::Database& m_db;
  storage::BulkHistory& m_history;
  int m_layout;
  SQLite::Statement m_statement;
  size_t m_columns;
  std::vector<Value> m_values;
  std::vector<std::string> m_texts;
};

LoggedInsert::Value value_of(const std::optional<long>& v) {
  return v ? LoggedInsert::Value(static_cast<int64_t>(*v)) : LoggedInsert::Value(nullptr);
}

// What the rule set needs to know of the village, read once for the whole file.
VillageFacts village_facts(SQLite::Database& db, const Clock& clock) {
  VillageStore village(db);
  return VillageFacts{village.groups(), village.matter_types(), clock.today()};
}

// A key imported before, against what the row says now: the record's columns as text (NULL as ""), and
// each field that differs, by the file's column name. A personal field (a phone, an ID number) is named
// without its values.
class Differences {
public:
  Differences(const Check& check, const SQLite::Statement& record) : m_check(check), m_record(record) {}

  std::string column(int index) const {
    const SQLite::Column c = m_record.getColumn(index);
    return c.isNull() ? std::string() : c.getString();
  }
  void compare(int field, int column_index, const std::string& now, bool personal = false) {
    std::string before = column(column_index);
    if (before != now) {
      m_differ.push_back(personal ? m_check.label(field) : _f("{} '{}', now '{}'", m_check.label(field), before, now));
    }
  }
  bool empty() const { return m_differ.empty(); }
  std::string text() const { return join(m_differ, "; "); }

private:
  const Check& m_check;
  const SQLite::Statement& m_record;
  std::vector<std::string> m_differ;
};

class PeopleImporter : public Importer {
public:
  PeopleImporter(SQLite::Database& db, const Clock& clock)
      : m_db(db), m_village(village_facts(db, clock)), m_history(db, {"person"}) {}

  void row(const Row& row, RowOutcome& out) override {
    Check c(row, out);
    std::string key = row_key(ImportKind::people, row, p_key);
    c.text(p_key, 100, false);
    PersonCheck person =
        check_person(NewPerson{c.raw(p_name), c.raw(p_group), c.raw(p_phone), c.raw(p_id_number)}, m_village,
                     FieldNames{.phone = c.label(p_phone),
                                .group = c.label(p_group),
                                .name = c.label(p_name),
                                .id_number = c.label(p_id_number)});
    c.take(person.problems, [](CandidateField f) {
      return f == CandidateField::name    ? p_name
             : f == CandidateField::group ? p_group
             : f == CandidateField::phone ? p_phone
                                          : p_id_number;
    });
    const std::string& name = person.value.name;
    std::optional<long> group_id;
    if (person.group) {
      group_id = person.group->id;
    }
    auto gender = c.choice<Gender>(p_gender);
    if (!gender && !c.value(p_gender)) { // a value that is no gender was reported by choice()
      c.fail(p_gender, _("is required (male or female, 男 or 女)"));
    }
    bool party = false;
    if (std::string v = c.text(p_party, 20, false); !v.empty()) {
      if (std::optional<bool> member = party_of(v)) {
        party = *member;
      } else {
        c.fail(p_party, _f("'{}' is neither yes nor no (是 or 否)", v));
      }
    }
    std::string categories = join(split_list(c.text(p_categories, 200, false)), ",");
    const std::string& phone = person.value.phone;
    const std::string& id_number = person.value.id_number;
    c.order_by_column();
    if (!c.ok()) {
      return;
    }
    // Imported before (same key): nothing to add, when the row says what it said then; each field that
    // differs is named (a phone's or ID number's values are not printed).
    m_by_key.bind(1, key);
    if (m_by_key.executeStep()) {
      long id = m_by_key.getColumn(0).getInt64();
      Differences d(c, m_by_key);
      d.compare(p_name, 1, name);
      d.compare(p_group, 2, person.group ? person.group->name : std::string());
      d.compare(p_gender, 3, gender ? std::string(code(*gender)) : std::string());
      d.compare(p_party, 4, party ? "1" : "0");
      d.compare(p_categories, 5, categories);
      d.compare(p_phone, 6, phone, true);
      d.compare(p_id_number, 7, id_number, true);
      const std::string before = d.column(1);
      m_by_key.reset();
      if (auto line = m_lines.line_of(id)) {
        c.fail(row.values[p_key] ? p_key : -1, _f("the same person as line {}", *line));
      } else if (!d.empty()) {
        c.fail(p_key, _f("key '{}' was imported before as {} with other content: {}", key, before, d.text()));
      } else {
        out.result = RowResult::already;
      }
      return;
    }
    m_by_key.reset();
    // The village knows its people by name (councils and proposals name them), and an ID number
    // belongs to one person.
    if (auto other = find(m_by_name, name)) {
      c.fail(p_name, other->second ? _f("'{}' is already named on line {}", name, *other->second)
                                   : _f("a person named '{}' is already on record", name));
    }
    if (!id_number.empty()) {
      if (auto other = find(m_by_id_number, id_number)) {
        c.fail(p_id_number, other->second ? _f("the same ID number as line {}", *other->second)
                                          : _("this ID number is already on record for another person"));
      }
    }
    if (!c.ok()) {
      return;
    }
    long id = m_insert(name)(value_of(group_id))(code(gender.value_or(Gender::male)))(int64_t{party ? 1 : 0})(
                  categories)(phone)(id_number)(key)
                  .run();
    m_lines.add(id, row.line);
    out.added = name;
  }

private:
  // The person with this value, and the line they came from in this import.
  std::optional<std::pair<long, std::optional<long>>> find(SQLite::Statement& q, const std::string& value) {
    q.bind(1, value);
    std::optional<std::pair<long, std::optional<long>>> out;
    if (q.executeStep()) {
      long id = q.getColumn(0).getInt64();
      out = std::make_pair(id, std::optional<long>());
    }
    q.reset();
    if (out) {
      out->second = m_lines.line_of(out->first);
    }
    return out;
  }

  SQLite::Database& m_db;
  VillageFacts m_village;
  LineBook m_lines;
  storage::BulkHistory m_history;
  SQLite::Statement m_by_key{m_db, "SELECT p.id, p.name, g.name, p.gender, p.party_member, p.categories, p.phone, "
                                   "p.id_number FROM person p LEFT JOIN village_group g ON g.id = p.group_id "
                                   "WHERE p.external_key = ?"};
  SQLite::Statement m_by_name{m_db, "SELECT id FROM person WHERE name = ?"};
  SQLite::Statement m_by_id_number{m_db, "SELECT id FROM person WHERE id_number = ? AND id_number <> ''"};
  LoggedInsert m_insert{
      m_db,
      m_history,
      "person",
      {"name", "group_id", "gender", "party_member", "categories", "phone", "id_number", "external_key"}};
};

// "1200", "1,200", "1200元", "¥1200", "12万", "十二万": whole yuan, up to the range `proposal add --budget` takes.
std::optional<long> parse_yuan(const std::string& text) {
  try {
    const long yuan = parse_amount(text, "budget");
    return yuan <= 1'000'000'000'000 ? std::optional<long>(yuan) : std::nullopt;
  } catch (const DataError&) {
    return std::nullopt;
  }
}

// Each person's id by name (the first on record of a name), read once: an import adds no people
// meanwhile, and a village has thousands where a file has a million rows.
std::unordered_map<std::string, long> people_by_name(SQLite::Database& db) {
  std::unordered_map<std::string, long> out;
  SQLite::Statement q(db, "SELECT name, id FROM person ORDER BY id");
  while (q.executeStep()) {
    out.emplace(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  }
  return out;
}

class ProposalImporter : public Importer {
public:
  ProposalImporter(SQLite::Database& db, const Clock& clock, std::string file)
      : m_db(db), m_village(village_facts(db, clock)),
        // A proposal's collection is its insert: the history's batch says where the rows came from.
        m_history(db, {"proposal", "proposal_group"}, "import " + file) {}

  void row(const Row& row, RowOutcome& out) override {
    Check c(row, out);
    std::string key = row_key(ImportKind::proposals, row, q_key);
    c.text(q_key, 100, false);
    NewProposal np;
    np.title = c.raw(q_title);
    np.description = c.raw(q_description);
    np.proposer = c.raw(q_proposer);
    np.proposer_phone = c.raw(q_phone);
    np.group = c.raw(q_group);
    np.tier = c.choice<Tier>(q_tier);
    auto channel = c.choice<Channel>(q_channel);
    if (std::string d = c.text(q_date, 30, false); !d.empty()) {
      try {
        np.submitted_on = parse_date(d, m_village.today, "date");
      } catch (const DataError& e) {
        c.fail(q_date, e.what());
      }
    }
    if (std::string b = c.text(q_budget, 30, false); !b.empty()) {
      np.budget = parse_yuan(b);
      if (!np.budget) {
        c.fail(q_budget, _f("'{}' is not an amount of yuan (a whole number from 0 to 1,000,000,000,000)", b));
      }
    }
    np.matter_type = c.text(q_type, 50, false);
    np.other_groups = split_list(c.text(q_also_groups, 200, false));
    ProposalCheck check = check_proposal(np, m_village,
                                         FieldNames{.title = c.label(q_title),
                                                    .description = c.label(q_description),
                                                    .proposer = c.label(q_proposer),
                                                    .phone = c.label(q_phone),
                                                    .group = c.label(q_group)});
    c.take(check.problems, [](CandidateField f) {
      switch (f) {
      case CandidateField::title:
        return q_title;
      case CandidateField::description:
        return q_description;
      case CandidateField::proposer:
        return q_proposer;
      case CandidateField::phone:
        return q_phone;
      case CandidateField::group:
        return q_group;
      case CandidateField::tier:
        return q_tier;
      case CandidateField::date:
        return q_date;
      case CandidateField::budget:
        return q_budget;
      case CandidateField::matter_type:
        return q_type;
      default:
        return q_also_groups;
      }
    });
    const NewProposal& p = check.value.input;
    const std::string& title = p.title;
    std::optional<long> group_id;
    if (check.value.group) {
      group_id = check.value.group->id;
    }
    if (auto status = c.choice<Status>(q_status); status && *status != Status::collected) {
      c.fail(q_status, _("an imported proposal starts as collected; move it on with yishi proposal accept"));
    }
    c.order_by_column();
    if (!c.ok()) {
      return;
    }
    m_by_key.bind(1, key);
    if (m_by_key.executeStep()) {
      long id = m_by_key.getColumn(0).getInt64();
      std::string ref = proposal_ref(m_by_key.getColumn(1).getInt(), m_by_key.getColumn(2).getInt());
      // Imported before only when the row says what it said then: every field the import sets (the
      // date when the row gives one) is compared, and each that differs is named.
      Differences d(c, m_by_key);
      d.compare(q_title, 3, title);
      d.compare(q_description, 4, p.description);
      d.compare(q_group, 5, check.value.group ? check.value.group->name : std::string());
      d.compare(q_tier, 6, std::string(code(check.value.tier)));
      if (channel) {
        d.compare(q_channel, 7, std::string(code(*channel)));
      }
      d.compare(q_proposer, 8, p.proposer);
      d.compare(q_phone, 9, p.proposer_phone);
      if (row.values[q_date] && !trim(*row.values[q_date]).empty()) {
        d.compare(q_date, 10, format_iso(check.value.submitted_on));
      }
      d.compare(q_budget, 11, p.budget ? std::to_string(*p.budget) : std::string());
      d.compare(q_type, 12, p.matter_type);
      m_by_key.reset();
      if (auto line = m_lines.line_of(id)) {
        c.fail(row.values[q_key] ? q_key : -1, _f("the same proposal as line {}", *line));
      } else if (!d.empty()) {
        c.fail(q_key, _f("key '{}' was imported before as proposal {} with other content: {}", key, ref, d.text()));
      } else {
        out.result = RowResult::already;
      }
      return;
    }
    m_by_key.reset();

    int year = static_cast<int>(check.value.submitted_on.year());
    auto seq = m_next_seq.find(year);
    if (seq == m_next_seq.end()) {
      seq = m_next_seq.emplace(year, storage::next_in_year(m_db, "proposal", "seq", year)).first;
    }
    std::optional<long> proposer_id;
    if (auto person = m_people.find(p.proposer); person != m_people.end()) {
      proposer_id = person->second;
    }

    const std::string tier_code(code(check.value.tier));
    const std::string channel_code(code(channel.value_or(Channel::door_to_door)));
    const std::string submitted_iso = format_iso(check.value.submitted_on);
    const std::string& type = p.matter_type;
    long id = m_insert(int64_t{year})(int64_t{seq->second})(title)(p.description)(value_of(group_id))(
                  tier_code)(channel_code)(value_of(proposer_id))(p.proposer)(p.proposer_phone)(
                  submitted_iso)(code(Status::collected))(value_of(p.budget))(
                  type.empty() ? LoggedInsert::Value(nullptr) : LoggedInsert::Value(type))(key)
                  .run();
    for (const auto& g : check.value.other_groups) {
      m_also(int64_t{id})(int64_t{g.id}).run();
    }
    m_lines.add(id, row.line);
    out.added = proposal_ref(year, seq->second);
    ++seq->second;
  }

private:
  SQLite::Database& m_db;
  VillageFacts m_village;
  std::map<int, int> m_next_seq;
  LineBook m_lines;
  storage::BulkHistory m_history;
  SQLite::Statement m_by_key{
      m_db, "SELECT p.id, p.year, p.seq, p.title, p.description, g.name, p.tier, p.channel, p.proposer_name, "
            "p.proposer_phone, p.submitted_on, p.budget, p.matter_type "
            "FROM proposal p LEFT JOIN village_group g ON g.id = p.group_id WHERE p.external_key = ?"};
  std::unordered_map<std::string, long> m_people = people_by_name(m_db);
  LoggedInsert m_insert{m_db,
                        m_history,
                        "proposal",
                        {"year", "seq", "title", "description", "group_id", "tier", "channel", "proposer_id",
                         "proposer_name", "proposer_phone", "submitted_on", "status", "budget", "matter_type",
                         "external_key"}};
  LoggedInsert m_also{m_db, m_history, "proposal_group", {"proposal_id", "group_id"}};
};

// Named ballots of roll-call votes: the rows of one vote (session and proposal) are kept until the
// file is read, then the vote is recorded as `yishi session vote --for/--against/--abstain` would.
class BallotImporter : public Importer {
public:
  BallotImporter(SQLite::Database& db, const Clock& clock) : m_db(db), m_clock(clock) {}

  void row(const Row& row, RowOutcome& out) override {
    Check c(row, out);
    std::string session = c.text(b_session, 30, true);
    std::string proposal = c.text(b_proposal, 30, true);
    std::string person = c.text(b_person, max_name_chars, true);
    std::string choice_text = c.text(b_choice, 20, true);
    std::optional<Choice> choice;
    if (!choice_text.empty()) {
      static const std::map<std::string, Choice> more = {
          {"同意", Choice::yes}, {"不同意", Choice::no}, {"yes", Choice::yes}, {"no", Choice::no}};
      if (auto it = more.find(choice_text); it != more.end()) {
        choice = it->second;
      } else {
        choice = c.choice<Choice>(b_choice);
      }
    }
    if (!person.empty() && !VillageStore(m_db).find_person(person)) {
      c.fail(b_person, _f("no person named '{}' is on record", person));
    }
    if (!c.ok()) {
      return;
    }
    auto& vote = m_votes[{session, proposal}];
    for (size_t i = 0; i < vote.ballots.size(); ++i) {
      if (vote.ballots[i].person == person) {
        c.fail(b_person, _f("{} already has a ballot for this vote on line {}", person, vote.rows[i].line));
        return;
      }
    }
    vote.rows.push_back(row);
    vote.ballots.push_back(Ballot{person, *choice});
    out.result = RowResult::pending;
  }

  void finish(const std::function<void(const Row&, RowOutcome&)>& done) override {
    SessionStore store(m_db, m_clock);
    for (auto& [which, vote] : m_votes) {
      const auto& [session, proposal] = which;
      RowOutcome result;
      try {
        if (auto recorded = recorded_vote(store, session, proposal)) {
          result.result = same_ballots(*recorded, vote) ? RowResult::already : RowResult::rejected;
          if (result.result == RowResult::rejected) {
            result.problems.push_back(ImportProblem{
                0, "", _f("a different vote on {} is already recorded in session {}", proposal, session)});
          }
        } else {
          VoteInput input;
          input.ballots = vote.ballots;
          m_db.exec("SAVEPOINT yishi_ballots");
          try {
            store.vote(session, proposal, input);
            m_db.exec("RELEASE yishi_ballots");
            result.added = fmt::format("{} {}", session, proposal);
          } catch (...) {
            m_db.exec("ROLLBACK TO yishi_ballots");
            m_db.exec("RELEASE yishi_ballots");
            throw;
          }
        }
      } catch (const Error& e) {
        result.result = RowResult::rejected;
        result.problems = {ImportProblem{0, "", e.what()}};
      }
      for (const auto& row : vote.rows) {
        RowOutcome each = result;
        for (auto& p : each.problems) {
          p.line = row.line;
        }
        done(row, each);
      }
    }
  }

private:
  struct PendingVote {
    std::vector<Row> rows;       // as read, for their lines and the rejects file
    std::vector<Ballot> ballots; // one a row, in the same order
  };

  static std::optional<VoteRecord> recorded_vote(SessionStore& store, const std::string& session,
                                                 const std::string& proposal) {
    SessionRecord record = store.record(session);
    auto [year, seq] = parse_proposal_ref(proposal); // "2026-1" names 2026-001
    for (const auto& item : record.items) {
      if (item.proposal.ref == proposal_ref(year, seq)) {
        for (const auto& m : item.motions) {
          if (m.vote) {
            return m.vote;
          }
        }
      }
    }
    return std::nullopt;
  }

  static bool same_ballots(const VoteRecord& recorded, const PendingVote& vote) {
    if (recorded.ballots.size() != vote.ballots.size()) {
      return false;
    }
    for (const Ballot& b : vote.ballots) {
      auto it = std::find_if(recorded.ballots.begin(), recorded.ballots.end(),
                             [&](const Ballot& r) { return r.person == b.person; });
      if (it == recorded.ballots.end() || it->choice != b.choice) {
        return false;
      }
    }
    return true;
  }

  SQLite::Database& m_db;
  const Clock& m_clock;
  std::map<std::pair<std::string, std::string>, PendingVote> m_votes;
};

} // namespace

std::string import_columns(ImportKind kind) {
  std::vector<std::string> out;
  for (const auto& f : fields_of(kind)) {
    std::string entry(f.name);
    for (auto a : f.aliases) {
      if (!is_valid_utf8(a) || std::all_of(a.begin(), a.end(), [](unsigned char c) { return c < 0x80; })) {
        continue;
      }
      entry += fmt::format(" ({})", a);
      break;
    }
    if (f.required) {
      entry += "*";
    }
    out.push_back(entry);
  }
  return join(out, ", ");
}

ImportReport import_file(SQLite::Database& db, const Clock& clock, ImportKind kind, const ImportOptions& options,
                         const ImportHooks& hooks) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.file, ec)) {
    throw NotFound(_f("no file at {}", options.file.string()));
  }
  {
    std::ifstream probe(options.file, std::ios::binary);
    if (!probe) {
      throw Error(_f("cannot read {}", options.file.string()));
    }
  }
  ImportReport report;
  report.file = options.file.string();
  report.format = options.format.empty() ? format_from_extension(options.file) : options.format;
  if (report.format == "xlsx") {
    report.encoding = "utf-8"; // a workbook's XML is UTF-8 whatever the spreadsheet program
  } else {
    report.encoding = options.encoding.empty() ? sniff_encoding(options.file) : canonical_encoding(options.encoding);
  }
  auto source = open_source(kind, options.file, report.format, report.encoding, options.skip_bad, options.sheet);
  // A larger page cache for this command: the indexes of a large import are written all over, and with
  // SQLite's 2 MB their pages go out and come back. 16 MB took 6% off 300,000 rows; peak memory stays
  // far under 64 MB.
  db.exec("PRAGMA cache_size = -16384");

  std::unique_ptr<Importer> importer;
  switch (kind) {
  case ImportKind::people:
    importer = std::make_unique<PeopleImporter>(db, clock);
    break;
  case ImportKind::proposals:
    importer = std::make_unique<ProposalImporter>(db, clock, options.file.filename().string());
    break;
  case ImportKind::ballots:
    importer = std::make_unique<BallotImporter>(db, clock);
    break;
  }

  // The rejects file holds the rows as given, phones and ID numbers whole: an OutputFile, mode 0600, put in
  // its place when whole; it is opened at the first rejected row, so an import without one leaves no file.
  auto read_all = [&](const std::filesystem::path& rejects) {
    std::optional<storage::OutputFile> rejects_out;
    auto reject = [&](const Row& row, const std::vector<ImportProblem>& problems) {
      if (rejects.empty()) {
        return;
      }
      if (!rejects_out) {
        rejects_out.emplace(rejects, storage::Privacy::personal);
        source->write_rejects_header(rejects_out->stream());
      }
      std::vector<std::string> reasons;
      for (const auto& p : problems) {
        reasons.push_back(p.column.empty() ? p.reason : fmt::format("{}: {}", p.column, p.reason));
      }
      source->write_reject(rejects_out->stream(), row, _f("line {}: {}", row.line, join(reasons, "; ")));
    };

    auto settle = [&](const Row& row, RowOutcome& out) {
      if (!out.problems.empty()) {
        out.result = RowResult::rejected;
      }
      switch (out.result) {
      case RowResult::added:
        if (!out.added.empty()) {
          ++report.added;
          if (report.first_added.empty()) {
            report.first_added = out.added;
          }
          report.last_added = out.added;
        }
        break;
      case RowResult::already:
        ++report.already;
        break;
      case RowResult::rejected:
        ++report.rejected;
        report.problems += static_cast<long>(out.problems.size());
        for (const auto& p : out.problems) {
          if (hooks.problem) {
            hooks.problem(p);
          }
        }
        reject(row, out.problems);
        break;
      case RowResult::pending:
        break;
      }
    };

    Row row;
    while (source->next(row)) {
      ++report.rows;
      RowOutcome out;
      if (!row.error.empty()) {
        out.problems.push_back(ImportProblem{row.line, "", row.error});
      } else {
        importer->row(row, out);
      }
      settle(row, out);
      if (hooks.progress && report.rows % 4096 == 0) {
        auto [done, total] = source->position();
        hooks.progress(report.rows, done, total);
      }
    }
    importer->finish(settle);
    if (hooks.progress) {
      auto total = source->position().second;
      hooks.progress(report.rows, total, total);
    }
    if (rejects_out) {
      rejects_out->commit();
      report.rejects_file = rejects;
    }
  };
  if (options.skip_bad) {
    std::filesystem::path rejects = options.rejects;
    if (rejects.empty()) {
      rejects = options.file.parent_path() / (options.file.stem().string() + ".rejects" + source->rejects_extension());
    }
    read_all(rejects);
  } else {
    read_all({});
  }
  return report;
}

} // namespace yishi
