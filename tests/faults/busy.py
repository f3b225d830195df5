#!/usr/bin/env python3
"""A command that cannot get the write lock (another holds it, as a long import does) waits the busy
timeout, then fails with a clear error and exit 1, and changes nothing; a read meanwhile still works.

Usage: busy.py YISHI ROOT
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

yishi, root = sys.argv[1], sys.argv[2]
env = dict(os.environ, YISHI_HOME=root, YISHI_NOW="2026-05-01 09:00", LANG="C.UTF-8")
env.pop("YISHI_DB", None)
failures = []

with tempfile.TemporaryDirectory(prefix="yishi-busy-") as tmp:
    db = os.path.join(tmp, "village.db")
    subprocess.run([yishi, "--db", db, "init", "--config", os.path.join(root, "data", "laozhai", "village.toml")],
                   env=env, check=True, capture_output=True)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held as a long import holds it
    t0 = time.monotonic()
    r = subprocess.run([yishi, "--db", db, "proposal", "add", "--title", "修路", "--tier", "village", "--channel",
                        "phone", "--proposer", "杜永福"], env=env, capture_output=True, text=True)
    waited = time.monotonic() - t0
    read = subprocess.run([yishi, "--db", db, "proposal", "list"], env=env, capture_output=True, text=True)
    holder.execute("ROLLBACK")
    holder.close()
    if r.returncode != 1:
        failures.append(f"exit {r.returncode}, expected 1")
    if "the database is busy" not in r.stderr or "hint:" not in r.stderr:
        failures.append(f"unclear error: {r.stderr!r}")
    if r.stdout:
        failures.append(f"something on stdout: {r.stdout!r}")
    if not 9 <= waited <= 30:
        failures.append(f"waited {waited:.1f} s, expected about 10")
    if read.returncode != 0:
        failures.append(f"a read during the lock failed: {read.stderr!r}")
    con = sqlite3.connect(db)
    if con.execute("SELECT count(*) FROM proposal").fetchone()[0] != 0:
        failures.append("a proposal was added")
    con.close()

for f in failures:
    print("FAIL", f)
print("ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
