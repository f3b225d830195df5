#pragma once

// What a village sends the district: its history's entries since a point, each with the hash of its row,
// and the rows those entries touched as they are now. A push sends one over the network; a bundle file
// carries one on a stick. The district recomputes the chain and checks every row against its hash.
#include "core/storage/history.hpp"

#include <SQLiteCpp/Database.h>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace yishi::district {

/// Who sent it: the village's division code, its name and its township's.
struct VillageId {
  std::string code, name, township, township_code;
};

/// A row as the entries leave it: its content as the history hashes it, or nothing when it was deleted.
struct BundleRow {
  std::string table;
  long row = 0;
  std::optional<std::string> content;
};

struct Bundle {
  VillageId village;
  storage::ChainSince chain; // the entries after chain.prev
  std::vector<BundleRow> rows;
  std::string made_at; // the village's clock when it was made
  std::string digest;  // a file's SHA-256 over everything before its last line (hex); "" in memory

  long first() const { return chain.entries.empty() ? chain.head_entry + 1 : chain.entries.front().id; }
  long last() const { return chain.entries.empty() ? chain.head_entry : chain.entries.back().id; }
};

/// The village's identity for the district: its code is required (village.toml's [village] code).
VillageId village_id(SQLite::Database& db);

/// The entries after `after` and the rows they touched. The whole history is verified first.
Bundle make_bundle(SQLite::Database& db, long after, const std::string& made_at);
/// The same from a verified chain (storage::chain_since with an earlier or equal start): its entries after
/// `after`, the batches they name and the rows they touched as they are now.
Bundle bundle_after(SQLite::Database& db, storage::ChainSince chain, long after, const std::string& made_at);

/// A bundle file: JSON lines, the header first, a SHA-256 of all the lines before it last.
void write_bundle(std::ostream& out, const Bundle& bundle);
/// Reads a bundle file; a file that is not one, was cut short or edited is a DataError naming it and the line.
Bundle read_bundle(const std::string& path);

} // namespace yishi::district
