#include "commands.hpp"

#include "cli/prompt.hpp"

#include "core/actions/documents.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/documents/sheet.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/rules/composition.hpp"
#include "core/text.hpp"

namespace yishi::cli {
namespace {

std::vector<std::string> names(const std::vector<std::string>& options) {
  std::vector<std::string> out;
  for (const auto& o : options) {
    for (auto& n : split_list(o)) {
      out.push_back(std::move(n));
    }
  }
  return out;
}

struct PlanOptions {
  std::string council, at, mode = "offline", venue;
  std::vector<std::string> agenda, joint, invite;
  bool invitees_vote = false;
};

// The correction notices a change of plan drafted, each with the command that posts it.
void print_corrections(Context& ctx, const std::vector<Notice>& corrections) {
  for (const auto& n : corrections) {
    ctx.out << _f("  Correction notice {} drafted for {}: {}\n", n.ref, n.supersedes, n.title);
    ctx.out << _f("Next: yishi notice post {}\n", n.ref);
  }
}

void plan(Context& ctx, const PlanOptions& o) {
  SessionPlan p{o.council,
                meeting_time_option(ctx, o.at, "session time"),
                enum_option<Mode>(o.mode, "mode"),
                o.venue,
                names(o.agenda),
                names(o.joint),
                names(o.invite),
                o.invitees_vote};
  Session s = SessionStore(ctx.db(), ctx.clock).plan(p);
  // A roster that breaks the village's composition rules is worth a warning, not a refusal.
  std::vector<const Council*> councils{&s.council};
  for (const auto& c : s.joint) {
    councils.push_back(&c);
  }
  for (const Council* c : councils) {
    for (const auto& broken : check_composition(*c).broken) {
      ctx.err << warning_prefix() << _f("{}: {}", c->name, broken) << '\n';
    }
  }
  ctx.out << _f("Planned session {} of {}: {}, {}{}\n", s.ref, s.council.name, format_minutes(s.starts_at),
                label(s.mode), s.venue.empty() ? std::string() : _f(" at {}", s.venue));
  for (const auto& ref : p.agenda) {
    Proposal item = ProposalStore(ctx.db(), ctx.clock).get(ref); // as typed: 3, 2026-003
    ctx.out << _f("  agenda: {} {}\n", item.ref, item.title);
  }
  for (const auto& c : s.joint) {
    ctx.out << _f("  joint meeting with: {}\n", c.name);
  }
  for (const auto& name : p.invitees) {
    ctx.out << _f("  invited: {}\n", name);
  }
}

void show(Context& ctx, const std::string& ref, bool json) {
  SessionRecord r = SessionStore(ctx.db(), ctx.clock).record(ref);
  if (json) {
    ctx.out << to_json(r).dump(2) << '\n';
    return;
  }
  const Session& s = r.session;
  ctx.out << _f("Session {} of {} ({})\n", s.ref, s.council.name, label(s.status));
  ctx.out << _f("  When:   {}\n  Mode:   {}\n", format_minutes(s.starts_at),
                s.venue.empty() ? std::string(label(s.mode)) : _f("{}, at {}", label(s.mode), s.venue));
  ctx.out << _f("  Rule:   quorum {}; decision {}\n", s.council.rule.quorum.describe(),
                s.council.rule.majority.describe());
  ctx.out << _f("  Attendance: {} of {} members present\n", r.present(), r.members());
  for (const auto& c : s.joint) {
    ctx.out << _f("  Joint meeting with: {}\n", c.name);
  }
  Table roster({_("Member"), _("Attendance")});
  for (const auto& a : r.roster) {
    std::string name = a.person.name + (a.invitee ? (a.votes ? _(" (invited, votes)") : _(" (invited)")) : "");
    roster.add_row({name, a.present ? (*a.present ? _("present") : _("absent")) : _("not recorded")});
  }
  roster.render(ctx.out);
  for (const auto& item : r.items) {
    ctx.out << _f("\nItem {}: {} {} ({})\n", item.position, item.proposal.ref, item.proposal.title,
                  label(item.proposal.status));
    for (const auto& rc : item.recusals) {
      ctx.out << _f("  {} recused: {}\n", rc.person, rc.reason);
    }
    for (const auto& v : item.visits) {
      ctx.out << _f("  visit {} {} by {}: {}{}\n", format_iso(v.visited_on), v.household, v.visitor, v.opinion,
                    v.choice ? " [" + std::string(label(*v.choice)) + "]" : "");
    }
    for (const auto& rm : item.remarks) {
      ctx.out << _f("  {}{}: {}\n", rm.speaker, rm.on_record ? "" : _(" (guest)"), rm.text);
    }
    for (const auto& m : item.motions) {
      ctx.out << _f("  Motion{}: {}\n", m.mover.empty() ? std::string() : _f(" by {}", m.mover), m.text);
      ctx.out << _f("    responsible {}, deadline {}{}\n", m.responsible, format_iso(m.deadline),
                    m.seconder.empty() ? std::string() : _f(", seconded by {}", m.seconder));
      if (m.vote) {
        const auto& v = *m.vote;
        ctx.out << _f("    Vote ({}): {} for, {} against, {} abstaining; {} of {} present; {}\n",
                      method_label(v.method), v.tally.yes, v.tally.no, v.tally.abstain, v.present, v.members,
                      label(v.result));
        if (v.secret) {
          ctx.out << _f("      ballots: {} issued, {} blank, {} spoiled\n", v.secret->issued, v.secret->blank,
                        v.secret->spoiled);
        }
        if (!v.override_reason.empty()) {
          ctx.out << _f("      overridden: the rule gave '{}'; reason: {}\n", label(v.computed), v.override_reason);
        }
        for (const auto& b : v.ballots) {
          ctx.out << _f("      {}: {}\n", b.person, label(b.choice));
        }
      } else {
        ctx.out << _("    awaiting its vote\n");
      }
    }
  }
}

void list(Context& ctx, bool json, bool wide) {
  auto all = SessionStore(ctx.db(), ctx.clock).list();
  if (json) {
    Json j = Json::array();
    for (const auto& s : all) {
      j.push_back(to_json(s));
    }
    ctx.out << j.dump(2) << '\n';
    return;
  }
  if (all.empty()) {
    ctx.out << _("No sessions yet.\n");
    return;
  }
  Table t({_("Session"), _("Council"), _("When"), _("Mode"), _("Venue"), _("Status")});
  t.set_max_width(4, 24);
  for (const auto& s : all) {
    t.add_row({s.ref, s.council.name, format_minutes(s.starts_at), std::string(label(s.mode)), s.venue,
               std::string(label(s.status))});
  }
  t.render(ctx.out, wide);
}

struct MotionOptions {
  std::string session, proposal, text, responsible, deadline, mover, seconder;
  std::vector<std::string> authorises;
};

struct VoteOptions {
  std::string session, proposal;
  std::optional<long> yes, no, abstain, issued, blank, spoiled;
  std::vector<std::string> ballots;
  bool secret = false;
  bool households = false;
  std::string override_result, override_reason;
  bool correct = false;
  std::string reason;
};

void vote(Context& ctx, const VoteOptions& o) {
  VoteInput in;
  if (o.secret) {
    if (!o.issued) {
      throw UsageError(_("secret ballots need --issued: how many ballots were handed out"));
    }
    in.secret = SecretBallots{*o.issued,           o.yes.value_or(0),    o.no.value_or(0), o.abstain.value_or(0),
                              o.blank.value_or(0), o.spoiled.value_or(0)};
  } else if (o.issued || o.blank || o.spoiled) {
    throw UsageError(_("--issued, --blank and --spoiled go with --secret"));
  } else if (o.yes || o.no || o.abstain) {
    in.counted = Tally{o.yes.value_or(0), o.no.value_or(0), o.abstain.value_or(0)};
  }
  in.households = o.households;
  if (!o.override_result.empty()) {
    in.override_result = enum_option<VoteResult>(o.override_result, "override");
    in.override_reason = o.override_reason;
  } else if (!o.override_reason.empty()) {
    throw UsageError(_("--override-reason goes with --override"));
  }
  for (const auto& b : names(o.ballots)) {
    auto eq = b.find('=');
    if (eq == std::string::npos) {
      throw UsageError(_f("ballot '{}' should be NAME=CHOICE", b), _("for example --ballot 张三=for"));
    }
    in.ballots.push_back(Ballot{trim(b.substr(0, eq)), enum_option<Choice>(trim(b.substr(eq + 1)), "ballot choice")});
  }
  SessionStore sessions(ctx.db(), ctx.clock);
  if (o.correct) {
    if (trim(o.reason).empty()) {
      throw UsageError(_("a corrected vote needs its reason: --reason"));
    }
    ctx.out << _f("The vote first recorded at {} is corrected ({}); it is kept in the record.\n", o.session,
                  trim(o.reason));
    print_vote(ctx, sessions.correct_vote(o.session, o.proposal, in, o.reason));
    return;
  }
  if (!o.reason.empty()) {
    throw UsageError(_("--reason goes with --correct"));
  }
  print_vote(ctx, sessions.vote(o.session, o.proposal, in));
}

} // namespace

void print_vote(Context& ctx, const VoteResultSummary& r) {
  ctx.out << (r.record.method == VoteMethod::households
                  ? _f("Vote on {}: {} for, {} against, {} abstaining; {} of {} households reached.\n", r.proposal.ref,
                       r.record.tally.yes, r.record.tally.no, r.record.tally.abstain, r.record.present,
                       r.record.members)
              : r.by_headcount ? _f("Vote on {}: {} for, {} against, {} abstaining; {} of {} adults signed in.\n",
                                    r.proposal.ref, r.record.tally.yes, r.record.tally.no, r.record.tally.abstain,
                                    r.record.present, r.record.members)
                               : _f("Vote on {}: {} for, {} against, {} abstaining; {} of {} members present.\n",
                                    r.proposal.ref, r.record.tally.yes, r.record.tally.no, r.record.tally.abstain,
                                    r.record.present, r.record.members));
  ctx.out << _f("The motion is {}: {} for; {}.\n", label(r.record.result), r.record.tally.yes,
                describe_majority(r.rule, r.outcome));
  if (r.record.result != r.record.computed) {
    ctx.out << _f("Overridden: the rule gave '{}'; the result is '{}' because: {}\n", label(r.record.computed),
                  label(r.record.result), r.record.override_reason);
  }
  ctx.out << _f("Proposal {} is now '{}'.\n", r.proposal.ref, label(r.proposal.status));
  if (r.for_review) {
    ctx.out << _f("Group rulings go to the village council for review: plan it at a village council session, "
                  "then: yishi proposal review {} --approve --session S --for N --against N --abstain N\n",
                  r.proposal.ref);
  }
  if (r.escalated && r.goes_to) {
    ctx.out << _f("{} may not decide it: the vote is its recommendation, and the matter goes to {}: yishi session "
                  "plan --council {} --agenda {}\n",
                  r.council_name, r.goes_to->name, r.goes_to->key, r.proposal.ref);
  } else if (r.escalated) {
    ctx.out << _f("{} may not decide it: the vote is its recommendation; the body that decides it is not declared "
                  "in village.toml ([[councils]] with kind = \"villagers\" or \"group-meeting\")\n",
                  r.council_name);
  }
  if (r.proposal.path == Path::four_step && r.proposal.status == Status::accepted) {
    ctx.out << _f("四议两公开: step {} of 4 done; plan the next step's session.\n", r.proposal.step);
  }
  if (r.record.result == VoteResult::defeated) {
    ctx.out << _f("Next: yishi proposal return {} (another session), or yishi proposal decline {}\n", r.proposal.ref,
                  r.proposal.ref);
  }
}

void register_session(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "session", _("Council sessions: plan, attendance, remarks, motions, votes"));

