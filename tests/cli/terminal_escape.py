#!/usr/bin/env python3
"""Stored text never drives the terminal: a title holding ESC ] 0; ... BEL (which would retitle the window)
or a bidirectional override, written into the database behind yishi's back, is printed on a terminal with
its control characters written out; through a pipe the bytes stay as stored. Prints "N passed, N failed".

  terminal_escape.py YISHI ROOT
"""
import os
import pty
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check


def on_terminal(argv, env, cwd):
    """Runs argv with stdout on a pseudo-terminal; returns what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdout=slave, stderr=subprocess.PIPE, env=env, cwd=cwd)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(master)
    return out


with tempfile.TemporaryDirectory(prefix="yishi-tty-") as tmp:
    env = yishi_env(root, "v.db", "2026-03-02 09:00")
    subprocess.run([yishi, "init", "--config", os.path.join(root, "data/laozhai/village.toml")], cwd=tmp, env=env,
                   check=True, capture_output=True)
    subprocess.run([yishi, "proposal", "add", "--title", "修路", "--tier", "village", "--channel", "phone",
                    "--proposer", "李某"], cwd=tmp, env=env, check=True, capture_output=True)
    con = sqlite3.connect(os.path.join(tmp, "v.db"))
    con.execute("UPDATE proposal SET title = '修路' || char(27) || ']0;pwned' || char(7) || '‮反' WHERE seq = 1")
    con.commit()
    con.close()
    shown = on_terminal([yishi, "proposal", "show", "2026-001"], env, tmp)
    check("no ESC reaches the terminal", b"\x1b" not in shown, shown)
    check("no BEL reaches the terminal", b"\x07" not in shown, shown)
    check("no bidirectional override reaches the terminal", "\u202e".encode() not in shown, shown)
    check("the ESC is written out", b"\\x1b]0;pwned\\x07" in shown, shown)
    check("the override is written out", b"<U+202E>" in shown, shown)
    piped = subprocess.run([yishi, "proposal", "show", "2026-001", "--json"], cwd=tmp, env=env, capture_output=True)
    check("a pipe gets the stored text as JSON escapes or bytes", b"pwned" in piped.stdout, piped.stdout)
sys.exit(tally.finish())
