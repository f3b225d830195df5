#!/usr/bin/env bash
# The district at a county's scale: VILLAGES generated villages (default 300) of PROPOSALS proposals each
# (default 3,000) with sessions, votes, rulings and notices (tests/district/make_village.py: four made
# through yishi, the rest copies of them under codes of their own), pushed into one PostgreSQL cluster
# (a throwaway one, fsync on). Prints push throughput (entries a second), a second push with nothing
# new, eight villages pushing at once (errors, lost entries), and `yishi district report` against psql
# running the report's main query on the same database, with the ratio.
#   bench/district_bench.sh [VILLAGES] [PROPOSALS]
set -euo pipefail
villages=${1:-300}
proposals=${2:-3000}
sessions=$(( proposals / 30 > 2 ? proposals / 30 : 2 ))
source "$(dirname "$0")/common.sh"
cluster=$(mktemp -d /tmp/yishi-pg-bench-XXXXXX)
python3 "$root/tests/support/pgcluster.py" start "$cluster" --durable >/dev/null
trap 'python3 "$root/tests/support/pgcluster.py" stop "$cluster"; rm -rf "$work"' EXIT
psql -X -q "postgresql:///postgres?host=$cluster&user=yishi" -c "CREATE DATABASE bench"
url="postgresql:///bench?host=$cluster&user=yishi"
now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }

t0=$(now)
for t in 1 2 3 4; do
  python3 "$root/tests/district/make_village.py" "$yishi" "$root" "$work/t$t.db" --code "61011400${t}999" \
    --seed "$t" --proposals "$proposals" --sessions "$sessions"
done
for i in $(seq "$villages"); do
  code=$(printf "610114%03d%03d" $(( (i - 1) % 10 + 1 )) $(( (i - 1) / 10 + 201 )))
  cp "$work/t$(( i % 4 + 1 )).db" "$work/v$i.db"
  "$yishi" --db "$work/v$i.db" village code "$code" >/dev/null
done
make_ms=$(ms_since "$t0")

# Every village but the last eight, one after another.
sequential=$(( villages > 8 ? villages - 8 : 0 ))
t0=$(now)
for i in $(seq "$sequential"); do
  "$yishi" --db "$work/v$i.db" district push --to "$url" >/dev/null
done
push_ms=$(ms_since "$t0")
pushed=$(psql -X -A -t "$url" -c "SELECT count(*) FROM yishi.entry")

# The last eight at once.
t0=$(now)
pids=()
for i in $(seq $(( sequential + 1 )) "$villages"); do
  "$yishi" --db "$work/v$i.db" district push --to "$url" >"$work/push$i.out" 2>&1 &
  pids+=($!)
done
errors=0
for pid in "${pids[@]}"; do
  wait "$pid" || errors=$(( errors + 1 ))
done
eight_ms=$(ms_since "$t0")
lost=0
for i in $(seq 1 "$villages"); do
  local_entries=$(sqlite3 "$work/v$i.db" "SELECT max(id) FROM history")
  code=$(sqlite3 "$work/v$i.db" "SELECT code FROM village_code")
  held=$(psql -X -A -t "$url" -c "SELECT count(*) FROM yishi.entry WHERE village = '$code'")
  lost=$(( lost + local_entries - held ))
done
total=$(psql -X -A -t "$url" -c "SELECT count(*) FROM yishi.entry")

# A second push with nothing new: one village (best of 3), and every village.
again_ms=$(best_ms 3 "$yishi" --db "$work/v1.db" district push --to "$url")
t0=$(now)
for i in $(seq "$villages"); do
  "$yishi" --db "$work/v$i.db" district push --to "$url" >/dev/null
done
again_all_ms=$(ms_since "$t0")

# The report against psql running its main query (the same SQL, the parameters as literals).
"$yishi" district report --from "$url" --show-query | python3 -c "
import sys
q = sys.stdin.read()
for k, v in (('\$4', 'NULL::text'), ('\$1', \"'2026-01-01'\"), ('\$2', \"'2026-12-31'\"), ('\$3', \"'2026-12-31'\")):
    q = q.replace(k, v)
print('SET search_path = yishi; ' + q + ';')" >"$work/query.sql"
report_ms=$(best_ms 3 "$yishi" district report --from "$url" --year 2026 --json)
psql_ms=$(best_ms 3 psql -X -q -A -t "$url" -f "$work/query.sql")
rows=$(psql -X -q -A -t "$url" -f "$work/query.sql" | wc -l)
size=$(psql -X -A -t "$url" -c "SELECT pg_size_pretty(pg_database_size('bench'))")

echo "villages:                           $villages × $proposals proposals ($sessions sessions each); made in ${make_ms} ms"
echo "entries at the district:            $total ($size)"
echo "push, $sequential villages in turn:       ${push_ms} ms, $(python3 -c "print(f'{$pushed / max($push_ms, 1) * 1000:,.0f}')") entries a second"
echo "eight villages at once:             ${eight_ms} ms, $errors errors, $lost entries lost"
echo "second push, nothing new:           ${again_ms} ms (one village), ${again_all_ms} ms (all $villages)"
echo "yishi district report --json:       ${report_ms} ms ($rows lines: villages, townships, district)"
echo "psql, the report's main query:      ${psql_ms} ms"
echo "ratio report / psql:                $(python3 -c "print(f'{$report_ms / max($psql_ms, 1):.2f}')") (target: at most 1.5)"
