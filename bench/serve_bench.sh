#!/usr/bin/env bash
# Load on `yishi serve`: CLIENTS concurrent clients each raise PER matters through the form (a GET of the
# form for its token, then the POST), then read their tracking pages; exactly CLIENTS x PER new proposals
# must exist, with no error and `yishi verify` clean. Prints requests a second and p50/p99 latency for the
# submissions and the tracking page, beside the same run's reference: a GET of the stylesheet (the server's
# own cost, no database) and `yishi proposal add` from the CLI (a write's cost, one process each).
#   bench/serve_bench.sh [CLIENTS] [PER]
set -euo pipefail
clients=${1:-50}
per=${2:-20}
source "$(dirname "$0")/common.sh"
db="$work/bench.db"
"$yishi" --db "$db" init --config "$root/data/laozhai/village.toml" >/dev/null
"$yishi" --db "$db" serve --listen 127.0.0.1:0 --per-minute 0 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "127.0.0.1:" "$work/serve.log" && break; sleep 0.05; done
port=$(grep -o "127.0.0.1:[0-9]*" "$work/serve.log" | head -1 | cut -d: -f2)
cli_ms=$(best_ms 5 "$yishi" --db "$db" proposal add --title 参照 --tier village --channel phone --proposer 杜永福)
python3 "$root/bench/serve_load.py" "$port" "$clients" "$per" "$cli_ms"
kill -TERM "$server"
wait "$server"
count=$(sqlite3 "$db" "SELECT count(*) FROM proposal WHERE channel = 'online'")
echo "proposals raised through the server:  $count (expected $((clients * per)))"
"$yishi" --db "$db" verify >/dev/null && echo "verify:                               clean"
[ "$count" -eq $((clients * per)) ]
