#!/usr/bin/env python3
"""The district against a real PostgreSQL (the run's throwaway cluster, or one of its own: pgcluster.py).

Generated villages (make_village.py) in two townships push; a second push sends nothing; each village's
row of `district report` equals the village's own `yishi report`; a village without a network reports by
bundle files; an edited bundle is refused; a push killed while it waits at the district leaves the district
as it was and the next completes; eight villages push at once; a village that rewrote its past (a fork from a
backup, and a rewrite with its chain recomputed, which plain `verify` passes) and one that truncated it are
refused, naming the first entry that differs, and recorded as incidents; `verify --district` finds the
rewrite. Bad input (no code, a bad code, a bad URL) is refused and changes nothing.

Usage: check_district.py YISHI ROOT
"""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "support"))
from checks import Tally, yishi_env  # noqa: E402
import pgcluster  # noqa: E402

yishi, root = sys.argv[1], sys.argv[2]
NOW = "2026-12-01 09:00"
tally = Tally()
check = tally.check
work = tempfile.mkdtemp(prefix="yishi-district-")


def run(db, *args, now=NOW, url=None):
    env = yishi_env(root, db, now)
    if url:
        env["YISHI_DISTRICT"] = url
    return subprocess.run([yishi, *args], env=env, capture_output=True, text=True)


def ok(name, p):
    return check(name, p.returncode == 0, f"exit {p.returncode}: {p.stdout[-400:]} {p.stderr[-600:]}")


def make(name, code, seed, proposals=40, sessions=6):
    db = os.path.join(work, f"{name}.db")
    subprocess.run([sys.executable, os.path.join(here, "make_village.py"), yishi, root, db, "--code", code,
                    "--seed", str(seed), "--proposals", str(proposals), "--sessions", str(sessions)], check=True)
    return db


