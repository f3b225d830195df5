#include "district.hpp"

#include "core/rules/division.hpp"
#include "core/storage/history.hpp"

#include <SQLiteCpp/Statement.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace yishi::district {
namespace {

using storage::to_hex;

struct Step {
  int version;
  const char* statements;
};

// The district's schema, step by step, in the schema "yishi". Each village's rows are kept as the history
// hashed them (JSON), in one table partitioned by the village table they come from.
const std::vector<Step>& steps() {
  static const std::vector<Step> all = {
      {1, R"sql(
-- Each village that reported, and the head of its history the district holds: a push must extend it.
CREATE TABLE village (
  code TEXT PRIMARY KEY CHECK (length(code) = 12),
  name TEXT NOT NULL,
  township TEXT NOT NULL,
  township_code TEXT NOT NULL,
  genesis BYTEA NOT NULL,          -- where the village's chain starts
  head_entry BIGINT NOT NULL DEFAULT 0,
  head_hash BYTEA NOT NULL,
  first_push TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_push TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Every push and every bundle taken in, with the head it reached: the anchor outside the village's file.
CREATE TABLE push (
  id BIGSERIAL PRIMARY KEY,
  village TEXT NOT NULL REFERENCES village(code),
  at TIMESTAMPTZ NOT NULL DEFAULT now(),
  via TEXT NOT NULL CHECK (via IN ('push', 'bundle')),
  source TEXT NOT NULL,            -- the sender (push) or the file (bundle)
  made_at TEXT NOT NULL,           -- the village's clock when it was sent or made
  first_entry BIGINT NOT NULL,
  head_entry BIGINT NOT NULL,
  head_hash BYTEA NOT NULL,
  entries BIGINT NOT NULL,
  rows BIGINT NOT NULL,
  digest TEXT NOT NULL DEFAULT ''  -- a bundle's SHA-256
);
CREATE INDEX push_by_village ON push (village, id);
-- The villages' histories, entry for entry, as they chained them.
CREATE TABLE batch (
  village TEXT NOT NULL REFERENCES village(code),
  id BIGINT NOT NULL,
  at TEXT NOT NULL,
  operator TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (village, id)
);
CREATE TABLE entry (
  village TEXT NOT NULL REFERENCES village(code),
  id BIGINT NOT NULL,
  batch BIGINT NOT NULL,
  tbl TEXT NOT NULL,
  op SMALLINT NOT NULL CHECK (op BETWEEN 0 AND 3),
  row_id BIGINT NOT NULL,
  change TEXT,
  row_hash BYTEA NOT NULL,
  hash BYTEA NOT NULL,
  PRIMARY KEY (village, id)
);
-- The villages' rows as they are after the last push, by village table.
CREATE TABLE record (
  village TEXT NOT NULL,
  tbl TEXT NOT NULL,
  row_id BIGINT NOT NULL,
  data JSONB NOT NULL,
  PRIMARY KEY (village, tbl, row_id)
) PARTITION BY LIST (tbl);
CREATE TABLE record_proposal PARTITION OF record FOR VALUES IN ('proposal');
CREATE TABLE record_session PARTITION OF record FOR VALUES IN ('session');
CREATE TABLE record_agenda_item PARTITION OF record FOR VALUES IN ('agenda_item');
CREATE TABLE record_motion PARTITION OF record FOR VALUES IN ('motion');
CREATE TABLE record_vote PARTITION OF record FOR VALUES IN ('vote');
CREATE TABLE record_ruling PARTITION OF record FOR VALUES IN ('ruling');
CREATE TABLE record_notice PARTITION OF record FOR VALUES IN ('notice');
CREATE TABLE record_objection PARTITION OF record FOR VALUES IN ('objection');
CREATE TABLE record_recommendation PARTITION OF record FOR VALUES IN ('recommendation');
CREATE TABLE record_village PARTITION OF record FOR VALUES IN ('village', 'village_group');
CREATE TABLE record_other PARTITION OF record DEFAULT;
-- The columns of the villages' proposals the report counts, typed (kept with record by every push).
CREATE TABLE proposal_fact (
  village TEXT COLLATE "C" NOT NULL,
  id BIGINT NOT NULL,
  submitted_on TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,
  channel TEXT COLLATE "C" NOT NULL,
  tier TEXT COLLATE "C" NOT NULL,
  group_id BIGINT,
  PRIMARY KEY (village, id)
);
-- What the district refused: a village whose history no longer extends what it reported.
CREATE TABLE incident (
  id BIGSERIAL PRIMARY KEY,
  village TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT now(),
  kind TEXT NOT NULL CHECK (kind IN ('rewritten', 'truncated', 'forked')),
  entry BIGINT NOT NULL,           -- the first entry that differs (or is missing)
  source TEXT NOT NULL,
  detail TEXT NOT NULL
);
)sql"},
  };
  return all;
}

// Ends a failed transaction; on a connection that is gone, the server has rolled it back already.
void roll_back(PgConnection& pg) {
  try {
    pg.exec("ROLLBACK");
  } catch (const PgError&) {
  }
}

} // namespace

int district_schema_version() {
  return steps().back().version;
}

void prepare(PgConnection& pg) {
  pg.exec("BEGIN");
  try {
    pg.exec("SELECT pg_advisory_xact_lock(7273184)"); // one process migrates at a time
    pg.exec("CREATE SCHEMA IF NOT EXISTS yishi");
    pg.exec("SET LOCAL search_path = yishi");
    pg.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    PgResult v = pg.query("SELECT max(version) FROM schema_version");
    const int current = static_cast<int>(v.integer(0, 0));
    if (current > district_schema_version()) {
      throw Error(_f("the district's database {} has schema version {}, newer than this yishi's {}", pg.where(),
                     current, district_schema_version()),
                  _("use a newer yishi at the district"));
    }
    for (const auto& step : steps()) {
      if (step.version > current) {
        pg.exec(step.statements);
        pg.exec(fmt::format("INSERT INTO schema_version VALUES ({})", step.version));
      }
    }
    pg.exec("COMMIT");
  } catch (...) {
    roll_back(pg);
    throw;
  }
  pg.exec("SET search_path = yishi");
}

namespace {

// The district's state for one village, read under its row's lock.
struct Held {
  bool known = false;
  long head = 0;
  std::string head_hash, genesis;
};

Held lock_village(PgConnection& pg, const VillageId& v, const std::string& genesis) {
  pg.query("INSERT INTO village (code, name, township, township_code, genesis, head_hash) VALUES ($1, $2, $3, $4, "
           "$5, $5) ON CONFLICT (code) DO NOTHING",
           {v.code, v.name, v.township, v.township_code, pg_bytea(genesis)});
  PgResult r = pg.query("SELECT head_entry, head_hash, genesis, (SELECT count(*) FROM push WHERE village = $1) FROM "
                        "village WHERE code = $1 FOR UPDATE",
                        {v.code});
  Held h;
  h.head = r.integer(0, 0);
  h.head_hash = r.bytes(0, 1);
  h.genesis = r.bytes(0, 2);
  h.known = r.integer(0, 3) > 0;
  return h;
}

// A refusal to record: what kind, the first entry that differs, and what to say.
struct Refusal {
  std::string kind;
  long entry = 0;
  std::string detail;
};

[[noreturn]] void refuse(PgConnection& pg, const VillageId& v, const Refusal& r, const std::string& source) {
  roll_back(pg);
  PgResult id = pg.query("INSERT INTO incident (village, kind, entry, source, detail) VALUES ($1, $2, $3, $4, $5) "
                         "RETURNING id",
                         {v.code, r.kind, std::to_string(r.entry), source, r.detail});
  const long incident = id.integer(0, 0);
  throw HistoryRefused(
      _f("the district refuses village {} {}: {} (entry {}); recorded as incident {}", v.code, v.name, r.detail,
         r.entry, incident),
      _("the village's history no longer extends what it reported: keep its file as evidence and tell the district "
        "office; yishi verify --district shows where it parts"),
      incident);
}

std::string district_hash(PgConnection& pg, const std::string& village, long entry) {
  PgResult r = pg.query("SELECT hash FROM entry WHERE village = $1 AND id = $2", {village, std::to_string(entry)});
  return r.rows() == 0 ? std::string() : r.bytes(0, 0);
}

// Checks a bundle on its own: ids follow, every hash follows from the one before, the rows are the ones its
// entries leave. Any failure means it was edited (or made by something other than yishi).
void check_bundle(const Bundle& b, const std::string& what) {
  try {
    check_village_code(b.village.code);
  } catch (const DataError& e) {
    throw DataError(_f("{}: village code {}", what, e.what()), e.hint());
  }
  const std::string edited = _("take no records from it; make a new bundle from the village's database");
  std::map<long, const storage::ChainBatch*> batches;
  for (const auto& batch : b.chain.batches) {
    batches[batch.id] = &batch;
  }
  std::string prev = b.chain.prev;
  long expected = b.first();
  if (expected == 1 && prev != b.chain.genesis) {
    throw DataError(_f("{}: its first entry does not start the village's chain", what), edited);
  }
  std::map<std::pair<std::string, long>, const storage::ChainEntry*> last_of;
  for (const auto& e : b.chain.entries) {
    if (e.id != expected) {
      throw DataError(_f("{}: entry {} follows entry {}: entries are missing", what, e.id, expected - 1), edited);
    }
    auto batch = batches.find(e.batch);
    if (batch == batches.end()) {
      throw DataError(_f("{}: entry {} names batch {}, which it does not hold", what, e.id, e.batch), edited);
    }
    if (storage::chain_hash_of(prev, e, *batch->second) != e.hash) {
      throw DataError(
          _f("{}: entry {} ({} row {}) does not follow from the one before: it was edited", what, e.id, e.table, e.row),
          edited);
    }
    if (e.op == 2 && storage::sha256_bytes(e.change.value_or("")) != e.row_hash) {
      throw DataError(_f("{}: entry {} deletes a row other than the one it kept", what, e.id), edited);
    }
    prev = e.hash;
    ++expected;
    last_of[{e.table, e.row}] = &e;
  }
  if (b.last() != b.chain.head_entry || prev != b.chain.head_hash) {
    throw DataError(_f("{}: its entries do not end at the head it names (entry {})", what, b.chain.head_entry), edited);
  }
  if (b.rows.size() != last_of.size()) {
    throw DataError(_f("{}: it holds {} rows for the {} its entries touch", what, b.rows.size(), last_of.size()),
                    edited);
  }
  for (const auto& r : b.rows) {
    auto it = last_of.find({r.table, r.row});
    if (it == last_of.end()) {
      throw DataError(_f("{}: row {} of {} is not one its entries touch", what, r.row, r.table), edited);
    }
    const storage::ChainEntry& e = *it->second;
    const bool deleted = e.op == 2;
    if (deleted != !r.content || (r.content && storage::sha256_bytes(*r.content) != e.row_hash)) {
      throw DataError(
          _f("{}: row {} of {} is not the row its entry {} hashed: it was edited", what, r.row, r.table, e.id), edited);
    }
  }
}

// The entry at which the village's history parts from the district's, between `from` and `to` (where they
// differ). Each differs from there on: every hash covers the one before.
template <typename Local>
long first_difference(PgConnection& pg, const std::string& village, long from, long to, Local local) {
  long lo = from;
  long hi = to;
  while (lo < hi) {
    const long mid = lo + (hi - lo) / 2;
    if (local(mid) == district_hash(pg, village, mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Writes a checked bundle's news under the village's lock; the caller commits.
Taken take(PgConnection& pg, const Bundle& b, const Held& held, const std::string& via, const std::string& source,
           const std::string& digest) {
  Taken t;
  t.village = b.village.code;
  t.last = std::max(held.head, b.last());
  t.head = b.last() > held.head ? b.chain.head_hash : held.head_hash;
  if (b.last() <= held.head) {
    t.last = held.head;
    return t;
  }
  // Batches and entries the district does not hold yet.
  pg.exec("CREATE TEMP TABLE IF NOT EXISTS incoming_batch (id BIGINT, at TEXT, operator TEXT, note TEXT) ON COMMIT "
          "DELETE ROWS");
  pg.exec("CREATE TEMP TABLE IF NOT EXISTS incoming_row (tbl TEXT, row_id BIGINT, data TEXT) ON COMMIT DELETE ROWS");
  std::set<long> needed;
  {
    auto copy = pg.copy("entry", "village, id, batch, tbl, op, row_id, change, row_hash, hash");
    for (const auto& e : b.chain.entries) {
      if (e.id <= held.head) {
        continue;
      }
      needed.insert(e.batch);
      const std::string id = std::to_string(e.id);
      const std::string batch = std::to_string(e.batch);
      const std::string op = std::to_string(e.op);
      const std::string row = std::to_string(e.row);
      const std::string row_hash = pg_bytea(e.row_hash);
      const std::string hash = pg_bytea(e.hash);
      std::optional<std::string_view> change;
      if (e.change) {
        change = *e.change;
      }
      copy.row({b.village.code, id, batch, e.table, op, row, change, row_hash, hash});
      ++t.entries;
    }
    copy.finish();
  }
  {
    auto copy = pg.copy("incoming_batch", "id, at, operator, note");
    for (const auto& batch : b.chain.batches) {
      if (needed.count(batch.id) > 0) {
        copy.row({std::to_string(batch.id), batch.at, batch.operator_name, batch.note});
      }
    }
    copy.finish();
  }
  pg.query("INSERT INTO batch (village, id, at, operator, note) SELECT $1, id, at, operator, note FROM incoming_batch "
           "ON CONFLICT (village, id) DO NOTHING",
           {b.village.code});
  {
    auto copy = pg.copy("incoming_row", "tbl, row_id, data");
    for (const auto& r : b.rows) {
      std::optional<std::string_view> data;
      if (r.content) {
        data = *r.content;
      }
      copy.row({r.table, std::to_string(r.row), data});
    }
    copy.finish();
  }
  pg.query("DELETE FROM record r USING incoming_row i WHERE r.village = $1 AND r.tbl = i.tbl AND r.row_id = i.row_id",
           {b.village.code});
  pg.query("INSERT INTO record (village, tbl, row_id, data) SELECT $1, tbl, row_id, data::jsonb FROM incoming_row "
           "WHERE data IS NOT NULL",
           {b.village.code});
  pg.query("DELETE FROM proposal_fact f USING incoming_row i WHERE f.village = $1 AND i.tbl = 'proposal' AND "
           "f.id = i.row_id",
           {b.village.code});
  pg.query("INSERT INTO proposal_fact (village, id, submitted_on, status, channel, tier, group_id) SELECT $1, row_id, "
           "j->>'submitted_on', j->>'status', j->>'channel', j->>'tier', (j->>'group_id')::bigint FROM (SELECT row_id, "
           "data::jsonb AS j FROM incoming_row WHERE tbl = 'proposal' AND data IS NOT NULL) x",
           {b.village.code});
  t.rows = static_cast<long>(b.rows.size());
  t.first = held.head + 1;
  pg.query("UPDATE village SET name = $2, township = $3, township_code = $4, head_entry = $5, head_hash = $6, "
           "last_push = now() WHERE code = $1",
           {b.village.code, b.village.name, b.village.township, b.village.township_code, std::to_string(b.last()),
            pg_bytea(b.chain.head_hash)});
  pg.query("INSERT INTO push (village, via, source, made_at, first_entry, head_entry, head_hash, entries, rows, "
           "digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
           {b.village.code, via, source, b.made_at, std::to_string(t.first), std::to_string(b.last()),
            pg_bytea(b.chain.head_hash), std::to_string(t.entries), std::to_string(t.rows), digest});
  return t;
}

} // namespace

Taken push(PgConnection& pg, SQLite::Database& db, const std::string& at, const std::string& source) {
  const VillageId v = village_id(db);
  // Nothing new: the district's head is the village's. Said so without reading the whole history.
  {
    const auto [entry, hash] = storage::history_head(db);
    PgResult r = pg.query("SELECT head_entry, head_hash FROM village WHERE code = $1", {v.code});
    if (r.rows() == 1 && r.integer(0, 0) == entry && r.bytes(0, 1) == hash) {
      return Taken{v.code, 0, entry, 0, 0, hash};
    }
  }
  // The whole history is verified first: the district takes nothing the village's own verify would fail.
  storage::ChainSince all = storage::chain_since(db, 0);
  const long first = all.entries.empty() ? all.head_entry + 1 : all.entries.front().id;
  auto local_hash = [&](long id) -> std::string {
    if (id < first - 1 || id > all.head_entry) {
      return {};
    }
    return id == first - 1 ? all.genesis : all.entries[static_cast<size_t>(id - first)].hash;
  };
  pg.exec("BEGIN");
  try {
    Held held = lock_village(pg, v, all.genesis);
    if (held.known && held.genesis != all.genesis) {
      refuse(pg, v, Refusal{"forked", first, _("its history starts from another beginning than the one it reported")},
             source);
    }
    if (held.known && held.head > all.head_entry) {
      refuse(pg, v,
             Refusal{"truncated", all.head_entry + 1,
                     _f("its history ends at entry {}, but it reported up to entry {}", all.head_entry, held.head)},
             source);
    }
    if (held.known && local_hash(held.head) != held.head_hash) {
      const long d = first_difference(pg, v.code, first, held.head, local_hash);
      refuse(pg, v,
             Refusal{"rewritten", d,
                     _f("its entry {} differs from the one it reported: its history was rewritten from there", d)},
             source);
    }
    Bundle b = bundle_after(db, std::move(all), held.known ? held.head : 0, at);
    check_bundle(b, _("the push"));
    Taken t = take(pg, b, held, "push", source, "");
    pg.exec("COMMIT");
    return t;
  } catch (const HistoryRefused&) {
    throw; // refuse() rolled back and recorded the incident
  } catch (...) {
    roll_back(pg);
    throw;
  }
}

Taken ingest(PgConnection& pg, const Bundle& b, const std::string& file) {
  check_bundle(b, file);
  pg.exec("BEGIN");
  try {
    Held held = lock_village(pg, b.village, b.chain.genesis);
    const std::string source = file;
    if (held.known && held.genesis != b.chain.genesis) {
      refuse(pg, b.village,
             Refusal{"forked", b.first(), _("its history starts from another beginning than the one it reported")},
             source);
    }
    if (!held.known && b.chain.prev != b.chain.genesis) {
      throw RuleViolation(
          _f("{}: the district holds nothing of village {} yet, and the bundle starts at entry {}", file,
             b.village.code, b.first()),
          _("make a bundle of the whole history at the village: yishi district bundle --since 0 -o FILE"));
    }
    if (held.known && b.first() > held.head + 1) {
      throw RuleViolation(
          _f("{}: the bundle starts at entry {}, but the district holds village {} only up to entry {}", file,
             b.first(), b.village.code, held.head),
          _f("make a bundle from there at the village: yishi district bundle --since {} -o FILE", held.head));
    }
    if (held.known) {
      // Where the bundle and the district overlap, every entry must be the one the district holds.
      const long to = std::min(held.head, b.last());
      PgResult r = pg.query("SELECT id, hash FROM entry WHERE village = $1 AND id BETWEEN $2 AND $3 ORDER BY id",
                            {b.village.code, std::to_string(b.first() - 1), std::to_string(to)});
      std::map<long, std::string> held_hashes;
      for (int i = 0; i < r.rows(); ++i) {
        held_hashes[r.integer(i, 0)] = r.bytes(i, 1);
      }
      auto differs = [&](long id, const std::string& hash) {
        auto it = held_hashes.find(id);
        return it != held_hashes.end() && it->second != hash;
      };
      if (differs(b.first() - 1, b.chain.prev)) {
        refuse(pg, b.village,
               Refusal{"rewritten", b.first() - 1,
                       _f("the entries before entry {} differ from the ones it reported", b.first())},
               source);
      }
      for (const auto& e : b.chain.entries) {
        if (e.id > to) {
          break;
        }
        if (differs(e.id, e.hash)) {
          refuse(
              pg, b.village,
              Refusal{"rewritten", e.id,
                      _f("its entry {} differs from the one it reported: its history was rewritten from there", e.id)},
              source);
        }
      }
    }
    Taken t = take(pg, b, held, "bundle", source, b.digest);
    pg.exec("COMMIT");
    return t;
  } catch (const HistoryRefused&) {
    throw;
  } catch (...) {
    roll_back(pg);
    throw;
  }
}

void note_sent(SQLite::Database& village, const Sent& s) {
  SQLite::Statement q(village, "INSERT INTO history_push (at, kind, target, village, first_entry, entry, hash) VALUES "
                               "(?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, s.at);
  q.bind(2, s.kind);
  q.bind(3, s.target);
  q.bind(4, s.village);
  q.bind(5, static_cast<int64_t>(s.first));
  q.bind(6, static_cast<int64_t>(s.last));
  q.bind(7, s.hash.data(), static_cast<int>(s.hash.size()));
  q.exec();
}

long last_sent(SQLite::Database& village) {
  return village.execAndGet("SELECT COALESCE(max(entry), 0) FROM history_push").getInt64();
}

std::vector<storage::Tamper> verify_against_district(PgConnection& pg, SQLite::Database& db) {
  const VillageId v = village_id(db);
  std::vector<storage::Tamper> out = storage::verify_history(db);
  PgResult heads = pg.query("SELECT head_entry, head_hash, to_char(at, 'YYYY-MM-DD HH24:MI'), via FROM push WHERE "
                            "village = $1 ORDER BY id",
                            {v.code});
  if (heads.rows() == 0) {
    throw NotFound(_f("the district {} holds nothing of village {} {}", pg.where(), v.code, v.name),
                   _("push first: yishi district push"));
  }
  std::map<long, std::string> local;
  {
    SQLite::Statement q(db, "SELECT id, hash FROM main.history");
    while (q.executeStep()) {
      local[q.getColumn(0).getInt64()] = q.getColumn(1).getString();
    }
  }
  long parted = 0; // the latest head the village's file no longer holds as reported
  for (int i = 0; i < heads.rows(); ++i) {
    const long entry = heads.integer(i, 0);
    const std::string hash = heads.bytes(i, 1);
    auto it = local.find(entry);
    if (it == local.end()) {
      out.push_back(storage::Tamper{"history", entry, _("missing: the district holds it"),
                                    _f("reported by {} on {}", heads.text(i, 3), heads.text(i, 2))});
      parted = entry;
    } else if (it->second != hash) {
      out.push_back(storage::Tamper{"history", entry, _("differs from what the district holds"),
                                    _f("reported by {} on {}", heads.text(i, 3), heads.text(i, 2))});
      parted = entry;
    }
  }
  if (parted != 0 && !local.empty()) {
    auto local_hash = [&](long id) {
      auto it = local.find(id);
      return it == local.end() ? std::string() : it->second;
    };
    const long d = first_difference(pg, v.code, local.begin()->first, parted, local_hash);
    out.push_back(storage::Tamper{"history", d, _("the first entry that differs from the district's"),
                                  _("the history from here on is not the one the village reported")});
  }
  return out;
}

const char* const k_report_settings = "SET work_mem = '64MB'";

const std::string& report_query() {
  // The figures compute_report() counts in a village's SQLite (core/records/report.cpp), for every village,
  // township and the district at once. Text compares as SQLite's does (COLLATE "C"); days as SQLite's
  // CAST(julianday(a) - julianday(b) AS INTEGER) has them; medians and 90th percentiles as figures.cpp.
  // Each unit (village, township, district) is keyed by one text (ukey), so that every join is a hash join.
  static const std::string sql = R"sql(
WITH v AS (
  SELECT code, name, township, township_code FROM village
  WHERE $4::text IS NULL OR township = $4 OR township_code = $4
),
grp AS (SELECT village, row_id AS id, data->>'name' AS name FROM record WHERE tbl = 'village_group'),
-- The period's proposals in one pass, as the village's report counts them; their groups named after.
pc0 AS (
  SELECT p.village, substr(p.submitted_on, 1, 7) AS month, p.status, p.channel, p.tier, p.group_id, count(*) AS n
  FROM proposal_fact p JOIN v ON v.code = p.village
  WHERE p.submitted_on BETWEEN $1 AND $2
  GROUP BY 1, 2, 3, 4, 5, 6
),
pc AS (
  SELECT pc0.village, pc0.month, pc0.status, pc0.channel, pc0.tier, COALESCE(grp.name, '') AS group_name, pc0.n
  FROM pc0 LEFT JOIN grp ON grp.village = pc0.village AND grp.id = pc0.group_id
),
voted AS (
  SELECT DISTINCT a.village, (a.data->>'session_id')::bigint AS session_id
  FROM record a
  JOIN record m ON m.tbl = 'motion' AND m.village = a.village AND (m.data->>'agenda_item_id')::bigint = a.row_id
  JOIN record vt ON vt.tbl = 'vote' AND vt.village = m.village AND (vt.data->>'motion_id')::bigint = m.row_id
  WHERE a.tbl = 'agenda_item'
),
held AS (
  SELECT s.village, count(*) AS n
  FROM record s JOIN v ON v.code = s.village
  LEFT JOIN voted ON voted.village = s.village AND voted.session_id = s.row_id
  WHERE s.tbl = 'session' AND (s.data->>'starts_at') COLLATE "C" BETWEEN $1 AND $2 || 'T23:59:59'
    AND (s.data->>'status' = 'closed' OR voted.session_id IS NOT NULL)
  GROUP BY s.village
),
ru AS (
  SELECT r.village, (r.data->>'ruled_on') COLLATE "C" AS ruled_on, (r.data->>'completed_on') COLLATE "C" AS completed_on,
         (r.data->>'deadline') COLLATE "C" AS deadline, p.submitted_on
  FROM record r JOIN v ON v.code = r.village
  JOIN proposal_fact p ON p.village = r.village AND p.id = (r.data->>'proposal_id')::bigint
  WHERE r.tbl = 'ruling' AND r.data->>'set_aside_on' IS NULL
),
rf AS (
  SELECT village,
         COALESCE(ruled_on BETWEEN $1 AND $2, false) AS ruled_in,
         trunc(extract(epoch FROM ruled_on::timestamp - submitted_on::timestamp) / 86400)::bigint AS to_ruling,
         COALESCE(completed_on BETWEEN $1 AND $2, false) AS completed_in,
         trunc(extract(epoch FROM completed_on::timestamp - submitted_on::timestamp) / 86400)::bigint AS to_completion,
         COALESCE(completed_on IS NULL AND deadline < $3, false) AS overdue
  FROM ru
  WHERE ruled_on BETWEEN $1 AND $2 OR completed_on BETWEEN $1 AND $2 OR (completed_on IS NULL AND deadline < $3)
),
esc AS (
  SELECT rc.village, count(*) AS n
  FROM record rc JOIN v ON v.code = rc.village
  JOIN proposal_fact p ON p.village = rc.village AND p.id = (rc.data->>'proposal_id')::bigint
  WHERE rc.tbl = 'recommendation' AND (rc.data->>'made_on') COLLATE "C" BETWEEN $1 AND $2
  GROUP BY rc.village
),
objected AS MATERIALIZED (
  SELECT o.village, o.data->>'answer' AS answer, (n.data->>'proposal_id')::bigint AS proposal_id
  FROM record o
  JOIN record n ON n.tbl = 'notice' AND n.village = o.village AND n.row_id = (o.data->>'notice_id')::bigint
  WHERE o.tbl = 'objection' AND (o.data->>'made_on') COLLATE "C" BETWEEN $1 AND $2
),
obj AS (
  SELECT o.village, count(*) AS n, count(*) FILTER (WHERE o.answer = 'upheld') AS upheld
  FROM objected o JOIN v ON v.code = o.village JOIN proposal_fact p ON p.village = o.village AND p.id = o.proposal_id
  GROUP BY o.village
),
facts (village, figure, key, n) AS (
  SELECT village, 'collected', '', sum(n) FROM pc GROUP BY village
  UNION ALL SELECT village, 'by_channel', channel, sum(n) FROM pc GROUP BY village, channel
  UNION ALL SELECT village, 'by_tier', tier, sum(n) FROM pc GROUP BY village, tier
  UNION ALL SELECT village, 'by_group', group_name, sum(n) FROM pc GROUP BY village, group_name
  UNION ALL SELECT village, 'month', status || ' ' || month, sum(n) FROM pc GROUP BY village, status, month
  UNION ALL SELECT village, 'sessions_held', '', n FROM held
  UNION ALL SELECT village, 'rulings', '', count(*) FROM rf WHERE ruled_in GROUP BY village
  UNION ALL SELECT village, 'resolved', '', count(*) FROM rf WHERE completed_in GROUP BY village
  UNION ALL SELECT village, 'overdue', '', count(*) FROM rf WHERE overdue GROUP BY village
  UNION ALL SELECT village, 'escalations', '', n FROM esc
  UNION ALL SELECT village, 'objections', '', n FROM obj
  UNION ALL SELECT village, 'objections_upheld', '', upheld FROM obj
),
days (village, kind, d) AS (
  SELECT village, 'days_to_ruling', to_ruling FROM rf WHERE ruled_in
  UNION ALL SELECT village, 'days_to_completion', to_completion FROM rf WHERE completed_in
),
agg AS MATERIALIZED (
  SELECT CASE GROUPING(v.township_code, f.village) WHEN 0 THEN 'village' WHEN 1 THEN 'township' ELSE 'district' END
           || '|' || COALESCE(v.township_code, '') || '|' || COALESCE(f.village, '') AS ukey,
         f.figure, f.key, sum(f.n)::bigint AS n
  FROM facts f JOIN v ON v.code = f.village
  GROUP BY GROUPING SETS ((v.township_code, f.village, f.figure, f.key), (v.township_code, f.figure, f.key),
                          (f.figure, f.key))
),
dagg AS (
  SELECT CASE GROUPING(v.township_code, d.village) WHEN 0 THEN 'village' WHEN 1 THEN 'township' ELSE 'district' END
           || '|' || COALESCE(v.township_code, '') || '|' || COALESCE(d.village, '') AS ukey,
         d.kind, count(*) AS n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY d.d) AS median,
         percentile_disc(0.9) WITHIN GROUP (ORDER BY d.d) AS p90
  FROM days d JOIN v ON v.code = d.village
  GROUP BY GROUPING SETS ((v.township_code, d.village, d.kind), (v.township_code, d.kind), (d.kind))
),
months AS (
  SELECT to_char(m, 'YYYY-MM') AS month, row_number() OVER (ORDER BY m) AS i
  FROM generate_series($1::date, $2::date, interval '1 month') m
),
scalars AS (
  SELECT ukey, jsonb_object_agg(figure, n) AS j FROM agg
  WHERE figure NOT IN ('by_channel', 'by_tier', 'by_group', 'month') GROUP BY ukey
),
maps AS (
  SELECT ukey, jsonb_object_agg(key, n) FILTER (WHERE figure = 'by_channel') AS by_channel,
         jsonb_object_agg(key, n) FILTER (WHERE figure = 'by_tier') AS by_tier,
         jsonb_object_agg(key, n) FILTER (WHERE figure = 'by_group') AS by_group
  FROM agg WHERE figure IN ('by_channel', 'by_tier', 'by_group') GROUP BY ukey
),
series AS (
  SELECT us.ukey, us.status, jsonb_agg(COALESCE(a.n, 0) ORDER BY mo.i) AS counts
  FROM (SELECT DISTINCT ukey, split_part(key, ' ', 1) AS status FROM agg WHERE figure = 'month') us
  CROSS JOIN months mo
  LEFT JOIN agg a ON a.ukey = us.ukey AND a.figure = 'month' AND a.key = us.status || ' ' || mo.month
  GROUP BY us.ukey, us.status
),
month_status AS (SELECT ukey, jsonb_object_agg(status, counts) AS j FROM series GROUP BY ukey),
day_figures AS (
  SELECT ukey, jsonb_object_agg(kind, jsonb_build_object('count', n, 'median', median, 'p90', p90)) AS j
  FROM dagg GROUP BY ukey
),
units AS (
  SELECT 'village' AS level, township_code, township, code AS village, name FROM v
  UNION ALL SELECT 'township', township_code, max(township), NULL, NULL FROM v GROUP BY township_code
  UNION ALL SELECT 'district', NULL, NULL, NULL, NULL
)
SELECT u.level, u.township_code, u.township, u.village, u.name,
  '{"collected": 0, "sessions_held": 0, "rulings": 0, "resolved": 0, "escalations": 0, "objections": 0,
    "objections_upheld": 0, "overdue": 0}'::jsonb
  || COALESCE(scalars.j, '{}')
  || jsonb_build_object(
    'by_channel', COALESCE(maps.by_channel, '{}'),
    'by_tier', COALESCE(maps.by_tier, '{}'),
    'by_group', COALESCE(maps.by_group, '{}'),
    'days_to_ruling', COALESCE(day_figures.j->'days_to_ruling', '{"count": 0, "median": null, "p90": null}'),
    'days_to_completion', COALESCE(day_figures.j->'days_to_completion', '{"count": 0, "median": null, "p90": null}'),
    'months', (SELECT COALESCE(jsonb_agg(month ORDER BY i), '[]') FROM months),
    'month_status', COALESCE(month_status.j, '{}')) AS figures
FROM (SELECT *, level || '|' || COALESCE(township_code, '') || '|' || COALESCE(village, '') AS ukey FROM units) u
LEFT JOIN scalars USING (ukey)
LEFT JOIN maps USING (ukey)
LEFT JOIN month_status USING (ukey)
LEFT JOIN day_figures USING (ukey)
ORDER BY u.township_code NULLS LAST, u.level = 'township', u.village
)sql";
  return sql;
}

namespace {

ReportFigures figures_of(const nlohmann::json& j, const Period& period) {
  ReportFigures f;
  f.period = period;
  f.collected = j.at("collected").get<long>();
  f.sessions_held = j.at("sessions_held").get<long>();
  f.rulings = j.at("rulings").get<long>();
  f.resolved = j.at("resolved").get<long>();
  f.escalations = j.at("escalations").get<long>();
  f.objections = j.at("objections").get<long>();
  f.objections_upheld = j.at("objections_upheld").get<long>();
  f.overdue = j.at("overdue").get<long>();
  f.by_channel = j.at("by_channel").get<std::map<std::string, long>>();
  f.by_tier = j.at("by_tier").get<std::map<std::string, long>>();
  f.by_group = j.at("by_group").get<std::map<std::string, long>>();
  auto days = [](const nlohmann::json& d) {
    DayFigures out;
    out.count = d.at("count").get<long>();
    if (!d.at("median").is_null()) {
      out.median = d.at("median").get<double>();
    }
    if (!d.at("p90").is_null()) {
      out.p90 = d.at("p90").get<long>();
    }
    return out;
  };
  f.to_ruling = days(j.at("days_to_ruling"));
  f.to_completion = days(j.at("days_to_completion"));
  f.months = j.at("months").get<std::vector<std::string>>();
  f.month_status = j.at("month_status").get<std::map<std::string, std::vector<long>>>();
  return f;
}

} // namespace

std::vector<ReportLine> district_report(PgConnection& pg, const Period& period, Date today,
                                        const std::string& township) {
  const std::string cutoff = format_iso(std::min(today, period.to));
  std::optional<std::string> filter;
  if (!township.empty()) {
    filter = township;
  }
  // The period's proposals are grouped in memory (a county's are a few hundred thousand rows a year).
  pg.exec(k_report_settings);
  PgResult r = pg.query(report_query(), {format_iso(period.from), format_iso(period.to), cutoff, filter});
  std::vector<ReportLine> out;
  for (int i = 0; i < r.rows(); ++i) {
    ReportLine line{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), {}};
    line.figures = figures_of(nlohmann::json::parse(r.text(i, 5)), period);
    out.push_back(std::move(line));
  }
  if (!township.empty() && out.size() <= 1) {
    throw NotFound(_f("the district {} holds no village of township {}", pg.where(), township),
                   _("name the township as its villages reported it (name or 9-digit code): yishi district status"));
  }
  return out;
}

Due district_due(PgConnection& pg, Date today, int within) {
  Due due;
  const std::string day = format_iso(today);
  PgResult r = pg.query(
      R"sql(SELECT v.township, v.name, v.code, (p.data->>'year') || '-' || lpad(p.data->>'seq', 3, '0'),
                   p.data->>'title', r.data->>'responsible', r.data->>'deadline',
                   (($1::text)::date - (r.data->>'deadline')::date)
            FROM record r JOIN village v ON v.code = r.village
            JOIN record p ON p.tbl = 'proposal' AND p.village = r.village AND p.row_id = (r.data->>'proposal_id')::bigint
            WHERE r.tbl = 'ruling' AND r.data->>'set_aside_on' IS NULL AND r.data->>'completed_on' IS NULL
              AND (r.data->>'deadline') COLLATE "C" < $1::text
            ORDER BY 8 DESC, v.township_code, v.code)sql",
      {day});
  for (int i = 0; i < r.rows(); ++i) {
    due.rulings.push_back(DueRuling{r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                                    date_from_iso(r.text(i, 6)), r.integer(i, 7)});
  }
  PgResult n = pg.query(
      R"sql(SELECT v.township, v.name, v.code, (p.data->>'year') || '-' || lpad(p.data->>'seq', 3, '0'),
                   COALESCE(vr.data->>'serial_prefix', v.name) || '〔' || (n.data->>'year') || '〕' ||
                     (n.data->>'number') || '号',
                   n.data->>'title', n.data->>'ends_on'
            FROM record n JOIN village v ON v.code = n.village
            JOIN record p ON p.tbl = 'proposal' AND p.village = n.village AND p.row_id = (n.data->>'proposal_id')::bigint
            LEFT JOIN record vr ON vr.tbl = 'village' AND vr.village = n.village AND vr.row_id = 1
            WHERE n.tbl = 'notice' AND n.data->>'posted_on' IS NOT NULL AND n.data->>'set_aside_on' IS NULL
              AND (n.data->>'ends_on') COLLATE "C" BETWEEN $1 AND $2
              AND NOT EXISTS (SELECT 1 FROM record s WHERE s.tbl = 'notice' AND s.village = n.village
                              AND (s.data->>'supersedes')::bigint = n.row_id AND s.data->>'posted_on' IS NOT NULL)
            ORDER BY 7, v.township_code, v.code)sql",
      {day, format_iso(add_days(today, within))});
  for (int i = 0; i < n.rows(); ++i) {
    due.notices.push_back(DueNotice{n.text(i, 0), n.text(i, 1), n.text(i, 2), n.text(i, 3), n.text(i, 4), n.text(i, 5),
                                    date_from_iso(n.text(i, 6))});
  }
  return due;
}

