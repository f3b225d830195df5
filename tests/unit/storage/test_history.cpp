#include "core/storage/database.hpp"
#include "core/storage/history.hpp"

#include "tests/support/history_village.hpp"
#include <SQLiteCpp/Statement.h>

#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>
#include <string>

using namespace yishi;

namespace {

// The history village, with what these tests ask of it.
struct Village : test::HistoryVillage {
  std::vector<storage::Tamper> verify() { return storage::verify_history(db); }
  /// Behind yishi's back: as another program would, with no history on the connection.
  void behind(const std::string& sql) {
    storage::detach_history(db);
    db.exec(sql);
  }
  long entry(int op, long row) {
    SQLite::Statement q(db, "SELECT max(h.id) FROM history h JOIN history_table t ON t.id = h.tbl "
                            "WHERE t.name = 'village_group' AND h.op = ? AND h.row_id = ?");
    q.bind(1, op);
    q.bind(2, static_cast<int64_t>(row));
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
};

std::string first(const std::vector<storage::Tamper>& findings) {
  return findings.empty() ? ""
                          : findings.front().table + " " + std::to_string(findings.front().row) + " " +
                                findings.front().what + ": " + findings.front().detail;
}

} // namespace

TEST_CASE("core::storage::compact_history_verifies_what_yishi_wrote") {
  Village v;
  CHECK(v.verify().empty());
  // An insert holds no copy of its row, an update only its changed columns, a delete the whole row.
  SQLite::Statement q(v.db, "SELECT op, change FROM history h JOIN history_table t ON t.id = h.tbl "
                            "WHERE t.name = 'village_group' ORDER BY h.id");
  std::vector<std::pair<int, std::string>> entries;
  while (q.executeStep()) {
    entries.emplace_back(q.getColumn(0).getInt(), q.getColumn(1).isNull() ? "NULL" : q.getColumn(1).getString());
  }
  REQUIRE(entries.size() == 6);
  CHECK(entries[0] == std::pair<int, std::string>{0, "NULL"});
  CHECK(entries[3] == std::pair<int, std::string>{1, "{\"households\":[0,86]}"});
  CHECK(entries[4] == std::pair<int, std::string>{1, "{\"households\":[86,90],\"adults\":[0,241]}"});
  CHECK(entries[5].first == 2);
  CHECK(entries[5].second.find("\"name\":\"红旗组\"") != std::string::npos);
  CHECK(v.db.execAndGet("SELECT length(hash) FROM history LIMIT 1").getInt() == 32);
}

TEST_CASE("core::storage::compact_history_names_a_row_changed_added_or_deleted_behind_its_back") {
  SUBCASE("changed, with an update in its history: the fields no update left that way") {
    Village v;
    v.behind("UPDATE village_group SET adults = 5 WHERE id = 1");
    auto f = v.verify();
    REQUIRE(f.size() == 1);
    CHECK(first(f) == "village_group 1 changed outside yishi: fields: adults");
  }
  SUBCASE("changed, inserted and never updated") {
    Village v;
    v.behind("UPDATE village_group SET name = '东方组' WHERE id = 2");
    auto f = v.verify();
    REQUIRE(f.size() == 1);
    CHECK(f.front().table == "village_group");
    CHECK(f.front().row == 2);
    CHECK(f.front().what == "changed outside yishi");
  }
  SUBCASE("added") {
    Village v;
    v.behind("INSERT INTO village_group (id, name) VALUES (9, '新组')");
    auto f = v.verify();
    REQUIRE(f.size() == 1);
    CHECK(first(f).starts_with("village_group 9 inserted outside yishi"));
  }
  SUBCASE("deleted") {
    Village v;
    v.behind("DELETE FROM village_group WHERE id = 2");
    auto f = v.verify();
    REQUIRE(f.size() == 1);
    CHECK(first(f).starts_with("village_group 2 deleted outside yishi"));
  }
}

TEST_CASE("core::storage::compact_history_names_its_own_entries_edited") {
  SUBCASE("an update whose old values disagree with the state before it") {
    Village v;
    const long update = v.entry(1, 1);
    v.behind(fmt::format("UPDATE history SET change = replace(change, '[86,90]', '[80,90]') WHERE id = {}", update));
    auto f = v.verify();
    REQUIRE(!f.empty());
    CHECK(first(f) == fmt::format("history {} log entry altered: village_group row 1: the update's old values "
                                  "disagree with the state before it",
                                  update));
  }
  SUBCASE("a delete entry edited") {
    Village v;
    const long del = v.entry(2, 3);
    v.behind(fmt::format("UPDATE history SET change = replace(change, '红旗组', '白旗组') WHERE id = {}", del));
    auto f = v.verify();
    REQUIRE(f.size() == 1);
    CHECK(first(f) == fmt::format("history {} log entry altered: village_group row 3 (delete)", del));
  }
  SUBCASE("an entry removed, and the chain's head rewound to hide it") {
    Village v;
    const long del = v.entry(2, 3);
    v.behind(fmt::format("DELETE FROM history WHERE id = {}", del));
    auto f = v.verify();
    REQUIRE(!f.empty());
  }
  SUBCASE("the time of a command changed") {
    Village v;
    v.behind("UPDATE history_batch SET at = '2026-03-21T09:00:00' WHERE id = (SELECT max(id) FROM history_batch)");
    CHECK(!v.verify().empty());
  }
}
