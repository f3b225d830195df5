#include "bundle.hpp"

#include "core/records/village.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

namespace yishi::district {

using storage::from_hex;
using storage::to_hex;
using Json = nlohmann::json;

VillageId village_id(SQLite::Database& db) {
  const VillageInfo v = VillageStore(db).info();
  if (v.code.empty()) {
    throw RuleViolation(_f("village {} has no division code: the district knows its villages by them", v.name),
                        _("add code = \"...\" (12 digits, 统计用区划代码) under [village] in village.toml, then run: "
                          "yishi village code CODE"));
  }
  return VillageId{v.code, v.name, v.township, v.township_code};
}

Bundle make_bundle(SQLite::Database& db, long after, const std::string& made_at) {
  return bundle_after(db, storage::chain_since(db, after), after, made_at);
}

Bundle bundle_after(SQLite::Database& db, storage::ChainSince chain, long after, const std::string& made_at) {
  Bundle b;
  b.village = village_id(db);
  b.made_at = made_at;
  auto& entries = chain.entries;
  auto keep = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.id > after; });
  if (keep != entries.begin()) {
    chain.prev = std::prev(keep)->hash;
    entries.erase(entries.begin(), keep);
  }
  std::set<long> named;
  for (const auto& e : entries) {
    named.insert(e.batch);
  }
  auto& batches = chain.batches;
  batches.erase(std::remove_if(batches.begin(), batches.end(), [&](const auto& x) { return named.count(x.id) == 0; }),
                batches.end());
  b.chain = std::move(chain);
  std::vector<std::pair<std::string, long>> keys;
  std::set<std::pair<std::string, long>> seen;
  for (const auto& e : b.chain.entries) {
    if (seen.emplace(e.table, e.row).second) {
      keys.emplace_back(e.table, e.row);
    }
  }
  auto contents = storage::row_contents(db, keys);
  b.rows.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    b.rows.push_back(BundleRow{keys[i].first, keys[i].second, std::move(contents[i])});
  }
  return b;
}

namespace {

std::string json_line(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::strict) + "\n";
}

} // namespace

void write_bundle(std::ostream& out, const Bundle& b) {
  std::string text;
  text += json_line(Json{{"yishi_bundle", 1},
                         {"village",
                          {{"code", b.village.code},
                           {"name", b.village.name},
                           {"township", b.village.township},
                           {"township_code", b.village.township_code}}},
                         {"made_at", b.made_at},
                         {"genesis", to_hex(b.chain.genesis)},
                         {"prev", to_hex(b.chain.prev)},
                         {"head_entry", b.chain.head_entry},
                         {"head", to_hex(b.chain.head_hash)},
                         {"entries", b.chain.entries.size()},
                         {"rows", b.rows.size()}});
  for (const auto& batch : b.chain.batches) {
    text += json_line(Json{{"batch", {batch.id, batch.at, batch.operator_name, batch.note}}});
  }
  for (const auto& e : b.chain.entries) {
    text += json_line(Json{{"entry",
                            {e.id, e.batch, e.table, e.op, e.row, e.change ? Json(*e.change) : Json(nullptr),
                             to_hex(e.row_hash), to_hex(e.hash)}}});
  }
  for (const auto& r : b.rows) {
    text += json_line(Json{{"row", {r.table, r.row, r.content ? Json(*r.content) : Json(nullptr)}}});
  }
  out << text << json_line(Json{{"sha256", storage::sha256_hex(text)}});
}

namespace {

// Reads one line's value, failing with the file and the line.
class LineReader {
public:
  LineReader(const std::string& path, size_t line) : m_path(path), m_line(line) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw DataError(_f("{}:{}: {}", m_path, m_line, what),
                    _("a bundle is read as yishi district bundle wrote it: make it again from the village's database"));
  }
  const Json& at(const Json& array, size_t i) const {
    if (!array.is_array() || i >= array.size()) {
      fail(_f("field {} is missing", i + 1));
    }
    return array[i];
  }
  long integer(const Json& array, size_t i) const {
    const Json& v = at(array, i);
    if (!v.is_number_integer()) {
      fail(_f("field {} is not a whole number", i + 1));
    }
    return v.get<long>();
  }
  std::string text(const Json& array, size_t i) const {
    const Json& v = at(array, i);
    if (!v.is_string()) {
      fail(_f("field {} is not text", i + 1));
    }
    return v.get<std::string>();
  }
  std::optional<std::string> maybe_text(const Json& array, size_t i) const {
    return at(array, i).is_null() ? std::nullopt : std::optional<std::string>(text(array, i));
  }
  std::string hash(const Json& array, size_t i) const {
    std::string hex = text(array, i);
    std::string bytes = from_hex(hex);
    if (bytes.size() != 32) {
      fail(_f("field {} is not a SHA-256 (64 hex digits)", i + 1));
    }
    return bytes;
  }

private:
  const std::string& m_path;
  size_t m_line;
};

} // namespace

