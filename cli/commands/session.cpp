#include "commands.hpp"

#include "core/proposal_store.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/session_store.hpp"
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
  std::vector<std::string> agenda;
};

void plan(Context& ctx, const PlanOptions& o) {
  SessionPlan p{o.council, date_time_option(ctx, o.at, "session time"), enum_option<Mode>(o.mode, "mode"), o.venue,
                names(o.agenda)};
  Session s = SessionStore(ctx.db(), ctx.clock).plan(p);
  ctx.out << _f("Planned session {} of {}: {}, {}{}\n", s.ref, s.council.name, format_minutes(s.starts_at),
                label(s.mode), s.venue.empty() ? std::string() : _f(" at {}", s.venue));
  for (const auto& ref : p.agenda) {
    ctx.out << _f("  agenda: {}\n", ref);
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
  ctx.out << _f("  When:   {}\n  Mode:   {}{}\n", format_minutes(s.starts_at), label(s.mode),
                s.venue.empty() ? "" : ", " + s.venue);
  ctx.out << _f("  Rule:   quorum {}; decision {}\n", s.council.rule.quorum.describe(),
                s.council.rule.majority.describe());
  ctx.out << _f("  Attendance: {} of {} members present\n", r.present(), r.members());
  Table roster({_("Member"), _("Attendance")});
  for (const auto& a : r.roster) {
    roster.add_row({a.person.name, a.present ? (*a.present ? _("present") : _("absent")) : _("not recorded")});
  }
  roster.render(ctx.out);
  for (const auto& item : r.items) {
    ctx.out << _f("\nItem {}: {} {} ({})\n", item.position, item.proposal.ref, item.proposal.title,
                  label(item.proposal.status));
    for (const auto& rm : item.remarks) {
      ctx.out << _f("  {}{}: {}\n", rm.speaker, rm.on_record ? "" : _(" (guest)"), rm.text);
    }
    for (const auto& m : item.motions) {
      ctx.out << _f("  Motion{}: {}\n", m.mover.empty() ? std::string() : _f(" by {}", m.mover), m.text);
      ctx.out << _f("    responsible {}, deadline {}{}\n", m.responsible, format_iso(m.deadline),
                    m.seconder.empty() ? std::string() : _f(", seconded by {}", m.seconder));
      if (m.vote) {
        const auto& v = *m.vote;
        ctx.out << _f("    Vote ({}): {} for, {} against, {} abstaining; {} of {} present; {}\n", v.method, v.tally.yes,
                      v.tally.no, v.tally.abstain, v.present, v.members, label(v.result));
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
};

struct VoteOptions {
  std::string session, proposal;
  std::optional<long> yes, no, abstain;
  std::vector<std::string> ballots;
};

void vote(Context& ctx, const VoteOptions& o) {
  VoteInput in;
  if (o.yes || o.no || o.abstain) {
    in.counted = Tally{o.yes.value_or(0), o.no.value_or(0), o.abstain.value_or(0)};
  }
  for (const auto& b : names(o.ballots)) {
    auto eq = b.find('=');
    if (eq == std::string::npos) {
      throw UsageError(_f("ballot '{}' should be NAME=CHOICE", b), _("for example --ballot 张三=for"));
    }
    in.ballots.push_back(Ballot{trim(b.substr(0, eq)), enum_option<Choice>(trim(b.substr(eq + 1)), "ballot choice")});
  }
  auto r = SessionStore(ctx.db(), ctx.clock).vote(o.session, o.proposal, in);
  ctx.out << _f("Vote on {}: {} for, {} against, {} abstaining; {} of {} members present.\n", r.proposal.ref,
                r.record.tally.yes, r.record.tally.no, r.record.tally.abstain, r.record.present, r.record.members);
  ctx.out << _f("The motion is {}: {} for; {}.\n", label(r.record.result), r.record.tally.yes,
                describe_majority(r.rule, r.outcome));
  ctx.out << _f("Proposal {} is now '{}'.\n", r.proposal.ref, label(r.proposal.status));
  if (r.record.result == VoteResult::defeated) {
    ctx.out << _f("Next: yishi proposal return {} (another session), or yishi proposal decline {}\n", r.proposal.ref,
                  r.proposal.ref);
  }
}

} // namespace

void register_session(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "session", _("Council sessions: plan, attendance, remarks, motions, votes"));

  auto* plan_cmd = group->add_subcommand("plan", _("Plan a session of a council with its agenda"));
  auto p = std::make_shared<PlanOptions>();
  plan_cmd->add_option("--council", p->council, _("The council: its key, its name, a group's name, or village"))
      ->required();
  plan_cmd->add_option("--at", p->at, _("Date and time, such as \"2026-03-10 19:30\""))->required();
  plan_cmd->add_option("--mode", p->mode, _("offline, online or door-to-door (线下议事, 线上议事, 上门议事)"));
  plan_cmd->add_option("--venue", p->venue, _("The place, the online platform, or the households to visit"));
  plan_cmd->add_option("--agenda", p->agenda, _("Proposals to take up (repeat, or separate with commas)"))->required();
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
  };
  auto at = std::make_shared<AttendOptions>();
  attend_cmd->add_option("session", at->session, _("The session"))->required();
  attend_cmd->add_option("--present", at->present, _("Members present (repeat, or separate with commas)"));
  attend_cmd->add_option("--absent", at->absent, _("Members absent (repeat, or separate with commas)"));
  attend_cmd->add_flag("--all", at->all, _("Every other member not yet recorded is present"));
  attend_cmd->callback([&dispatch, at] {
    dispatch.select(Access::write, [at](Context& ctx) {
      auto r = SessionStore(ctx.db(), ctx.clock).attend(at->session, names(at->present), names(at->absent), at->all);
      ctx.out << _f("Session {}: {} of {} members present", r.session.ref, r.present(), r.members());
      Outcome q = decide(r.session.council.rule, r.members(), r.present(), Tally{});
      ctx.out << _f(" (quorum {}: {})\n", q.quorum_met ? _("met") : _("not met"),
                    describe_quorum(r.session.council.rule, q));
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
  motion_cmd->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      NewMotion nm{m->text, m->responsible, date_option(ctx, m->deadline, "deadline"), m->mover, m->seconder};
      SessionStore(ctx.db(), ctx.clock).motion(m->session, m->proposal, nm);
      ctx.out << _f("Motion recorded at {}; it awaits the vote (yishi session vote {}).\n", m->session, m->session);
    });
  });

  auto* vote_cmd = group->add_subcommand("vote", _("Record the vote on the motion; quorum and majority by rule"));
  auto v = std::make_shared<VoteOptions>();
  vote_cmd->add_option("session", v->session, _("The session"))->required();
  vote_cmd->add_option("--proposal", v->proposal, _("The agenda item (needed when there are several)"));
  vote_cmd->add_option("--for", v->yes, _("Votes for (counted tally)"))->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--against", v->no, _("Votes against (counted tally)"))->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--abstain", v->abstain, _("Abstentions (counted tally)"))->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--ballot", v->ballots, _("A named ballot NAME=for|against|abstain (repeat)"));
  vote_cmd->footer(_("A motion carries when quorum is met and the votes for meet the council's majority rule;\n"
                     "by default more than 1/2 of those present (5 of 10 is not enough)."));
  vote_cmd->callback([&dispatch, v] { dispatch.select(Access::write, [v](Context& ctx) { vote(ctx, *v); }); });

  auto* close_cmd = group->add_subcommand("close", _("Close the session; undecided items go back to 'accepted'"));
  auto close_ref = std::make_shared<std::string>();
  close_cmd->add_option("session", *close_ref, _("The session"))->required();
  close_cmd->callback([&dispatch, close_ref] {
    dispatch.select(Access::write, [close_ref](Context& ctx) {
      auto carried_over = SessionStore(ctx.db(), ctx.clock).close(*close_ref);
      ctx.out << _f("Closed session {}.\n", *close_ref);
      for (const auto& ref : carried_over) {
        ctx.out << _f("  {} was not decided and is 'accepted' again.\n", ref);
      }
    });
  });
}

} // namespace yishi::cli
