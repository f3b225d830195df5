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
  ctx.out << fmt::format("Planned session {} of {}: {}, {}{}\n", s.ref, s.council.name, format_minutes(s.starts_at),
                         code(s.mode), s.venue.empty() ? "" : " at " + s.venue);
  for (const auto& ref : p.agenda) {
    ctx.out << fmt::format("  agenda: {}\n", ref);
  }
}

void show(Context& ctx, const std::string& ref, bool json) {
  SessionRecord r = SessionStore(ctx.db(), ctx.clock).record(ref);
  if (json) {
    ctx.out << to_json(r).dump(2) << '\n';
    return;
  }
  const Session& s = r.session;
  ctx.out << fmt::format("Session {} of {} ({})\n", s.ref, s.council.name, code(s.status));
  ctx.out << fmt::format("  When:   {}\n  Mode:   {}{}\n", format_minutes(s.starts_at), code(s.mode),
                         s.venue.empty() ? "" : ", " + s.venue);
  ctx.out << fmt::format("  Rule:   quorum {}; decision {}\n", s.council.rule.quorum.describe(),
                         s.council.rule.majority.describe());
  ctx.out << fmt::format("  Attendance: {} of {} members present\n", r.present(), r.members());
  Table roster({"Member", "Attendance"});
  for (const auto& a : r.roster) {
    roster.add_row({a.person.name, a.present ? (*a.present ? "present" : "absent") : "not recorded"});
  }
  roster.render(ctx.out);
  for (const auto& item : r.items) {
    ctx.out << fmt::format("\nItem {}: {} {} ({})\n", item.position, item.proposal.ref, item.proposal.title,
                           code(item.proposal.status));
    for (const auto& rm : item.remarks) {
      ctx.out << fmt::format("  {}{}: {}\n", rm.speaker, rm.on_record ? "" : " (guest)", rm.text);
    }
    for (const auto& m : item.motions) {
      ctx.out << fmt::format("  Motion{}: {}\n", m.mover.empty() ? "" : " by " + m.mover, m.text);
      ctx.out << fmt::format("    responsible {}, deadline {}{}\n", m.responsible, format_iso(m.deadline),
                             m.seconder.empty() ? "" : ", seconded by " + m.seconder);
      if (m.vote) {
        const auto& v = *m.vote;
        ctx.out << fmt::format("    Vote ({}): {} for, {} against, {} abstaining; {} of {} present; {}\n", v.method,
                               v.tally.yes, v.tally.no, v.tally.abstain, v.present, v.members, code(v.result));
        for (const auto& b : v.ballots) {
          ctx.out << fmt::format("      {}: {}\n", b.person, code(b.choice));
        }
      } else {
        ctx.out << "    awaiting its vote\n";
      }
    }
  }
}

void list(Context& ctx, bool json) {
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
    ctx.out << "No sessions yet.\n";
    return;
  }
  Table t({"Session", "Council", "When", "Mode", "Venue", "Status"});
  t.set_max_width(4, 24);
  for (const auto& s : all) {
    t.add_row({s.ref, s.council.name, format_minutes(s.starts_at), std::string(code(s.mode)), s.venue,
               std::string(code(s.status))});
  }
  t.render(ctx.out);
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
      throw UsageError(fmt::format("ballot '{}' should be NAME=CHOICE", b), "for example --ballot 张三=for");
    }
    in.ballots.push_back(Ballot{trim(b.substr(0, eq)), enum_option<Choice>(trim(b.substr(eq + 1)), "ballot choice")});
  }
  auto r = SessionStore(ctx.db(), ctx.clock).vote(o.session, o.proposal, in);
  ctx.out << fmt::format("Vote on {}: {} for, {} against, {} abstaining; {} of {} members present.\n", r.proposal.ref,
                         r.record.tally.yes, r.record.tally.no, r.record.tally.abstain, r.record.present,
                         r.record.members);
  ctx.out << fmt::format("The motion is {}: {} for; {}.\n", code(r.record.result), r.record.tally.yes,
                         describe_majority(r.rule, r.outcome));
  ctx.out << fmt::format("Proposal {} is now '{}'.\n", r.proposal.ref, code(r.proposal.status));
  if (r.record.result == VoteResult::defeated) {
    ctx.out << fmt::format("Next: yishi proposal return {} (another session), or yishi proposal decline {}\n",
                           r.proposal.ref, r.proposal.ref);
  }
}

} // namespace