  auto* plan_cmd = group->add_subcommand("plan", _("Plan a session of a council with its agenda"));
  auto p = std::make_shared<PlanOptions>();
  plan_cmd->add_option("--council", p->council, _("The council: its key, its name, a group's name, or village"))
      ->required();
  plan_cmd->add_option("--at", p->at, _("Date and time, such as \"2026-03-10 19:30\""))->required();
  plan_cmd->add_option("--mode", p->mode, _("offline, online or door-to-door (线下议事, 线上议事, 上门议事)"));
  ask_when_missing(
      plan_cmd->add_option("--venue", p->venue, _("The place, the online platform, or the households to visit")));
  plan_cmd->add_option("--agenda", p->agenda, _("Proposals to take up (repeat, or separate with commas)"))->required();
  plan_cmd->add_option("--joint", p->joint, _("Group councils meeting with the village council (村组联席会议)"));
  plan_cmd->add_option("--invite", p->invite, _("Invitees who may speak (repeat, or separate with commas)"));
  plan_cmd->add_flag("--invitees-vote", p->invitees_vote, _("The invitees vote too"));
  plan_cmd->callback([&dispatch, p] { dispatch.select(Access::write, [p](Context& ctx) { plan(ctx, *p); }); });

  auto* list_cmd = group->add_subcommand("list", _("List sessions"));
  auto list_json = std::make_shared<bool>(false);
  auto list_wide = std::make_shared<bool>(false);
  add_json_flag(list_cmd, *list_json);
  add_wide_flag(list_cmd, *list_wide);
  list_cmd->callback([&dispatch, list_json, list_wide] {
    dispatch.select(Access::read, [list_json, list_wide](Context& ctx) { list(ctx, *list_json, *list_wide); });
  });

