#include "commands.hpp"

#include "core/actions/documents.hpp"
#include "core/documents/sheet.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/rules/lifecycle.hpp"
#include "core/rules/mask.hpp"
#include "core/rules/routing.hpp"
#include "core/spoken.hpp"
#include "core/text.hpp"

#include <map>

namespace yishi::cli {
namespace {

// A budget as people write it (12万, 1.5万元, 120,000), echoed in yuan when it was not written as a plain figure.
std::optional<long> budget_option(Context& ctx, const std::optional<std::string>& text) {
  if (!text) {
    return std::nullopt;
  }
  const long yuan = parse_amount(*text, "budget");
  if (text->find_first_not_of("0123456789") != std::string::npos) {
    ctx.out << _f("Budget {}: {} yuan.\n", *text, yuan);
  }
  return yuan;
}


struct AddOptions {
  std::string title, description, group, tier, channel, proposer, phone, date, type;
  std::optional<std::string> budget;
  std::vector<std::string> also_groups;
  bool json = false;
};

struct ListOptions {
  std::string status, group, channel, tier;
  std::optional<int> year;
  std::optional<long> limit;
  bool json = false;
  bool wide = false;
};

// A corrected field by its name in the interface language.
std::string field_label(const std::string& field) {
  static const std::map<std::string, const char*> k_fields{
      {"title", N_("title")},   {"description", N_("description")}, {"budget", N_("budget")},
      {"group", N_("group")},   {"tier", N_("tier")},               {"matter_type", N_("matter type")},
      {"proposer", N_("proposer")}, {"proposer_phone", N_("proposer's phone")}};
  auto it = k_fields.find(field);
  return it == k_fields.end() ? field : translate(it->second);
}

// A corrected value as the terminal shows it: a phone masked, nothing as -.
std::string shown_value(const FieldChange& c, const std::string& value) {
  if (value.empty()) {
    return "-";
  }
  return c.field == "proposer_phone" ? mask_phone(value) : value;
}

void print_proposal_line(Context& ctx, const Proposal& p) {
  ctx.out << _f("Proposal {} is now '{}': {}\n", p.ref, label(p.status), p.title);
}

void add(Context& ctx, const AddOptions& o) {
  NewProposal np;
  np.title = o.title;
  np.description = o.description;
  np.group = o.group;
  if (!o.tier.empty()) {
    np.tier = enum_option<Tier>(o.tier, "tier");
  }
  np.channel = enum_option<Channel>(o.channel, "channel");
  np.proposer = o.proposer;
  np.proposer_phone = o.phone;
  if (!o.date.empty()) {
    np.submitted_on = date_option(ctx, o.date, "submitted date");
  }
  np.budget = budget_option(ctx, o.budget);
  np.matter_type = o.type;
  for (const auto& opt : o.also_groups) {
    for (auto& g : split_list(opt)) {
      np.other_groups.push_back(std::move(g));
    }
  }
  Proposal p = ProposalStore(ctx.db(), ctx.clock).add(np);
  if (o.json) {
    ctx.out << to_json(p, false).dump(2) << '\n';
    return;
  }
  ctx.out << _f("Collected proposal {}: {} ({}, {}, via {})\n", p.ref, p.title,
                p.group_name.empty() ? _("village-wide") : p.group_name, label(p.tier), label(p.channel));
  if (!p.proposer_id) {
    ctx.err << note_prefix() << _f("proposer '{}' is not on record; kept as a name", p.proposer_name) << '\n';
  }
  VillageStore village(ctx.db());
  if (p.tier == Tier::group) {
    if (auto why = beyond_group_competence(p, village.routing(), village.matter_types())) {
      ctx.err << note_prefix()
              << _f("the group council cannot rule on this: {}; it will go up to the village council\n", *why);
    }
  }
}

struct EditOptions {
  std::string ref, reason;
  std::optional<std::string> title, description, group, tier, type, proposer, phone;
  std::optional<std::string> budget;
};

void edit(Context& ctx, const EditOptions& o) {
  ProposalEdit e;
  e.title = o.title;
  e.description = o.description;
  e.group = o.group;
  if (o.tier) {
    e.tier = enum_option<Tier>(*o.tier, "tier");
  }
  e.matter_type = o.type;
  e.proposer = o.proposer;
  e.proposer_phone = o.phone;
  e.budget = budget_option(ctx, o.budget);
  const VillageInfo village = VillageStore(ctx.db()).info();
  EditOutcome r = edit_proposal(ctx.db(), ctx.clock, o.ref, e, o.reason, village_templates(village));
  for (const auto& c : r.plan.changes) {
    ctx.out << _f("{} {}: {} → {}\n", r.plan.before.ref, field_label(c.field), shown_value(c, c.old_value),
                  shown_value(c, c.new_value));
  }
  if (r.correction) {
    ctx.out << _f("Notice {} shows it: the correction takes effect when its correction notice {} is posted.\n",
                  r.plan.shown_on, r.correction->ref);
    ctx.out << _f("Next: yishi notice print {0}; then yishi notice post {0}\n", r.correction->ref);
    return;
  }
  ctx.out << _f("Proposal {} corrected ({}).\n", r.after.ref, trim(o.reason));
  // A change of group, tier, budget or type routes the matter again: say where it goes now.
  VillageStore villages(ctx.db());
  if (r.after.tier == Tier::group) {
    if (auto why = beyond_group_competence(r.after, villages.routing(), villages.matter_types())) {
      ctx.err << note_prefix()
              << _f("the group council cannot rule on this: {}; it will go up to the village council\n", *why);
    }
  }
}

void list(Context& ctx, const ListOptions& o) {
  ProposalFilter f;
  if (!o.status.empty()) {
    f.status = enum_option<Status>(o.status, "status");
  }
  if (!o.channel.empty()) {
    f.channel = enum_option<Channel>(o.channel, "channel");
  }
  if (!o.tier.empty()) {
    f.tier = enum_option<Tier>(o.tier, "tier");
  }
  f.group = o.group;
  f.year = o.year;
  f.limit = o.limit;
  auto found = ProposalStore(ctx.db(), ctx.clock).list(f);
  if (o.json) {
    Json j = Json::array();
    for (const auto& p : found) {
      j.push_back(to_json(p, false));
    }
    ctx.out << j.dump(2) << '\n';
    return;
  }
  if (found.empty()) {
    ctx.out << _("No proposals match.\n");
    return;
  }
  Table t({_("Ref"), _("Title"), _("Group"), _("Tier"), _("Channel"), _("Submitted"), _("Status")});
  t.set_max_width(1, 30);
  for (const auto& p : found) {
    t.add_row({p.ref, p.title, p.group_name.empty() ? "-" : p.group_name, std::string(label(p.tier)),
               std::string(label(p.channel)), format_iso(p.submitted_on), std::string(label(p.status))});
  }
  t.render(ctx.out, o.wide);
}

void show(Context& ctx, const std::string& ref, bool json) {
  ProposalStore proposals(ctx.db(), ctx.clock);
  SessionStore sessions(ctx.db(), ctx.clock);
  NoticeStore notices(ctx.db(), ctx.clock);
  Proposal p = proposals.get(ref);
  auto history = proposals.history(p.id);
  auto ruling = proposals.ruling(p.id);
  auto held = sessions.sessions_of(p.id);
  auto posted = notices.list(std::nullopt, p.ref);
  Date today = ctx.clock.today();
  if (json) {
    Json j = to_json(p, true); // an internal record: the secretary may need to call back
    j["ruling"] = ruling ? to_json(*ruling) : Json(nullptr);
    Json sj = Json::array();
    for (const auto& s : held) {
      sj.push_back(to_json(s));
    }
    j["sessions"] = sj;
    Json nj = Json::array();
    for (const auto& n : posted) {
      nj.push_back(to_json(n, today));
    }
    j["notices"] = nj;
    Json hj = Json::array();
    for (const auto& e : history) {
      hj.push_back(to_json(e));
    }
    j["history"] = hj;
    ctx.out << j.dump(2) << '\n';
    return;
  }
  ctx.out << _f("Proposal {}: {}\n", p.ref, p.title);
  ctx.out << _f("  Status:     {}\n", label(p.status));
  ctx.out << _f("  Group:      {} ({} matter)\n", p.group_name.empty() ? "-" : p.group_name, label(p.tier));
  ctx.out << _f("  Channel:    {}\n", label(p.channel));
  ctx.out << _f("  Proposer:   {}{}{}\n", p.proposer_name, p.proposer_id ? "" : _(" (not on record)"),
                p.proposer_phone.empty() ? std::string() : _f(", phone {}", p.proposer_phone));
  ctx.out << _f("  Submitted:  {}\n", format_iso(p.submitted_on));
  if (!p.description.empty()) {
    ctx.out << _f("  Description: {}\n", p.description);
  }
  if (auto next = allowed_actions(p.status); !next.empty()) {
    std::vector<std::string> names;
    for (auto a : next) {
      if (a == Action::escalate && p.tier == Tier::village) {
        continue; // only a group matter goes up
      }
      names.push_back(std::string(label(a)));
    }
    ctx.out << _f("  Next can be: {}\n", join(names, _(", ")));
  }
  if (p.budget) {
    ctx.out << _f("  Budget:     {} yuan\n", *p.budget);
  }
  if (!p.matter_type.empty()) {
    ctx.out << _f("  Matter type: {}\n", VillageStore(ctx.db()).matter_type(p.matter_type).name);
  }
  if (!p.other_groups.empty()) {
    ctx.out << _f("  Also affects: {}\n", join(p.other_groups, _(", ")));
  }
  if (p.path == Path::four_step) {
    ctx.out << _f("  Path:       四议两公开, {} of 4 steps done\n", p.step);
  }
  if (!p.merged_into.empty()) {
    ctx.out << _f("  Merged into: {}\n", p.merged_into);
  }
  if (auto origins = proposals.merged_from(p.id); !origins.empty()) {
    ctx.out << _f("  Merged from: {}\n", join(origins, _(", ")));
  }
  if (auto done = proposals.steps(p.id); !done.empty()) {
    ctx.out << _("\n四议两公开\n");
    Table t({_("Step"), _("Body"), _("Session"), _("Should attend"), _("Attended"), _("Ratio"), _("Done")});
    for (const auto& st : done) {
      t.add_row({fmt::format("{} {}", st.step, k_four_steps[static_cast<size_t>(st.step - 1)].name_zh), st.council_name,
                 st.session_ref, std::to_string(st.should_attend), std::to_string(st.attended),
                 fmt::format("{:.0f}%", st.should_attend == 0 ? 0.0
                                                              : 100.0 * static_cast<double>(st.attended) /
                                                                    static_cast<double>(st.should_attend)),
                 format_iso(st.completed_on)});
    }
    t.render(ctx.out);
  }
  for (const auto& rec : proposals.recommendations(p.id)) {
    ctx.out << _f("\nRecommendation by {} on {}{}:\n  {}\n", rec.council_name, format_iso(rec.made_on),
                  rec.session_ref.empty() ? std::string() : _f(" (session {})", rec.session_ref), rec.text);
    if (rec.tally) {
      ctx.out << _f("  Voted: {} for, {} against, {} abstaining\n", rec.tally->yes, rec.tally->no, rec.tally->abstain);
    }
    if (!rec.reason.empty()) {
      ctx.out << _f("  Sent up because: {}\n", rec.reason);
    }
  }
  for (const auto& rv : proposals.reviews(p.id)) {
    ctx.out << _f("Review by {} on {}: {}{}\n", rv.council_name, format_iso(rv.reviewed_on), label(rv.decision),
                  rv.reason.empty() ? std::string() : _f(" ({})", rv.reason));
  }
  if (ruling) {
    if (ruling->approved_by.empty()) {
      ctx.out << _f("\nRuling by {} at {} on {}:\n  {}\n  Responsible: {}; deadline {}\n", ruling->council_name,
                    ruling->session_ref, format_iso(ruling->ruled_on), ruling->text, ruling->responsible,
                    format_iso(ruling->deadline));
    } else {
      ctx.out << _f("\nRuling recommended by {}, approved by {} on {}:\n  {}\n  Responsible: {}; deadline {}\n",
                    ruling->council_name, ruling->approved_by, format_iso(ruling->ruled_on), ruling->text,
                    ruling->responsible, format_iso(ruling->deadline));
    }
  }
  auto objections = notices.objections(p.id, false);
  bool open_objection = std::any_of(objections.begin(), objections.end(), [](const Objection& o) { return !o.upheld; });
  if (ruling && open_objection) {
    ctx.out << _("  Not in effect: an objection to its notices is open\n");
  }
  if (!objections.empty()) {
    ctx.out << _("\nObjections\n");
    Table t({_("Objection"), _("Notice"), _("By"), _("On"), _("Answer")});
    for (const auto& o : objections) {
      t.add_row({o.ref, o.notice_ref, o.objector, format_iso(o.made_on),
                 o.upheld ? (*o.upheld ? _("upheld") : _("dismissed")) : _("open")});
    }
    t.render(ctx.out);
  }
  if (!held.empty()) {
    ctx.out << _("\nSessions\n");
    Table t({_("Session"), _("Council"), _("When"), _("Mode"), _("Status")});
    for (const auto& s : held) {
      t.add_row({s.ref, s.council.name, format_minutes(s.starts_at), std::string(label(s.mode)),
                 std::string(label(s.status))});
    }
    t.render(ctx.out);
  }
  if (!posted.empty()) {
    ctx.out << _("\nNotices\n");
    Table t({_("Notice"), _("Serial"), _("Stage"), _("State"), _("Posted"), _("Until")});
    for (const auto& n : posted) {
      t.add_row({n.ref, n.posted_on ? n.serial : "-", std::string(label(n.stage)), std::string(label(n.state(today))),
                 n.posted_on ? format_iso(*n.posted_on) : "-", n.ends_on ? format_iso(*n.ends_on) : "-"});
    }
    t.render(ctx.out);
  }
  if (const auto corrected = proposals.corrections(p.id); !corrected.empty()) {
    ctx.out << _("\nCorrections\n");
    Table t({_("When"), _("Field"), _("Was"), _("Now"), _("Reason"), _("In public")});
    t.set_max_width(4, 30);
    for (const auto& c : corrected) {
      t.add_row({c.at, field_label(c.change.field), shown_value(c.change, c.change.old_value),
                 shown_value(c.change, c.change.new_value), c.reason,
                 c.notice_ref.empty() ? "-"
                 : c.applied          ? c.notice_ref
                                      : _f("{} (waits for it to be posted)", c.notice_ref)});
    }
    t.render(ctx.out);
  }
  ctx.out << _("\nHistory\n");
  Table t({_("When"), _("Action"), _("From"), _("To"), _("Note")});
  for (const auto& e : history) {
    t.add_row({e.at, std::string(label(e.action)), e.from ? std::string(label(*e.from)) : "-", std::string(label(e.to)),
               e.note});
  }
  t.render(ctx.out);
}

// accept, decline, withdraw, return: one transition each, with a note or a required reason.
void add_transition(CLI::App* group, Dispatch& dispatch, const std::string& name, Action action,
                    const std::string& description, bool reason_required) {
  auto* cmd = group->add_subcommand(name, description);
  auto ref = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  cmd->add_option("proposal", *ref, _("The proposal, such as 2026-001"))->required();
  auto* opt = cmd->add_option(reason_required ? "--reason" : "--note", *reason,
                              reason_required ? _("Why (kept in the history)") : _("A note for the history"));
  if (reason_required) {
    opt->required();
  }
  cmd->callback([&dispatch, ref, reason, action, reason_required] {
    dispatch.select(Access::write, [ref, reason, action, reason_required](Context& ctx) {
      std::string note =
          reason_required ? check_text(*reason, "reason", 500, true) : check_text(*reason, "note", 500, false);
      ProposalStore store(ctx.db(), ctx.clock);
      print_proposal_line(ctx, store.apply(store.get(*ref), action, note));
    });
  });
}

} // namespace

void register_proposal(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "proposal", _("Villagers' proposals: collect, list, show, and move them on"));
  group->footer(describe_lifecycle());

