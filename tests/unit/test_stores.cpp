// The storage facades on an in-memory database: the main path, and that refused operations
// change nothing.
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/storage/database.hpp"
#include "core/records/village.hpp"
#include "tests/support/villages.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>
#include <functional>
#include <map>

using namespace yishi;
using namespace std::chrono;

namespace {

VoteInput ballots(std::vector<Ballot> b) {
  VoteInput in;
  in.ballots = std::move(b);
  return in;
}

const std::string k_village = tests::k_two_group_village;

class MemoryLoader final : public TemplateLoader {
public:
  std::pair<std::string, std::string> load(const std::string& name) const override {
    if (name == "notice/plan.mustache") {
      return {
          "{{proposal.title}}方案\n{{proposal.proposer}}（{{proposal.proposer_phone}}）：{{proposal.description}}\n",
          name};
    }
    if (name == "notice/result.mustache") {
      return {"{{proposal.title}}结果\n{{ruling.text}}，{{ruling.responsible}}\n", name};
    }
    return {"{{proposal.title}}过程\n{{session.present}}/{{session.members}}\n", name};
  }
};

// Every row of every table, to show that a refused operation left nothing behind.
std::string dump(SQLite::Database& db) {
  std::string out;
  std::vector<std::string> tables;
  SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  while (t.executeStep()) {
    tables.push_back(t.getColumn(0).getString());
  }
  for (const auto& table : tables) {
    SQLite::Statement q(db, "SELECT * FROM " + table + " ORDER BY rowid");
    while (q.executeStep()) {
      out += table + ":";
      for (int c = 0; c < q.getColumnCount(); ++c) {
        out += q.getColumn(c).getString() + "|";
      }
      out += "\n";
    }
  }
  return out;
}

struct Fixture {
  SQLite::Database db = storage::open_memory();
  FixedClock clock{DateTime{Date{year{2026}, month{3}, day{5}}, 9, 0, 0}};
  ProposalStore proposals{db, clock};
  SessionStore sessions{db, clock};
  NoticeStore notices{db, clock};
  MemoryLoader templates;

  Fixture() { VillageStore(db).create(parse_village_config(k_village, "t.toml")); }

  Proposal add(const std::string& title, const std::string& group = "一组") {
    NewProposal np;
    np.title = title;
    np.group = group;
    np.channel = Channel::grid_worker;
    np.proposer = "乙";
    return proposals.add(np);
  }

  // Runs `op` as a command would, in a transaction; checks it throws E and changes nothing.
  template <typename E> void refused(const std::function<void()>& op) {
    std::string before = dump(db);
    {
      SQLite::Transaction tx(db);
      CHECK_THROWS_AS(op(), E);
    }
    CHECK(dump(db) == before);
  }

  std::string planned(const std::string& ref, const std::string& council = "yi") {
    return sessions
        .plan(SessionPlan{council,
                          DateTime{Date{year{2026}, month{3}, day{10}}, 19, 30, 0},
                          Mode::offline,
                          "议事点",
                          {ref},
                          {},
                          {},
                          false})
        .ref;
  }
};

} // namespace

TEST_CASE("core::proposal_store::numbers_per_year_and_history") {
  Fixture f;
  Proposal a = f.add("修路");
  Proposal b = f.add("装护栏");
  CHECK(a.ref == "2026-001");
  CHECK(b.ref == "2026-002");
  CHECK(a.status == Status::collected);
  CHECK(a.tier == Tier::group);
  CHECK(a.proposer_id.has_value());
  NewProposal old;
  old.title = "去年的事";
  old.channel = Channel::wechat;
  old.proposer = "外村人";
  old.submitted_on = Date{year{2025}, month{12}, day{30}};
  Proposal c = f.proposals.add(old);
  CHECK(c.ref == "2025-001");
  CHECK(c.tier == Tier::village);
  CHECK_FALSE(c.proposer_id.has_value());
  f.proposals.apply(a, Action::accept, "");
  auto history = f.proposals.history(a.id);
  REQUIRE(history.size() == 2);
  CHECK(history[0].action == Action::collect);
  CHECK(history[1].from == Status::collected);
  CHECK(history[1].to == Status::accepted);
  ProposalFilter filter;
  filter.status = Status::collected;
  CHECK(f.proposals.list(filter).size() == 2);
  filter.year = 2026;
  CHECK(f.proposals.list(filter).size() == 1);
}

TEST_CASE("core::proposal_store::refusals_change_nothing") {
  Fixture f;
  Proposal a = f.add("修路");
  f.refused<RuleViolation>([&] { f.proposals.apply(a, Action::reopen, ""); });
  f.refused<NotFound>([&] { f.add("修路", "九组"); });
  f.refused<DataError>([&] { f.add(""); });
  f.refused<DataError>([&] { f.add(std::string(101 * 3, 'x').replace(0, 303, std::string(101, 'y'))); });
  f.refused<NotFound>([&] { f.proposals.get("2026-099"); });
  NewProposal future;
  future.title = "明年";
  future.channel = Channel::phone;
  future.proposer = "甲";
  future.submitted_on = Date{year{2026}, month{3}, day{6}};
  f.refused<DataError>([&] { f.proposals.add(future); });
}

