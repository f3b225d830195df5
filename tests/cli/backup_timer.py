#!/usr/bin/env python3
"""The daily backup the package installs (cmake/debian/yishi-backup.service, started by yishi-backup.timer), run
as systemd would run it: its ExecStart with its Environment, the state folder moved under a temporary one. Run
twice in a row it keeps both backups (a backup never refuses because an earlier file exists); past --keep the
oldest is removed, and nothing else in the folder is touched. Bad uses are refused and change nothing.
Prints "N passed, N failed".

  backup_timer.py YISHI ROOT
"""
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check

unit = open(os.path.join(root, "cmake", "debian", "yishi-backup.service"), encoding="utf-8").read()
unit_env = dict(re.findall(r"^Environment=(\w+)=(.*)$", unit, re.M))
exec_start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1)
check("the service backs up into a folder of its own with rotation",
      "backup --into /var/lib/yishi/backups --keep ${YISHI_KEEP}" in exec_start, exec_start)
check("it runs as the yishi user, never root", re.search(r"^User=yishi$", unit, re.M) is not None)
timer = open(os.path.join(root, "cmake", "debian", "yishi-backup.timer"), encoding="utf-8").read()
check("the timer is daily and catches up a missed day", "OnCalendar=*-*-* 02:30:00" in timer and
      "Persistent=true" in timer, timer)

with tempfile.TemporaryDirectory(prefix="yishi-backup-") as tmp:
    state = os.path.join(tmp, "var", "lib", "yishi")
    os.makedirs(state)
    db = os.path.join(state, "yishi.db")
    env = yishi_env(root, db, "2026-03-01 02:30")
    subprocess.run([yishi, "init", "--config", os.path.join(root, "data", "laozhai", "village.toml")], env=env,
                   check=True, capture_output=True)
    backups = os.path.join(state, "backups")

    def service(now, keep="2"):
        """The unit's ExecStart, as systemd expands it, with the paths moved under tmp."""
        e = dict(env, **unit_env)
        e.update(YISHI_DB=db, YISHI_KEEP=keep, YISHI_NOW=now)
        argv = shlex.split(exec_start.replace("${YISHI_KEEP}", keep).replace("/var/lib/yishi", state))
        argv[0] = yishi
        return subprocess.run(argv, env=e, capture_output=True, text=True)

    def listing():
        return sorted(os.listdir(backups)) if os.path.isdir(backups) else []

    r1 = service("2026-03-01 02:30")
    check("the first run backs up", r1.returncode == 0 and listing() == ["yishi-20260301-023000.db"],
          (r1.stdout, r1.stderr, listing()))
    check("the backup folder is the owner's alone", oct(os.stat(backups).st_mode & 0o777) == "0o700")
    os.makedirs(os.path.join(backups, "keep-me"), exist_ok=True)
    open(os.path.join(backups, "notes.txt"), "w").write("村文书的备注")
    open(os.path.join(backups, "other-20260101-000000.db"), "w").write("another village's")
    r2 = service("2026-03-02 02:30")
    r3 = service("2026-03-02 02:30")  # run again at once (a restart, a manual start): never refused
    ours = [f for f in listing() if f.startswith("yishi-")]
    check("run twice in a row, both are kept", r2.returncode == 0 and r3.returncode == 0 and
          ours == ["yishi-20260302-023000-2.db", "yishi-20260302-023000.db"], (r2.stderr, r3.stderr, ours))
    check("the oldest past --keep 2 is removed, and said so", "Removed" not in r2.stdout and
          "yishi-20260301-023000.db" in r3.stdout and "Removed the old backup" in r3.stdout, (r2.stdout, r3.stdout))
    check("nothing else in the folder is touched",
          {"notes.txt", "other-20260101-000000.db", "keep-me"} <= set(listing()), listing())
    for name in ours:
        con = sqlite3.connect(os.path.join(backups, name))
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        people = con.execute("SELECT count(*) FROM person").fetchone()[0]
        con.close()
        check(f"{name} is a whole database", ok == "ok" and people > 0, (ok, people))
        check(f"{name} is the owner's alone", oct(os.stat(os.path.join(backups, name)).st_mode & 0o777) == "0o600")
    r4 = service("2026-03-03 02:30", keep="30")
    check("a larger --keep removes nothing", r4.returncode == 0 and "Removed" not in r4.stdout and
          len([f for f in listing() if f.startswith("yishi-")]) == 3, (r4.stdout, listing()))

    before = listing()
    for args, why in ((["backup"], "neither a file nor --into"),
                      (["backup", "one.db", "--into", backups], "both a file and --into"),
                      (["backup", "--into", backups, "--keep", "0"], "--keep 0"),
                      (["backup", "two.db", "--keep", "3"], "--keep without --into")):
        r = subprocess.run([yishi, *args], env=env, cwd=tmp, capture_output=True, text=True)
        check(f"refused: {why}", r.returncode == 2 and listing() == before and
              not os.path.exists(os.path.join(tmp, "one.db")) and not os.path.exists(os.path.join(tmp, "two.db")),
              (r.returncode, r.stderr))
sys.exit(tally.finish())