  auto* add_cmd = group->add_subcommand("add", _("Collect a proposal (收集); gives it a number such as 2026-001"));
  auto a = std::make_shared<AddOptions>();
  add_cmd->add_option("--title", a->title, _("What the matter is, in a line"))->required();
  add_cmd->add_option("--description", a->description, _("The matter in full"));
  add_cmd->add_option("--group", a->group, _("The village group it concerns (a group matter by default)"));
  add_cmd->add_option("--tier", a->tier, _("group or village (default: group when --group is given)"));
  add_cmd->add_option("--channel", a->channel, _("How it arrived: ") + allowed_values<Channel>())->required();
  add_cmd->add_option("--proposer", a->proposer, _("Who raised it: a person on record, or a name"))->required();
  add_cmd->add_option("--proposer-phone", a->phone, _("The proposer's phone (private: masked on notices)"));
  add_cmd->add_option("--date", a->date, _("When it was submitted (default today)"));
  add_cmd->add_option("--budget", a->budget, _("The estimated cost in yuan: 120000, 12万 or 1.5万元"));
  add_cmd->add_option("--type", a->type, _("The kind of matter, such as fundraising (筹资筹劳); see village show"));
  add_cmd->add_option("--also-groups", a->also_groups, _("Further groups the matter affects (repeat, or commas)"));
  add_json_flag(add_cmd, a->json);
  add_cmd->callback([&dispatch, a] { dispatch.select(Access::write, [a](Context& ctx) { add(ctx, *a); }); });