std::vector<VillageStatus> district_status(PgConnection& pg, const std::vector<Bundle>& bundles) {
  PgResult r = pg.query(
      R"sql(SELECT v.code, v.name, v.township, v.township_code, to_char(v.last_push, 'YYYY-MM-DD HH24:MI'),
                   (SELECT via FROM push WHERE village = v.code ORDER BY id DESC LIMIT 1), v.head_entry, v.head_hash,
                   (SELECT count(*) FROM push WHERE village = v.code),
                   (SELECT count(*) FROM incident WHERE village = v.code)
            FROM village v ORDER BY v.township_code, v.code)sql");
  std::vector<VillageStatus> out;
  for (int i = 0; i < r.rows(); ++i) {
    VillageStatus s{r.text(i, 0),    r.text(i, 1),  r.text(i, 2),    r.text(i, 3),    r.text(i, 4), r.text(i, 5),
                    r.integer(i, 6), r.bytes(i, 7), r.integer(i, 8), r.integer(i, 9), std::nullopt};
    for (const auto& b : bundles) {
      if (b.village.code == s.code) {
        s.behind = std::max(s.behind.value_or(0), b.last() - s.head);
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Incident> district_incidents(PgConnection& pg, const std::string& village) {
  std::optional<std::string> filter;
  if (!village.empty()) {
    filter = village;
  }
  PgResult r = pg.query("SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS'), village, kind, source, detail, entry FROM "
                        "incident WHERE $1::text IS NULL OR village = $1 ORDER BY id",
                        {filter});
  std::vector<Incident> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(Incident{r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                           r.integer(i, 6)});
  }
  return out;
}

} // namespace yishi::district
