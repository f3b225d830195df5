#pragma once

#include "core/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace yishi {

/// A proposal as someone gave it: at the terminal, in an import row, on a web form.
struct NewProposal {
  std::string title;
  std::string description;
  std::string group; // empty: a village-wide matter
  std::optional<Tier> tier;
  Channel channel = Channel::door_to_door;
  std::string proposer; // a person on record, or a free-text name
  std::string proposer_phone;
  std::optional<Date> submitted_on;
  std::optional<long> budget;
  std::string matter_type;
  std::vector<std::string> other_groups;
};

/// A person as someone gave them (an import row, a form).
struct NewPerson {
  std::string name;
  std::string group; // empty: no group
  std::string phone;
  std::string id_number;
};

/// The longest texts a proposal keeps, in characters.
inline constexpr size_t max_title_chars = 100;
inline constexpr size_t max_description_chars = 5000;
inline constexpr size_t max_name_chars = 50;

/// Checks a free-text field: not empty when required, valid UTF-8, at most max_chars
/// characters. Throws DataError naming the field.
std::string check_text(std::string_view text, std::string_view field, size_t max_chars, bool required);

/// The fields of a candidate that a problem can concern.
enum class CandidateField {
  title,
  description,
  proposer,
  phone,
  group,
  tier,
  date,
  budget,
  matter_type,
  other_groups,
  name,
  id_number
};

/// What each door calls the fields in its messages: the terminal says "title", an import says the
/// column's header as the file has it ("标题").
struct FieldNames {
  std::string title = "title";
  std::string description = "description";
  std::string proposer = "proposer";
  std::string phone = "proposer phone";
  std::string group = "group";
  std::string name = "name";
  std::string id_number = "ID number";
  std::string date = "date";
};

/// One thing wrong with a candidate.
struct Problem {
  CandidateField field;
  std::string message;    // a sentence on its own, as the terminal prints it
  std::string hint;       // what to do instead, in the terminal's words; may be empty
  std::string note;       // how it reads beside its field (an import's column, a form's field); empty: the message
  bool not_found = false; // names something the village does not have (NotFound rather than DataError)
};

/// What the checks know of the village: values, no database.
struct VillageFacts {
  std::vector<Group> groups;
  std::vector<MatterType> matter_types;
  Date today;
};

/// A candidate that passed: text trimmed, groups and the matter type resolved, the tier decided.
struct CheckedProposal {
  NewProposal input; // trimmed; matter_type is the type's key
  std::optional<Group> group;
  Tier tier = Tier::group;
  Date submitted_on;
  std::vector<Group> other_groups;
};

/// Every problem of a proposal candidate, in field order; `value` is meaningful only without problems.
struct ProposalCheck {
  CheckedProposal value;
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};
ProposalCheck check_proposal(const NewProposal& candidate, const VillageFacts& village, const FieldNames& names = {});

/// Every problem of a person candidate, in field order.
struct PersonCheck {
  NewPerson value; // trimmed
  std::optional<Group> group;
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};
PersonCheck check_person(const NewPerson& candidate, const VillageFacts& village, const FieldNames& names = {});

/// Throws the first problem as the terminal reports it (DataError, or NotFound).
[[noreturn]] void throw_problem(const Problem& problem);

} // namespace yishi