  auto* edit_cmd =
      group->add_subcommand("edit", _("Correct a matter's title, description, budget, group, tier, type or proposer"));
  auto ed = std::make_shared<EditOptions>();
  edit_cmd->add_option("proposal", ed->ref, _("The proposal, such as 2026-001"))->required();
  edit_cmd->add_option("--title", ed->title, _("The corrected title"));
  edit_cmd->add_option("--description", ed->description, _("The corrected description"));
  edit_cmd->add_option("--budget", ed->budget, _("The corrected estimated cost in yuan: 120000, 12万 or 1.5万元"));
  edit_cmd->add_option("--group", ed->group, _("The village group it concerns"));
  edit_cmd->add_option("--tier", ed->tier, _("group or village"));
  edit_cmd->add_option("--type", ed->type, _("The kind of matter; see village show"));
  edit_cmd->add_option("--proposer", ed->proposer, _("Who raised it"));
  edit_cmd->add_option("--proposer-phone", ed->phone, _("The proposer's phone (private: masked on notices)"));
  edit_cmd->add_option("--reason", ed->reason, _("Why it is corrected (kept in the record)"))->required();
  edit_cmd->footer(_("The old value, the new one, who, when and why stay in the history (proposal show). Where a "
                     "posted notice shows the field, a correction notice (更正公示) is drafted and the correction "
                     "takes effect when it is posted. A change of group, tier, budget or type routes the matter "
                     "again."));
  edit_cmd->callback([&dispatch, ed] { dispatch.select(Access::write, [ed](Context& ctx) { edit(ctx, *ed); }); });

