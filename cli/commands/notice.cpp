#include "commands.hpp"

#include "core/notice_store.hpp"
#include "core/render/json.hpp"
#include "core/render/table.hpp"
#include "core/resources.hpp"
#include "core/village_store.hpp"

#include <fstream>

namespace yishi::cli {
namespace {

FolderLoader shipped_templates() {
  return FolderLoader({resource_dir() / "templates"});
}

void print_notice_line(Context& ctx, const Notice& n) {
  ctx.out << _f("Notice {} ({}), {} stage of {}: {}\n", n.ref, n.serial, label(n.stage), n.proposal_ref, n.title);
}

void list(Context& ctx, const std::string& state, const std::string& proposal, bool json, bool wide) {
  std::optional<NoticeState> filter;
  if (!state.empty()) {
    filter = enum_option<NoticeState>(state, "state");
  }
  auto found = NoticeStore(ctx.db(), ctx.clock).list(filter, proposal);
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
    t.add_row({n.ref, n.serial, n.proposal_ref, std::string(label(n.stage)), std::string(label(n.state(today))),
               n.posted_on ? format_iso(*n.posted_on) : "-", n.ends_on ? format_iso(*n.ends_on) : "-", n.title});
  }
  t.render(ctx.out, wide);
}

} // namespace

void register_notice(CLI::App& app, Dispatch& dispatch) {
  auto* group = add_group(app, "notice", _("Notices (公示): draft, post, list, show and print"));

  auto* draft_cmd = group->add_subcommand("draft", _("Draft the notice of one stage of a proposal"));
  struct DraftOptions {
    std::string proposal, stage;
  };
  auto d = std::make_shared<DraftOptions>();
  draft_cmd->add_option("--proposal", d->proposal, _("The proposal"))->required();
  draft_cmd->add_option("--stage", d->stage, _("plan, process or result (议事方案, 议事过程, 处理结果)"))->required();
  draft_cmd->callback([&dispatch, d] {
    dispatch.select(Access::write, [d](Context& ctx) {
      Notice n = NoticeStore(ctx.db(), ctx.clock)
                     .draft(d->proposal, enum_option<Stage>(d->stage, "stage"), shipped_templates());
      print_notice_line(ctx, n);
      ctx.out << _f("Drafted. Check it with: yishi notice print {}; post it with: yishi notice post {}\n", n.ref,
                    n.ref);
    });
  });

  auto* post_cmd = group->add_subcommand("post", _("Post a drafted notice for its posting period"));
  struct PostOptions {
    std::string notice, on;
    std::optional<int> days;
  };
  auto p = std::make_shared<PostOptions>();
  post_cmd->add_option("notice", p->notice, _("The notice, such as N2026-001"))->required();
  post_cmd->add_option("--on", p->on, _("The posting date (default today)"));
  post_cmd->add_option("--days", p->days, _("The posting period in calendar days (default: the village's)"));
  post_cmd->callback([&dispatch, p] {
    dispatch.select(Access::write, [p](Context& ctx) {
      std::optional<Date> on;
      if (!p->on.empty()) {
        on = date_option(ctx, p->on, "posting date");
      }
      Notice n = NoticeStore(ctx.db(), ctx.clock).post(p->notice, on, p->days);
      print_notice_line(ctx, n);
      ctx.out << _f("Posted from {} to {} ({} days).\n", format_iso(*n.posted_on), format_iso(*n.ends_on), n.days);
    });
  });

  auto* list_cmd = group->add_subcommand("list", _("List notices: draft, posted or expired"));
  struct ListOptions {
    std::string state, proposal;
    bool json = false;
    bool wide = false;
  };
  auto l = std::make_shared<ListOptions>();
  list_cmd->add_option("--state", l->state, _("Only draft, posted or expired notices"));
  list_cmd->add_option("--proposal", l->proposal, _("Only the notices of this proposal"));
  add_json_flag(list_cmd, l->json);
  add_wide_flag(list_cmd, l->wide);
  list_cmd->callback([&dispatch, l] {
    dispatch.select(Access::read, [l](Context& ctx) { list(ctx, l->state, l->proposal, l->json, l->wide); });
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
        ctx.out << _f("  Posted:  {} to {} ({} days)\n", format_iso(*n.posted_on), format_iso(*n.ends_on), n.days);
      }
      ctx.out << "\n" << n.body << "\n";
    });
  });

  auto* print_cmd = group->add_subcommand("print", _("Print the notice sheet: plain text or an A4 HTML page"));
  struct PrintOptions {
    std::string notice, format = "text", output;
  };
  auto pr = std::make_shared<PrintOptions>();
  print_cmd->add_option("notice", pr->notice, _("The notice"))->required();
  print_cmd->add_option("--format", pr->format, _("text or html"))->check(CLI::IsMember({"text", "html"}));
  print_cmd->add_option("--output,-o", pr->output, _("Write to this file instead of the terminal"));
  print_cmd->callback([&dispatch, pr] {
    dispatch.select(Access::read, [pr](Context& ctx) {
      Notice n = NoticeStore(ctx.db(), ctx.clock).get(pr->notice);
      std::string sheet = render_sheet(n, VillageStore(ctx.db()).info(), shipped_templates(),
                                       pr->format == "html" ? SheetFormat::html : SheetFormat::text);
      if (pr->output.empty()) {
        ctx.out << sheet;
        return;
      }
      std::ofstream file(pr->output, std::ios::binary | std::ios::trunc);
      file << sheet;
      if (!file.flush()) {
        throw Error(_f("cannot write {}", pr->output));
      }
      ctx.out << _f("Wrote {}\n", pr->output);
    });
  });
}

} // namespace yishi::cli
