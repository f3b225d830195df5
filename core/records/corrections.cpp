// ProposalStore's corrections (proposal edit): a matter's fields put right by the rules a new matter passes,
// each change kept with its reason in `correction`; where a posted notice shows the field, the change waits
// for the correction notice (更正公示) that makes it public, and is applied when that notice is posted.
#include "proposals.hpp"

#include "core/records/notices.hpp"
#include "core/records/village.hpp"
#include "core/rules/mask.hpp"
#include "core/text.hpp"

#include <SQLiteCpp/Statement.h>

namespace yishi {
namespace {

bool routing_field(const std::string& field) {
  return field == "group" || field == "tier" || field == "budget" || field == "matter_type";
}

std::string budget_text(std::optional<long> budget) {
  return budget ? std::to_string(*budget) : std::string();
}

// Whether a notice's text shows the value a field had: as typed, or as the sheet prints it (a masked phone, a
// budget in 万, a description as a sentence).
bool shows(const FieldChange& c, const std::string& text) {
  if (c.old_value.empty() || c.field == "tier" || c.field == "matter_type") {
    return false;
  }
  if (c.field == "proposer_phone") {
    return text.find(mask_phone(c.old_value)) != std::string::npos || text.find(c.old_value) != std::string::npos;
  }
  if (c.field == "budget") {
    const long yuan = std::stol(c.old_value);
    return text.find(c.old_value) != std::string::npos ||
           (yuan % 10000 == 0 && text.find(std::to_string(yuan / 10000) + "万") != std::string::npos);
  }
  const std::string value = c.field == "description" ? without_end_mark(c.old_value) : c.old_value;
  return !value.empty() && text.find(value) != std::string::npos;
}

struct Checked {
  CheckedProposal after;
  std::vector<FieldChange> changes;
};

// The matter as it would be with `edit`, checked by the rules of proposal add, and what differs.
Checked check_edit(const Proposal& p, const ProposalEdit& edit, VillageStore& village, Date today) {
  NewProposal np;
  np.title = edit.title.value_or(p.title);
  np.description = edit.description.value_or(p.description);
  np.group = edit.group.value_or(p.group_name);
  np.tier = edit.tier.value_or(p.tier);
  np.channel = p.channel;
  np.proposer = edit.proposer.value_or(p.proposer_name);
  np.proposer_phone = edit.proposer_phone.value_or(p.proposer_phone);
  np.submitted_on = p.submitted_on;
  np.budget = edit.budget ? edit.budget : p.budget;
  np.matter_type = edit.matter_type.value_or(p.matter_type);
  np.other_groups = p.other_groups;
  ProposalCheck check = check_proposal(np, VillageFacts{village.groups(), village.matter_types(), today});
  if (!check.ok()) {
    throw_problem(check.problems.front());
  }
  Checked out{check.value, {}};
  const NewProposal& a = out.after.input;
  auto differs = [&](const char* field, const std::string& before, const std::string& after) {
    if (before != after) {
      out.changes.push_back(FieldChange{field, before, after});
    }
  };
  differs("title", p.title, a.title);
  differs("description", p.description, a.description);
  differs("group", p.group_name, out.after.group ? out.after.group->name : std::string());
  differs("tier", std::string(code(p.tier)), std::string(code(out.after.tier)));
  differs("budget", budget_text(p.budget), budget_text(a.budget));
  differs("matter_type", p.matter_type, a.matter_type);
  differs("proposer", p.proposer_name, a.proposer);
  differs("proposer_phone", p.proposer_phone, a.proposer_phone);
  return out;
}

} // namespace

EditPlan ProposalStore::plan_edit(std::string_view ref, const ProposalEdit& edit) const {
  EditPlan plan;
  plan.before = get(ref);
  const Proposal& p = plan.before;
  if (!p.merged_into.empty()) {
    throw RuleViolation(_f("proposal {} was merged into {}: correct that one", p.ref, p.merged_into));
  }
  VillageStore village(m_db);
  Checked checked = check_edit(p, edit, village, m_clock.today());
  plan.after = std::move(checked.after);
  plan.changes = std::move(checked.changes);
  if (plan.changes.empty()) {
    throw DataError(_f("proposal {} says so already: nothing to correct", p.ref),
                    _("give the fields that change, such as --title or --budget"));
  }
  for (const auto& c : plan.changes) {
    if (routing_field(c.field) && (p.status == Status::ruled || p.status == Status::completed)) {
      throw RuleViolation(_f("proposal {} is ruled on: the facts its ruling was made on (group, tier, budget, "
                             "type) are not corrected afterwards",
                             p.ref),
                          _("an objection to its result notice can set the ruling aside: yishi notice object"));
    }
  }
  // The newest posted notice still on the board's record that shows a field being changed.
  const std::vector<Notice> notices = NoticeStore(m_db, m_clock).list(std::nullopt, p.ref);
  for (auto n = notices.rbegin(); n != notices.rend() && plan.shown_on.empty(); ++n) {
    if (!n->posted_on || !n->superseded_by.empty() || n->set_aside_on) {
      continue;
    }
    for (const auto& c : plan.changes) {
      if (shows(c, n->title) || shows(c, n->body)) {
        plan.shown_on = n->ref;
        break;
      }
    }
  }
  return plan;
}

Proposal ProposalStore::record_edit(const EditPlan& plan, std::string_view reason, std::optional<long> pending_notice) {
  const std::string why = check_text(reason, "reason", 500, true);
  for (const auto& c : plan.changes) {
    SQLite::Statement q(m_db, "INSERT INTO correction (proposal_id, field, old_value, new_value, reason, at, "
                              "notice_id, applied) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(plan.before.id));
    q.bind(2, c.field);
    q.bind(3, c.old_value);
    q.bind(4, c.new_value);
    q.bind(5, why);
    q.bind(6, format_iso(m_clock.now()));
    if (pending_notice) {
      q.bind(7, static_cast<int64_t>(*pending_notice));
    } else {
      q.bind(7);
    }
    q.bind(8, pending_notice ? 0 : 1);
    q.exec();
  }
  if (!pending_notice) {
    write_fields(plan.before.id, plan.after);
  }
  return get_by_id(plan.before.id);
}

void ProposalStore::apply_corrections_of(long notice_id) {
  SQLite::Statement q(m_db, "SELECT proposal_id, field, new_value FROM correction WHERE notice_id = ? AND applied = 0 "
                            "ORDER BY id");
  q.bind(1, static_cast<int64_t>(notice_id));
  std::optional<long> proposal_id;
  ProposalEdit edit;
  while (q.executeStep()) {
    proposal_id = q.getColumn(0).getInt64();
    const std::string field = q.getColumn(1).getString();
    std::string value = q.getColumn(2).getString();
    if (field == "title") {
      edit.title = value;
    } else if (field == "description") {
      edit.description = value;
    } else if (field == "group") {
      edit.group = value;
    } else if (field == "tier") {
      edit.tier = parse_enum<Tier>(value, "tier");
    } else if (field == "budget") {
      edit.budget = value.empty() ? std::optional<long>() : std::stol(value);
    } else if (field == "matter_type") {
      edit.matter_type = value;
    } else if (field == "proposer") {
      edit.proposer = value;
    } else if (field == "proposer_phone") {
      edit.proposer_phone = value;
    }
  }
  if (!proposal_id) {
    return;
  }
  VillageStore village(m_db);
  // Checked again as the matter stands now: the rules hold on the day the correction takes effect.
  Checked checked = check_edit(get_by_id(*proposal_id), edit, village, m_clock.today());
  write_fields(*proposal_id, checked.after);
  SQLite::Statement done(m_db, "UPDATE correction SET applied = 1 WHERE notice_id = ? AND applied = 0");
  done.bind(1, static_cast<int64_t>(notice_id));
  done.exec();
}

std::vector<Correction> ProposalStore::corrections(long proposal_id) const {
  SQLite::Statement q(m_db, "SELECT c.field, c.old_value, c.new_value, c.reason, c.at, "
                            "CASE WHEN n.id IS NULL THEN '' ELSE printf('N%d-%03d', n.year, n.number) END, c.applied FROM correction c "
                            "LEFT JOIN notice n ON n.id = c.notice_id WHERE c.proposal_id = ? ORDER BY c.id");
  q.bind(1, static_cast<int64_t>(proposal_id));
  std::vector<Correction> out;
  while (q.executeStep()) {
    out.push_back(Correction{FieldChange{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                         q.getColumn(2).getString()},
                             q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                             q.getColumn(6).getInt() != 0});
  }
  return out;
}

} // namespace yishi
