#!/usr/bin/env python3
"""A person at a terminal is asked; a script is not. yishi runs with stdin and stderr on a pseudo-terminal and
the test answers its questions: a missing required value is asked for (with the choices listed, a default
taken on Enter, a refused answer asked again, Ctrl-D giving up and changing nothing), a long text is written
in $VISUAL or typed line by line, and posting, voting and closing show what they record and are kept only on
a yes. With --no-input, or stdin not a terminal, nothing is asked and the errors are today's.
Prints "N passed, N failed".

  prompts.py YISHI ROOT
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402
import terminal  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check


def Terminal(args, env, cwd):
    return terminal.Terminal(yishi, args, env, cwd)


def rows(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def digest(db):
    with open(db, "rb") as f:
        return f.read()


with tempfile.TemporaryDirectory(prefix="yishi-prompts-") as tmp:
    db = os.path.join(tmp, "v.db")
    env = yishi_env(root, db, "2026-03-02 09:00")

    def yishi_run(*args, stdin=subprocess.DEVNULL, text=None):
        return subprocess.run([yishi, *args], cwd=tmp, env=env, capture_output=True, text=True, stdin=stdin,
                              input=text) if text is not None else \
            subprocess.run([yishi, *args], cwd=tmp, env=env, capture_output=True, text=True, stdin=stdin)

    yishi_run("init", "--config", os.path.join(root, "data/laozhai/village.toml"))

    # proposal add without its three required values: each is asked for, the channels listed by number.
    t = Terminal(["proposal", "add", "--group", "新义组"], env, tmp)
    check("the title is asked for", t.expect("(--title)"), t.seen)
    t.send("修水渠")
    check("the channels are listed", t.expect("(--channel)") and t.expect("6  phone (来电)"), t.seen)
    t.send("6")
    check("the proposer is asked for", t.expect("(--proposer)"), t.seen)
    t.send("李某")
    rc, out = t.finish()
    check("the answered proposal add succeeds", rc == 0 and "Collected proposal 2026-001" in out, (rc, out, t.seen))
    check("it holds the answers", rows(db, "SELECT title, channel FROM proposal") == [("修水渠", "phone")],
          rows(db, "SELECT title, channel FROM proposal"))

    # --no-input: the script's behaviour exactly, on a terminal too.
    before = digest(db)
    t = Terminal(["proposal", "add", "--group", "新义组", "--no-input"], env, tmp)
    rc, out = t.finish()
    check("--no-input asks nothing", rc == 2 and "(--title)" not in t.seen and "--title is required" in t.seen,
          (rc, t.seen))
    check("--no-input changes nothing", digest(db) == before)

    # stdin not a terminal: no question either.
    r = yishi_run("proposal", "add", "--group", "新义组")
    check("a pipe is not asked", r.returncode == 2 and "--title is required" in r.stderr and "(--title)" not in r.stderr,
          r.stderr)

    # Ctrl-D at a question gives up: the usage error, nothing changed.
    t = Terminal(["proposal", "add", "--group", "新义组", "--title", "修桥"], env, tmp)
    check("the channel is asked for", t.expect("(--channel)"), t.seen)
    t.give_up()
    rc, out = t.finish()
    check("Ctrl-D gives up with the usage error", rc == 2 and "--channel is required" in t.seen, (rc, t.seen))
    check("giving up changes nothing", digest(db) == before)

    # A refused answer is asked again, with the reason; a default is taken on Enter.
    t = Terminal(["report"], env, tmp)
    check("the year is asked for", t.expect("(--year)"), t.seen)
    t.send("二〇二六")
    check("a refused answer says why", t.expect("is not a whole number"), t.seen)
    check("and is asked again", t.expect("(--year)"), t.seen)
    t.send("2026")
    rc, out = t.finish()
    check("the report runs with the second answer", rc == 0 and "2026" in out, (rc, out, t.seen))

    yishi_run("proposal", "add", "--title", "修桥", "--group", "新义组", "--channel", "phone", "--proposer", "李某")
    t = Terminal(["proposal", "accept", "2026-001"], env, tmp)
    t.finish()
    t = Terminal(["session", "plan", "--at", "2026-03-10 19:30", "--venue", "村委会", "--agenda", "2026-001"], env, tmp)
    check("the councils are offered", t.expect("(--council)") and t.expect("新义组村民小组议事会"), t.seen)
    choices = [line for line in t.seen.splitlines() if "新义组村民小组议事会" in line]
    number = choices[0].split()[0] if choices else "?"
    t.send(number)
    rc, out = t.finish()
    check("a council chosen by its number", rc == 0 and "Planned session S2026-001 of 新义组村民小组议事会" in out,
          (rc, out, t.seen))

    # A long text in $VISUAL: the guidance lines (#) are left out.
    editor = os.path.join(tmp, "editor.py")
    with open(editor, "w") as f:
        f.write("import sys\ntext = open(sys.argv[1]).read()\n"
                "open(sys.argv[1], 'w').write('重复提出，\\n已并入2026-001\\n' + text)\n")
    env_editor = dict(env, VISUAL=f"{sys.executable} {editor}")
    t = Terminal(["proposal", "decline", "2026-002"], env_editor, tmp)
    rc, out = t.finish()
    reason = rows(db, "SELECT note FROM proposal_event WHERE action = 'decline'")
    check("the reason written in the editor is recorded", rc == 0 and reason == [("重复提出，\n已并入2026-001",)],
          (rc, reason, t.seen))

    # Without an editor, typed line by line and ended by an empty line.
    yishi_run("proposal", "add", "--title", "路灯", "--group", "新义组", "--channel", "phone", "--proposer", "李某")
    env_plain = {k: v for k, v in env.items() if k not in ("VISUAL", "EDITOR")}
    t = Terminal(["proposal", "decline", "2026-003"], env_plain, tmp)
    check("the long text is asked for", t.expect("ended by an empty line"), t.seen)
    t.send("不属于村务")
    t.send("已转交镇上")
    t.send("")
    rc, out = t.finish()
    reason = rows(db, "SELECT note FROM proposal_event WHERE action = 'decline' ORDER BY id DESC LIMIT 1")
    check("lines typed are the text", rc == 0 and reason == [("不属于村务\n已转交镇上",)], (rc, reason, t.seen))

    # - reads standard input.
    yishi_run("proposal", "add", "--title", "垃圾", "--group", "新义组", "--channel", "phone", "--proposer", "李某")
    r = yishi_run("proposal", "decline", "2026-004", "--reason", "-", stdin=None, text="由镇环卫所处理\n")
    reason = rows(db, "SELECT note FROM proposal_event WHERE action = 'decline' ORDER BY id DESC LIMIT 1")
    check("--reason - reads stdin", r.returncode == 0 and reason == [("由镇环卫所处理",)], (r.stderr, reason))

    # Closing a session: shown, then kept only on a yes.
    before = digest(db)
    t = Terminal(["session", "close"], env, tmp)
    check("the one open session is the default", t.expect("[S2026-001]"), t.seen)
    t.send("")
    check("what will be recorded is shown", t.expect("Closed session S2026-001.") and t.expect("[y/N]"), t.seen)
    t.send("n")
    rc, out = t.finish()
    check("no keeps nothing", rc == 1 and out == "" and "nothing was recorded" in t.seen, (rc, out, t.seen))
    check("no changes nothing", digest(db) == before)
    check("the session is still open", rows(db, "SELECT status FROM session") == [("planned",)])

    t = Terminal(["session", "close", "S2026-001"], env, tmp)
    check("asked again", t.expect("[y/N]"), t.seen)
    t.send("y")
    rc, out = t.finish()
    check("yes keeps it", rc == 0 and "Closed session S2026-001." in out, (rc, out, t.seen))
    check("the session is closed", rows(db, "SELECT status FROM session") == [("closed",)])

    # While the question waits, no lock is held: another command writes at once.
    def plan(day):
        r = yishi_run("session", "plan", "--council", "xinyi", "--at", f"2026-03-{day} 19:30", "--venue", "村委会",
                      "--agenda", "2026-001")
        assert r.returncode == 0, r.stderr

    plan("11")
    t = Terminal(["session", "close", "S2026-002"], env, tmp)
    check("asked before closing S2026-002", t.expect("[y/N]"), t.seen)
    started = time.time()
    r = yishi_run("proposal", "add", "--title", "水井", "--group", "新义组", "--channel", "phone", "--proposer", "李某")
    check("another writer is not kept waiting by the question", r.returncode == 0 and time.time() - started < 3,
          (r.returncode, r.stderr, time.time() - started))
    t.send("y")
    rc, out = t.finish()
    check("the close is kept after the other write", rc == 0 and "Closed session S2026-002." in out, (rc, out, t.seen))

    # What is recorded must be what was shown: a close made meanwhile elsewhere makes the yes record nothing.
    plan("12")
    t = Terminal(["session", "close", "S2026-003"], env, tmp)
    check("asked before closing S2026-003", t.expect("[y/N]"), t.seen)
    r = yishi_run("session", "close", "S2026-003")
    check("closed meanwhile by a script", r.returncode == 0, r.stderr)
    before = digest(db)
    t.send("y")
    rc, out = t.finish()
    check("the second close is refused", rc == 1 and out == "" and "closed" in t.seen, (rc, out, t.seen))
    check("and changes nothing", digest(db) == before)

    plan("13")
    t = Terminal(["session", "close", "S2026-004", "--yes"], env, tmp)
    rc, out = t.finish()
    check("--yes does not ask", rc == 0 and "[y/N]" not in t.seen and "Closed session S2026-004." in out,
          (rc, out, t.seen))

    # Putting things right at a terminal: the new time and the reason of a move are asked for, a time without its
    # hour is refused (never 00:00), and a cancellation's reason is asked for before anything is kept.
    plan("14")
    t = Terminal(["session", "reschedule", "S2026-005"], env_plain, tmp)
    check("the new time is asked for", t.expect("(--at)"), t.seen)
    t.send("2026-03-20 19:30")
    check("the reason of the move is asked for", t.expect("ended by an empty line"), t.seen)
    t.send("下大雨")
    t.send("")
    rc, out = t.finish()
    check("the session is moved with the answers", rc == 0 and "2026-03-20 19:30" in out,
          (rc, out, t.seen))
    check("its reason is kept", rows(db, "SELECT reason FROM session_change") == [("下大雨",)])
    before = digest(db)
    t = Terminal(["session", "reschedule", "S2026-005", "--reason", "又下雨"], env_plain, tmp)
    check("asked for the new time again", t.expect("(--at)"), t.seen)
    t.send("3月25日")
    rc, out = t.finish()
    check("a day without its hour is refused", rc != 0 and "00:00" not in out + t.seen, (rc, out, t.seen))
    check("and changes nothing", digest(db) == before)
    t = Terminal(["session", "cancel", "S2026-005"], env_plain, tmp)
    check("the reason of a cancellation is asked for", t.expect("ended by an empty line"), t.seen)
    t.give_up()
    rc, out = t.finish()
    check("giving up cancels nothing", rc == 2 and digest(db) == before, (rc, out, t.seen))
    t = Terminal(["session", "cancel", "S2026-005"], env_plain, tmp)
    check("asked again", t.expect("ended by an empty line"), t.seen)
    t.send("村里有丧事")
    t.send("")
    check("what is called off is shown before it is kept", t.expect("[y/N]"), t.seen)
    t.send("y")
    rc, out = t.finish()
    check("the session is called off with the answer", rc == 0 and
          rows(db, "SELECT status FROM session WHERE seq = 5") == [("cancelled",)], (rc, out, t.seen))

    # A matter's correction asks for its reason; a person's move asks where to.
    t = Terminal(["proposal", "edit", "2026-005", "--title", "修水井"], env_plain, tmp)
    check("the reason of a correction is asked for", t.expect("ended by an empty line"), t.seen)
    t.send("标题写错了")
    t.send("")
    rc, out = t.finish()
    check("the matter is corrected with the answer", rc == 0 and
          rows(db, "SELECT title FROM proposal WHERE seq = 5") == [("修水井",)], (rc, out, t.seen))
    t = Terminal(["person", "move", "李某"], env_plain, tmp)
    check("the group moved to is asked for", t.expect("(--group)"), t.seen)
    t.give_up()
    rc, out = t.finish()
    check("giving up moves nobody", rc == 2, (rc, out, t.seen))

    # A venue left out is asked for at a terminal (a script meets the command's own error instead).
    t = Terminal(["session", "plan", "--council", "xinyi", "--at", "2026-03-15 19:30", "--agenda", "2026-001"],
                 env_plain, tmp)
    check("the venue is asked for", t.expect("(--venue)"), t.seen)
    t.send("新义组议事点")
    rc, out = t.finish()
    check("the session is planned at the venue answered", rc == 0 and "新义组议事点" in out, (rc, out, t.seen))
    r = yishi_run("session", "plan", "--council", "xinyi", "--at", "2026-03-16 19:30", "--agenda", "2026-001")
    check("a script is not asked", r.returncode != 0 and "(--venue)" not in r.stderr, r.stderr)

    # Under Chinese, the questions are Chinese.
    t = Terminal(["--lang", "zh", "proposal", "add", "--group", "新义组"], env, tmp)
    check("a Chinese question", t.expect("（--title）："), t.seen)
    t.give_up()
    t.finish()
sys.exit(tally.finish())
