// Schema migrations: each step upgrades an existing database without losing a row.
#include "core/error.hpp"
#include "core/storage/database.hpp"
#include "core/storage/schema.hpp"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <string>

using namespace yishi;

namespace {

// A database as version 1 left it, with one vote on record.
SQLite::Database version_one() {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  db.exec(storage::migrations().front().statements);
  db.exec("PRAGMA user_version = 1");
  db.exec(R"sql(
INSERT INTO village VALUES (1, '老寨村', '', '议事会', '', '', '老寨村议公', 7);
INSERT INTO village_group (id, name) VALUES (1, '新义组');
INSERT INTO person (id, name, group_id, gender) VALUES (1, '甲', 1, 'male');
INSERT INTO vote_rule VALUES ('group_council', '>= 2/3 members', '> 1/2 present');
INSERT INTO council VALUES (1, 'xinyi', '新义组议事会', 'group', 1, 1, 'group_council', NULL, NULL);
INSERT INTO proposal VALUES (1, 2026, 1, '修路', '', 1, 'group', 'phone', 1, '甲', '', '2026-03-01', 'ruled');
INSERT INTO session VALUES (1, 2026, 1, 1, '2026-03-02T19:00:00', 'offline', '议事点', 'closed', NULL);
INSERT INTO agenda_item VALUES (1, 1, 1, 1);
INSERT INTO motion VALUES (1, 1, '硬化', NULL, NULL, '甲', '2026-06-01', 'carried', '2026-03-02T19:30:00');
INSERT INTO vote VALUES (1, 1, 'roll-call', 1, 1, 1, 0, 0, '>= 2/3 members', '> 1/2 present', 'carried',
                         '2026-03-02T19:30:00');
INSERT INTO ballot VALUES (1, 1, 'for');
INSERT INTO ruling VALUES (1, 1, 1, 1, '硬化', '甲', '2026-06-01', '2026-03-02');
)sql");
  return db;
}

} // namespace

TEST_CASE("core::storage::migrations_are_ordered") {
  int previous = 0;
  for (const auto& step : storage::migrations()) {
    CHECK(step.version == previous + 1);
    previous = step.version;
  }
  CHECK(storage::latest_schema_version() == previous);
}

TEST_CASE("core::storage::version_one_upgrades_keeping_its_records") {
  SQLite::Database db = version_one();
  storage::migrate(db);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == storage::latest_schema_version());
  SQLite::Statement vote(db, "SELECT method, result, computed, override_reason IS NULL FROM vote WHERE id = 1");
  REQUIRE(vote.executeStep());
  CHECK(vote.getColumn(0).getString() == "roll-call");
  CHECK(vote.getColumn(1).getString() == "carried");
  CHECK(vote.getColumn(2).getString() == "carried");
  CHECK(vote.getColumn(3).getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM ballot WHERE vote_id = 1").getInt() == 1);
  CHECK(db.execAndGet("SELECT text FROM ruling WHERE proposal_id = 1").getString() == "硬化");
  CHECK(db.execAndGet("SELECT path FROM proposal WHERE id = 1").getString() == "standard");
  CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
  SQLite::Statement broken(db, "PRAGMA foreign_key_check");
  CHECK_FALSE(broken.executeStep());
}

TEST_CASE("core::storage::newer_database_is_refused") {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  db.exec("PRAGMA user_version = 999");
  CHECK_THROWS_WITH_AS(storage::migrate(db), doctest::Contains("has schema version 999, newer than this program's"),
                       Error);
}