void register_session(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "session", "Council sessions: plan, attendance, remarks, motions, votes");

  auto* plan_cmd = group->add_subcommand("plan", "Plan a session of a council with its agenda");
  auto p = std::make_shared<PlanOptions>();
  plan_cmd->add_option("--council", p->council, "The council: its key, its name, a group's name, or village")
      ->required();
  plan_cmd->add_option("--at", p->at, "Date and time, such as \"2026-03-10 19:30\"")->required();
  plan_cmd->add_option("--mode", p->mode, "offline, online or door-to-door (线下议事, 线上议事, 上门议事)");
  plan_cmd->add_option("--venue", p->venue, "The place, the online platform, or the households to visit");
  plan_cmd->add_option("--agenda", p->agenda, "Proposals to take up (repeat, or separate with commas)")->required();
  plan_cmd->callback([&dispatch, p] { dispatch.select(Access::write, [p](Context& ctx) { plan(ctx, *p); }); });

  auto* list_cmd = group->add_subcommand("list", "List sessions");
  auto list_json = std::make_shared<bool>(false);
  add_json_flag(list_cmd, *list_json);
  list_cmd->callback(
      [&dispatch, list_json] { dispatch.select(Access::read, [list_json](Context& ctx) { list(ctx, *list_json); }); });

  auto* show_cmd = group->add_subcommand("show", "Show a session's full record");
  auto show_ref = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show_cmd->add_option("session", *show_ref, "The session, such as S2026-001")->required();
  add_json_flag(show_cmd, *show_json);
  show_cmd->callback([&dispatch, show_ref, show_json] {
    dispatch.select(Access::read, [show_ref, show_json](Context& ctx) { show(ctx, *show_ref, *show_json); });
  });

  auto* attend_cmd = group->add_subcommand("attend", "Record who is present and who is absent");
  struct AttendOptions {
    std::string session;
    std::vector<std::string> present, absent;
    bool all = false;
  };
  auto at = std::make_shared<AttendOptions>();
  attend_cmd->add_option("session", at->session, "The session")->required();
  attend_cmd->add_option("--present", at->present, "Members present (repeat, or separate with commas)");
  attend_cmd->add_option("--absent", at->absent, "Members absent (repeat, or separate with commas)");
  attend_cmd->add_flag("--all", at->all, "Every other member not yet recorded is present");
  attend_cmd->callback([&dispatch, at] {
    dispatch.select(Access::write, [at](Context& ctx) {
      auto r = SessionStore(ctx.db(), ctx.clock).attend(at->session, names(at->present), names(at->absent), at->all);
      ctx.out << fmt::format("Session {}: {} of {} members present", r.session.ref, r.present(), r.members());
      Outcome q = decide(r.session.council.rule, r.members(), r.present(), Tally{});
      ctx.out << fmt::format(" (quorum {}: {})\n", q.quorum_met ? "met" : "not met",
                             describe_quorum(r.session.council.rule, q));
    });
  });

  auto* note_cmd = group->add_subcommand("note", "Record a remark on an agenda item, with its speaker");
  struct NoteOptions {
    std::string session, proposal, speaker, text;
    bool guest = false;
  };
  auto n = std::make_shared<NoteOptions>();
  note_cmd->add_option("session", n->session, "The session")->required();
  note_cmd->add_option("--proposal", n->proposal, "The agenda item (needed when there are several)");
  note_cmd->add_option("--speaker", n->speaker, "Who spoke: a person on record")->required();
  note_cmd->add_flag("--guest", n->guest, "The speaker is a visitor not on record");
  note_cmd->add_option("--text", n->text, "What was said")->required();
  note_cmd->callback([&dispatch, n] {
    dispatch.select(Access::write, [n](Context& ctx) {
      SessionStore(ctx.db(), ctx.clock).note(n->session, n->proposal, n->speaker, n->guest, n->text);
      ctx.out << fmt::format("Noted {}'s remark at {}.\n", n->speaker, n->session);
    });
  });

  auto* motion_cmd = group->add_subcommand("motion", "Put the handling opinion (处理意见) to the vote");
  auto m = std::make_shared<MotionOptions>();
  motion_cmd->add_option("session", m->session, "The session")->required();
  motion_cmd->add_option("--proposal", m->proposal, "The agenda item (needed when there are several)");
  motion_cmd->add_option("--text", m->text, "The handling opinion, as it will be ruled")->required();
  motion_cmd->add_option("--responsible", m->responsible, "Who carries it out (a person or unit)")->required();
  motion_cmd->add_option("--deadline", m->deadline, "By when")->required();
  motion_cmd->add_option("--mover", m->mover, "The member who moves it");
  motion_cmd->add_option("--seconder", m->seconder, "The member who seconds it");
  motion_cmd->callback([&dispatch, m] {
    dispatch.select(Access::write, [m](Context& ctx) {
      NewMotion nm{m->text, m->responsible, date_option(ctx, m->deadline, "deadline"), m->mover, m->seconder};
      SessionStore(ctx.db(), ctx.clock).motion(m->session, m->proposal, nm);
      ctx.out << fmt::format("Motion recorded at {}; it awaits the vote (yishi session vote {}).\n", m->session,
                             m->session);
    });
  });

  auto* vote_cmd = group->add_subcommand("vote", "Record the vote on the motion; quorum and majority by rule");
  auto v = std::make_shared<VoteOptions>();
  vote_cmd->add_option("session", v->session, "The session")->required();
  vote_cmd->add_option("--proposal", v->proposal, "The agenda item (needed when there are several)");
  vote_cmd->add_option("--for", v->yes, "Votes for (counted tally)")->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--against", v->no, "Votes against (counted tally)")->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--abstain", v->abstain, "Abstentions (counted tally)")->check(CLI::NonNegativeNumber);
  vote_cmd->add_option("--ballot", v->ballots, "A named ballot NAME=for|against|abstain (repeat)");
  vote_cmd->footer("A motion carries when quorum is met and the votes for meet the council's majority rule;\n"
                   "by default more than 1/2 of those present (5 of 10 is not enough).");
  vote_cmd->callback([&dispatch, v] { dispatch.select(Access::write, [v](Context& ctx) { vote(ctx, *v); }); });

  auto* close_cmd = group->add_subcommand("close", "Close the session; undecided items go back to 'accepted'");
  auto close_ref = std::make_shared<std::string>();
  close_cmd->add_option("session", *close_ref, "The session")->required();
  close_cmd->callback([&dispatch, close_ref] {
    dispatch.select(Access::write, [close_ref](Context& ctx) {
      auto carried_over = SessionStore(ctx.db(), ctx.clock).close(*close_ref);
      ctx.out << fmt::format("Closed session {}.\n", *close_ref);
      for (const auto& ref : carried_over) {
        ctx.out << fmt::format("  {} was not decided and is 'accepted' again.\n", ref);
      }
    });
  });
}

} // namespace yishi::cli
