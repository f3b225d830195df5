// The township's roster read for `yishi init --roster`: each row checked as the people import checks it (the
// same columns, check_person's rules), its birth date from 出生日期 or the ID number, its household from 户号 or
// 户主; the groups' households and adults counted from the rows taken.
#include "roster.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/io/rows.hpp"
#include "core/labels.hpp"
#include "core/rules/proposal_rules.hpp"
#include "core/text.hpp"

#include <set>

namespace yishi::io {
namespace {

// The birth date an 18-digit (or old 15-digit) resident ID number carries: YYYYMMDD from its 7th digit.
std::optional<Date> born_per_id(const std::string& id) {
  std::string digits;
  if (id.size() == 18) {
    digits = id.substr(6, 8);
  } else if (id.size() == 15) {
    digits = "19" + id.substr(6, 6);
  } else {
    return std::nullopt;
  }
  try {
    return date_from_iso(digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2));
  } catch (const Error&) {
    return std::nullopt;
  }
}

bool adult_on(Date born, Date today) {
  using namespace std::chrono;
  const year_month_day eighteenth{born.year() + years{18}, born.month(),
                                  born.month() == February && born.day() == day{29} ? day{28} : born.day()};
  return sys_days{eighteenth} <= sys_days{today};
}

} // namespace

Roster read_roster(const std::filesystem::path& file, const std::string& sheet, Date today) {
  Roster out;
  out.file = file.filename().string();
  const std::string format = format_from_extension(file);
  auto source = open_source(ImportKind::people, file, format, format == "xlsx" ? "utf-8" : sniff_encoding(file),
                            true, sheet);
  // The rows first: a group is known once any row names it.
  std::vector<Row> rows;
  for (Row row; source->next(row);) {
    rows.push_back(row);
  }
  std::vector<Group> groups;
  for (const Row& row : rows) {
    if (const auto& g = row.values[p_group]; g && std::none_of(groups.begin(), groups.end(),
                                                                [&](const Group& x) { return x.name == *g; })) {
      Group group;
      group.name = trim(*g);
      groups.push_back(group);
    }
  }
  const VillageFacts facts{groups, {}, today};
  std::map<std::string, long> line_of_name;
  std::map<std::string, long> line_of_id;
  for (const Row& row : rows) {
    std::vector<std::string> wrong;
    auto cell = [&](int field) { return row.values[static_cast<size_t>(field)].value_or(""); };
    auto label = [&](int field) { return row.labels[static_cast<size_t>(field)]; };
    if (!row.error.empty()) {
      out.bad.emplace_back(row.line, row.error);
      continue;
    }
    PersonCheck checked =
        check_person(NewPerson{cell(p_name), cell(p_group), cell(p_phone), cell(p_id_number)}, facts,
                     FieldNames{.phone = label(p_phone), .group = label(p_group), .name = label(p_name),
                                .id_number = label(p_id_number)});
    for (const Problem& problem : checked.problems) {
      wrong.push_back(problem.message);
    }
    RosterRow r;
    r.line = row.line;
    Person& p = r.person.person;
    p.name = checked.value.name;
    p.phone = checked.value.phone;
    p.id_number = checked.value.id_number;
    r.person.group = checked.value.group;
    if (r.person.group.empty()) {
      wrong.push_back(_f("{}: every villager on the roster belongs to a group", label(p_group)));
    }
    try {
      p.gender = parse_enum<Gender>(cell(p_gender), label(p_gender));
    } catch (const DataError& e) {
      wrong.push_back(cell(p_gender).empty() ? _f("{}: is required (男 or 女)", label(p_gender)) : e.what());
    }
    if (const std::string party = cell(p_party); !party.empty()) {
      if (auto member = party_of(party)) {
        p.party_member = *member;
      } else {
        wrong.push_back(_f("{}: '{}' is neither a Party member (中共党员) nor not (群众)", label(p_party), party));
      }
    }
    p.categories = split_list(cell(p_categories));
    if (const std::string born = cell(p_birth_date); !born.empty()) {
      try {
        r.born = parse_date(born, today, label(p_birth_date));
      } catch (const Error& e) {
        wrong.push_back(e.what());
      }
    } else {
      r.born = born_per_id(p.id_number);
    }
    if (!r.born && wrong.empty()) {
      wrong.push_back(_f("no {} and no {}: the adults of each group are counted from the birth date",
                         label(p_birth_date), label(p_id_number)));
    }
    r.household = cell(p_household);
    if (r.household.empty()) {
      wrong.push_back(_f("{}: is required (the households of each group are counted from it)", label(p_household)));
    }
    if (!p.name.empty()) {
      if (auto it = line_of_name.find(p.name); it != line_of_name.end()) {
        wrong.push_back(_f("{} is also on row {}: councils name their members by name, so tell them apart "
                           "(such as {}（{}）)",
                           p.name, it->second, p.name, r.person.group));
      }
    }
    if (!p.id_number.empty()) {
      if (auto it = line_of_id.find(p.id_number); it != line_of_id.end()) {
        wrong.push_back(_f("{}: the same ID number as row {}", label(p_id_number), it->second));
      }
    }
    if (!wrong.empty()) {
      out.bad.emplace_back(row.line, join(wrong, "; "));
      continue;
    }
    line_of_name.emplace(p.name, row.line);
    if (!p.id_number.empty()) {
      line_of_id.emplace(p.id_number, row.line);
    }
    out.people.push_back(std::move(r));
  }
  // Counted over the rows taken, each group in the order the roster first names it.
  for (const Group& named : groups) {
    Group g = named;
    std::set<std::string> households;
    for (const RosterRow& r : out.people) {
      if (r.person.group == g.name) {
        g.adults += adult_on(*r.born, today) ? 1 : 0;
        households.insert(r.household);
      }
    }
    g.households = static_cast<long>(households.size());
    if (!households.empty()) {
      out.groups.push_back(g);
    }
  }
  return out;
}

ExtraPeople extra_people(const Roster& roster) {
  ExtraPeople extra;
  extra.groups = roster.groups;
  for (const RosterRow& r : roster.people) {
    extra.people.push_back(r.person);
    extra.origins.push_back(_f("{} row {}", roster.file, r.line));
  }
  return extra;
}

} // namespace yishi::io
