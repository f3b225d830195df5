#include "core/district/bundle.hpp"
#include "core/storage/database.hpp"
#include "core/storage/history.hpp"
#include "tests/support/history_village.hpp"

#include <SQLiteCpp/Transaction.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace yishi;

namespace {

using Village = test::HistoryVillage;

std::string file_of(const district::Bundle& b) {
  std::ostringstream out;
  district::write_bundle(out, b);
  return out.str();
}

std::string temp_file(const std::string& text) {
  static int n = 0;
  const auto path = std::filesystem::temp_directory_path() /
                    ("yishi-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".bundle");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

district::Bundle bundle_of(SQLite::Database& db, long after) {
  district::Bundle b;
  b.village = district::VillageId{"610114003201", "老寨村", "武屯街道", "610114003"};
  b.made_at = "2026-03-21T09:00:00";
  b.chain = storage::chain_since(db, after);
  return b;
}

} // namespace

TEST_CASE("core::district::bundle::entries_carry_the_row_hashes_their_chain_covers") {
  Village v;
  auto since = storage::chain_since(v.db, 0);
  REQUIRE(since.entries.size() >= 6);
  std::map<long, const storage::ChainBatch*> batches;
  for (const auto& b : since.batches) {
    batches[b.id] = &b;
  }
  std::string prev = since.prev;
  for (const auto& e : since.entries) {
    CHECK(storage::chain_hash_of(prev, e, *batches.at(e.batch)) == e.hash);
    prev = e.hash;
  }
  CHECK(prev == since.head_hash);
  // After an entry: the entries that follow it, chained from its hash.
  auto later = storage::chain_since(v.db, since.entries[2].id);
  REQUIRE(!later.entries.empty());
  CHECK(later.prev == since.entries[2].hash);
  CHECK(later.entries.front().id == since.entries[3].id);
  // A history changed behind yishi's back sends nothing.
  storage::detach_history(v.db);
  v.db.exec("UPDATE village_group SET name = '前进组' WHERE id = 2");
  CHECK_THROWS_WITH_AS(storage::chain_since(v.db, 0), doctest::Contains("does not verify"), Error);
}

TEST_CASE("core::district::bundle::round_trip_and_seal") {
  Village v;
  district::Bundle b = bundle_of(v.db, 0);
  b.rows.push_back(district::BundleRow{"village_group", 1, std::string(R"({"id":1,"name":"新义组"})")});
  b.rows.push_back(district::BundleRow{"village_group", 3, std::nullopt});
  const std::string text = file_of(b);
  const std::string path = temp_file(text);
  district::Bundle back = district::read_bundle(path);
  CHECK(back.village.code == "610114003201");
  CHECK(back.village.name == "老寨村");
  CHECK(back.chain.entries.size() == b.chain.entries.size());
  CHECK(back.chain.entries.back().hash == b.chain.entries.back().hash);
  CHECK(back.chain.entries.back().row_hash == b.chain.entries.back().row_hash);
  CHECK(back.chain.head_hash == b.chain.head_hash);
  CHECK(back.chain.genesis == b.chain.genesis);
  REQUIRE(back.rows.size() == 2);
  CHECK(back.rows[0].content == b.rows[0].content);
  CHECK_FALSE(back.rows[1].content.has_value());
  CHECK(back.digest.size() == 64);

  // One character changed: the seal no longer matches.
  std::string edited = text;
  edited[edited.find("新义组")] = 'X';
  CHECK_THROWS_WITH_AS(district::read_bundle(temp_file(edited)), doctest::Contains("changed after it was made"),
                       DataError);
  // Cut short: no seal at the end.
  CHECK_THROWS_WITH_AS(district::read_bundle(temp_file(text.substr(0, text.rfind("{\"row\"")))),
                       doctest::Contains("cut short"), DataError);
  CHECK_THROWS_WITH_AS(district::read_bundle(temp_file("")), doctest::Contains("not a yishi bundle"), DataError);
  CHECK_THROWS_WITH_AS(district::read_bundle("/nonexistent/x.bundle"), doctest::Contains("cannot read"), DataError);
  // A line that is not one of a bundle, resealed: named by its line.
  std::string body = text.substr(0, text.rfind("{\"sha256\""));
  body += "{\"other\":[1]}\n";
  const std::string sealed = body + "{\"sha256\":\"" + storage::sha256_hex(body) + "\"}\n";
  CHECK_THROWS_WITH_AS(district::read_bundle(temp_file(sealed)), doctest::Contains("not a batch, an entry or a row"),
                       DataError);
}