Bundle read_bundle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw DataError(_f("cannot read the bundle {}", path), _("check the file's name"));
  }
  std::vector<std::string> lines;
  std::string text;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  if (lines.size() < 2) {
    throw DataError(_f("{}: not a yishi bundle (it is empty or cut short)", path),
                    _("copy the bundle from the village again, or make it again: yishi district bundle -o FILE"));
  }
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    text += lines[i];
    text += '\n';
  }
  auto parse = [&](size_t i) {
    Json j = Json::parse(lines[i], nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      LineReader(path, i + 1).fail(_("not a line of a yishi bundle"));
    }
    return j;
  };
  Json seal = parse(lines.size() - 1);
  Json header = parse(0);
  if (!header.contains("yishi_bundle")) {
    LineReader(path, 1).fail(_("not a yishi bundle: its first line has no \"yishi_bundle\""));
  }
  if (!seal.contains("sha256")) {
    throw DataError(_f("{}: the bundle is cut short: its last line is not its seal", path),
                    _("copy the bundle from the village again, or make it again: yishi district bundle -o FILE"));
  }
  Bundle b;
  b.digest = storage::sha256_hex(text);
  if (!seal["sha256"].is_string() || seal["sha256"].get<std::string>() != b.digest) {
    throw DataError(_f("{}: the bundle was changed after it was made: its seal does not match its lines", path),
                    _("take no records from it; make a new bundle from the village's database"));
  }
  if (header["yishi_bundle"] != 1) {
    LineReader(path, 1).fail(_("a bundle of a newer yishi: use a newer yishi at the district"));
  }
  try {
    const Json& v = header.at("village");
    b.village = VillageId{v.at("code").get<std::string>(), v.at("name").get<std::string>(),
                          v.at("township").get<std::string>(), v.at("township_code").get<std::string>()};
    b.made_at = header.at("made_at").get<std::string>();
    b.chain.genesis = from_hex(header.at("genesis").get<std::string>());
    b.chain.prev = from_hex(header.at("prev").get<std::string>());
    b.chain.head_entry = header.at("head_entry").get<long>();
    b.chain.head_hash = from_hex(header.at("head").get<std::string>());
  } catch (const Json::exception& e) {
    LineReader(path, 1).fail(_f("the header is incomplete ({})", e.what()));
  }
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    Json j = parse(i);
    LineReader r(path, i + 1);
    if (j.contains("batch")) {
      const Json& a = j["batch"];
      b.chain.batches.push_back(storage::ChainBatch{r.integer(a, 0), r.text(a, 1), r.text(a, 2), r.text(a, 3)});
    } else if (j.contains("entry")) {
      const Json& a = j["entry"];
      storage::ChainEntry e{r.integer(a, 0), r.integer(a, 1),    r.text(a, 2), static_cast<int>(r.integer(a, 3)),
                            r.integer(a, 4), r.maybe_text(a, 5), r.hash(a, 6), r.hash(a, 7)};
      if (e.op < 0 || e.op > 3) {
        r.fail(_f("entry {} has no operation {}", e.id, e.op));
      }
      b.chain.entries.push_back(std::move(e));
    } else if (j.contains("row")) {
      const Json& a = j["row"];
      b.rows.push_back(BundleRow{r.text(a, 0), r.integer(a, 1), r.maybe_text(a, 2)});
    } else {
      r.fail(_("not a batch, an entry or a row"));
    }
  }
  if (header.value("entries", -1L) != static_cast<long>(b.chain.entries.size()) ||
      header.value("rows", -1L) != static_cast<long>(b.rows.size())) {
    LineReader(path, 1).fail(_("the bundle holds fewer or more entries or rows than its header says"));
  }
  return b;
}

} // namespace yishi::district
