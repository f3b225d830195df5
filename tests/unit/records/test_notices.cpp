// NoticeStore on an in-memory database: drafting through the templates, serials, masking, posting, the sheet.
#include "core/actions/documents.hpp"
#include "core/error.hpp"
#include "tests/support/fixture.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace yishi::tests;
using namespace std::chrono;

TEST_CASE("core::records::notices::stages_serials_masking_and_posting") {
  Fixture f;
  NewProposal np;
  np.title = "修路";
  np.group = "一组";
  np.channel = Channel::phone;
  np.proposer = "丁";
  np.proposer_phone = "13812345678";
  np.description = "身份证610114199001011234";
  Proposal p = f.proposals.add(np);
  f.refused<RuleViolation>([&] { draft_notice(f.db, f.clock, p.ref, Stage::plan, f.templates); }); // no session yet
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref, "yi", DateTime{Date{year{2026}, month{3}, day{9}}, 19, 30, 0}); // to come
  Notice plan = draft_notice(f.db, f.clock, p.ref, Stage::plan, f.templates);
  CHECK(plan.ref == "N2026-001");
  CHECK(plan.serial == "试点村议公〔2026〕　号"); // a draft has no serial yet: it is given when posted
  CHECK(plan.title == "修路方案");
  CHECK(plan.body == "丁（138****5678）：身份证610114********1234。"); // the description as a sentence
  CHECK(plan.state(f.clock.today()) == NoticeState::draft);
  f.refused<RuleViolation>([&] { draft_notice(f.db, f.clock, p.ref, Stage::plan, f.templates); });    // one per stage
  f.refused<RuleViolation>([&] { draft_notice(f.db, f.clock, p.ref, Stage::process, f.templates); }); // no vote yet
  f.refused<RuleViolation>([&] { draft_notice(f.db, f.clock, p.ref, Stage::result, f.templates); });  // no ruling yet
  Notice posted = f.notices.post(plan.ref, PostInput{});
  CHECK(posted.serial == "试点村议公〔2026〕1号");
  CHECK(format_iso(*posted.posted_on) == "2026-03-05");
  CHECK(format_iso(*posted.ends_on) == "2026-03-11"); // 7 calendar days, the first included
  CHECK(posted.state(Date{year{2026}, month{3}, day{11}}) == NoticeState::posted);
  CHECK(posted.state(Date{year{2026}, month{3}, day{12}}) == NoticeState::expired);
  f.refused<RuleViolation>([&] {
    f.notices.post(plan.ref, PostInput{std::nullopt, 3, nullptr, {}, ""});
  }); // posted notices do not change
  CHECK(f.notices.get("试点村议公〔2026〕1号").id == plan.id);
  CHECK(f.notices.get("2026-1").id == plan.id);

  VillageInfo info = VillageStore(f.db).info();
  FolderLoader shipped({std::string(YISHI_SOURCE_DIR) + "/templates"});
  std::string sheet = render_sheet(posted, info, shipped, SheetFormat::text);
  CHECK(sheet.find("029-12345678") != std::string::npos); // the office phone stays readable
  CHECK(sheet.find("13812345678") == std::string::npos);
  CHECK(sheet.find("2026年3月5日至2026年3月11日（7天）") != std::string::npos);
  std::string html = render_sheet(posted, info, shipped, SheetFormat::html);
  CHECK(html.find("<h1>修路方案</h1>") != std::string::npos);
  CHECK(html.find("138****5678") != std::string::npos);
}

// A draft discarded keeps its record and its number; the next notice posted takes the next serial, with no hole.
// A plan notice is refused once its session's time has passed.
TEST_CASE("core::records::notices::discarded_drafts_leave_no_hole") {
  Fixture f;
  NewProposal np;
  np.title = "修路";
  np.group = "一组";
  np.channel = Channel::phone;
  np.proposer = "丁";
  Proposal road = f.proposals.add(np);
  np.title = "修渠";
  Proposal canal = f.proposals.add(np);
  f.proposals.apply(road, Action::accept, "");
  f.proposals.apply(canal, Action::accept, "");
  const DateTime evening{Date{year{2026}, month{3}, day{9}}, 19, 30, 0};
  f.planned(road.ref, "yi", evening);
  f.planned(canal.ref, "yi", evening);
  Notice wrong = draft_notice(f.db, f.clock, road.ref, Stage::plan, f.templates);
  Notice right = draft_notice(f.db, f.clock, canal.ref, Stage::plan, f.templates);
  f.refused<DataError>([&] { f.notices.discard(wrong.ref, "  "); }); // a reason is needed
  Notice voided = f.notices.discard(wrong.ref, "议题名称有误");
  CHECK(voided.state(f.clock.today()) == NoticeState::discarded);
  CHECK(voided.discard_reason == "议题名称有误");
  f.refused<RuleViolation>([&] { f.notices.discard(wrong.ref, "again"); });
  f.refused<RuleViolation>([&] { f.notices.post(wrong.ref, PostInput{}); }); // never posted
  Notice posted = f.notices.post(right.ref, PostInput{});
  CHECK(right.ref == "N2026-002");
  CHECK(posted.serial == "试点村议公〔2026〕1号"); // the first posted: no hole where the void draft was
  f.refused<RuleViolation>([&] { f.notices.discard(right.ref, "posted"); }); // corrected, not discarded
  // The road's plan may be drafted again once the wrong one is void.
  Notice again = draft_notice(f.db, f.clock, road.ref, Stage::plan, f.templates);
  CHECK(again.ref == "N2026-003");
  // Past its session's time, a plan notice is refused, drafted or posted.
  FixedClock later{DateTime{Date{year{2026}, month{3}, day{9}}, 20, 0, 0}};
  NoticeStore late(f.db, later);
  f.refused<RuleViolation>([&] { late.post(again.ref, PostInput{}); });
}
