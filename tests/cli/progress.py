#!/usr/bin/env python3
"""The import's progress bar: drawn on stderr when stderr is a terminal (here a pseudo-terminal), with
rows, rows a second and the time left; nothing on stderr when it is not one. Stdout's report is the same
either way.

Usage: progress.py YISHI ROOT
"""
import os
import pty
import subprocess
import sys
import tempfile

yishi, root = sys.argv[1], sys.argv[2]
env = dict(os.environ, YISHI_HOME=root, YISHI_NOW="2026-12-31 12:00", LANG="C.UTF-8")
env.pop("YISHI_DB", None)
failures = []

with tempfile.TemporaryDirectory(prefix="yishi-progress-") as tmp:
    csv = os.path.join(tmp, "proposals.csv")
    subprocess.run([sys.executable, os.path.join(root, "bench", "make_proposals_csv.py"), csv, "30000"], check=True)
    reports = []
    for tty in (True, False):
        db = os.path.join(tmp, f"village-{tty}.db")
        subprocess.run([yishi, "--db", db, "init", "--config", os.path.join(root, "data", "laozhai", "village.toml")],
                       env=env, check=True, capture_output=True)
        if tty:
            leader, follower = pty.openpty()
            p = subprocess.Popen([yishi, "--db", db, "import", "proposals", csv], env=env, stdout=subprocess.PIPE,
                                 stderr=follower)
            os.close(follower)
            err = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the terminal is gone: the command has ended
                    break
                if not chunk:
                    break
                err += chunk
            out = p.stdout.read()
            p.wait()
            os.close(leader)
        else:
            r = subprocess.run([yishi, "--db", db, "import", "proposals", csv], env=env, capture_output=True)
            p, out, err = r, r.stdout, r.stderr
        if p.returncode != 0:
            failures.append(f"import (tty={tty}) exited {p.returncode}: {err.decode(errors='replace')}")
        reports.append(out)
        text = err.decode("utf-8", errors="replace")
        if tty:
            for part in ("rows/s", "s left", "30000 rows", "100%"):
                if part not in text:
                    failures.append(f"the bar on a terminal lacks '{part}': {text[-300:]!r}")
            if not text.endswith("\r\x1b[K"):
                failures.append(f"the bar is not cleared at the end: {text[-80:]!r}")
        elif text:
            failures.append(f"stderr is not a terminal, yet something was written to it: {text[:200]!r}")
    if reports[0] != reports[1]:
        failures.append(f"the report differs with a terminal: {reports[0]!r} vs {reports[1]!r}")

for f in failures:
    print("FAIL", f)
print("ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
