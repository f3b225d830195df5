#pragma once

// A village table's rows written, changed and deleted as yishi's commands do: through the history's triggers,
// each command chained before it commits (the history's and the district's unit tests).
#include "core/storage/database.hpp"
#include "core/storage/unit_of_work.hpp"

#include <string>

namespace yishi::test {

struct HistoryVillage {
  SQLite::Database db = storage::open_memory();
  HistoryVillage() {
    command("INSERT INTO village_group (id, name) VALUES (1, '新义组'), (2, '东风组'), (3, '红旗组')");
    command("UPDATE village_group SET households = 86 WHERE id = 1");
    command("UPDATE village_group SET households = 90, adults = 241 WHERE id = 1");
    command("DELETE FROM village_group WHERE id = 3");
  }
  void command(const std::string& sql) {
    storage::Write work(db, {"村文书", "test", "2026-03-20T09:00:00"});
    db.exec(sql);
    work.commit();
  }
};

} // namespace yishi::test
