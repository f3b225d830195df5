#include "commands.hpp"

#include "core/actions/documents.hpp"
#include "core/documents/pdf.hpp"
#include "core/records/notices.hpp"
#include "core/records/village.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/resources.hpp"
#include "core/rules/calendar.hpp"
#include "core/storage/output.hpp"
#include "core/text.hpp"

namespace yishi::cli {
namespace {

void print_notice_line(Context& ctx, const Notice& n) {
  // A draft has no serial yet: it is given when the notice is posted.
  const std::string serial = n.posted_on ? n.serial : std::string(label(n.state(ctx.clock.today())));
  ctx.out << _f("Notice {} ({}), {} stage of {}: {}\n", n.ref, serial, label(n.stage), n.proposal_ref, n.title);
}

void list(Context& ctx, const std::string& state, const std::string& proposal, std::optional<int> due, bool json,
          bool wide) {
  std::optional<NoticeState> filter;
  if (!state.empty()) {
    filter = enum_option<NoticeState>(state, "state");
  }
  auto found = NoticeStore(ctx.db(), ctx.clock).list(filter, proposal, due);
  Date today = ctx.clock.today();
  if (json) {
    Json j = Json::array();
    for (const auto& n : found) {
      j.push_back(to_json(n, today));
    }
    ctx.out << j.dump(2) << '\n';
    return;
  }
  if (found.empty()) {
    ctx.out << _("No notices match.\n");
    return;
  }
  Table t({_("Notice"), _("Serial"), _("Proposal"), _("Stage"), _("State"), _("Posted"), _("Until"), _("Title")});
  t.set_max_width(7, 30);
  for (const auto& n : found) {
    t.add_row({n.ref, n.posted_on ? n.serial : "-", n.proposal_ref, std::string(label(n.stage)), std::string(label(n.state(today))),
               n.posted_on ? format_iso(*n.posted_on) : "-", n.ends_on ? format_iso(*n.ends_on) : "-", n.title});
  }
  t.render(ctx.out, wide);
}

void print_objection(Context& ctx, const Objection& o) {
  ctx.out << _f("Objection {} to {} ({}) by {} on {}: {}\n", o.ref, o.notice_ref, o.proposal_ref, o.objector,
                format_iso(o.made_on), o.text);
  if (o.upheld) {
    ctx.out << _f("  Answered on {}: {}{}\n", format_iso(*o.answered_on), *o.upheld ? _("upheld") : _("dismissed"),
                  o.answer_reason.empty() ? std::string() : _f(" ({})", o.answer_reason));
  } else {
    ctx.out << _("  Open: until it is answered, a ruling on the matter does not take effect.\n");
  }
}

std::vector<Place> places_of(const std::vector<std::string>& texts) {
  std::vector<Place> out;
  for (const auto& t : texts) {
    for (const auto& p : split_list(t)) {
      out.push_back(enum_option<Place>(p, "place"));
    }
  }
  return out;
}

} // namespace

void register_notice(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "notice", _("Notices (公示): draft, post, list, show and print"));

  auto* draft_cmd = group->add_subcommand("draft", _("Draft the notice of one stage of a proposal"));
  struct DraftOptions {
    std::string proposal, stage, text, session;
  };
  auto d = std::make_shared<DraftOptions>();
  draft_cmd->add_option("--proposal", d->proposal, _("The proposal"))->required();
  draft_cmd->add_option("--stage", d->stage, _("The stage: ") + allowed_values<Stage>())->required();
  draft_cmd->add_option("--text", d->text, _("For the implementation stage: how the ruling was carried out"));
  draft_cmd->add_option("--session", d->session,
                        _("For the plan and process stages: the session (default: the matter's latest)"));
  draft_cmd->callback([&dispatch, d] {
    dispatch.select(Access::write, [d](Context& ctx) {
      VillageInfo village = VillageStore(ctx.db()).info();
      Notice n = draft_notice(ctx.db(), ctx.clock, d->proposal, enum_option<Stage>(d->stage, "stage"),
                              village_templates(village), d->text, d->session);
      print_notice_line(ctx, n);
      ctx.out << _f("Drafted. Check it with: yishi notice print {}; post it with: yishi notice post {}\n", n.ref,
                    n.ref);
    });
  });