  auto* list_cmd = group->add_subcommand("list", _("List proposals, with filters"));
  auto l = std::make_shared<ListOptions>();
  list_cmd->add_option("--status", l->status, _("Only this status"));
  list_cmd->add_option("--group", l->group, _("Only this group"));
  list_cmd->add_option("--channel", l->channel, _("Only this channel"));
  list_cmd->add_option("--tier", l->tier, _("Only group or village matters"));
  list_cmd->add_option("--year", l->year, _("Only this year"));
  list_cmd->add_option("--limit", l->limit, _("At most this many"));
  add_wide_flag(list_cmd, l->wide);
  add_json_flag(list_cmd, l->json);
  list_cmd->callback([&dispatch, l] { dispatch.select(Access::read, [l](Context& ctx) { list(ctx, *l); }); });

  auto* show_cmd = group->add_subcommand("show", _("Show a proposal with its whole history"));
  auto ref = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  show_cmd->add_option("proposal", *ref, _("The proposal, such as 2026-001"))->required();
  add_json_flag(show_cmd, *json);
  show_cmd->callback(
      [&dispatch, ref, json] { dispatch.select(Access::read, [ref, json](Context& ctx) { show(ctx, *ref, *json); }); });

  auto* escalate_cmd = group->add_subcommand(
      "escalate", _("Send a group matter up to the village council with the group's recommendation (上报)"));
  struct EscalateOptions {
    std::string ref, reason, recommendation;
  };
  auto e = std::make_shared<EscalateOptions>();
  escalate_cmd->add_option("proposal", e->ref, _("The proposal, such as 2026-001"))->required();
  escalate_cmd->add_option("--reason", e->reason, _("Why it goes up"))->required();
  escalate_cmd->add_option("--recommendation", e->recommendation,
                           _("The group council's recommendation (default: its latest motion on the matter)"));
  escalate_cmd->callback([&dispatch, e] {
    dispatch.select(Access::write, [e](Context& ctx) {
      Proposal p = ProposalStore(ctx.db(), ctx.clock).escalate(e->ref, e->reason, e->recommendation);
      print_proposal_line(ctx, p);
      ctx.out << _f("The village council reviews it: yishi proposal review {} --approve | --send-back | --take-up\n",
                    p.ref);
    });
  });

