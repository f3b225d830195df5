#!/usr/bin/env python3
"""yishi init --roster: the township's roster (花名册) as a workbook written by an independent Excel writer
(openpyxl): a merged title row, 600 villagers in six groups, real Excel dates, 身份证号 stored as text, a
household number, 政治面貌 and 职务, and two bad rows. Without --skip-bad, init refuses naming both rows by their
sheet row and creates nothing; with it, the database has the 598 villagers, and each group's households and
adults (18 and over on the day) as the workbook has them; the councils the village.toml chose from the roster
pass `council check`, and a matter goes through a session of one of them to its ruling.
Prints "N passed, N failed".

  roster.py YISHI ROOT
"""
import datetime
import os
import sqlite3
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402
from terminal import Terminal  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check
TODAY = datetime.date(2026, 3, 2)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "秀英", "桂兰", "志强", "玉梅", "德胜", "海燕", "永福", "春花", "金山", "红霞", "保全", "淑珍",
         "明亮", "小军", "丽娟", "国庆", "月娥", "振华", "晓梅", "长青", "宝山", "凤英", "文斌", "翠兰", "福生",
         "雪梅", "兴旺", "俊杰", "美玲", "占奎"]
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组"]


def id_number(born, serial, female):
    """A resident ID number of the right form with a wrong check digit, so that it is no real person's."""
    body = f"610114{born:%Y%m%d}{serial % 100:02d}{(serial % 5) * 2 + (0 if female else 1)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    right = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    wrong = next(c for c in "0123456789X" if c != right)
    return body + wrong


