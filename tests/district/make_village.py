#!/usr/bin/env python3
"""Makes a village database the way a secretary would, through yishi itself (so its history is yishi's):
the sample village with a division code, N proposals imported from a CSV, and K group-council sessions
through the year, each taking one proposal to a counted vote; carried ones are ruled, some carried out,
some with a result notice posted and an objection to it. Dates come from YISHI_NOW, advancing.

  make_village.py YISHI ROOT DB --code CODE [--seed S] [--proposals N] [--sessions K]

Used by the district tests (tests/district/check_district.py) and bench/district_bench.sh.
"""
import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from make_proposals_csv import row  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("yishi")
    ap.add_argument("root")
    ap.add_argument("db")
    ap.add_argument("--code", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--proposals", type=int, default=40)
    ap.add_argument("--sessions", type=int, default=6)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = dict(os.environ, LANG="C.UTF-8", YISHI_HOME=args.root)
    base.pop("YISHI_DB", None)

    def y(now, *cmd, parse=False):
        env = dict(base, YISHI_NOW=now)
        p = subprocess.run([args.yishi, "--db", args.db, "--yes", *cmd], env=env, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(f"make_village: yishi {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
        return json.loads(p.stdout) if parse else p.stdout

    y("2026-01-01 08:00", "init", "--config", os.path.join(args.root, "data", "laozhai", "village.toml"))
    y("2026-01-01 08:05", "village", "code", args.code)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["编号", "标题", "内容", "提议人", "联系电话", "村民小组", "来源", "日期", "预算"])
        for i in range(1, args.proposals + 1):
            w.writerow(row(rng, i, 9))
        csv_file = f.name
    y("2026-10-01 08:00", "import", "proposals", csv_file)
    os.unlink(csv_file)
    councils = [c for c in y("2026-10-01 08:00", "village", "show", "--json", parse=True)["councils"]
                if c["tier"] == "group" and c["rules"] == "group_council" and c["members"]]
    proposals = y("2026-10-01 08:00", "proposal", "list", "--status", "collected", "--limit", "100000", "--json",
                  parse=True)
    day = datetime.date(2026, 10, 2)
    for k in range(args.sessions):
        council = councils[k % len(councils)]
        mine = [p for p in proposals if p["group"] == council["group"] and p["tier"] == "group"]
        if not mine:
            continue
        p = mine.pop(rng.randrange(len(mine)))
        proposals.remove(p)
        day += datetime.timedelta(days=rng.randint(1, 3))
        at = f"{day.isoformat()} 19:30"
        now = f"{day.isoformat()} 08:00"
        y(now, "proposal", "accept", p["ref"])
        y(now, "session", "plan", "--council", council["key"], "--at", at, "--venue", "议事点", "--agenda", p["ref"])
        sessions = y(now, "session", "list", "--json", parse=True)
        session = sessions[-1]["ref"]
        members = len(council["members"])
        later = f"{day.isoformat()} 20:00"
        y(later, "session", "attend", session, "--all")
        deadline = (day + datetime.timedelta(days=rng.randint(5, 60))).isoformat()
        y(later, "session", "motion", session, "--text", f"{p['title']}：同意办理", "--responsible", council["convener"],
          "--deadline", deadline)
        yes = rng.randint(members // 2, members)
        y(later, "session", "vote", session, "--for", str(yes), "--against", str(members - yes))
        y(later, "session", "close", session)
        status = y(later, "proposal", "show", p["ref"], "--json", parse=True)["status"]
        if status != "ruled":  # defeated, or escalated to the village (a recommendation)
            continue
        if rng.random() < 0.6:
            done = day + datetime.timedelta(days=rng.randint(2, 40))
            y(f"{done.isoformat()} 09:00", "progress", "done", p["ref"], "--date", done.isoformat(), "--evidence",
              "验收合格")
        if rng.random() < 0.5:
            y(later, "notice", "draft", "--proposal", p["ref"], "--stage", "result")
            notice = y(later, "notice", "list", "--json", parse=True)[-1]["ref"]
            y(later, "notice", "post", notice)
            if rng.random() < 0.5:
                next_day = (day + datetime.timedelta(days=1)).isoformat()
                y(f"{next_day} 10:00", "notice", "object", notice, "--by", "王建国", "--text", "费用分摊不清楚")


if __name__ == "__main__":
    main()