  auto* review_cmd = group->add_subcommand("review", _("The village council reviews an escalated matter (审核把关)"));
  struct ReviewOptions {
    std::string ref, reason, responsible, deadline, session;
    bool approve = false, send_back = false, take_up = false;
    std::optional<long> yes, no, abstain;
  };
  auto r = std::make_shared<ReviewOptions>();
  review_cmd->add_option("proposal", r->ref, _("The proposal, such as 2026-001"))->required();
  review_cmd->add_flag("--approve", r->approve,
                       _("The village council votes on the recommendation at --session; carried, it is the ruling"));
  review_cmd->add_flag("--send-back", r->send_back, _("Send it back to the group council for another session"));
  review_cmd->add_flag("--take-up", r->take_up, _("Take it up at a village council session"));
  review_cmd->add_option("--reason", r->reason, _("Why (required with --send-back)"));
  review_cmd->add_option("--responsible", r->responsible, _("Who carries it out, if the recommendation names no one"));
  review_cmd->add_option("--deadline", r->deadline, _("By when, if the recommendation names no date"));
  review_cmd->add_option("--session", r->session, _("With --approve: the village council's session that votes"));
  review_cmd->add_option("--for", r->yes, _("With --approve: votes for"));
  review_cmd->add_option("--against", r->no, _("With --approve: votes against"));
  review_cmd->add_option("--abstain", r->abstain, _("With --approve: abstentions"));
  review_cmd->callback([&dispatch, r] {
    dispatch.select(Access::write, [r](Context& ctx) {
      if ((r->approve ? 1 : 0) + (r->send_back ? 1 : 0) + (r->take_up ? 1 : 0) != 1) {
        throw UsageError(_("give one of --approve, --send-back or --take-up"));
      }
      ReviewInput in;
      in.decision = r->approve     ? ReviewDecision::approve
                    : r->send_back ? ReviewDecision::send_back
                                   : ReviewDecision::take_up;
      in.reason = r->reason;
      in.responsible = r->responsible;
      if (!r->deadline.empty()) {
        in.deadline = date_option(ctx, r->deadline, "deadline");
      }
      if (r->approve && !r->session.empty()) {
        if (!r->yes && !r->no && !r->abstain) {
          throw UsageError(_("the village council's vote is given as --for N --against N --abstain N"));
        }
        print_vote(ctx,
                   SessionStore(ctx.db(), ctx.clock)
                       .approve(r->session, r->ref,
                                counted(Tally{r->yes.value_or(0), r->no.value_or(0), r->abstain.value_or(0)}), in));
        return;
      }
      if (!r->session.empty() || r->yes || r->no || r->abstain) {
        throw UsageError(_("--session, --for, --against and --abstain go with --approve"));
      }
      print_proposal_line(ctx, ProposalStore(ctx.db(), ctx.clock).review(r->ref, in));
    });
  });

