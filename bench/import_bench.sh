#!/usr/bin/env bash
# Imports N generated proposals (default 1,000,000; bench/make_proposals_csv.py) with `yishi import
# proposals`, and the same file with sqlite3's own `.import` into an equivalent normalized schema (a
# groups table, a proposals table referring to it, the same indexes), in the same run. Prints both
# times and their ratio, the import's peak memory, a second import of the same file (adds nothing),
# and `yishi proposal list` with a status and group filter and a limit of 50 on the result; then both
# databases' sizes, `yishi verify` beside sqlite3 counting the same tables, and start-up beside sqlite3's.
# The import and the reference run RUNS times each (default 3), in turn, into fresh databases; the best
# time of each is compared (this machine's timings vary by a quarter from one run to the next).
#   bench/import_bench.sh [N]            RUNS=1 bench/import_bench.sh 20000
set -euo pipefail
n=${1:-1000000}
runs=${RUNS:-3}
source "$(dirname "$0")/common.sh"
csv="$work/proposals.csv"
python3 "$root/bench/make_proposals_csv.py" "$csv" "$n" --bom --crlf

# Runs a command; prints "SECONDS PEAK_KB" (wall clock; the child's peak resident memory).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.monotonic() - t
if r.returncode != 0:
    sys.stderr.write(r.stderr.decode())
    sys.exit(r.returncode)
print(f"{elapsed:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
}

db="$work/yishi.db"
ref="$work/reference.db"
# Keeps the smaller time and the larger peak:  best "S KB" "S KB"
best() { python3 -c "import sys; a, b = [l.split() for l in sys.argv[1:]]; print(min(float(a[0]), float(b[0])), max(int(a[1]), int(b[1])))" "$1" "$2"; }
# The reference: sqlite3 .import into a staging table, then one INSERT ... SELECT into the normalized
# tables (group names resolved by a join, channel labels by a lookup table), all in one sqlite3 run.
cat > "$work/reference.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO groups (name) VALUES ('新义组'), ('东风组'), ('红旗组'), ('前进组'), ('胜利组'), ('团结组');
CREATE TABLE channels (label TEXT PRIMARY KEY, code TEXT NOT NULL);
INSERT INTO channels VALUES ('上门走访', 'door-to-door'), ('网格员', 'grid-worker'), ('微信群', 'wechat'),
  ('意见箱', 'suggestion-box'), ('议事会', 'council'), ('来电', 'phone'), ('上级交办', 'assigned');
CREATE TABLE proposals (
  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, seq INTEGER NOT NULL, title TEXT NOT NULL CHECK (title <> ''),
  description TEXT NOT NULL DEFAULT '', group_id INTEGER REFERENCES groups(id), tier TEXT NOT NULL,
  channel TEXT NOT NULL, proposer_name TEXT NOT NULL, proposer_phone TEXT NOT NULL DEFAULT '',
  submitted_on TEXT NOT NULL, status TEXT NOT NULL, budget INTEGER, external_key TEXT, UNIQUE (year, seq));
CREATE INDEX proposals_by_status ON proposals(status, group_id, year, seq);
CREATE INDEX proposals_by_group ON proposals(group_id, year, seq);
CREATE INDEX proposals_report ON proposals(submitted_on, status, channel, tier, group_id);
CREATE UNIQUE INDEX proposals_by_key ON proposals(external_key) WHERE external_key IS NOT NULL;
CREATE TABLE staging (key, title, description, proposer, phone, grp, channel, date, budget);
.import --csv --skip 1 $csv staging
BEGIN;
INSERT INTO proposals (year, seq, title, description, group_id, tier, channel, proposer_name, proposer_phone,
                       submitted_on, status, budget, external_key)
  SELECT CAST(substr(s.date, 1, 4) AS INTEGER), row_number() OVER (PARTITION BY substr(s.date, 1, 4) ORDER BY s.rowid),
         s.title, s.description, g.id, CASE WHEN g.id IS NULL THEN 'village' ELSE 'group' END, c.code, s.proposer,
         s.phone, s.date, 'collected', NULLIF(s.budget, ''), s.key
  FROM staging s LEFT JOIN groups g ON g.name = s.grp JOIN channels c ON c.label = s.channel;
