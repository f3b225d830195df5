# Sourced by the bench scripts: the yishi to time (YISHI_BIN names another build, as CI does at a small
# size; else the release build, built when missing), a scratch folder removed on exit, a fixed clock,
# and best_ms.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
yishi=${YISHI_BIN:-"$root/build/release/cli/yishi"}
if [ -z "${YISHI_BIN:-}" ] && [ ! -x "$yishi" ]; then
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export YISHI_HOME="$root" YISHI_NOW="2026-12-31 12:00" LANG=C.UTF-8

# The best of RUNS wall-clock runs of a command, in milliseconds:  best_ms RUNS COMMAND...
best_ms() {
  local runs=$1 best=""
  shift
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
