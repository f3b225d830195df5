// ProposalStore on an in-memory database: numbering, history, and refusals that change nothing.
#include "core/error.hpp"
#include "tests/support/fixture.hpp"

#include <doctest/doctest.h>

using namespace yishi;
using namespace yishi::tests;
using namespace std::chrono;

TEST_CASE("core::records::proposals::numbers_per_year_and_history") {
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

TEST_CASE("core::records::proposals::refusals_change_nothing") {
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