  auto* correct_cmd =
      group->add_subcommand("correct", _("Draft a correction (更正公示) that supersedes a posted notice"));
  struct CorrectOptions {
    std::string notice, reason, text;
  };
  auto c = std::make_shared<CorrectOptions>();
  correct_cmd->add_option("notice", c->notice, _("The posted notice to correct"))->required();
  correct_cmd->add_option("--reason", c->reason, _("What was wrong"))->required();
  correct_cmd->add_option("--text", c->text, _("The corrected content"))->required();
  correct_cmd->callback([&dispatch, c] {
    dispatch.select(Access::write, [c](Context& ctx) {
      VillageInfo village = VillageStore(ctx.db()).info();
      Notice n = correct_notice(ctx.db(), ctx.clock, c->notice, c->reason, c->text, village_templates(village));
      print_notice_line(ctx, n);
      ctx.out << _f("It supersedes {} once posted: yishi notice post {}\n", n.supersedes, n.ref);
    });
  });

  auto* post_cmd = group->add_subcommand("post", _("Post a drafted notice for its posting period"));
  struct PostOptions {
    std::string notice, on, by;
    std::optional<int> days;
    bool working = false;
    std::vector<std::string> places;
  };
  auto p = std::make_shared<PostOptions>();
  post_cmd->add_option("notice", p->notice, _("The notice, such as N2026-001"))->required();
  post_cmd->add_option("--on", p->on, _("The posting date (default today)"));
  post_cmd->add_option("--days", p->days, _("The posting period in days (default: the village's)"));
  post_cmd->add_flag("--working-days", p->working, _("Count working days: weekends and public holidays do not count"));
  post_cmd->add_option("--place", p->places, _("Where it is posted (repeat): ") + allowed_values<Place>());
  post_cmd->add_option("--by", p->by, _("Who posted it"));
  post_cmd->callback([&dispatch, p] {
    dispatch.confirm_before_commit();
    dispatch.select(Access::write, [p](Context& ctx) {
      PostInput in;
      if (!p->on.empty()) {
        in.on = date_option(ctx, p->on, "posting date");
      }
      in.days = p->days;
      in.places = places_of(p->places);
      in.posted_by = p->by;
      HolidayCalendar calendar;
      if (p->working) {
        int year = static_cast<int>(in.on.value_or(ctx.clock.today()).year());
        calendar = HolidayCalendar::load(resource_dir() / "data" / "holidays", year, year + 1);
        in.working_days = &calendar;
      }
      Notice n = NoticeStore(ctx.db(), ctx.clock).post(p->notice, in);
      if (n.working_days) {
        for (int y = static_cast<int>(n.posted_on->year()); y <= static_cast<int>(n.ends_on->year()); ++y) {
          if (calendar.provisional(y)) {
            ctx.err << warning_prefix() << _f("the {} holiday calendar is provisional (no make-up days)", y) << '\n';
          }
        }
      }
      // A plan goes up early enough for villagers to come: at least a working day before its meeting.
      if (n.stage == Stage::plan) {
        if (auto meeting = NoticeStore(ctx.db(), ctx.clock).session_of(n)) {
          const int y = static_cast<int>(meeting->starts_at.date.year());
          const HolidayCalendar days = HolidayCalendar::load(resource_dir() / "data" / "holidays", y, y);
          if (*n.posted_on > days.working_day_before(meeting->starts_at.date)) {
            ctx.err << warning_prefix()
                    << _f("notice {} goes up on {}, less than a working day before session {} meets ({}): villagers "
                          "may not learn of it in time",
                          n.ref, format_iso(*n.posted_on), meeting->ref, format_minutes(meeting->starts_at))
                    << '\n';
          }
        }
      }
      print_notice_line(ctx, n);
      ctx.out << (n.working_days ? _f("Posted from {} to {} ({} working days).\n", format_iso(*n.posted_on),
                                      format_iso(*n.ends_on), n.days)
                                 : _f("Posted from {} to {} ({} days).\n", format_iso(*n.posted_on),
                                      format_iso(*n.ends_on), n.days));
    });
  });

  auto* discard_cmd =
      group->add_subcommand("discard", _("Void a draft notice that will not be posted (作废), with the reason"));
  struct DiscardOptions {
    std::string notice, reason;
  };
  auto dc = std::make_shared<DiscardOptions>();
  discard_cmd->add_option("notice", dc->notice, _("The draft notice, such as N2026-006"))->required();
  discard_cmd->add_option("--reason", dc->reason, _("Why it is not posted (kept in the record)"))->required();
  discard_cmd->footer(_("The draft keeps its record. Serials (文号) are given when a notice is posted, so the posted "
                        "series has no gap. A posted notice is corrected instead: yishi notice correct."));
  discard_cmd->callback([&dispatch, dc] {
    dispatch.select(Access::write, [dc](Context& ctx) {
      Notice n = NoticeStore(ctx.db(), ctx.clock).discard(dc->notice, dc->reason);
      ctx.out << _f("Notice {} ({} stage of {}) is void: {}\n", n.ref, label(n.stage), n.proposal_ref,
                    n.discard_reason);
    });
  });

