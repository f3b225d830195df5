#!/usr/bin/env python3
"""Several yishi processes writing at once lose nothing and never report "database is locked";
a backup taken meanwhile is consistent.

Two writers each add 500 proposals, one command a process, while a third process takes a backup.
Then: 1000 proposals with 1000 distinct numbers, no error from any command, the backup passes
`yishi doctor` and holds a whole number of proposals (a snapshot, not a half-written state).
Prints "N passed, N failed".
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading

yishi, root = sys.argv[1], sys.argv[2]
per_writer = int(sys.argv[3]) if len(sys.argv) > 3 else 500
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


with tempfile.TemporaryDirectory(prefix="yishi-concurrency-") as tmp:
    env = dict(os.environ, YISHI_HOME=root, YISHI_DB=os.path.join(tmp, "yishi.db"), YISHI_NOW="2026-05-01 09:00",
               LANG="C.UTF-8")
    subprocess.run([yishi, "init", "--config", os.path.join(root, "data", "laozhai", "village.toml")], env=env,
                   check=True, capture_output=True)
    errors = []

    def writer(name):
        for i in range(per_writer):
            p = subprocess.run([yishi, "proposal", "add", "--title", f"{name}的第{i}条意见", "--tier", "village",
                                "--channel", "phone", "--proposer", name], env=env, capture_output=True, text=True)
            if p.returncode != 0 or p.stderr.strip() and "not on record" not in p.stderr:
                errors.append(f"{name} #{i}: rc={p.returncode} {p.stderr.strip()}")

    backups = []

    def backer():
        for i in range(3):
            target = os.path.join(tmp, f"backup-{i}.db")
            p = subprocess.run([yishi, "backup", target], env=env, capture_output=True, text=True)
            backups.append((target, p.returncode, p.stderr))

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("writer-a", "writer-b")]
    threads.append(threading.Thread(target=backer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("no writer failed", not errors, "; ".join(errors[:3]))
    check('nobody saw "database is locked"', not any("locked" in e for e in errors))
    out = subprocess.run([yishi, "proposal", "list", "--json"], env=env, capture_output=True, text=True, check=True)
    refs = [p["ref"] for p in json.loads(out.stdout)]
    check(f"all {2 * per_writer} proposals are there", len(refs) == 2 * per_writer, f"{len(refs)} found")
    check("every number is distinct", len(set(refs)) == len(refs))
    for target, rc, err in backups:
        ok = rc == 0
        check(f"backup {os.path.basename(target)} taken while writing", ok, err.strip())
        if ok:
            benv = dict(env, YISHI_DB=target)
            doctor = subprocess.run([yishi, "doctor"], env=benv, capture_output=True, text=True)
            check(f"backup {os.path.basename(target)} passes doctor", doctor.returncode == 0, doctor.stdout + doctor.stderr)
            # A consistent snapshot: numbers 1..k with no gap, and each proposal with its history entry.
            con = sqlite3.connect(target)
            seqs = [r[0] for r in con.execute("SELECT seq FROM proposal ORDER BY seq")]
            events = con.execute("SELECT count(*) FROM history h JOIN history_table t ON t.id = h.tbl "
                                 "WHERE t.name = 'proposal' AND h.op = 0").fetchone()[0]
            con.close()
            check(f"backup {os.path.basename(target)} is a consistent snapshot ({len(seqs)} proposals)",
                  seqs == list(range(1, len(seqs) + 1)) and events == len(seqs), f"seqs {seqs[:5]}..., events {events}")
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