DROP TABLE staging;
COMMIT;
SQL
yishi_best="inf 0"
ref_best="inf 0"
for _ in $(seq "$runs"); do
  rm -f "$db" "$db-wal" "$db-shm" "$ref" "$ref-wal" "$ref-shm"
  "$yishi" --db "$db" init --config "$root/data/laozhai/village.toml" >/dev/null
  yishi_best=$(best "$yishi_best" "$(measure "$yishi" --db "$db" import proposals "$csv")")
  ref_best=$(best "$ref_best" "$(measure sqlite3 "$ref" ".read $work/reference.sql")")
done
read -r yishi_s yishi_kb <<<"$yishi_best"
read -r ref_s ref_kb <<<"$ref_best"
read -r again_s _ < <(measure "$yishi" --db "$db" import proposals "$csv")
added=$(sqlite3 "$db" "SELECT count(*) FROM proposal")
ref_rows=$(sqlite3 "$ref" "SELECT count(*) FROM proposals")

# The best of 20 runs of a command, in milliseconds with two decimals:  fine_ms COMMAND...
fine_ms() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
times = []
for _ in range(20):
    t = time.monotonic(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); times.append(time.monotonic() - t)
print(f"{min(times) * 1000:.2f}")
PY
}
list_ms=$(fine_ms "$yishi" --db "$db" proposal list --status collected --group 东风组 --limit 50 --json)
# The same question in the sqlite3 CLI: the first 50 collected proposals of the group, in order.
list_sql="SELECT p.year, p.seq, p.title, p.status, g.name, p.submitted_on FROM proposal p
          LEFT JOIN village_group g ON g.id = p.group_id WHERE p.status = 'collected' AND g.name = '东风组'
          ORDER BY p.year, p.seq LIMIT 50"
sqlite_list_ms=$(fine_ms sqlite3 -json "$db" "$list_sql")
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sqlite3 "$ref" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# The bytes in use (the reference's file also holds the free pages of its dropped staging table).
in_use() { sqlite3 "$1" "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size"; }
db_bytes=$(in_use "$db")
ref_bytes=$(in_use "$ref")
history_bytes=$(sqlite3 "$db" "SELECT COALESCE(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'history%'" 2>/dev/null || echo 0)

# verify reads every table and the whole history; the reference counts the rows of the same tables.
verify_ms=$(best_ms 3 "$yishi" --db "$db" verify)
count_sql=$(sqlite3 "$db" "SELECT group_concat('SELECT count(*) FROM \"' || name || '\";', ' ') FROM sqlite_master
                           WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'auth\_%' ESCAPE '\\'")
count_ms=$(best_ms 3 sqlite3 "$db" "$count_sql")

# Start-up: a command that prints a line, against sqlite3's.
yishi_version_ms=$(fine_ms "$yishi" --version)
sqlite_version_ms=$(fine_ms sqlite3 --version)
ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.2f}')"; }

echo "rows in the file:                     $n ($(du -h "$csv" | cut -f1), quoted fields, line breaks in fields)"
echo "yishi import proposals:               ${yishi_s} s (best of $runs), ${added} proposals, peak memory $((yishi_kb / 1024)) MB (target: under 64 MB)"
echo "sqlite3 .import + normalize:          ${ref_s} s (best of $runs), ${ref_rows} proposals"
echo "ratio yishi / sqlite3:                $(ratio "$yishi_s" "$ref_s") (target: at most 1.2)"
echo "database size:                        yishi $((db_bytes / 1048576)) MB (history $((history_bytes / 1048576)) MB), reference $((ref_bytes / 1048576)) MB"
echo "ratio size yishi / reference:         $(ratio "$db_bytes" "$ref_bytes") (target: at most 1.5)"
echo "yishi verify:                         ${verify_ms} ms; sqlite3 count(*) of the same tables: ${count_ms} ms"
echo "ratio verify / count scan:            $(ratio "$verify_ms" "$count_ms") (target: at most 3)"
echo "start-up: yishi --version ${yishi_version_ms} ms, sqlite3 --version ${sqlite_version_ms} ms"
echo "ratio start-up yishi / sqlite3:       $(ratio "$yishi_version_ms" "$sqlite_version_ms") (target: at most 2)"
echo "the same import again:                ${again_s} s (adds nothing)"
echo "yishi proposal list (filtered, 50):   ${list_ms} ms (target: under 50 ms); the same query in sqlite3 ${sqlite_list_ms} ms"
echo "ratio list yishi / sqlite3:           $(ratio "$list_ms" "$sqlite_list_ms") (target: at most 2)"
if [ "$added" != "$n" ] || [ "$ref_rows" != "$n" ]; then
  echo "error: expected $n proposals in each database" >&2
  exit 1
fi