  auto* list_cmd = group->add_subcommand("list", _("List notices: draft, posted, expired or superseded"));
  struct ListOptions {
    std::string state, proposal;
    std::optional<int> due;
    bool json = false;
    bool wide = false;
  };
  auto l = std::make_shared<ListOptions>();
  list_cmd->add_option("--state", l->state, _("Only notices in this state"));
  list_cmd->add_option("--proposal", l->proposal, _("Only the notices of this proposal"));
  list_cmd->add_option("--due", l->due, _("Only posted notices that end within N days"));
  add_json_flag(list_cmd, l->json);
  add_wide_flag(list_cmd, l->wide);
  list_cmd->callback([&dispatch, l] {
    dispatch.select(Access::read, [l](Context& ctx) { list(ctx, l->state, l->proposal, l->due, l->json, l->wide); });
  });

  auto* show_cmd = group->add_subcommand("show", _("Show a notice's record"));
  struct ShowOptions {
    std::string notice;
    bool json = false;
  };
  auto s = std::make_shared<ShowOptions>();
  show_cmd->add_option("notice", s->notice, _("The notice: N2026-001, or its serial 老寨村议公〔2026〕1号"))
      ->required();
  add_json_flag(show_cmd, s->json);
  show_cmd->callback([&dispatch, s] {
    dispatch.select(Access::read, [s](Context& ctx) {
      Notice n = NoticeStore(ctx.db(), ctx.clock).get(s->notice);
      Date today = ctx.clock.today();
      if (s->json) {
        ctx.out << to_json(n, today).dump(2) << '\n';
        return;
      }
      print_notice_line(ctx, n);
      ctx.out << _f("  State:   {}\n  Drafted: {}\n", label(n.state(today)), format_iso(n.drafted_on));
      if (n.posted_on) {
        ctx.out << _f("  Posted:  {} to {} ({} {})\n", format_iso(*n.posted_on), format_iso(*n.ends_on), n.days,
                      n.working_days ? _("working days") : _("days"));
        std::vector<std::string> places;
        for (auto pl : n.places) {
          places.emplace_back(label(pl));
        }
        ctx.out << _f("  Where:   {}{}\n", join(places, _(", ")),
                      n.posted_by.empty() ? std::string() : _f("; posted by {}", n.posted_by));
      }
      if (!n.supersedes.empty()) {
        ctx.out << _f("  Corrects: {}\n", n.supersedes);
      }
      if (!n.superseded_by.empty()) {
        ctx.out << _f("  Corrected by: {}\n", n.superseded_by);
      }
      ctx.out << "\n" << n.body << "\n";
    });
  });

  auto* object_cmd = group->add_subcommand("object", _("Record a villager's objection (异议) to a posted notice"));
  struct ObjectOptions {
    std::string notice, by, phone, text, on;
  };
  auto o = std::make_shared<ObjectOptions>();
  object_cmd->add_option("notice", o->notice, _("The posted notice"))->required();
  object_cmd->add_option("--by", o->by, _("Who objects"))->required();
  object_cmd->add_option("--phone", o->phone, _("Their phone (private)"));
  object_cmd->add_option("--text", o->text, _("The objection"))->required();
  object_cmd->add_option("--on", o->on, _("When (default today)"));
  object_cmd->footer(_("Only accepted while the notice is up. An open objection keeps the ruling from taking effect."));
  object_cmd->callback([&dispatch, o] {
    dispatch.select(Access::write, [o](Context& ctx) {
      std::optional<Date> on;
      if (!o->on.empty()) {
        on = date_option(ctx, o->on, "date");
      }
      print_objection(ctx, NoticeStore(ctx.db(), ctx.clock).object(o->notice, o->by, o->phone, o->text, on));
    });
  });

