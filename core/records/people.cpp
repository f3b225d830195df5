// VillageStore's people kept up after `init`: a villager added, corrected, moved to another group or gone from
// a day, each with a person_change row (what, from when, why) beside the history's old and new values. Someone
// gone leaves every council that day and stays on record for what they did before.
#include "village.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>

namespace yishi {
namespace {

void record_change(SQLite::Database& db, long person_id, std::string_view kind, std::string_view detail, Date on,
                   std::string_view reason) {
  SQLite::Statement q(db, "INSERT INTO person_change (person_id, kind, detail, effective_on, reason) "
                          "VALUES (?, ?, ?, ?, ?)");
  q.bind(1, static_cast<int64_t>(person_id));
  q.bind(2, std::string(kind));
  q.bind(3, std::string(detail));
  q.bind(4, format_iso(on));
  q.bind(5, std::string(reason));
  q.exec();
}

} // namespace

Person VillageStore::add_person(const NewPerson& candidate, Gender gender, bool party_member, Date from,
                                std::string_view reason) {
  PersonCheck check = check_person(candidate, VillageFacts{groups(), matter_types(), from});
  if (!check.ok()) {
    throw_problem(check.problems.front());
  }
  const NewPerson& p = check.value;
  SQLite::Statement q(m_db, "INSERT INTO person (name, group_id, gender, party_member, phone, id_number) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, p.name);
  if (check.group) {
    q.bind(2, static_cast<int64_t>(check.group->id));
  } else {
    q.bind(2);
  }
  q.bind(3, std::string(code(gender)));
  q.bind(4, party_member ? 1 : 0);
  q.bind(5, p.phone);
  q.bind(6, p.id_number);
  q.exec();
  const long id = m_db.getLastInsertRowid();
  record_change(m_db, id, "add", "", from, check_text(reason, "reason", 200, false));
  return person_by_id(id);
}

Person VillageStore::edit_person(std::string_view who, const PersonEdit& edit, Date on, std::string_view reason) {
  Person before = person(who);
  NewPerson candidate{edit.name.value_or(before.name), before.group_name, edit.phone.value_or(before.phone),
                      edit.id_number.value_or(before.id_number)};
  PersonCheck check = check_person(candidate, VillageFacts{groups(), matter_types(), on});
  if (!check.ok()) {
    throw_problem(check.problems.front());
  }
  const NewPerson& p = check.value;
  const Gender gender = edit.gender.value_or(before.gender);
  const bool party = edit.party_member.value_or(before.party_member);
  // The fields that change, by name only: their values (a phone, an ID number) are the history's to keep.
  std::vector<std::string> fields;
  auto differs = [&](bool changed, const char* field) {
    if (changed) {
      fields.emplace_back(field);
    }
  };
  differs(p.name != before.name, "name");
  differs(p.phone != before.phone, "phone");
  differs(p.id_number != before.id_number, "id_number");
  differs(gender != before.gender, "gender");
  differs(party != before.party_member, "party_member");
  if (fields.empty()) {
    throw DataError(_f("{}'s record says so already: nothing to correct", before.name),
                    _("give the details that change, such as --phone"));
  }
  SQLite::Statement q(m_db, "UPDATE person SET name = ?, phone = ?, id_number = ?, gender = ?, party_member = ? "
                            "WHERE id = ?");
  q.bind(1, p.name);
  q.bind(2, p.phone);
  q.bind(3, p.id_number);
  q.bind(4, std::string(code(gender)));
  q.bind(5, party ? 1 : 0);
  q.bind(6, static_cast<int64_t>(before.id));
  q.exec();
  record_change(m_db, before.id, "edit", join(fields, ","), on, check_text(reason, "reason", 200, true));
  return person_by_id(before.id);
}

PersonMove VillageStore::move_person(std::string_view who, std::string_view group_name, Date from,
                                     std::string_view reason) {
  Person before = person(who);
  if (departure(before.id)) {
    throw RuleViolation(_f("{} is no longer in the village", before.name));
  }
  Group to = group(group_name);
  if (before.group_id == to.id) {
    throw DataError(_f("{} is in {} already", before.name, to.name));
  }
  const std::string why = check_text(reason, "reason", 200, true);
  PersonMove out;
  // A group council is the group's: a member who moves out of the group leaves it that day.
  for (const Council& c : councils_on(from)) {
    if (c.has_member(before.id) && c.group_id && before.group_id == c.group_id) {
      change_member(c.key, std::to_string(before.id), from, false, why);
      out.councils_left.push_back(c.name);
    }
  }
  SQLite::Statement q(m_db, "UPDATE person SET group_id = ? WHERE id = ?");
  q.bind(1, static_cast<int64_t>(to.id));
  q.bind(2, static_cast<int64_t>(before.id));
  q.exec();
  record_change(m_db, before.id, "move", to.name, from, why);
  out.person = person_by_id(before.id);
  return out;
}

PersonMove VillageStore::person_leaves(std::string_view who, bool died, Date from, std::string_view reason) {
  Person p = person(who);
  if (auto gone = departure(p.id)) {
    throw RuleViolation(_f("{} is recorded as gone from {} already", p.name, format_iso(gone->first)));
  }
  const std::string why = check_text(reason, "reason", 200, true);
  PersonMove out;
  for (const Council& c : councils_on(from)) {
    if (c.has_member(p.id)) {
      change_member(c.key, std::to_string(p.id), from, false, why);
      out.councils_left.push_back(c.name);
    }
  }
  record_change(m_db, p.id, "leave", died ? "died" : "moved-away", from, why);
  out.person = p;
  return out;
}

std::optional<std::pair<Date, std::string>> VillageStore::departure(long person_id) const {
  SQLite::Statement q(m_db, "SELECT effective_on, detail FROM person_change WHERE person_id = ? AND kind = 'leave' "
                            "ORDER BY id DESC LIMIT 1");
  q.bind(1, static_cast<int64_t>(person_id));
  if (!q.executeStep()) {
    return std::nullopt;
  }
  return std::make_pair(date_from_iso(q.getColumn(0).getString()), q.getColumn(1).getString());
}

} // namespace yishi
