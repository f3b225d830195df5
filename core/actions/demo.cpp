#include "demo.hpp"

#include "core/actions/documents.hpp"
#include "core/config.hpp"
#include "core/documents/pdf.hpp"
#include "core/error.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/resources.hpp"
#include "core/storage/database.hpp"
#include "core/storage/unit_of_work.hpp"
#include "core/storage/output.hpp"
#include "core/text.hpp"

#include <fmt/format.h>
#include <functional>

namespace yishi {
namespace {

// The demo's own clock, moved forward as the story goes.
class StoryClock final : public Clock {
public:
  explicit StoryClock(DateTime at) : m_at(at) {}
  DateTime now() const override { return m_at; }
  void set(Date day, int hour, int minute) { m_at = DateTime{day, hour, minute, 0}; }

private:
  DateTime m_at;
};

// One step of the story: one transaction, as one command would be.
void step(SQLite::Database& db, const Clock& clock, std::ostream& out, std::string_view what, std::string_view command,
          const std::function<std::string()>& body) {
  storage::Write work(db, {"村文书", "", format_iso(clock.now())});
  std::string result = body();
  work.commit();
  out << fmt::format("\n== {}\n   $ {}\n   {}\n", what, command, result);
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  storage::write_file(path, storage::Privacy::shared, [&](std::ostream& file) { file << text; });
}

} // namespace

void run_demo(const std::filesystem::path& dir, const Clock& clock, std::ostream& out) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  fs::path db_path = dir / "yishi.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::remove(db_path.string() + suffix);
  }
  const fs::path home = resource_dir();
  const fs::path config_path = home / "data" / "laozhai" / "village.toml";
  FolderLoader templates({home / "templates"});

  Date today = clock.today();
  // The seed's road through both tiers: its budget is beyond the group's, so the group council's vote
  // is its recommendation, and the village council rules on it in its own session.
  Date d0 = add_days(today, -24); // the villager raises the matter
  Date d1 = add_days(d0, 2);      // topic set, the group's session planned, its plan notice posted
  Date d2 = add_days(d1, 8);      // the group council meets, after the plan's posting period
  Date d3 = add_days(d2, 1);      // its process notice posted; the village council's session planned and posted
  Date d4 = add_days(d3, 8);      // the village council meets and rules; its process and the result posted
  StoryClock story(DateTime{d0, 9, 0, 0});

  out << _f("Yishi demo: the Xinyi group's road, from a villager's complaint to the notice board.\n"
            "Database: {}\nSample village: {}\n",
            db_path.string(), config_path.string());

  VillageConfig config = load_village_config(config_path);
  SQLite::Database db = storage::create_new(db_path);
  step(db, story, out, _("Set up the village from its configuration"), "yishi init --config " + config_path.string(),
       [&] {
         VillageStore(db).create(config);
         return _f("{}: {} groups, {} people, {} councils", config.village.name, config.groups.size(),
                   config.people.size(), config.councils.size());
       });

  ProposalStore proposals(db, story);
  SessionStore sessions(db, story);
  NoticeStore notices(db, story);
  VillageStore village(db);
  const Council council = village.council("xinyi");
  const std::string proposer = "薛连生";

  std::string ref;
  step(db, story, out, _("A villager raises the matter during a door-to-door visit (收集)"),
       fmt::format("yishi proposal add --title 新义组进村道路硬化拓宽 --group 新义组 --channel 上门走访 "
                   "--proposer {} --proposer-phone 13800000047 --budget 180000",
                   proposer),
       [&] {
         NewProposal np;
         np.title = "新义组进村道路硬化拓宽";
         np.description = "新义组出村道路破损严重，坑洼不平，雨天泥泞，群众出行困难。建议对900米进村路实施路面硬化、"
                          "拓宽，并清理路边杂草。";
         np.group = "新义组";
         np.channel = Channel::door_to_door;
         np.proposer = proposer;
         np.proposer_phone = "13800000047";
         np.budget = 180000;
         Proposal p = proposals.add(np);
         ref = p.ref;
         return _f("proposal {} is '{}'", p.ref, label(p.status));
       });

  story.set(d1, 9, 0);
  step(db, story, out, _("The group council sets the topic (议题确定)"), "yishi proposal accept " + ref, [&] {
    Proposal p = proposals.apply(proposals.get(ref), Action::accept, "议题确定");
    return _f("proposal {} is '{}'", p.ref, label(p.status));
  });

  std::string session;
  step(db, story, out, _("Plan a session of the Xinyi group council at the group's meeting point"),
       fmt::format("yishi session plan --council xinyi --at \"{} 19:30\" --mode offline "
                   "--venue 新义组议事点（党建小院） --agenda {}",
                   format_iso(d2), ref),
       [&] {
         SessionPlan plan{"xinyi", DateTime{d2, 19, 30, 0}, Mode::offline, "新义组议事点（党建小院）", {ref}, {}, {},
                          false};
         Session s = sessions.plan(plan);
         session = s.ref;
         return _f("session {} of {}, {} members", s.ref, s.council.name, s.council.members.size());
       });

  std::vector<Notice> posted;
  auto draft_and_post = [&](Stage stage, Date on, const std::string& of_session) {
    std::string nref;
    step(db, story, out, _f("Draft the {} notice ({})", label(stage), zh(stage)),
         of_session.empty()
             ? fmt::format("yishi notice draft --proposal {} --stage {}", ref, code(stage))
             : fmt::format("yishi notice draft --proposal {} --stage {} --session {}", ref, code(stage), of_session),
         [&] {
           Notice n = draft_notice(db, story, ref, stage, templates, {}, of_session);
           nref = n.ref;
           return _f("notice {} (draft, its serial given when posted): {}", n.ref, n.title);
         });
    step(db, story, out, _("Post it on the village board for the posting period"),
         fmt::format("yishi notice post {} --on {} --place village-board --place group-boards --by 村文书", nref,
                     format_iso(on)),
         [&] {
           PostInput post;
           post.on = on;
           post.places = {Place::village_board, Place::group_boards};
           post.posted_by = "村文书";
           Notice n = notices.post(nref, post);
           posted.push_back(n);
           return _f("posted {} to {} ({} days)", format_iso(*n.posted_on), format_iso(*n.ends_on), n.days);
         });
  };
  draft_and_post(Stage::plan, d1, session);

  story.set(d2, 19, 30);
  step(db, story, out, _("Record attendance: every member is present"),
       fmt::format("yishi session attend {} --all", session), [&] {
         SessionRecord r = sessions.attend(session, {}, {}, true);
         return _f("{} of {} members present", r.present(), r.members());
       });

  const std::vector<std::pair<std::string, std::string>> remarks = {
      {council.convener_name, "会前组织骨干成员现场察看：道路全长约900米，路面坑洼，最窄处不足3.5米，两侧杂草丛生。"},
      {council.members[1].name, "建议拓宽至4.5米，并在中段设置错车点，同时清理路边杂草。"},
      {council.members[2].name, "所需资金可由组集体收入承担一部分，其余申请美丽乡村项目资金。"},
  };
  for (const auto& remark : remarks) {
    const std::string& speaker = remark.first; // named, not bound: a lambda below captures them
    const std::string& text = remark.second;
    story.set(d2, 19, 45);
    step(db, story, out, _f("Note a remark by {}", speaker),
         fmt::format("yishi session note {} --speaker {} --text \"{}\"", session, speaker, text), [&] {
           sessions.note(session, ref, speaker, false, text);
           return std::string(_("recorded"));
         });
  }

  story.set(d2, 20, 30);
  const std::string motion_text = "对新义组900米进村道路实施路面硬化，路面由3.5米拓宽至4.5米，中段设置错车点，"
                                  "并清理道路两侧杂草；资金由组集体收入和上级项目资金解决。";
  const Date deadline = add_days(d2, 90);
  step(db, story, out, _("Put the handling opinion (初步处理意见) to the council"),
       fmt::format("yishi session motion {} --text \"...\" --responsible {} --deadline {} --mover {} --seconder {}",
                   session, council.convener_name, format_iso(deadline), council.convener_name,
                   council.members[3].name),
       [&] {
         NewMotion m{motion_text, council.convener_name, deadline, council.convener_name, council.members[3].name, {}};
         sessions.motion(session, ref, m);
         return std::string(_("motion recorded"));
       });

  step(db, story, out, _("Vote by show of hands: beyond the group's budget, the vote is its recommendation (上报)"),
       fmt::format("yishi session vote {} --for 6 --against 1 --abstain 0", session), [&] {
         auto v = sessions.vote(session, ref, counted(Tally{6, 1, 0}));
         return _f("{}: {} for, {} against, {} abstaining of {} present (rule: {}); proposal is '{}'",
                   label(v.record.result), v.record.tally.yes, v.record.tally.no, v.record.tally.abstain,
                   v.record.present, v.rule.majority.describe(), label(v.proposal.status));
       });

  step(db, story, out, _("Close the session"), "yishi session close " + session, [&] {
    sessions.close(session);
    return _f("session {} closed", session);
  });

  story.set(d3, 9, 0);
  draft_and_post(Stage::process, d3, session);

  step(db, story, out, _("Plan the village council's session to review the group's recommendation (审核把关)"),
       fmt::format("yishi session plan --council village --at \"{} 19:30\" --mode offline --venue 村党群服务中心 "
                   "--agenda {}",
                   format_iso(d4), ref),
       [&] {
         SessionPlan plan{"village", DateTime{d4, 19, 30, 0}, Mode::offline, "村党群服务中心", {ref}, {}, {}, false};
         Session s = sessions.plan(plan);
         session = s.ref;
         return _f("session {} of {}, {} members", s.ref, s.council.name, s.council.members.size());
       });
  draft_and_post(Stage::plan, d3, session);

  story.set(d4, 19, 30);
  const Council village_council = village.village_council();
  std::vector<std::string> away;
  for (size_t i = 3; i < 7; ++i) {
    away.push_back(village_council.members[i].name);
  }
  step(db, story, out, _("Record attendance of the village council: four members are away"),
       fmt::format("yishi session attend {} --absent {} --all", session, join(away, ",")), [&] {
         SessionRecord r = sessions.attend(session, {}, away, true);
         return _f("{} of {} members present", r.present(), r.members());
       });
  story.set(d4, 20, 0);
  step(db, story, out, _("The village council votes on the group's recommendation: carried, it is the ruling"),
       fmt::format("yishi proposal review {} --approve --session {} --for 10 --against 0 --abstain 1", ref, session),
       [&] {
         auto v = sessions.approve(session, ref, counted(Tally{10, 0, 1}), ReviewInput{});
         return _f("{}: {} for, {} against, {} abstaining of {} present; proposal is '{}'", label(v.record.result),
                   v.record.tally.yes, v.record.tally.no, v.record.tally.abstain, v.record.present,
                   label(v.proposal.status));
       });
  step(db, story, out, _("Close the session"), "yishi session close " + session, [&] {
    sessions.close(session);
    return _f("session {} closed", session);
  });
  story.set(d4, 21, 0);
  draft_and_post(Stage::process, d4, session);
  draft_and_post(Stage::result, d4, "");

  const VillageInfo info = village.info();
  out << _("\n== Print the notice sheets for the board\n");
  for (const auto& n : posted) {
    for (auto [format, ext] : {std::pair{SheetFormat::text, "txt"}, std::pair{SheetFormat::html, "html"}}) {
      fs::path file = dir / fmt::format("{}-{}.{}", n.ref, code(n.stage), ext);
      write_text(file, render_sheet(n, info, templates, format));
      out << fmt::format("   {}\n", file.string());
    }
    fs::path pdf = dir / fmt::format("{}-{}.pdf", n.ref, code(n.stage));
    storage::write_file(pdf, storage::Privacy::shared,
                        [&](std::ostream& file) { (void)write_pdf(file, {sheet_content(n, info)}, Paper::a4); });
    out << fmt::format("   {}\n", pdf.string());
  }
  out << _f("\nDone. Look around with: yishi --db {} proposal show {}\n", db_path.string(), ref);
}

} // namespace yishi