TEST_CASE("core::session_store::the_main_path_to_a_ruling") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  CHECK(s == "S2026-001");
  CHECK(f.proposals.get(p.ref).status == Status::scheduled);
  f.sessions.attend(s, {"甲", "乙"}, {"丙"}, false);
  f.sessions.note(s, "", "丙", false, "路太窄");
  f.sessions.note(s, "", "村外专家", true, "建议拓宽");
  f.sessions.motion(s, "", NewMotion{"硬化拓宽", "甲", Date{year{2026}, month{6}, day{1}}, "甲", "乙"});
  auto v = f.sessions.vote(s, "", counted(Tally{2, 0, 0}));
  CHECK(v.record.result == VoteResult::carried);
  CHECK(v.proposal.status == Status::ruled);
  auto ruling = f.proposals.ruling(p.id);
  REQUIRE(ruling.has_value());
  CHECK(ruling->text == "硬化拓宽");
  CHECK(ruling->council_name == "一组议事会");
  CHECK(ruling->session_ref == s);
  SessionRecord r = f.sessions.record(s);
  CHECK(r.present() == 2);
  REQUIRE(r.items.size() == 1);
  CHECK(r.items[0].remarks.size() == 2);
  CHECK_FALSE(r.items[0].remarks[1].on_record);
  CHECK(f.sessions.close(s).empty());
  f.refused<RuleViolation>([&] { f.sessions.note(s, "", "甲", false, "会后补充"); });
}

TEST_CASE("core::session_store::vote_without_quorum_is_refused_with_figures") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  f.sessions.motion(s, "", NewMotion{"硬化", "甲", Date{year{2026}, month{6}, day{1}}, "", ""});
  f.refused<RuleViolation>([&] { f.sessions.vote(s, "", counted(Tally{1, 0, 0})); }); // no attendance yet
  f.sessions.attend(s, {"甲"}, {"乙", "丙"}, false);
  try {
    f.sessions.vote(s, "", counted(Tally{1, 0, 0}));
    FAIL("expected a RuleViolation");
  } catch (const RuleViolation& e) {
    CHECK(std::string(e.what()) ==
          "no quorum for the vote on 2026-001: 1 of 3 members present; the rule needs at least 2/3 of members (2)");
  }
  f.sessions.attend(s, {"乙"}, {}, false);
  f.refused<DataError>([&] { f.sessions.vote(s, "", counted(Tally{2, 1, 0})); }); // 3 votes, 2 present
  f.refused<RuleViolation>([&] {
    f.sessions.vote(s, "", ballots({Ballot{"甲", Choice::yes}, Ballot{"丙", Choice::yes}}));
  });
  f.refused<DataError>([&] { f.sessions.vote(s, "", ballots({Ballot{"甲", Choice::yes}, Ballot{"甲", Choice::no}})); });
  auto v = f.sessions.vote(s, "", ballots({Ballot{"甲", Choice::yes}, Ballot{"乙", Choice::no}}));
  CHECK(v.record.method == "roll-call");
  CHECK(v.record.result == VoteResult::defeated); // 1 of 2 present is not more than half
  CHECK(v.proposal.status == Status::defeated);
  f.proposals.apply(v.proposal, Action::reopen, "再议");
  CHECK(f.proposals.get(p.ref).status == Status::accepted);
}

TEST_CASE("core::session_store::agenda_must_fit_the_council") {
  Fixture f;
  Proposal other_group = f.add("二组的事", "二组");
  f.proposals.apply(other_group, Action::accept, "");
  f.refused<RuleViolation>([&] { f.planned(other_group.ref, "yi"); });
  f.refused<RuleViolation>([&] { f.planned(other_group.ref, "village"); });
  Proposal collected = f.add("未立项");
  f.refused<RuleViolation>([&] { f.planned(collected.ref, "yi"); });
  f.refused<NotFound>([&] { f.planned(collected.ref, "nine"); });
  CHECK(f.planned(other_group.ref, "二组") == "S2026-001"); // a group's name names its council
}

TEST_CASE("core::session_store::close_carries_undecided_items_over") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  auto over = f.sessions.close(s);
  REQUIRE(over.size() == 1);
  CHECK(over[0] == p.ref);
  CHECK(f.proposals.get(p.ref).status == Status::accepted);
}

TEST_CASE("core::notice_store::stages_serials_masking_and_posting") {
  Fixture f;
  NewProposal np;
  np.title = "修路";
  np.group = "一组";
  np.channel = Channel::phone;
  np.proposer = "丁";
  np.proposer_phone = "13812345678";
  np.description = "身份证610114199001011234";
  Proposal p = f.proposals.add(np);
  f.refused<RuleViolation>([&] { f.notices.draft(p.ref, Stage::plan, f.templates); }); // no session yet
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  Notice plan = f.notices.draft(p.ref, Stage::plan, f.templates);
  CHECK(plan.ref == "N2026-001");
  CHECK(plan.serial == "试点村议公〔2026〕1号");
  CHECK(plan.title == "修路方案");
  CHECK(plan.body == "丁（138****5678）：身份证610114********1234");
  CHECK(plan.state(f.clock.today()) == NoticeState::draft);
  f.refused<RuleViolation>([&] { f.notices.draft(p.ref, Stage::plan, f.templates); });    // one per stage
  f.refused<RuleViolation>([&] { f.notices.draft(p.ref, Stage::process, f.templates); }); // no vote yet
  f.refused<RuleViolation>([&] { f.notices.draft(p.ref, Stage::result, f.templates); });  // no ruling yet
  Notice posted = f.notices.post(plan.ref, PostInput{});
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
