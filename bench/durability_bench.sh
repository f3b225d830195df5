#!/usr/bin/env bash
# What synchronous=FULL (the default: a commit is on disk before the command says it worked) costs
# against NORMAL (WAL's usual setting, which may lose the last commits on power loss), in the same run:
# an ordinary command (`proposal add`, the best and the median of RUNS) and an import of N generated
# proposals (default 1,000,000), each under both settings on this machine's disk.
#   bench/durability_bench.sh [N] [RUNS]
set -euo pipefail
n=${1:-1000000}
runs=${2:-40}
source "$(dirname "$0")/common.sh"
csv="$work/proposals.csv"
python3 "$root/bench/make_proposals_csv.py" "$csv" "$n"

# Times RUNS `proposal add` commands; prints "BEST_MS MEDIAN_MS".
adds() {
  local db=$1 times=()
  for i in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$yishi" --db "$db" proposal add --title "修路$i" --tier village --channel suggestion-box --proposer 杜永福 >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 100000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f\n", a[1]/10, a[int((NR+1)/2)]/10}'
}

import_s() {
  local db=$1 t0 t1
  t0=$(date +%s%N)
  "$yishi" --db "$db" import proposals "$csv" >/dev/null
  t1=$(date +%s%N)
  python3 -c "print(f'{($t1 - $t0) / 1e9:.2f}')"
}

declare -A add_best add_median imp
for mode in normal full; do
  db="$work/$mode.db"
  "$yishi" --db "$db" init --config "$root/data/laozhai/village.toml" >/dev/null
  read -r add_best[$mode] add_median[$mode] < <(YISHI_SYNCHRONOUS=$mode adds "$db")
  "$yishi" --db "$work/$mode-import.db" init --config "$root/data/laozhai/village.toml" >/dev/null
  imp[$mode]=$(YISHI_SYNCHRONOUS=$mode import_s "$work/$mode-import.db")
done
ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.2f}')"; }
echo "disk: $(df -h "$work" | awk 'NR==2 {print $1, $2}')"
echo "proposal add, NORMAL:         best ${add_best[normal]} ms, median ${add_median[normal]} ms ($runs runs)"
echo "proposal add, FULL:           best ${add_best[full]} ms, median ${add_median[full]} ms"
echo "ratio FULL / NORMAL (median): $(ratio "${add_median[full]}" "${add_median[normal]}")"
echo "import of $n, NORMAL:    ${imp[normal]} s"
echo "import of $n, FULL:      ${imp[full]} s"
echo "ratio FULL / NORMAL:          $(ratio "${imp[full]}" "${imp[normal]}")"