  auto* show_cmd = group->add_subcommand("show", _("Show a session's full record"));
  auto show_ref = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show_cmd->add_option("session", *show_ref, _("The session, such as S2026-001"))->required();
  add_json_flag(show_cmd, *show_json);
  show_cmd->callback([&dispatch, show_ref, show_json] {
    dispatch.select(Access::read, [show_ref, show_json](Context& ctx) { show(ctx, *show_ref, *show_json); });
  });

  auto* attend_cmd = group->add_subcommand("attend", _("Record who is present and who is absent"));
  struct AttendOptions {
    std::string session;
    std::vector<std::string> present, absent;
    bool all = false;
    std::optional<long> headcount, households;
    std::string counted_by;
    bool correct = false;
    std::string reason;
  };
  auto at = std::make_shared<AttendOptions>();
  attend_cmd->add_option("session", at->session, _("The session"))->required();
  attend_cmd->add_option("--present", at->present, _("Members present (repeat, or separate with commas)"));
  attend_cmd->add_option("--absent", at->absent, _("Members absent (repeat, or separate with commas)"));
  attend_cmd->add_flag("--all", at->all, _("Every other member not yet recorded is present"));
  attend_cmd->add_option("--headcount", at->headcount,
                         _("A meeting without a roster (村民会议, 村民小组会议): adults signed in"));
  attend_cmd->add_option("--households", at->households, _("With --headcount: households represented"));
  attend_cmd->add_option("--counted-by", at->counted_by, _("With --headcount: who counted the sign-in"));
  attend_cmd->add_flag("--correct", at->correct,
                       _("Record again a mark or a count recorded in error, while the session is open (更正; the "
                         "first is kept, and votes taken on it are recorded again)"));
  attend_cmd->add_option("--reason", at->reason, _("With --correct: what was wrong"));
  attend_cmd->footer(_("A member who comes late or leaves early is recorded as they are, without --correct.\n"
                       "A mark recorded in error is corrected with --correct --reason while the session is open: "
                       "the minutes say 更正, and a vote already taken is recorded again on the corrected figures."));
  attend_cmd->callback([&dispatch, at] {
    dispatch.select(Access::write, [at](Context& ctx) {
      if (at->correct && trim(at->reason).empty()) {
        throw UsageError(_("a correction needs its reason"), _("give it with --reason (what was wrong)"));
      }
      if (!at->correct && !at->reason.empty()) {
        throw UsageError(_("--reason goes with --correct"));
      }
      SessionStore sessions(ctx.db(), ctx.clock);
      auto revote = [&ctx](const AttendanceCorrected& c) {
        for (const auto& ref : c.revote) {
          ctx.out << _f("The vote on {} was taken on the wrong figures and is undone: record it again with "
                        "yishi session vote {} --proposal {}\n",
                        ref, c.record.session.ref, ref);
        }
      };
      if (at->headcount) {
        if (!at->present.empty() || !at->absent.empty() || at->all) {
          throw UsageError(_("--headcount counts a sign-in; --present, --absent and --all mark a roster"));
        }
        SessionRecord r;
        if (at->correct) {
          auto c = sessions.correct_count(at->session, *at->headcount, at->households, at->counted_by, at->reason);
          r = c.record;
          ctx.out << _f("Sign-in at {} corrected (更正): {}\n", r.session.ref, at->reason);
          revote(c);
        } else {
          r = sessions.count(at->session, *at->headcount, at->households, at->counted_by);
        }
        Outcome q = decide(r.session.council.rule, r.attendance(), Tally{});
        ctx.out << _f("Session {}: {} (quorum {})\n", r.session.ref, describe_quorum(r.session.council.rule, q),
                      q.quorum_met ? _("met") : _("not met"));
        return;
      }
      if (at->households || !at->counted_by.empty()) {
        throw UsageError(_("--households and --counted-by go with --headcount"));
      }
      SessionRecord r;
      if (at->correct) {
        if (at->all) {
          throw UsageError(_("--all marks the members not yet recorded; a correction names whose mark was wrong"),
                           _("name them with --present or --absent"));
        }
        auto c = sessions.correct_attendance(at->session, names(at->present), names(at->absent), at->reason);
        r = c.record;
        ctx.out << _f("Attendance at {} corrected (更正): {}\n", r.session.ref, at->reason);
        revote(c);
      } else {
        r = sessions.attend(at->session, names(at->present), names(at->absent), at->all);
      }
      if (!r.session.is_joint()) {
        Outcome q = decide(r.session.council.rule, r.members(), r.present(), Tally{});
        ctx.out << _f("Session {}: {} of {} members present; quorum {} (the rule needs {})\n", r.session.ref,
                      r.present(), r.members(), q.quorum_met ? _("met") : _("not met"),
                      describe_quorum_needed(r.session.council.rule, q));
        return;
      }
      ctx.out << _f("Session {}: {} of {} members present\n", r.session.ref, r.present(), r.members());
      std::vector<const Council*> councils{&r.session.council};
      for (const auto& c : r.session.joint) {
        councils.push_back(&c);
      }
      for (const Council* c : councils) {
        auto [members, present] = r.attendance_of(*c);
        Outcome q = decide(c->rule, members, present, Tally{});
        ctx.out << _f("  {}: {} of {} members present; quorum {} (the rule needs {})\n", c->name, present, members,
                      q.quorum_met ? _("met") : _("not met"), describe_quorum_needed(c->rule, q));
      }
    });
  });

