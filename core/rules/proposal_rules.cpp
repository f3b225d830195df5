#include "proposal_rules.hpp"

#include "core/error.hpp"
#include "core/i18n.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace yishi {
namespace {

// Collects the problems of one candidate, in the order its fields are checked.
class Problems {
public:
  explicit Problems(std::vector<Problem>& out) : m_out(out) {}

  void add(CandidateField field, std::string message, std::string hint = {}, std::string note = {},
           bool not_found = false) {
    m_out.push_back(Problem{field, std::move(message), std::move(hint), std::move(note), not_found});
  }

  /// The field's text, trimmed: valid UTF-8, not over max_chars, present when required.
  std::string text(CandidateField field, std::string_view value, std::string_view name, size_t max_chars,
                   bool required) {
    try {
      return check_text(value, name, max_chars, required);
    } catch (const DataError& e) {
      add(field, e.what(), e.hint());
      return {};
    }
  }

  /// A group by name; an unknown one is a problem of `field`.
  std::optional<Group> group(CandidateField field, const std::string& name, const std::vector<Group>& groups) {
    if (name.empty()) {
      return std::nullopt;
    }
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.name == name; });
    if (it != groups.end()) {
      return *it;
    }
    std::vector<std::string> in_order;
    for (const auto& g : groups) {
      in_order.push_back(g.name);
    }
    std::vector<std::string> sorted = in_order;
    std::sort(sorted.begin(), sorted.end());
    add(field, _f("no group named '{}'", name), _f("groups: {}", join(in_order, _(", "))),
        _f("'{}' is not one of the village's groups: {}", name, join(sorted, _(", "))), true);
    return std::nullopt;
  }

  std::string phone(CandidateField field, std::string_view value, std::string_view name,
                    std::string_view message_format) {
    std::string t = text(field, value, name, 30, false);
    if (!t.empty() && !is_phone_number(t)) {
      add(field, fmt::format(fmt::runtime(translate(std::string(message_format).c_str())), t), {},
          _f("'{}' is not a phone number", t));
    }
    return t;
  }

private:
  std::vector<Problem>& m_out;
};

} // namespace

std::string check_text(std::string_view text_in, std::string_view field, size_t max_chars, bool required) {
  // One pass over the text (this runs for every field of every imported row); the field's name is
  // translated only for a message.
  const TextScan scan = scan_text(text_in, max_chars > 200);
  auto name = [&]() -> std::string { return translate(std::string(field).c_str()); };
  if (!scan.valid) {
    throw DataError(_f("{} is not valid UTF-8", name()));
  }
  // Long text (a description, a motion) may hold line breaks and tabs; names, titles and refs may not.
  if (const auto& c = scan.control) {
    throw DataError(
        _f("{} holds a control character (U+{:04X}) at character {}", name(), static_cast<unsigned>(c->code), c->index),
        _("type the text again without it (it may have come from a copy and paste)"));
  }
  if (required && scan.chars == 0) {
    throw DataError(_f("{} must not be empty", name()));
  }
  if (scan.chars > max_chars) {
    throw DataError(_f("{} is {} characters long; at most {} are allowed", name(), scan.chars, max_chars));
  }
  return std::string(text_in.substr(scan.first, scan.last - scan.first));
}

ProposalCheck check_proposal(const NewProposal& in, const VillageFacts& village, const FieldNames& names) {
  ProposalCheck out;
  Problems problems(out.problems);
  CheckedProposal& c = out.value;
  c.input = in;
  NewProposal& p = c.input;
  p.title = problems.text(CandidateField::title, in.title, names.title, max_title_chars, true);
  p.description =
      problems.text(CandidateField::description, in.description, names.description, max_description_chars, false);
  p.proposer = problems.text(CandidateField::proposer, in.proposer, names.proposer, max_name_chars, true);
  p.proposer_phone = problems.phone(CandidateField::phone, in.proposer_phone, names.phone,
                                    N_("proposer phone '{}' is not a phone number"));
  p.group = problems.text(CandidateField::group, in.group, names.group, 50, false);
  c.group = problems.group(CandidateField::group, p.group, village.groups);
  c.tier = p.tier.value_or(p.group.empty() ? Tier::village : Tier::group);
  if (c.tier == Tier::group && p.group.empty()) {
    problems.add(CandidateField::tier, _("a group matter needs its group"),
                 _("give --group, or --tier village for a village-wide matter"));
  }
  c.submitted_on = p.submitted_on.value_or(village.today);
  if (c.submitted_on > village.today) {
    problems.add(CandidateField::date, _f("submitted date {} is in the future", format_iso(c.submitted_on)));
  }
  if (p.budget && *p.budget < 0) {
    problems.add(CandidateField::budget, _("budget must not be negative"));
  }
  if (!p.matter_type.empty()) {
    auto it = std::find_if(village.matter_types.begin(), village.matter_types.end(),
                           [&](const MatterType& t) { return t.key == p.matter_type || t.name == p.matter_type; });
    if (it == village.matter_types.end()) {
      std::vector<std::string> keys;
      for (const auto& t : village.matter_types) {
        keys.push_back(t.key);
      }
      problems.add(CandidateField::matter_type, _f("no matter type '{}'", p.matter_type),
                   _f("matter types: {}", join(keys, _(", "))), _f("matter type '{}' is not known", p.matter_type),
                   true);
    } else {
      p.matter_type = it->key;
    }
  }
  for (const auto& name : in.other_groups) {
    auto g = problems.group(CandidateField::other_groups, name, village.groups);
    if (!g) {
      continue;
    }
    if ((c.group && g->id == c.group->id) ||
        std::any_of(c.other_groups.begin(), c.other_groups.end(), [&](const Group& o) { return o.id == g->id; })) {
      problems.add(CandidateField::other_groups, _f("group {} is named twice", g->name));
    }
    c.other_groups.push_back(*g);
  }
  if (!in.other_groups.empty() && p.group.empty()) {
    problems.add(CandidateField::other_groups, _("--also-groups needs --group: the group the matter starts in"), {},
                 _("further groups need the group the matter starts in"));
  }
  return out;
}

PersonCheck check_person(const NewPerson& in, const VillageFacts& village, const FieldNames& names) {
  PersonCheck out;
  Problems problems(out.problems);
  out.value.name = problems.text(CandidateField::name, in.name, names.name, max_name_chars, true);
  out.value.group = problems.text(CandidateField::group, in.group, names.group, 50, false);
  out.group = problems.group(CandidateField::group, out.value.group, village.groups);
  out.value.phone =
      problems.phone(CandidateField::phone, in.phone, names.phone, N_("phone '{}' is not a phone number"));
  out.value.id_number = problems.text(CandidateField::id_number, in.id_number, names.id_number, 18, false);
  if (!out.value.id_number.empty() && !is_id_number(out.value.id_number)) {
    problems.add(CandidateField::id_number, _("is not an 18-digit (or 15-digit) resident ID number"));
  }
  return out;
}

void throw_problem(const Problem& problem) {
  if (problem.not_found) {
    throw NotFound(problem.message, problem.hint);
  }
  throw DataError(problem.message, problem.hint);
}

} // namespace yishi
