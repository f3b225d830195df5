// SessionStore on an in-memory database: the main path to a ruling, quorum, agendas, closing.
#include "core/error.hpp"
#include "tests/support/fixture.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace yishi::tests;
using namespace std::chrono;

TEST_CASE("core::records::sessions::the_main_path_to_a_ruling") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  CHECK(s == "S2026-001");
  CHECK(f.proposals.get(p.ref).status == Status::scheduled);
  f.sessions.attend(s, {"甲", "乙"}, {"丙"}, false);
  f.sessions.note(s, "", "丙", false, "路太窄");
  f.sessions.note(s, "", "村外专家", true, "建议拓宽");
  f.sessions.motion(s, "", NewMotion{"硬化拓宽", "甲", Date{year{2026}, month{6}, day{1}}, "甲", "乙", {}});
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

TEST_CASE("core::records::sessions::vote_without_quorum_is_refused_with_figures") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  f.sessions.motion(s, "", NewMotion{"硬化", "甲", Date{year{2026}, month{6}, day{1}}, "", "", {}});
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
  CHECK(v.record.method == VoteMethod::roll_call);
  CHECK(v.record.result == VoteResult::defeated); // 1 of 2 present is not more than half
  CHECK(v.proposal.status == Status::defeated);
  f.proposals.apply(v.proposal, Action::reopen, "再议");
  CHECK(f.proposals.get(p.ref).status == Status::accepted);
}

TEST_CASE("core::records::sessions::agenda_must_fit_the_council") {
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

TEST_CASE("core::records::sessions::close_carries_undecided_items_over") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  auto over = f.sessions.close(s);
  REQUIRE(over.size() == 1);
  CHECK(over[0] == p.ref);
  CHECK(f.proposals.get(p.ref).status == Status::accepted);
}

TEST_CASE("core::records::sessions::a_group_vote_beyond_its_competence_is_its_recommendation") {
  Fixture f;
  VillageStore village(f.db);
  NewProposal np;
  np.title = "修桥";
  np.group = "一组";
  np.proposer = "乙";
  np.other_groups = {"二组"}; // a matter of two groups goes up
  Proposal p = f.proposals.add(np);
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  f.sessions.attend(s, {}, {}, true);
  f.sessions.motion(s, p.ref, NewMotion{"修一座桥", "甲", Date{year{2026}, month{6}, day{1}}, "", "", {}});
  auto v = f.sessions.vote(s, p.ref, counted(Tally{2, 1, 0}));
  CHECK(v.escalated);
  CHECK(v.record.result == VoteResult::carried); // the tally stands as recorded
  CHECK(v.proposal.status == Status::escalated);
  CHECK_FALSE(f.proposals.ruling(p.id)); // no ruling from a body that may not decide
  auto recs = f.proposals.recommendations(p.id);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].session_ref == s);
  REQUIRE(recs[0].tally);
  CHECK(recs[0].tally->yes == 2);
  CHECK(recs[0].tally->no == 1);
  // Typed at the terminal, approval without the village council's vote is refused and changes nothing.
  f.refused<RuleViolation>([&] { f.proposals.review(p.ref, ReviewInput{}); });
}

TEST_CASE("core::records::sessions::nothing_is_recorded_before_the_session_meets") {
  Fixture f;
  Proposal p = f.add("修渠");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.sessions
                      .plan(SessionPlan{"yi",
                                        DateTime{Date{year{2026}, month{3}, day{5}}, 19, 30, 0},
                                        Mode::offline,
                                        "议事点",
                                        {p.ref},
                                        {},
                                        {},
                                        false})
                      .ref;
  f.refused<RuleViolation>([&] { f.sessions.attend(s, {}, {}, true); }); // 09:00, the session is at 19:30
  f.refused<RuleViolation>([&] {
    f.sessions.motion(s, p.ref, NewMotion{"修", "甲", Date{year{2026}, month{6}, day{1}}, "", "", {}});
  });
  // and no session is planned for a day before the matter was collected
  Proposal q = f.add("修路");
  f.proposals.apply(q, Action::accept, "");
  f.refused<RuleViolation>([&] {
    f.sessions.plan(SessionPlan{
        "yi", DateTime{Date{year{2026}, month{3}, day{1}}, 9, 0, 0}, Mode::offline, "议事点", {q.ref}, {}, {}, false});
  });
}

TEST_CASE("core::records::sessions::an_attendance_recorded_in_error_is_corrected_and_its_vote_taken_again") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  f.sessions.attend(s, {"甲", "乙", "丙"}, {}, false);
  f.sessions.motion(s, "", NewMotion{"硬化", "甲", Date{year{2026}, month{6}, day{1}}, "", "", {}});
  f.sessions.vote(s, "", counted(Tally{2, 1, 0}));
  CHECK(f.proposals.get(p.ref).status == Status::ruled);
  // A correction names a mark that was recorded and differs; it needs a reason.
  f.refused<RuleViolation>([&] { f.sessions.correct_attendance(s, {"乙"}, {}, "记错了"); }); // already present
  f.refused<DataError>([&] { f.sessions.correct_attendance(s, {}, {"乙"}, ""); });
  f.refused<UsageError>([&] { f.sessions.correct_attendance(s, {}, {}, "记错了"); });
  f.refused<NotFound>([&] { f.sessions.correct_attendance(s, {}, {"没这个人"}, "记错了"); });
  auto c = f.sessions.correct_attendance(s, {}, {"丙"}, "丙未到会");
  CHECK(c.revote == std::vector<std::string>{p.ref});
  CHECK(c.record.present() == 2);
  REQUIRE(c.record.fixes.size() == 1);
  CHECK(c.record.fixes[0].person == "丙");
  CHECK(c.record.fixes[0].was_present == std::optional<bool>(true));
  CHECK(c.record.fixes[0].reason == "丙未到会");
  // The ruling made on the wrong figures is gone until the vote is recorded again, on the corrected ones.
  CHECK_FALSE(f.proposals.ruling(p.id).has_value());
  CHECK(f.proposals.get(p.ref).status == Status::scheduled);
  f.refused<DataError>([&] { f.sessions.vote(s, "", counted(Tally{2, 1, 0})); }); // 3 votes, 2 present
  auto v = f.sessions.vote(s, "", counted(Tally{2, 0, 0}));
  CHECK(v.record.present == 2);
  const VoteRecord kept = *f.sessions.record(s).items.at(0).motions.at(0).vote;
  CHECK(kept.corrects == "赞成2，反对1，弃权0");
  CHECK(kept.correction_reason == "丙未到会");
  f.sessions.close(s);
  f.refused<RuleViolation>([&] { f.sessions.correct_attendance(s, {"丙"}, {}, "又错了"); });
}

TEST_CASE("core::records::sessions::a_member_who_comes_late_is_no_correction") {
  Fixture f;
  Proposal p = f.add("修路");
  f.proposals.apply(p, Action::accept, "");
  std::string s = f.planned(p.ref);
  f.sessions.attend(s, {"甲", "乙"}, {"丙"}, false);
  f.refused<RuleViolation>([&] { f.sessions.correct_attendance(s, {"丁"}, {}, "记错了"); }); // not a member
  SessionRecord r = f.sessions.attend(s, {"丙"}, {}, false); // came late
  CHECK(r.present() == 3);
  CHECK(r.fixes.empty());
}
