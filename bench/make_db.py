#!/usr/bin/env python3
"""Fills a yishi database (made by `yishi init` from the sample village) with N proposals of one
year, spread over months, groups, channels and statuses, with rulings for a tenth of them and
completions for half of those. Rows go straight into the schema, in one transaction: this builds a
large database for benchmarks, it does not test the import path.

  make_db.py DB N [--year 2026] [--seed 1]
"""
import argparse
import datetime
import random
import sqlite3

CHANNELS = ["door-to-door", "grid-worker", "wechat", "suggestion-box", "council", "phone", "assigned"]
STATUSES = ["collected", "accepted", "scheduled", "escalated", "defeated", "declined", "withdrawn"]
TITLES = ["修缮村道", "安装路灯", "清理水渠", "涝池护栏", "红白喜事从简", "门球场维护", "垃圾清运", "自来水管网",
          "村史馆修缮", "文化广场照明"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("n", type=int)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    con = sqlite3.connect(args.db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")
    groups = [row[0] for row in con.execute("SELECT id FROM village_group ORDER BY id")]
    council = con.execute("SELECT id FROM council WHERE key = 'village'").fetchone()[0]
    start = datetime.date(args.year, 1, 1)
    days_in_year = (datetime.date(args.year + 1, 1, 1) - start).days
    con.execute("BEGIN")
    seq_base = con.execute("SELECT COALESCE(MAX(seq), 0) FROM proposal WHERE year = ?", (args.year,)).fetchone()[0]
    rows = []
    rulings = []
    for i in range(args.n):
        submitted = start + datetime.timedelta(days=rnd.randrange(days_in_year))
        ruled = rnd.random() < 0.1
        status = "ruled" if ruled else rnd.choice(STATUSES)
        group = rnd.choice(groups) if rnd.random() < 0.9 else None
        rows.append((args.year, seq_base + i + 1, f"{rnd.choice(TITLES)}（{i}）", "村民反映的事项，详见走访记录。",
                     group, "group" if group else "village", rnd.choice(CHANNELS), f"村民{i % 997}",
                     submitted.isoformat(), status))
        if ruled:
            ruled_on = min(submitted + datetime.timedelta(days=rnd.randrange(1, 40)), datetime.date(args.year, 12, 31))
            done = rnd.random() < 0.5
            completed = min(ruled_on + datetime.timedelta(days=rnd.randrange(5, 90)), datetime.date(args.year, 12, 31))
            rulings.append((seq_base + i + 1, ruled_on.isoformat(), (ruled_on + datetime.timedelta(days=60)).isoformat(),
                            completed.isoformat() if done else None))
        if len(rows) == 50000:
            con.executemany("INSERT INTO proposal (year, seq, title, description, group_id, tier, channel, "
                            "proposer_name, submitted_on, status) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            rows.clear()
    con.executemany("INSERT INTO proposal (year, seq, title, description, group_id, tier, channel, proposer_name, "
                    "submitted_on, status) VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO ruling (proposal_id, council_id, text, responsible, deadline, ruled_on, completed_on) "
                    "SELECT id, ?, '按议定方案办理', '村委会', ?, ?, ? FROM proposal WHERE year = ? AND seq = ?",
                    [(council, deadline, ruled_on, completed, args.year, seq)
                     for seq, ruled_on, deadline, completed in rulings])
    con.execute("UPDATE proposal SET status = 'completed' WHERE id IN (SELECT proposal_id FROM ruling WHERE "
                "completed_on IS NOT NULL)")
    con.commit()
    con.execute("ANALYZE")
    con.close()
    print(f"{args.n} proposals, {len(rulings)} rulings in {args.db}")


if __name__ == "__main__":
    main()
