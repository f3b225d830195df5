#!/usr/bin/env python3
"""Crash safety: yishi killed with SIGKILL at a random moment leaves the database as it was before the
command or as it is after it, never in between, and the file passes integrity_check and `yishi doctor`.

Three kinds of command are killed: large imports (`init` from a village config with 5,000 more people,
and `import proposals` of a 20,000-row CSV, each well under a second of writing) and ordinary commands (a roll-call vote, a proposal added, a proposal accepted)
on a village part-way through a session. For each command the state after it is first found by running
it to completion (twice: it must be the same both times, so that "as after" means something). Each trial
copies the starting database, starts the command, kills it after a random delay up to the time the
command takes, and compares every table, row by row, with the two states. Last, backups of the large
village are killed: the backup's name then holds nothing, or a whole backup that restores.

Usage: kill.py YISHI ROOT [TRIALS]  (TRIALS: 60 by default, half of them kill an import)
Prints a line a trial that failed, then "N passed, N failed" and how many kills landed mid-command.
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally  # noqa: E402

yishi, root = sys.argv[1], sys.argv[2]
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 60
rng = random.Random(int(os.environ.get("YISHI_KILL_SEED", time.time_ns())))
env = dict(os.environ, YISHI_HOME=root, YISHI_NOW="2026-05-01 09:00", LANG="C.UTF-8")
env.pop("YISHI_DB", None)
tally = Tally()
finish = tally.check
landed = {"before": 0, "after": 0}


def run(db, args, check=True):
    p = subprocess.run([yishi, "--db", db, *args], env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"setup command failed: yishi {' '.join(args)}: {p.stderr.strip()}")
    return p


def state(db):
    """Every table's rows, sorted; None for a database with no tables (or no file at all)."""
    if not os.path.exists(db) or os.path.getsize(db) == 0 and not os.path.exists(db + "-wal"):
        return None
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        if not tables:
            return None
        dump = {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"'))) for t in tables}
        dump["user_version"] = con.execute("PRAGMA user_version").fetchone()[0]
        return dump
    finally:
        con.close()


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


with tempfile.TemporaryDirectory(prefix="yishi-kill-") as tmp:
    # The large import: the sample village's config with 5,000 more people.
    config = open(os.path.join(root, "data", "laozhai", "village.toml"), encoding="utf-8").read()
    groups = ["新义组", "东风组", "红旗组", "前进组", "胜利组", "团结组"]
    config += "".join(f'\n[[people]]\nname = "村民{i:05d}"\ngroup = "{groups[i % 6]}"\n'
                      f'gender = "{("male", "female")[i % 2]}"\n' for i in range(5000))
    big = os.path.join(tmp, "big.toml")
    open(big, "w", encoding="utf-8").write(config)

    # A village part-way through a session: the ordinary commands start from here.
    base = os.path.join(tmp, "base.db")
    run(base, ["init", "--config", os.path.join(root, "data", "laozhai", "village.toml")])
    run(base, ["proposal", "add", "--title", "村道路灯维修", "--tier", "village", "--channel", "council",
               "--proposer", "杜永福"])
    run(base, ["proposal", "add", "--title", "文化广场健身器材", "--tier", "village", "--channel", "phone",
               "--proposer", "马晓梅"])
    run(base, ["proposal", "accept", "2026-001"])
    run(base, ["session", "plan", "--council", "village", "--at", "2026-05-01 09:00", "--venue", "议事厅",
               "--agenda", "2026-001"])
    run(base, ["session", "attend", "S2026-001", "--all"])
    run(base, ["session", "motion", "S2026-001", "--text", "更换损坏路灯12盏", "--responsible", "村委会",
               "--deadline", "2026-06-30"])

    # A secretary's spreadsheet of 20,000 proposals (the benchmark's generator).
    csv = os.path.join(tmp, "proposals.csv")
    subprocess.run([sys.executable, os.path.join(root, "bench", "make_proposals_csv.py"), csv, "20000", "--bom", "--months", "4"],
                   check=True)
    os.chmod(csv, 0o600)  # it holds proposers' phones: kept private, or doctor (private_files) names it

    commands = {
        "init": (None, ["init", "--config", big]),
        "import proposals": (base, ["import", "proposals", csv]),
        "vote": (base, ["session", "vote", "S2026-001", "--ballot",
                        "杜永福=for,马晓梅=for,孙占奎=for,钟卫东=for,黄秀兰=for,秦金山=for,朱俊杰=for,"
                        "熊玉梅=for,郝海龙=for,郭俊杰=against"]),
        "proposal add": (base, ["proposal", "add", "--title", "河堤加固", "--tier", "village", "--channel",
                                "door-to-door", "--proposer", "孙占奎", "--budget", "120000",
                                "--description", "汛期前完成"]),
        "proposal accept": (base, ["proposal", "accept", "2026-002"]),
    }

    # The state before and after each command, and how long it takes.
    reference = {}
    for name, (start, args) in commands.items():
        afters, took = [], 0.0
        for i in range(2):
            db = os.path.join(tmp, f"ref-{len(reference)}-{i}.db")
            if start:
                copy_db(start, db)
            t0 = time.monotonic()
            run(db, args)
            took = max(took, time.monotonic() - t0)
            afters.append(state(db))
        if afters[0] != afters[1]:
            sys.exit(f"'{name}' does not leave the same state twice; the test cannot judge it")
        before = state(start) if start else None
        if before == afters[0]:
            sys.exit(f"'{name}' changes nothing; the test cannot judge it")
        reference[name] = (start, args, before, afters[0], took)

    names = list(commands)
    for trial in range(trials):
        # Half the trials kill an import (init or import proposals, in turn), the rest an ordinary command.
        name = names[(trial // 2) % 2] if trial % 2 == 0 else rng.choice(names[2:])
        start, args, before, after, took = reference[name]
        db = os.path.join(tmp, f"trial-{trial}.db")
        if start:
            copy_db(start, db)
        delay = rng.uniform(0, took)
        p = subprocess.Popen([yishi, "--db", db, *args], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        label = f"trial {trial} ({name}, killed after {delay * 1000:.0f} ms)"
        try:
            now = state(db)
        except sqlite3.DatabaseError as e:
            finish(label, False, f"the database cannot be read: {e}")
            continue
        if now is None and before is None:
            finish(label, True)
            landed["before"] += p.returncode == -signal.SIGKILL
            continue
        if now != before and now != after:
            changed = sorted(t for t in set(now or {}) | set(after or {})
                             if (now or {}).get(t) != (after or {}).get(t))
            finish(label, False, f"neither before nor after; differs from 'after' in {', '.join(changed)}")
            continue
        check = integrity(db)
        if check != "ok":
            finish(label, False, f"integrity_check: {check}")
            continue
        doctor = run(db, ["doctor"], check=False)
        if doctor.returncode != 0:
            finish(label, False, f"yishi doctor: {doctor.stdout.strip()} {doctor.stderr.strip()}")
            continue
        finish(label, True)
        if p.returncode == -signal.SIGKILL:
            landed["before" if now == before else "after"] += 1

    # A killed backup leaves no file under the backup's name, or a whole one that restores.
    bigdb = os.path.join(tmp, "ref-0-0.db")  # the large village made above
    for trial in range(max(trials // 6, 1)):
        target = os.path.join(tmp, f"backup-{trial}.db")
        t0 = time.monotonic()
        p = subprocess.Popen([yishi, "--db", bigdb, "backup", target], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 0.08))
        p.send_signal(signal.SIGKILL)
        p.wait()
        label = f"backup trial {trial} (killed after {(time.monotonic() - t0) * 1000:.0f} ms)"
        if not os.path.exists(target):
            finish(label, True)
            continue
        restored = os.path.join(tmp, f"restored-{trial}.db")
        r = run(restored, ["restore", target], check=False)
        finish(label, r.returncode == 0 and state(restored) == state(bigdb),
               f"the backup left under its name does not restore to the village: {r.stderr.strip()}")

    print(f"killed mid-command: {landed['before']} left as before, {landed['after']} left as after")
    sys.exit(tally.finish())
