#pragma once

// The storage facades on an in-memory database, for the records' unit tests: a small village,
// its stores, templates held in memory, and a check that a refused operation changed nothing.
#include "core/config.hpp"
#include "core/records/notices.hpp"
#include "core/records/proposals.hpp"
#include "core/records/sessions.hpp"
#include "core/records/village.hpp"
#include "core/render/template.hpp"
#include "core/storage/database.hpp"
#include "tests/support/villages.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>
#include <functional>

namespace yishi::tests {

using namespace std::chrono;

inline VoteInput ballots(std::vector<Ballot> b) {
  VoteInput in;
  in.ballots = std::move(b);
  return in;
}

inline const std::string k_village = k_two_group_village;

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
inline std::string dump(SQLite::Database& db) {
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

  std::string planned(const std::string& ref, const std::string& council = "yi",
                      DateTime at = DateTime{Date{year{2026}, month{3}, day{5}}, 9, 0, 0}) { // now: the clock's time
    return sessions
        .plan(SessionPlan{council,
                          at,
                          Mode::offline,
                          "议事点",
                          {ref},
                          {},
                          {},
                          false})
        .ref;
  }
};

} // namespace yishi::tests