  auto* answer_cmd = group->add_subcommand("answer", _("Answer an objection: upheld (deliberate again) or dismissed"));
  struct AnswerOptions {
    std::string objection, reason;
    bool upheld = false, dismissed = false;
  };
  auto an = std::make_shared<AnswerOptions>();
  answer_cmd->add_option("objection", an->objection, _("The objection, such as O2026-001"))->required();
  answer_cmd->add_flag("--upheld", an->upheld, _("The objection stands: the matter goes back to deliberation"));
  answer_cmd->add_flag("--dismissed", an->dismissed, _("The objection does not stand (give --reason)"));
  answer_cmd->add_option("--reason", an->reason, _("Why"));
  answer_cmd->footer(_("Post the answers with: yishi notice draft --proposal REF --stage objection-answer"));
  answer_cmd->callback([&dispatch, an] {
    dispatch.select(Access::write, [an](Context& ctx) {
      if (an->upheld == an->dismissed) {
        throw UsageError(_("give one of --upheld or --dismissed"));
      }
      NoticeStore notices(ctx.db(), ctx.clock);
      Objection answered = notices.answer(an->objection, an->upheld, an->reason);
      print_objection(ctx, answered);
      for (const auto& n : notices.list(NoticeState::set_aside, answered.proposal_ref)) {
        if (n.set_aside_on == answered.answered_on) {
          ctx.out << _f("  The ruling is set aside, and with it notice {} ({}): post its correction or withdrawal "
                        "with: yishi notice correct {} --reason ... --text ...\n",
                        n.ref, n.serial, n.ref);
        }
      }
    });
  });

  auto* objections_cmd = group->add_subcommand("objections", _("List objections"));
  auto open_only = std::make_shared<bool>(false);
  objections_cmd->add_flag("--open", *open_only, _("Only those not yet answered"));
  objections_cmd->callback([&dispatch, open_only] {
    dispatch.select(Access::read, [open_only](Context& ctx) {
      auto all = NoticeStore(ctx.db(), ctx.clock).objections(std::nullopt, *open_only);
      if (all.empty()) {
        ctx.out << _("No objections.\n");
      }
      for (const auto& ob : all) {
        print_objection(ctx, ob);
      }
    });
  });

  auto* print_cmd = group->add_subcommand("print", _("Print notice sheets: plain text, an A4 HTML page, or a PDF"));
  struct PrintOptions {
    std::string notice, format = "text", output, paper = "a4", posted_on;
    bool pdf = false;
  };
  auto pr = std::make_shared<PrintOptions>();
  print_cmd->add_option("notice", pr->notice, _("The notice"));
  print_cmd->add_option("--format", pr->format, _("text, html or pdf"))->check(CLI::IsMember({"text", "html", "pdf"}));
  print_cmd->add_flag("--pdf", pr->pdf, _("Write a PDF (the same as --format pdf)"));
  print_cmd->add_option("--paper", pr->paper, _("a4 (default) or a3 for the large board"));
  print_cmd->add_option("--posted-on", pr->posted_on, _("Every sheet posted that day, in one PDF"));
  print_cmd->add_option("--output,-o", pr->output, _("Write to this file instead of the terminal"));
  print_cmd->callback([&dispatch, pr] {
    dispatch.select(Access::read, [pr](Context& ctx) {
      NoticeStore store(ctx.db(), ctx.clock);
      VillageInfo village = VillageStore(ctx.db()).info();
      std::string format = pr->pdf ? "pdf" : pr->format;
      if (pr->notice.empty() == pr->posted_on.empty()) {
        throw UsageError(_("name a notice, or give --posted-on DATE"));
      }
      std::vector<Notice> notices;
      if (!pr->posted_on.empty()) {
        Date day = date_option(ctx, pr->posted_on, "posting date");
        notices = store.posted_on(day);
        if (notices.empty()) {
          throw NotFound(_f("no notice was posted on {}", format_iso(day)));
        }
        format = "pdf";
      } else {
        notices.push_back(store.get(pr->notice));
      }
      if (format == "pdf") {
        std::string file = pr->output.empty()
                               ? (pr->notice.empty() ? "notices-" + pr->posted_on : notices.front().ref) + ".pdf"
                               : pr->output;
        std::vector<SheetContent> sheets;
        for (const auto& n : notices) {
          sheets.push_back(sheet_content(n, village));
        }
        const Paper paper = enum_option<Paper>(pr->paper, "paper");
        write_pdf_file(ctx, file, sheets, paper);
        ctx.out << _f("Wrote {} ({} sheet(s))\n", file, sheets.size());
        return;
      }
      std::string sheet = render_sheet(notices.front(), village, village_templates(village),
                                       format == "html" ? SheetFormat::html : SheetFormat::text);
      if (pr->output.empty()) {
        ctx.out << sheet;
        return;
      }
      storage::write_file(pr->output, storage::Privacy::shared, [&](std::ostream& out) { out << sheet; });
      ctx.out << _f("Wrote {}\n", pr->output);
    });
  });
}

} // namespace yishi::cli