  auto* note_cmd = group->add_subcommand("note", _("Record a remark on an agenda item, with its speaker"));
  struct NoteOptions {
    std::string session, proposal, speaker, text;
    bool guest = false;
  };
  auto n = std::make_shared<NoteOptions>();
  note_cmd->add_option("session", n->session, _("The session"))->required();
  note_cmd->add_option("--proposal", n->proposal, _("The agenda item (needed when there are several)"));
  note_cmd->add_option("--speaker", n->speaker, _("Who spoke: a person on record"))->required();
  note_cmd->add_flag("--guest", n->guest, _("The speaker is a visitor not on record"));
  note_cmd->add_option("--text", n->text, _("What was said"))->required();
  note_cmd->callback([&dispatch, n] {
    dispatch.select(Access::write, [n](Context& ctx) {
      SessionStore(ctx.db(), ctx.clock).note(n->session, n->proposal, n->speaker, n->guest, n->text);
      ctx.out << _f("Noted {}'s remark at {}.\n", n->speaker, n->session);
    });
  });

  auto* motion_cmd = group->add_subcommand("motion", _("Put the handling opinion (处理意见) to the vote"));
  auto m = std::make_shared<MotionOptions>();
  motion_cmd->add_option("session", m->session, _("The session"))->required();
  motion_cmd->add_option("--proposal", m->proposal, _("The agenda item (needed when there are several)"));
  motion_cmd->add_option("--text", m->text, _("The handling opinion, as it will be ruled"))->required();
  motion_cmd->add_option("--responsible", m->responsible, _("Who carries it out (a person or unit)"))->required();
  motion_cmd->add_option("--deadline", m->deadline, _("By when"))->required();
  motion_cmd->add_option("--mover", m->mover, _("The member who moves it"));
  motion_cmd->add_option("--seconder", m->seconder, _("The member who seconds it"));
  motion_cmd->add_option("--authorises", m->authorises,
                         _("At the villagers' meeting: matter types the representatives' meeting may then decide "
                           "(repeat, or commas)"));
  motion_cmd->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      NewMotion nm{m->text,  m->responsible, date_option(ctx, m->deadline, "deadline"),
                   m->mover, m->seconder,    names(m->authorises)};
      SessionStore sessions(ctx.db(), ctx.clock);
      sessions.motion(m->session, m->proposal, nm);
      const std::string ref = sessions.get(m->session).ref; // S2026-001 however it was typed (1, s1)
      ctx.out << _f("Motion recorded at {}; it awaits the vote (yishi session vote {}).\n", ref, ref);
    });
  });

  auto* vote_cmd = group->add_subcommand("vote", _("Record the vote on the motion; quorum and majority by rule"));
  auto v = std::make_shared<VoteOptions>();
  vote_cmd->add_option("session", v->session, _("The session"))->required();
  vote_cmd->add_option("--proposal", v->proposal, _("The agenda item (needed when there are several)"));
  vote_cmd->add_option("--for", v->yes, _("Votes for (counted tally)"));
  vote_cmd->add_option("--against", v->no, _("Votes against (counted tally)"));
  vote_cmd->add_option("--abstain", v->abstain, _("Abstentions (counted tally)"));
  vote_cmd->add_option("--ballot", v->ballots, _("A named ballot NAME=for|against|abstain (repeat)"));
  vote_cmd->add_flag("--secret", v->secret,
                     _("Secret paper ballots: give --issued, --for, --against, --abstain, --blank, --spoiled"));
  vote_cmd->add_option("--issued", v->issued, _("Ballots handed out (secret ballot)"));
  vote_cmd->add_option("--blank", v->blank, _("Blank ballots (secret ballot)"));
  vote_cmd->add_option("--spoiled", v->spoiled, _("Spoiled ballots (secret ballot)"));
  vote_cmd->add_flag("--households", v->households, _("Tally the door-to-door visits (上门议事)"));
  vote_cmd->add_option("--override", v->override_result, _("Override the computed result: carried or defeated"));
  vote_cmd->add_option("--override-reason", v->override_reason,
                       _("Why the result is overridden (printed with the vote)"));
  vote_cmd->add_flag("--correct", v->correct,
                     _("Record again a vote recorded in error, while the session is open (更正; the first is kept)"));
  vote_cmd->add_option("--reason", v->reason, _("With --correct: what was wrong"));
  vote_cmd->footer(_("A motion carries when quorum is met and the votes for meet the council's majority rule;\n"
                     "by default more than 1/2 of those present (5 of 10 is not enough).\n"
                     "A vote recorded in error is recorded again with --correct --reason while the session is open; "
                     "once it is closed, the vote is held again at a new session."));
  vote_cmd->callback([&dispatch, v] {
    dispatch.confirm_before_commit();
    dispatch.select(Access::write, [v](Context& ctx) { vote(ctx, *v); });
  });

  auto* recuse_cmd =
      group->add_subcommand("recuse", _("A member leaves the roster for one item (conflict of interest)"));
  struct RecuseOptions {
    std::string session, proposal, member, reason;
  };
  auto rc = std::make_shared<RecuseOptions>();
  recuse_cmd->add_option("session", rc->session, _("The session"))->required();
  recuse_cmd->add_option("--proposal", rc->proposal, _("The agenda item (needed when there are several)"));
  recuse_cmd->add_option("--member", rc->member, _("The member who steps aside"))->required();
  recuse_cmd->add_option("--reason", rc->reason, _("The conflict of interest"))->required();
  recuse_cmd->callback([&dispatch, rc] {
    dispatch.select(Access::write, [rc](Context& ctx) {
      SessionStore(ctx.db(), ctx.clock).recuse(rc->session, rc->proposal, rc->member, rc->reason);
      ctx.out << _f("{} steps aside for this item at {}: {}\n", rc->member, rc->session, rc->reason);
    });
  });

  auto* visit_cmd = group->add_subcommand("visit", _("Log a household visit of a door-to-door session (上门议事)"));
  struct VisitOptions {
    std::string session, proposal, household, date, visitor, opinion, vote;
  };
  auto vi = std::make_shared<VisitOptions>();
  visit_cmd->add_option("session", vi->session, _("The session"))->required();
  visit_cmd->add_option("--proposal", vi->proposal, _("The agenda item (needed when there are several)"));
  visit_cmd->add_option("--household", vi->household, _("The household visited"))->required();
  visit_cmd->add_option("--visitor", vi->visitor, _("The council member who visited"))->required();
  visit_cmd->add_option("--date", vi->date, _("When (default today)"));
  visit_cmd->add_option("--opinion", vi->opinion, _("What the household said"));
  visit_cmd->add_option("--vote", vi->vote, _("The household's vote: for, against or abstain"));
  visit_cmd->callback([&dispatch, vi] {
    dispatch.select(Access::write, [vi](Context& ctx) {
      Visit logged{vi->household, vi->date.empty() ? ctx.clock.today() : date_option(ctx, vi->date, "date"),
                   vi->visitor, vi->opinion, std::nullopt};
      if (!vi->vote.empty()) {
        logged.choice = enum_option<Choice>(vi->vote, "choice");
      }
      SessionStore(ctx.db(), ctx.clock).visit(vi->session, vi->proposal, logged, vi->visitor);
      ctx.out << _f("Logged the visit to {} at {}.\n", vi->household, vi->session);
    });
  });

  // A session's document (the minutes, the voting record) as text, HTML or PDF.
  using Builder = SheetContent (*)(SQLite::Database&, const Clock&, std::string_view);
  auto add_document = [&](const char* name, const std::string& description, Builder build) {
    auto* cmd = group->add_subcommand(name, description);
    struct DocumentOptions {
      std::string session, format = "text", output;
    };
    auto o = std::make_shared<DocumentOptions>();
    cmd->add_option("session", o->session, _("The session"))->required();
    cmd->add_option("--format", o->format, _("text, html or pdf"))->check(CLI::IsMember({"text", "html", "pdf"}));
    cmd->add_option("--output,-o", o->output, _("Write to this file instead of the terminal"));
    cmd->callback([&dispatch, o, name, build] {
      dispatch.select(Access::read, [o, name, build](Context& ctx) {
        write_document(ctx, build(ctx.db(), ctx.clock, o->session), o->format, o->output, o->session + "-" + name);
      });
    });
  };
  add_document("minutes", _("The minutes (会议纪要): text, HTML or PDF; draft until closed"), minutes_of);
  add_document("record", _("The voting record (表决记录), with the 四议两公开 record book: text, HTML or PDF, to sign"),
               voting_record_of);

  auto* close_cmd = group->add_subcommand("close", _("Close the session; undecided items go back to 'accepted'"));
  auto close_ref = std::make_shared<std::string>();
  close_cmd->add_option("session", *close_ref, _("The session"))->required();
  close_cmd->callback([&dispatch, close_ref] {
    dispatch.confirm_before_commit();
    dispatch.select(Access::write, [close_ref](Context& ctx) {
      auto carried_over = SessionStore(ctx.db(), ctx.clock).close(*close_ref);
      ctx.out << _f("Closed session {}.\n", *close_ref);
      for (const auto& ref : carried_over) {
        ctx.out << _f("  {} was not decided and is 'accepted' again.\n", ref);
      }
    });
  });

  // Putting a plan right: a session that has not met is moved or called off, with the reason kept; what the
  // board showed of it is corrected in public.
  struct ChangeOptions {
    std::string session, at, reason;
  };
  auto* reschedule_cmd = group->add_subcommand(
      "reschedule", _("Move a session that has not met to another time (改期), with the reason"));
  auto rs = std::make_shared<ChangeOptions>();
  reschedule_cmd->add_option("session", rs->session, _("The session"))->required();
  reschedule_cmd->add_option("--at", rs->at, _("The new date and time, such as \"2026-03-25 19:30\""))->required();
  reschedule_cmd->add_option("--reason", rs->reason, _("Why it is moved (kept in the record)"))->required();
  reschedule_cmd->footer(_("Only before anything is recorded at it. A posted plan notice gets a correction notice "
                           "(更正公示) of the new time, drafted to post."));
  reschedule_cmd->callback([&dispatch, rs] {
    dispatch.select(Access::write, [rs](Context& ctx) {
      std::vector<Notice> corrections;
      const VillageInfo village = VillageStore(ctx.db()).info();
      SessionChange c = reschedule_session(ctx.db(), ctx.clock, rs->session,
                                           meeting_time_option(ctx, rs->at, "session time"), rs->reason,
                                           village_templates(village), corrections);
      ctx.out << _f("Session {} of {} moved from {} to {}.\n", c.session.ref, c.session.council.name,
                    format_minutes(c.old_starts_at), format_minutes(c.session.starts_at));
      for (const auto& ref : c.discarded_drafts) {
        ctx.out << _f("  draft notice {} is void.\n", ref);
      }
      print_corrections(ctx, corrections);
    });
  });

  auto* cancel_cmd =
      group->add_subcommand("cancel", _("Call off a session that has not met (取消), with the reason"));
  auto cs = std::make_shared<ChangeOptions>();
  cancel_cmd->add_option("session", cs->session, _("The session"))->required();
  cancel_cmd->add_option("--reason", cs->reason, _("Why it is called off (kept in the record)"))->required();
  cancel_cmd->footer(_("Only before anything is recorded at it. It is never counted as held; its agenda goes back to "
                       "where it was, its draft notices are voided, and a posted plan notice gets a correction "
                       "notice (更正公示) saying it is called off."));
  cancel_cmd->callback([&dispatch, cs] {
    dispatch.confirm_before_commit();
    dispatch.select(Access::write, [cs](Context& ctx) {
      std::vector<Notice> corrections;
      const VillageInfo village = VillageStore(ctx.db()).info();
      SessionChange c =
          cancel_session(ctx.db(), ctx.clock, cs->session, cs->reason, village_templates(village), corrections);
      ctx.out << _f("Session {} of {} ({}) is called off.\n", c.session.ref, c.session.council.name,
                    format_minutes(c.old_starts_at));
      for (const auto& ref : c.agenda_returned) {
        Proposal returned = ProposalStore(ctx.db(), ctx.clock).get(ref);
        ctx.out << _f("  {} is '{}' again.\n", returned.ref, label(returned.status));
      }
      for (const auto& ref : c.discarded_drafts) {
        ctx.out << _f("  draft notice {} is void.\n", ref);
      }
      print_corrections(ctx, corrections);
    });
  });
}

} // namespace yishi::cli