people = []  # (group, name, female, born, household, party, posts, id or None)
n = 0
for g, group in enumerate(GROUPS):
    for i in range(100):
        surname = SURNAMES[(g * 7 + i // 31) % len(SURNAMES)]
        name = surname + GIVEN[i % len(GIVEN)] + ("" if i < 31 else "ABCDEFGH"[i // 31 - 1] if False else "")
        name = f"{surname}{GIVEN[i % len(GIVEN)]}" if i < 31 else f"{surname}{GIVEN[i % len(GIVEN)]}{'甲乙丙'[i // 31 - 1]}"
        female = i % 2 == 1
        born = datetime.date(1940 + (i * 7 + g) % 80, 1 + i % 12, 1 + (i * 3) % 28)
        household = f"{g + 1}{i // 4:03d}"  # four to a household
        party = "中共党员" if i % 5 == 0 else ("共青团员" if i % 7 == 0 else "群众")
        posts = "村民小组长" if i == 0 else ("村民代表" if i % 10 == 1 else "")
        if g == 0 and i in (2, 4):
            posts = "村“两委”干部"
        ident = id_number(born, n, female) if i % 3 != 2 else None  # a third give only their birth date
        people.append((group, name, female, born, household, party, posts, ident))
        n += 1

with tempfile.TemporaryDirectory(prefix="yishi-roster-") as tmp:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "花名册"
    ws.append(["老寨村村民花名册（2026年）"])
    ws.merge_cells("A1:J1")
    header = ["序号", "姓名", "性别", "出生日期", "身份证号", "村民小组", "户号", "联系电话", "政治面貌", "职务"]
    ws.append(header)
    bad_rows = {}
    for k, (group, name, female, born, household, party, posts, ident) in enumerate(people):
        row = [k + 1, name, "女" if female else "男", born if ident is None else None, ident, group, household,
               f"138{k:08d}" if k % 4 == 0 else None, party, posts or None]
        ws.append(row)
        r = ws.max_row
        ws.cell(row=r, column=4).number_format = "yyyy/m/d"
        ws.cell(row=r, column=5).number_format = "@"  # 身份证号 as text, as the township types it
        # Two rows that cannot be taken: a gender left blank, and a phone number one digit short.
        if k == 150:
            ws.cell(row=r, column=3).value = None
            bad_rows[r] = k
        if k == 333:
            ws.cell(row=r, column=8).value = "1380000123"
            bad_rows[r] = k
    workbook = os.path.join(tmp, "花名册.xlsx")
    book.save(workbook)

    def member(group, i):
        return next(p[1] for k, p in enumerate(people) if p[0] == group and k % 100 == i)

    lines = ['[village]', 'name = "老寨村"', 'township = "武屯街道"', 'supervision_phone = "029-86861234"', '']
    # The village council: the 两委 and Party members from several groups (9 of 15 members in the Party).
    village_members = [member("一组", i) for i in (0, 2, 4, 5, 10)] + [member(g, 0) for g in GROUPS[1:]] + \
        [member(g, 15) for g in GROUPS[1:3]] + [member(g, 1) for g in GROUPS[3:5]]
    lines += ['[[councils]]', 'key = "village"', 'name = "老寨村村民议事会"', 'tier = "village"',
              f'convener = "{member("一组", 0)}"',
              'members = [' + ", ".join(f'"{m}"' for m in village_members) + ']', '']
    for g, group in enumerate(GROUPS):
        chosen = [member(group, i) for i in (0, 1, 3, 5, 6)]
        lines += ['[[councils]]', f'key = "g{g + 1}"', f'name = "{group}村民小组议事会"', 'tier = "group"',
                  f'group = "{group}"', f'convener = "{chosen[0]}"',
                  'members = [' + ", ".join(f'"{m}"' for m in chosen) + ']', '']
        lines += ['[[councils]]', f'key = "g{g + 1}-meeting"', f'name = "{group}村民小组会议"', 'tier = "group"',
                  f'group = "{group}"', 'kind = "group-meeting"', f'convener = "{chosen[0]}"', '']
    lines += ['[[councils]]', 'key = "villagers"', 'name = "老寨村村民会议"', 'tier = "village"',
              'kind = "villagers"', f'convener = "{member("一组", 0)}"', '']
    with open(os.path.join(tmp, "village.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

    db = os.path.join(tmp, "v.db")
    env = yishi_env(root, db, "2026-03-02 09:00")

    def run(*args):
        return subprocess.run([yishi, *args], cwd=tmp, env=env, capture_output=True, text=True)

    r = run("--lang", "en", "init", "--config", "village.toml", "--roster", "花名册.xlsx")
    named = all(f"row {row}:" in r.stderr for row in bad_rows)
    check("the bad rows are refused, each named by its sheet row", r.returncode == 1 and named and
          "2 rows cannot be taken" in r.stderr, r.stderr)
    check("the blank gender and the short phone are what is said",
          "性别" in r.stderr and "1380000123" in r.stderr, r.stderr)
    check("nothing is created", not os.path.exists(db))

    r = run("--lang", "en", "init", "--config", "village.toml", "--roster", "花名册.xlsx", "--skip-bad")
    check("with --skip-bad the village is made", r.returncode == 0 and "600 people" not in r.stdout and
          "598 people" in r.stdout, (r.stdout, r.stderr))
    check("the rows left out are listed", all(f"Left out row {row}:" in r.stdout for row in bad_rows), r.stdout)

    con = sqlite3.connect(db)
    check("598 villagers", con.execute("SELECT count(*) FROM person").fetchone()[0] == 598)
    left_out = [people[k][1] for k in bad_rows.values()]
    check("the rows left out are not in", con.execute(
        f"SELECT count(*) FROM person WHERE name IN ({','.join('?' * len(left_out))})", left_out).fetchone()[0] == 0)
    for group in GROUPS:
        mine = [p for k, p in enumerate(people) if p[0] == group and k not in bad_rows.values()]
        adults = sum(1 for p in mine if (TODAY.year - p[3].year - ((TODAY.month, TODAY.day) < (p[3].month, p[3].day)))
                     >= 18)
        households = len({p[4] for p in mine})
        got = con.execute("SELECT households, adults FROM village_group WHERE name = ?", (group,)).fetchone()
        check(f"{group}: households and adults counted from the workbook", got == (households, adults),
              (got, households, adults))
    got = con.execute("SELECT party_member, categories, id_number, phone FROM person WHERE name = ?",
                      (people[0][1],)).fetchone()
    check("政治面貌, 职务, the ID number as text and the phone are taken",
          got == (1, "村民小组长", people[0][7], "13800000000"), got)
    got = con.execute("SELECT party_member FROM person WHERE name = ?", (people[7][1],)).fetchone()
    check("共青团员 is no Party member", got == (0,), got)
    got = con.execute("SELECT count(*) FROM council").fetchone()[0]
    check("the councils as chosen", got == 14, got)
    con.close()

    r = run("council", "check")
    check("council check passes", r.returncode == 0, (r.stdout, r.stderr))
    steps = [
        ("proposal", "add", "--title", "修水渠", "--group", "二组", "--channel", "phone", "--proposer", member("二组", 3)),
        ("proposal", "accept", "2026-001"),
        ("session", "plan", "--council", "g2", "--at", "2026-03-02 19:30", "--venue", "二组议事点",
         "--agenda", "2026-001"),
    ]
    for step in steps:
        r = run(*step)
        check(f"yishi {' '.join(step[:2])}", r.returncode == 0, r.stderr)
    env["YISHI_NOW"] = "2026-03-02 19:30"
    for step in [("session", "attend", "S2026-001", "--all"),
                 ("session", "motion", "S2026-001", "--text", "清淤", "--responsible", member("二组", 0),
                  "--deadline", "2026-04-30"),
                 ("session", "vote", "S2026-001", "--for", "4", "--against", "1", "--yes")]:
        r = run(*step)
        check(f"yishi {' '.join(step[:2])}", r.returncode == 0, r.stderr)
    r = run("--lang", "en", "proposal", "show", "2026-001")
    check("the matter is ruled", r.returncode == 0 and "ruled" in r.stdout, r.stdout)
    r = run("--lang", "en", "person", "show", people[0][1])
    check("no ID number in full on a person's page", people[0][7] not in r.stdout, r.stdout)

    # The same village set up by questions at a terminal (a pseudo-terminal the test answers, in Chinese): the
    # particulars, the roster's bad rows left out, each council chosen from the roster by number or by name with
    # its shares shown, a choice that breaks the rules asked again; the law's bodies made without asking.
    folder = os.path.join(tmp, "asked")
    os.makedirs(folder)
    os.symlink(workbook, os.path.join(folder, "花名册.xlsx"))
    db2 = os.path.join(folder, "yishi.db")
    env2 = yishi_env(root, db2, "2026-03-02 09:00")
    t = Terminal(yishi, ["--lang", "zh", "init", "--roster", "花名册.xlsx"], env2, folder)
    check("the village's name is asked, in Chinese", t.expect("村名"), t.seen)
    t.send("老寨村")
    check("its division code", t.expect("统计用区划代码"), t.seen)
    t.send("610114003201")
    check("its township", t.expect("乡镇"), t.seen)
    t.send("武屯街道")
    check("who signs its notices, with the default", t.expect("落款［老寨村村民议事会］"), t.seen)
    t.send("")
    check("the supervision phone", t.expect("监督电话"), t.seen)
    t.send("12345")
    check("a wrong phone is refused and asked again", t.expect("不是电话号码") and t.expect("监督电话"), t.seen)
    t.send("029-86861234")
    check("the roster's counts are shown", t.expect("598") and t.expect("一组"), t.seen)
    check("its bad rows are named by sheet row", all(t.expect(f"第{row}行") for row in sorted(bad_rows)), t.seen)
    t.send("y")
    check("the village council's candidates are shown", t.expect("老寨村村民议事会") and t.expect("村民小组长"), t.seen)
    t.send("2,3,4")  # none of them in the Party
    check("a choice that breaks the Party share is shown and asked again",
          t.expect("党员 0/3") and t.expect("60%") and t.expect("重新选择"), t.seen)
    t.send("")  # the suggestion: the 两委 and the group leaders
    check("the suggestion's shares are shown", t.expect("党员 6/8"), t.seen)
    for g, group in enumerate(GROUPS):
        check(f"{group}'s council is asked for", t.expect(f"{group}村民小组议事会"), t.seen)
        if g == 0:
            t.send("查无此人、" + member(group, 0))
            check("a name not on the roster is refused", t.expect("查无此人") and t.expect("不在花名册"), t.seen)
            t.send(f"{member(group, 0)}、{member(group, 5)}、{member(group, 1)}")  # by name
            check("chosen by name, the shares shown", t.expect("党员 2/3"), t.seen)
        else:
            t.send("")
    rc, out = t.finish()
    check("asked and answered, the village is made", rc == 0 and "已在" in out and "598" in out,
          (rc, out, t.seen[-1500:]))
    check("the village.toml it made is written beside the database and said so",
          os.path.exists(os.path.join(folder, "village.toml")) and "village.toml" in t.seen, os.listdir(folder))
    con = sqlite3.connect(db2)
    names = [r[0] for r in con.execute("SELECT name FROM council ORDER BY id")]
    check("the councils chosen and the law's bodies", "老寨村村民议事会" in names and "老寨村村民会议" in names and
          "老寨村村民代表会议" in names and all(f"{g}村民小组会议" in names for g in GROUPS) and len(names) == 15, names)
    first = [r[0] for r in con.execute(
        "SELECT p.name FROM council_member m JOIN person p ON p.id = m.person_id JOIN council c ON c.id = m.council_id "
        "WHERE c.key = 'group1' ORDER BY p.name")]
    check("一组's council as typed", sorted(first) == sorted([member("一组", 0), member("一组", 5), member("一组", 1)]),
          first)
    for group in GROUPS:
        mine = [p for k, p in enumerate(people) if p[0] == group and k not in bad_rows.values()]
        adults = sum(1 for p in mine if (TODAY.year - p[3].year - ((TODAY.month, TODAY.day) < (p[3].month, p[3].day)))
                     >= 18)
        got = con.execute("SELECT households, adults FROM village_group WHERE name = ?", (group,)).fetchone()
        check(f"{group}, set up by questions: households and adults as the workbook has them",
              got == (len({p[4] for p in mine}), adults), (got, adults))
    con.close()
    r = subprocess.run([yishi, "council", "check"], cwd=folder, env=env2, capture_output=True, text=True)
    check("council check passes on the village set up by questions", r.returncode == 0, (r.stdout, r.stderr))
    # A matter through a session of a council chosen at the terminal, to its ruling.
    for step in [("proposal", "add", "--title", "修井", "--group", "一组", "--channel", "phone", "--proposer",
                  member("一组", 3)),
                 ("proposal", "accept", "2026-001"),
                 ("session", "plan", "--council", "group1", "--at", "今晚7点半", "--venue", "一组议事点",
                  "--agenda", "2026-001")]:
        r = subprocess.run([yishi, *step], cwd=folder, env=env2, capture_output=True, text=True)
        check(f"set up by questions: yishi {' '.join(step[:2])}", r.returncode == 0, r.stderr)
    env3 = dict(env2, YISHI_NOW="2026-03-02 19:30")
    for step in [("session", "attend", "S2026-001", "--all"),
                 ("session", "motion", "S2026-001", "--text", "清淤", "--responsible", member("一组", 0),
                  "--deadline", "2026-04-30"),
                 ("session", "vote", "S2026-001", "--for", "3", "--yes")]:
        r = subprocess.run([yishi, *step], cwd=folder, env=env3, capture_output=True, text=True)
        check(f"set up by questions: yishi {' '.join(step[:2])}", r.returncode == 0, r.stderr)
    r = subprocess.run([yishi, "--lang", "en", "proposal", "show", "2026-001"], cwd=folder, env=env3,
                       capture_output=True, text=True)
    check("set up by questions: the matter is ruled", "ruled" in r.stdout, r.stdout)
    again = os.path.join(tmp, "again.db")
    r = subprocess.run([yishi, "--db", again, "init", "--config", "village.toml", "--roster", "花名册.xlsx",
                        "--skip-bad"], cwd=folder, env=env2, capture_output=True, text=True)
    check("its village.toml makes the same village again", r.returncode == 0 and "15" in r.stdout, r.stderr)
sys.exit(tally.finish())
