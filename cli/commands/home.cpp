// Today's work first: `yishi` with no command (or `yishi home`) shows the village's state on one
// screen, each line with the command to run next; `yishi next PROPOSAL` gives one matter's next step.
#include "commands.hpp"

#include "core/records/implementation.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/render/table.hpp"

#include <algorithm>

namespace yishi::cli {
namespace {

// The council option a session for this matter names: the group's council, else the village's.
std::string council_for(const Proposal& p) {
  return p.tier == Tier::group && !p.group_name.empty() ? p.group_name : "village";
}

// The one next step for a matter, from its status and, where that is not enough, its sessions,
// notices and objections.
std::string next_step(Context& ctx, const Proposal& p) {
  // A correction drafted for the matter (a field corrected, a meeting moved or called off) goes up first: what
  // the board shows is wrong until it does.
  const auto drafts = NoticeStore(ctx.db(), ctx.clock).list(NoticeState::draft, p.ref);
  for (const auto& n : drafts) {
    if (n.stage == Stage::correction) {
      return _f("yishi notice post {} (the correction of {}: the board shows the old until then)", n.ref,
                n.supersedes);
    }
  }
  switch (p.status) {
  case Status::collected:
    return _f("yishi proposal accept {} (or decline {} --reason ...)", p.ref, p.ref);
  case Status::accepted:
    return _f("yishi session plan --council {} --at TIME --agenda {}", council_for(p), p.ref);
  case Status::escalated:
    return _f("yishi session plan --council village --at TIME --agenda {}", p.ref);
  case Status::scheduled: {
    auto sessions = SessionStore(ctx.db(), ctx.clock).sessions_of(p.id);
    if (sessions.empty()) {
      return _f("yishi proposal show {}", p.ref);
    }
    const Session& s = sessions.back();
    if (s.status == SessionStatus::planned && ctx.clock.now() < s.starts_at) {
      // Before the meeting, its plan goes up (议事方案公示).
      NoticeStore notices(ctx.db(), ctx.clock);
      auto plan_of_this_session = [&](const Notice& n) {
        const auto meeting = n.stage == Stage::plan ? notices.session_of(n) : std::nullopt;
        return meeting && meeting->ref == s.ref;
      };
      for (const auto& n : drafts) {
        if (plan_of_this_session(n)) {
          return _f("yishi notice post {} (the plan, before the meeting on {})", n.ref, format_iso(s.starts_at.date));
        }
      }
      const auto all = notices.list(std::nullopt, p.ref);
      const bool planned_notice =
          std::any_of(all.begin(), all.end(), [&](const Notice& n) { return n.posted_on && plan_of_this_session(n); });
      if (!planned_notice) {
        return _f("yishi notice draft --proposal {} --stage plan --session {} (before the meeting on {})", p.ref,
                  s.ref, format_iso(s.starts_at.date));
      }
    }
    if (s.status == SessionStatus::planned) {
      return _f("yishi session attend {} --all (the session is on {})", s.ref, format_iso(s.starts_at.date));
    }
    return _f("yishi session vote {} --proposal {} --for N", s.ref, p.ref);
  }
  case Status::ruled: {
    NoticeStore notices(ctx.db(), ctx.clock);
    for (const auto& o : notices.objections(p.id, true)) {
      return _f("yishi notice answer {} --upheld or --dismissed --reason ...", o.ref);
    }
    auto list = notices.list(std::nullopt, p.ref);
    auto result = std::find_if(list.rbegin(), list.rend(), [](const Notice& n) { return n.stage == Stage::result; });
    if (result == list.rend()) {
      return _f("yishi notice draft --proposal {} --stage result", p.ref);
    }
    if (!result->posted_on) {
      return _f("yishi notice post {}", result->ref);
    }
    return _f("yishi progress add {} --percent N --note ...", p.ref);
  }
  default:
    return _("nothing: the matter is closed");
  }
}

void home(Context& ctx) {
  VillageInfo village = VillageStore(ctx.db()).info();
  const Date today = ctx.clock.today();
  ctx.out << _f("{}, {}\n", village.name, format_iso(today));
  ProposalStore proposals(ctx.db(), ctx.clock);
  Table waiting({_("Waiting"), _("Matters"), _("First"), _("Next")});
  long open = 0;
  for (Status s : {Status::collected, Status::accepted, Status::scheduled, Status::escalated, Status::ruled}) {
    ProposalFilter filter;
    filter.status = s;
    auto list = proposals.list(filter);
    if (list.empty()) {
      continue;
    }
    open += static_cast<long>(list.size());
    waiting.add_row(
        {std::string(label(s)), std::to_string(list.size()), list.front().ref, next_step(ctx, list.front())});
  }
  if (open == 0) {
    ctx.out << _("\nNo matter is waiting. A new one: yishi proposal add --title ... --proposer ...\n");
  } else {
    ctx.out << '\n';
    waiting.render(ctx.out);
  }

  Table soon({_("What"), _("Ref"), _("Title"), _("Date"), _("Next")});
  soon.set_max_width(2, 24);
  long rows = 0;
  for (const auto& i : ImplementationStore(ctx.db(), ctx.clock).due(7)) {
    std::string what;
    std::string next;
    switch (i.kind) {
    case DueItem::Kind::session_coming:
      what = _("session");
      next = _f("yishi session attend {} --all", i.ref);
      break;
    case DueItem::Kind::notice_expiring:
      if (days_between(today, i.date) > 3) {
        continue; // notices: the ones coming down within 3 days
      }
      what = _("notice ends");
      next = _f("yishi notice show {}", i.ref);
      break;
    case DueItem::Kind::overdue_ruling:
      what = _("ruling overdue");
      next = _f("yishi progress add {} --percent N", i.ref);
      break;
    case DueItem::Kind::ruling_due:
      what = _("ruling due");
      next = _f("yishi progress add {} --percent N", i.ref);
      break;
    }
    soon.add_row({what, i.ref, i.title, format_iso(i.date), next});
    ++rows;
  }
  for (const auto& n : NoticeStore(ctx.db(), ctx.clock).list(NoticeState::draft)) {
    soon.add_row({n.stage == Stage::correction ? _("correction to post") : _("draft to post"), n.ref, n.title,
                  format_iso(n.drafted_on), _f("yishi notice print {0}; yishi notice post {0}", n.ref)});
    ++rows;
  }
  for (const auto& o : NoticeStore(ctx.db(), ctx.clock).objections(std::nullopt, true)) {
    soon.add_row({_("objection open"), o.ref, o.text, format_iso(o.made_on),
                  _f("yishi notice answer {} --upheld or --dismissed --reason ...", o.ref)});
    ++rows;
  }
  if (rows > 0) {
    ctx.out << _("\nSessions in the next 7 days, notices coming down within 3, drafts to post, objections open, "
                 "rulings due:\n");
    soon.render(ctx.out);
  }
  ctx.out << _("\nOne matter's next step: yishi next PROPOSAL. All commands: yishi --help\n");
}

} // namespace

void register_home(CLI::App& app, Dispatch& dispatch) {
  auto* home_cmd = app.add_subcommand("home", _("Today's work: matters waiting, what is due, the command to run next"));
  home_cmd->footer(_("yishi with no command shows the same."));
  home_cmd->callback([&dispatch] { dispatch.select(Access::read, [](Context& ctx) { home(ctx); }); });

  auto* next_cmd = app.add_subcommand("next", _("The next step for one matter, as a command to run"));
  auto ref = std::make_shared<std::string>();
  next_cmd->add_option("proposal", *ref, _("The proposal: 2026-001, or its number this year"))->required();
  next_cmd->callback([&dispatch, ref] {
    dispatch.select(Access::read, [ref](Context& ctx) {
      Proposal p = ProposalStore(ctx.db(), ctx.clock).get(*ref);
      ctx.out << _f("{} {} ({}): {}\n", p.ref, p.title, label(p.status), next_step(ctx, p));
    });
  });
}

void select_home(Dispatch& dispatch) {
  dispatch.select(Access::read, [](Context& ctx) { home(ctx); });
}

} // namespace yishi::cli