  auto* merge_cmd = group->add_subcommand("merge", _("Merge proposals on one matter into one village matter"));
  struct MergeOptions {
    std::vector<std::string> refs;
    std::string title, description;
  };
  auto m = std::make_shared<MergeOptions>();
  merge_cmd->add_option("proposals", m->refs, _("The proposals to merge (two or more)"))->required();
  merge_cmd->add_option("--title", m->title, _("The merged matter's title"))->required();
  merge_cmd->add_option("--description", m->description, _("The merged matter in full"));
  merge_cmd->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      Proposal p = ProposalStore(ctx.db(), ctx.clock).merge(m->refs, m->title, m->description);
      ctx.out << _f("Merged {} into {}: {}\n", join(m->refs, _(", ")), p.ref, p.title);
    });
  });

  auto* path_cmd =
      group->add_subcommand("path", _("Choose the path of a village matter: standard or four-step (四议两公开)"));
  struct PathOptions {
    std::string ref, path;
  };
  auto pa = std::make_shared<PathOptions>();
  path_cmd->add_option("proposal", pa->ref, _("The proposal, such as 2026-001"))->required();
  path_cmd->add_option("path", pa->path, _("standard or four-step"))->required();
  path_cmd->footer(
      _("四议两公开: 1 提议 by the Party branch, 2 商议 by the two committees, 3 审议 by the Party members'\n"
        "meeting, 4 决议 by the villagers' (representatives') meeting; then the decision and the\n"
        "implementation result are posted. No step may be skipped or taken out of order."));
  path_cmd->callback([&dispatch, pa] {
    dispatch.select(Access::write, [pa](Context& ctx) {
      Proposal p = ProposalStore(ctx.db(), ctx.clock).set_path(pa->ref, enum_option<Path>(pa->path, "path"));
      ctx.out << _f("Proposal {} follows the {} path.\n", p.ref, label(p.path));
    });
  });

  add_transition(group, dispatch, "accept", Action::accept,
                 _("Set the topic (议题确定): the matter will be deliberated"), false);
  add_transition(group, dispatch, "decline", Action::decline, _("Decline the proposal, with a reason"), true);
  add_transition(group, dispatch, "withdraw", Action::withdraw, _("Withdraw the proposal at the proposer's request"),
                 true);
  add_transition(group, dispatch, "return", Action::reopen,
                 _("Return a defeated proposal for deliberation at another session"), false);
}

} // namespace yishi::cli
