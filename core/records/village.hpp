#pragma once

#include "core/config.hpp"
#include "core/model.hpp"
#include "core/rules/proposal_rules.hpp"

#include <SQLiteCpp/Database.h>

namespace yishi {

/// A correction of a villager's details: the fields given change, the others stay.
struct PersonEdit {
  std::optional<std::string> name, phone, id_number;
  std::optional<Gender> gender;
  std::optional<bool> party_member;
};

/// What a move or a departure changed: the person now, and the councils they left that day.
struct PersonMove {
  Person person;
  std::vector<std::string> councils_left;
};

/// The village, its groups, people and councils. Written by `init`; its people kept up by `person`.
class VillageStore {
public:
  explicit VillageStore(SQLite::Database& db) : m_db(db) {}

  /// Writes a checked configuration into an empty database.
  void create(const VillageConfig& config);

  VillageInfo info() const;
  /// Sets the village's division code (and its township's; empty: the code's first nine digits). A village that
  /// has reported to the district under another code keeps it.
  void set_code(const std::string& village_code, const std::string& township_code);
  RoutingRules routing() const;
  /// A vote rule by kind (village_council, household_consultation, ...).
  VoteRule vote_rule(std::string_view kind) const;
  std::vector<MatterType> matter_types() const;
  /// A matter type by key or by name; NotFound lists the keys.
  MatterType matter_type(std::string_view which) const;
  /// The first council of this kind (the bodies of 四议两公开).
  std::optional<Council> council_of_kind(CouncilKind kind) const;
  std::vector<Group> groups() const;
  Group group(std::string_view name) const; // NotFound lists the groups
  std::optional<Group> group_by_id(long id) const;

  /// A person by name or by numeric id; NotFound, or DataError when a name is ambiguous.
  Person person(std::string_view name_or_id) const;
  std::optional<Person> find_person(std::string_view name_or_id) const;
  Person person_by_id(long id) const;
  long count_people() const;
  /// Everyone on record, in the order they were added.
  std::vector<Person> people() const;

  /// A council by key, name, or the name of its group; "village" names the village council.
  Council council(std::string_view which) const;
  /// A council with its roster in force on `on` (default: today's members, those who have not left).
  Council council_by_id(long id, std::optional<Date> on = {}) const;
  /// Every council with the roster in force on a day.
  std::vector<Council> councils_on(Date on) const;
  /// A villager added to the roll, from a day.
  Person add_person(const NewPerson& person, Gender gender, bool party_member, Date from, std::string_view reason);
  /// A villager's details corrected (phone, ID number, name, gender, Party membership), with the reason.
  Person edit_person(std::string_view who, const PersonEdit& edit, Date on, std::string_view reason);
  /// A villager moves to another group from a day: they leave the old group's council that day.
  PersonMove move_person(std::string_view who, std::string_view group, Date from, std::string_view reason);
  /// A villager is gone (died, or moved away from the village) from a day: they leave every council that day,
  /// and stay on record for what they did before.
  PersonMove person_leaves(std::string_view who, bool died, Date from, std::string_view reason);
  /// Whether, and from when, a villager is gone, as person_leaves recorded it.
  std::optional<std::pair<Date, std::string>> departure(long person_id) const;
  /// A member joins or leaves a council from a day (换届, resignation, death), with the reason.
  /// Returns the council with its roster from that day.
  Council change_member(std::string_view council, std::string_view person, Date from, bool joins,
                        std::string_view reason);
  std::vector<Council> councils() const;
  Council council_of_group(long group_id) const;
  Council village_council() const;
  /// The body the law gives a matter type to: the villagers' meeting, the group's meeting, or for an
  /// ordinary matter the village council; nothing when the village has not declared that body.
  std::optional<Council> deciding_body(const MatterType& type, std::optional<long> group_id) const;

private:
  Council load_council(SQLite::Statement& row, std::optional<Date> on = {}) const;
  SQLite::Database& m_db;
};

} // namespace yishi