def history_size(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT max(id) FROM history").fetchone()[0]


def add_proposal(db, title, now=NOW):
    return run(db, "proposal", "add", "--title", title, "--group", "新义组", "--channel", "微信群", "--proposer", "王建国",
               now=now)


with pgcluster.Cluster() as cluster:
    url = cluster.fresh_database()

    def sql(query):
        return cluster.psql(url, query)

    def entries_held(code):
        return int(sql(f"SELECT count(*) FROM yishi.entry WHERE village = '{code}'") or 0)

    # ---- Villages in two townships push; a second push sends nothing. ----
    villages = {
        "610114003201": make("a", "610114003201", 1),
        "610114003202": make("b", "610114003202", 2, proposals=60, sessions=8),
        "610114004201": make("c", "610114004201", 3, proposals=30, sessions=4),
    }
    for code, db in villages.items():
        p = run(db, "district", "push", "--to", url)
        ok(f"push {code}", p)
        check(f"push {code} says what it sent", "taken into" in p.stdout and code in p.stdout, p.stdout)
        check(f"the district holds every entry of {code}", entries_held(code) == history_size(db),
              f"{entries_held(code)} vs {history_size(db)}")
    db_a = villages["610114003201"]
    before = sql("SELECT count(*) FROM yishi.push")
    p = run(db_a, "district", "push", url=url)  # $YISHI_DISTRICT
    ok("push again", p)
    check("push again: nothing new, and it says so", "Nothing new" in p.stdout, p.stdout)
    check("push again writes no push", sql("SELECT count(*) FROM yishi.push") == before)

    # ---- The report: each village's row is its own report. ----
    p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--json")
    ok("district report", p)
    report = json.loads(p.stdout) if p.returncode == 0 else {"villages": [], "townships": [], "district": {}}
    by_code = {v["code"]: v["figures"] for v in report["villages"]}
    for code, db in villages.items():
        own = json.loads(run(db, "report", "--year", "2026", "--json").stdout)
        check(f"report row of {code} equals its own report", by_code.get(code) == own,
              f"\ndistrict: {by_code.get(code)}\nvillage:  {own}")
    towns = {t["township_code"]: t["figures"] for t in report["townships"]}
    for town in ("610114003", "610114004"):
        mine = [by_code[c] for c in villages if c.startswith(town)]
        for figure in ("collected", "sessions_held", "rulings", "resolved", "objections", "overdue"):
            check(f"township {town} {figure} is its villages' sum",
                  towns.get(town, {}).get(figure) == sum(v[figure] for v in mine), towns.get(town))
        check(f"township {town} days to ruling pool its villages'",
              towns[town]["days_to_ruling"]["count"] == sum(v["days_to_ruling"]["count"] for v in mine))
    check("district total collected", report["district"].get("collected") == sum(v["collected"] for v in by_code.values()))
    p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--township", "610114004", "--json")
    check("report --township keeps its villages only",
          p.returncode == 0 and [v["code"] for v in json.loads(p.stdout)["villages"]] == ["610114004201"], p.stdout[-300:])
    p = run(db_a, "district", "report", "--from", url, "--year", "2026")
    check("report as text names every village", all(c in p.stdout for c in villages), p.stdout[-500:])
    html = os.path.join(work, "district.html")
    p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--format", "html", "-o", html)
    check("report as HTML", p.returncode == 0 and "老寨村" in open(html, encoding="utf-8").read(), p.stderr)
    pdf = os.path.join(work, "district.pdf")
    p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--format", "pdf", "-o", pdf)
    check("report as PDF", p.returncode == 0 and open(pdf, "rb").read(5) == b"%PDF-", p.stderr)
    p = run(db_a, "district", "due", "--from", url, "--json")
    due = json.loads(p.stdout) if p.returncode == 0 else {}
    own_overdue = sum(json.loads(run(db, "report", "--year", "2026", "--json").stdout)["overdue"] for db in villages.values())
    check("due lists the villages' overdue rulings", len(due.get("overdue_rulings", [])) == own_overdue,
          f"{p.stdout[-300:]} vs {own_overdue}")

    # ---- Bundles: a village without a network. ----
    db_d = make("d", "610114004202", 4, proposals=20, sessions=3)
    b1 = os.path.join(work, "d1.bundle")
    p = run(db_d, "district", "bundle", "-o", b1)
    ok("bundle", p)
    ok("more work after the first bundle", add_proposal(db_d, "村口路灯不亮"))
    b2 = os.path.join(work, "d2.bundle")
    ok("second bundle", run(db_d, "district", "bundle", "-o", b2))
    p = run(db_d, "district", "bundle", "-o", os.path.join(work, "d3.bundle"))
    check("a third bundle with nothing new says so and writes nothing",
          p.returncode == 0 and "Nothing new" in p.stdout and not os.path.exists(os.path.join(work, "d3.bundle")),
          p.stdout)
    other = cluster.fresh_database()
    p = run(db_d, "district", "ingest", b2, "--to", other)
    check("a bundle that starts after what the district holds is refused",
          p.returncode != 0 and "--since 0" in p.stderr, p.stderr)
    check("... and nothing was taken", cluster.psql(other, "SELECT count(*) FROM yishi.entry") == "0")
    p = run(db_d, "district", "status", "--from", url, b1, b2, "--json")
    p = run(db_d, "district", "ingest", b2, b1, "--to", url)  # either order
    ok("ingest two bundles", p)
    check("ingest took every entry", entries_held("610114004202") == history_size(db_d),
          f"{entries_held('610114004202')} vs {history_size(db_d)}")
    p = run(db_d, "district", "ingest", b1, b2, "--to", url)
    check("ingest again: nothing new", p.returncode == 0 and p.stdout.count("Nothing new") == 2, p.stdout)
    p = run(db_d, "district", "push", "--to", url)
    check("a push after the bundles sends nothing", p.returncode == 0 and "Nothing new" in p.stdout, p.stdout)

    # An edited bundle: a row changed (the seal breaks); changed and resealed (the row's hash breaks).
    db_e = make("e", "610114004203", 5, proposals=10, sessions=2)
    be = os.path.join(work, "e.bundle")
    ok("bundle e", run(db_e, "district", "bundle", "-o", be))
    lines = open(be, encoding="utf-8").read().splitlines(keepends=True)
    row_line = next(i for i, line in enumerate(lines) if line.startswith('{"row":["proposal"'))
    edited = list(lines)
    row = json.loads(lines[row_line])
    content = json.loads(row["row"][2])
    content["title"] += "（改）"
    row["row"][2] = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    edited[row_line] = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
    bad = os.path.join(work, "e-edited.bundle")
    open(bad, "w", encoding="utf-8").write("".join(edited))
    p = run(db_e, "district", "ingest", bad, "--to", url)
    check("an edited bundle is refused (its seal)", p.returncode != 0 and "changed after it was made" in p.stderr, p.stderr)
    resealed = edited[:-1] + [json.dumps({"sha256": hashlib.sha256("".join(edited[:-1]).encode()).hexdigest()}) + "\n"]
    open(bad, "w", encoding="utf-8").write("".join(resealed))
    p = run(db_e, "district", "ingest", bad, "--to", url)
    check("an edited, resealed bundle is refused (the row's hash)",
          p.returncode != 0 and "not the row its entry" in p.stderr, p.stderr)
    check("... and the district took nothing of it", entries_held("610114004203") == 0)
    cut = os.path.join(work, "e-cut.bundle")
    open(cut, "w", encoding="utf-8").write("".join(lines[:-3]))
    p = run(db_e, "district", "ingest", cut, "--to", url)
    check("a bundle cut short is refused", p.returncode != 0 and "cut short" in p.stderr, p.stderr)

    # ---- A push killed while it waits at the district: the district stays as it was; the next completes. ----
    ok("more work in village a", add_proposal(db_a, "涝池护栏损坏"))
    held_before = entries_held("610114003201")
    locker = subprocess.Popen(["psql", "-X", "-q", url], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    locker.stdin.write("BEGIN; LOCK TABLE yishi.push IN EXCLUSIVE MODE;\n")
    locker.stdin.flush()
    time.sleep(0.5)
    env = yishi_env(root, db_a, NOW)
    pusher = subprocess.Popen([yishi, "district", "push", "--to", url], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    waited = False
    for _ in range(100):
        if sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") != "0":
            waited = True
            break
        time.sleep(0.1)
    check("the push reached the district and waits there (entries sent, not committed)", waited)
    pusher.send_signal(signal.SIGKILL)
    pusher.wait()
    locker.stdin.write("COMMIT;\n")
    locker.stdin.close()
    locker.wait()
    for _ in range(50):  # the server notices the lost connection and rolls back
        if sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == "0":
            break
        time.sleep(0.1)
    check("a killed push leaves the district as it was", entries_held("610114003201") == held_before,
          f"{entries_held('610114003201')} vs {held_before}")
    ok("the next push completes", run(db_a, "district", "push", "--to", url))
    check("... with every entry", entries_held("610114003201") == history_size(db_a))

    # ---- Eight villages push at once. ----
    template = make("t", "610114005201", 6, proposals=200, sessions=4)
    eight = {}
    for i in range(8):
        code = f"6101140052{i + 2:02d}"
        db = os.path.join(work, f"eight{i}.db")
        shutil.copy(template, db)
        ok(f"code of village {code}", run(db, "village", "code", code))
        eight[code] = db
    procs = [(code, subprocess.Popen([yishi, "district", "push", "--to", url], env=yishi_env(root, db, NOW),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
             for code, db in eight.items()]
    for code, proc in procs:
        out, err = proc.communicate()
        check(f"concurrent push {code}", proc.returncode == 0, err)
    check("eight concurrent pushes lost no entry",
          all(entries_held(code) == history_size(db) for code, db in eight.items()),
          {code: (entries_held(code), history_size(db)) for code, db in eight.items()})

    # ---- A village that rewrote its past: a fork from a backup. ----
    db_b = villages["610114003202"]
    fork = os.path.join(work, "b-fork.db")
    shutil.copy(db_b, fork)
    head = history_size(db_b)
    ok("village b goes on", add_proposal(db_b, "文化广场照明"))
    ok("village b pushes", run(db_b, "district", "push", "--to", url))
    ok("its old copy records something else", add_proposal(fork, "门球场维护"))
    held_b = entries_held("610114003202")
    p = run(fork, "district", "push", "--to", url)
    check("a forked village is refused, naming the first entry that differs",
          p.returncode != 0 and "610114003202" in p.stderr and f"entry {head + 1}" in p.stderr, p.stderr)
    check("... and the district kept what it held", entries_held("610114003202") == held_b)
    incidents = json.loads(run(db_a, "district", "incidents", "--from", url, "--json").stdout)
    check("... recorded as an incident", any(i["village"] == "610114003202" and i["kind"] == "rewritten"
                                             and i["entry"] == head + 1 for i in incidents), incidents)

    fb = os.path.join(work, "b-fork.bundle")
    ok("the forked copy makes a bundle", run(fork, "district", "bundle", "-o", fb))
    p = run(fork, "district", "ingest", fb, "--to", url)
    check("its bundle is refused too, naming the same entry",
          p.returncode != 0 and f"entry {head + 1}" in p.stderr and "incident" in p.stderr, p.stderr)
    check("... and the district still kept what it held", entries_held("610114003202") == held_b)

    # ---- A village that truncated its past: an old backup restored after it reported. ----
    old = os.path.join(work, "c-old.db")
    db_c = villages["610114004201"]
    shutil.copy(db_c, old)
    c_head = history_size(db_c)
    ok("village c goes on", add_proposal(db_c, "河堤加固"))
    ok("village c pushes", run(db_c, "district", "push", "--to", url))
    p = run(old, "district", "push", "--to", url)
    check("a truncated village is refused, naming the first entry missing",
          p.returncode != 0 and "truncated" not in p.stdout and f"entry {c_head + 1}" in p.stderr, p.stderr)
    incidents = json.loads(run(db_a, "district", "incidents", "--from", url, "--json").stdout)
    check("... recorded as an incident", any(i["village"] == "610114004201" and i["kind"] == "truncated"
                                             for i in incidents), incidents)
    p = run(old, "verify", "--district", url)
    check("verify --district finds the truncation", p.returncode == 3 and "missing" in p.stdout, p.stdout + p.stderr)

    # ---- A rewrite with the chain recomputed: plain verify passes, verify --district does not. ----
    full = os.path.join(work, "a-full.bundle")
    ok("a whole bundle of village a", run(db_a, "district", "bundle", "--since", "0", "-o", full))
    entries, batches = [], {}
    for line in open(full, encoding="utf-8"):
        j = json.loads(line)
        if "entry" in j:
            entries.append(j["entry"])
        elif "batch" in j:
            batches[j["batch"][0]] = j["batch"][1:]
    touched_later = {}
    for e in entries:
        touched_later[(e[2], e[4])] = e[0]
    victim = next(e for e in entries if e[2] == "proposal" and e[3] == 0 and touched_later[(e[2], e[4])] == e[0])
    con = sqlite3.connect(db_a)
    con.execute("UPDATE proposal SET title = title || '（改）' WHERE id = ?", (victim[4],))
    cols = [r[1] for r in con.execute("PRAGMA table_info(proposal)")]
    row_json = con.execute("SELECT json_object(" + ", ".join(f"'{c}', \"{c}\"" for c in cols) +
                           ") FROM proposal WHERE id = ?", (victim[4],)).fetchone()[0]
    ops = ["insert", "update", "delete", "snapshot"]
    prev = bytes.fromhex(next(json.loads(l) for l in open(full, encoding="utf-8"))["genesis"]) if victim[0] == entries[0][0] \
        else bytes.fromhex(entries[entries.index(victim) - 1][7])
    for e in entries[entries.index(victim):]:
        row_hash = hashlib.sha256(row_json.encode()).digest() if e is victim else bytes.fromhex(e[6])
        at, operator, note = batches[e[1]]
        text = prev + "\n".join(["", str(e[0]), at, operator, note, e[2], ops[e[3]], str(e[4]), e[5] or "", ""]).encode() \
            + row_hash
        prev = hashlib.sha256(text).digest()
        con.execute("UPDATE history SET hash = ? WHERE id = ?", (prev, e[0]))
    con.execute("UPDATE history_head SET hash = ?", (prev,))
    con.commit()
    con.close()
    p = run(db_a, "verify")
    check("a rewrite with its chain recomputed passes plain verify", p.returncode == 0, p.stdout + p.stderr)
    p = run(db_a, "verify", "--district", url)
    check("verify --district catches it, naming the first entry that differs",
          p.returncode == 3 and "differs from the district's" in p.stdout and str(victim[0]) in p.stdout,
          p.stdout + p.stderr)
    p = run(db_a, "district", "push", "--to", url)
    check("its push is refused, naming the entry", p.returncode != 0 and f"entry {victim[0]}" in p.stderr, p.stderr)
    p = run(db_d, "verify", "--district", url)
    check("verify --district passes an honest village", p.returncode == 0, p.stdout + p.stderr)

    # ---- Status. ----
    p = run(db_a, "district", "status", "--from", url, "--json")
    status = {v["code"]: v for v in json.loads(p.stdout)} if p.returncode == 0 else {}
    check("status lists every village that reported", len(status) == 3 + 1 + 8, sorted(status))
    check("status counts incidents", status.get("610114003202", {}).get("incidents") == 2, status.get("610114003202"))
    ok("more work in d", add_proposal(db_d, "公厕维修"))
    b4 = os.path.join(work, "d4.bundle")
    ok("bundle d4", run(db_d, "district", "bundle", "-o", b4))
    p = run(db_d, "district", "status", "--from", url, b4, "--json")
    behind = {v["code"]: v["behind"] for v in json.loads(p.stdout)} if p.returncode == 0 else {}
    check("status: entries behind, from a bundle not yet ingested", behind.get("610114004202") == 1, behind)

    # ---- Every village of the district: its row is its own report. ----
    ok("ingest d4", run(db_d, "district", "ingest", b4, "--to", url))
    everyone = dict(villages)
    everyone.update(eight)
    everyone["610114004202"] = db_d
    p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--json")
    rows = {v["code"]: v["figures"] for v in json.loads(p.stdout)["villages"]} if p.returncode == 0 else {}
    check("the report has a row for every village that reported", sorted(rows) == sorted(everyone),
          f"{sorted(rows)} vs {sorted(everyone)}")
    for code, db in everyone.items():
        own = json.loads(run(db, "report", "--year", "2026", "--json").stdout)
        check(f"at the end, the row of {code} equals its own report", rows.get(code) == own,
              f"\ndistrict: {rows.get(code)}\nvillage:  {own}")
    for quarter in ("1", "4"):
        p = run(db_a, "district", "report", "--from", url, "--year", "2026", "--quarter", quarter, "--json")
        rows = {v["code"]: v["figures"] for v in json.loads(p.stdout)["villages"]} if p.returncode == 0 else {}
        check(f"quarter {quarter}: every row equals the village's own",
              all(rows.get(code) == json.loads(run(db, "report", "--year", "2026", "--quarter", quarter,
                                                    "--json").stdout) for code, db in everyone.items()), p.stderr)

    # ---- Bad input changes nothing. ----
    plain = os.path.join(work, "plain.db")
    toml = open(os.path.join(root, "data", "laozhai", "village.toml"), encoding="utf-8").read()
    nocode = os.path.join(work, "nocode.toml")
    open(nocode, "w", encoding="utf-8").write(toml.replace('code = "610114003201"\n', ""))
    ok("init without a code", run(plain, "init", "--config", nocode))
    size = history_size(plain)
    p = run(plain, "district", "push", "--to", url)
    check("a village without a code cannot push", p.returncode != 0 and "yishi village code" in p.stderr, p.stderr)
    p = run(plain, "village", "code", "61011400320")
    check("a code of 11 digits is refused", p.returncode == 2 and "12 digits" in p.stderr, p.stderr)
    p = run(plain, "village", "code", "610114000201")
    check("a county's code is refused", p.returncode == 2 and "county" in p.stderr, p.stderr)
    p = run(plain, "village", "code", "610114003201", "--township-code", "610114004")
    check("a township code that is not the village's is refused", p.returncode == 2, p.stderr)
    check("... and nothing changed", history_size(plain) == size)
    badtoml = os.path.join(work, "bad.toml")
    open(badtoml, "w", encoding="utf-8").write(toml.replace('code = "610114003201"', 'code = "6101140032"'))
    p = run(os.path.join(work, "bad.db"), "init", "--config", badtoml)
    check("village.toml with a bad code names the file, line and field",
          p.returncode != 0 and "bad.toml:" in p.stderr and "village.code" in p.stderr
          and not os.path.exists(os.path.join(work, "bad.db")), p.stderr)
    p = run(db_d, "district", "push", "--to", "postgresql:///nowhere?host=/nonexistent&user=yishi")
    check("an unreachable district is an error naming it", p.returncode != 0 and "/nonexistent" in p.stderr, p.stderr)
    p = run(db_d, "district", "push")
    check("no district named is a usage error", p.returncode == 2 and "YISHI_DISTRICT" in p.stderr, p.stderr)
    p = run(db_b, "village", "code", "610114003209")
    check("a village that reported keeps its code", p.returncode != 0 and "cannot change" in p.stderr, p.stderr)

shutil.rmtree(work, ignore_errors=True)
sys.exit(tally.finish())
