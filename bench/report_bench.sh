#!/usr/bin/env bash
# Times `yishi report` and `yishi proposal list` (status and group filter, limit 50) on a database
# of N proposals (default 1,000,000), against sqlite3 running the report's main aggregate on the
# same file in the same run. Prints the figures and the ratios.
#   bench/report_bench.sh [N]
set -euo pipefail
n=${1:-1000000}
source "$(dirname "$0")/common.sh"
db="$work/bench.db"
"$yishi" --db "$db" init --config "$root/data/laozhai/village.toml" >/dev/null
python3 "$root/bench/make_db.py" "$db" "$n"

report_ms=$(best_ms 3 "$yishi" --db "$db" report --year 2026 --json)
list_ms=$(best_ms 3 "$yishi" --db "$db" proposal list --status accepted --group 新义组 --limit 50 --json)
reference_ms=$(best_ms 3 sqlite3 "$db" "SELECT substr(submitted_on, 1, 7), status, channel, tier, group_id, count(*) \
  FROM proposal WHERE submitted_on BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY 1, 2, 3, 4, 5;")
startup_ms=$(best_ms 3 "$yishi" --db "$db" village show --json)
echo "proposals:                          $n"
echo "yishi report --year 2026:           ${report_ms} ms (target: under 1000 ms)"
echo "sqlite3, the report's main query:   ${reference_ms} ms"
echo "ratio report / sqlite3 query:       $(python3 -c "print(f'{$report_ms / max($reference_ms, 1):.2f}')")"
echo "yishi proposal list (filtered, 50): ${list_ms} ms (target: under 50 ms)"
echo "yishi village show (start-up cost): ${startup_ms} ms"
echo "ratio list / start-up:              $(python3 -c "print(f'{$list_ms / max($startup_ms, 1):.2f}')")"
