#!/usr/bin/env python3
"""The township's ledgers as yishi writes them (`yishi export --format xlsx`), read by a second, independent
reader: Python's zipfile and xml.etree, as any spreadsheet program reads the file.

  check_ledger.py YISHI ROOT

Checks the sheets and their Chinese headers, labels rather than codes, names rather than ids, dates stored
as Excel dates with a date format, the frozen header row and the autofilter, the masking of phones in the
public workbook and their presence (with mode 0600) in the private one, and --year. Prints "N passed,
N failed"; exits 1 when one fails.
"""
import os
import re
import stat
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

yishi, root = sys.argv[1], os.path.abspath(sys.argv[2])
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + str(detail)}")


def read(path):
    """{sheet name: (rows as lists of cell text, the sheet's XML, the styles' XML)}."""
    z = zipfile.ZipFile(path)
    shared = [''.join(t.text or '' for t in si.iter(M + "t"))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(M + "si")]
    book = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in book.find(M + "sheets")]
    styles = z.read("xl/styles.xml").decode()
    out = {}
    for i, name in enumerate(names, 1):
        xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
        rows = []
        for row in ET.fromstring(xml).find(M + "sheetData"):
            cells = []
            for c in row:
                v = c.findtext(M + "v")
                # An empty cell is left out of the sheet: place each by its reference (C5: the third column).
                column = 0
                for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                    column = column * 26 + ord(ch) - ord("A") + 1
                cells.extend([(None, None)] * (column - 1 - len(cells)))
                cells.append((shared[int(v)] if c.get("t") == "s" else v, c.get("s")))
            rows.append(cells)
        out[name] = (rows, xml, styles)
    return out


env = dict(os.environ, YISHI_HOME=root, YISHI_NOW="2026-03-20 10:00", LANG="C.UTF-8")
with tempfile.TemporaryDirectory(prefix="yishi-xlsx-") as tmp:
    subprocess.run([yishi, "demo", "--dir", os.path.join(tmp, "d")], env=env, check=True, capture_output=True)
    db = os.path.join(tmp, "d", "yishi.db")
    y = [yishi, "--db", db]
    subprocess.run(y + ["proposal", "add", "--title", "路灯坏了，请联系13812345678", "--group", "东风组",
                        "--channel", "微信群", "--proposer", "王建华", "--no-input"], env=env, check=True,
                   capture_output=True)
    # A meeting called off and a draft voided: in the ledger as such, never counted.
    def run(*args):
        return subprocess.run(y + list(args) + ["--no-input"], env=env, check=True, capture_output=True, text=True)
    run("proposal", "accept", "2026-002")
    run("session", "plan", "--council", "dongfeng", "--at", "2026-03-25 19:30", "--venue", "东风组议事点",
        "--agenda", "2026-002")
    draft = re.search(r"N2026-\d+", run("notice", "draft", "--proposal", "2026-002", "--stage", "plan").stdout)[0]
    run("notice", "discard", draft, "--reason", "地点写错")
    session = re.search(r"S2026-\d+", run("session", "list").stdout.splitlines()[-1])[0]
    run("session", "cancel", session, "--reason", "成员外出")
    public = os.path.join(tmp, "台账.xlsx")
    subprocess.run(y + ["export", "--format", "xlsx", "-o", public], env=env, check=True, capture_output=True)
    book = read(public)
    cancelled = [[c[0] for c in r] for r in book["议事会议"][0] if r and r[0][0] == session]
    check("议事会议: the cancelled session marked 已取消 with its reason, nobody counted",
          len(cancelled) == 1 and cancelled[0][8] == "已取消：成员外出" and cancelled[0][6] in (None, "", "0"),
          cancelled)
    voided = [[c[0] for c in r] for r in book["公示"][0] if r and r[0][0] == draft]
    check("公示: the discarded draft marked 作废 with its reason, no serial",
          len(voided) == 1 and voided[0][8] == "作废：地点写错" and voided[0][1] in (None, ""), voided)
    check("the five sheets", list(book) == ["议题台账", "议事会议", "表决", "公示", "落实"], list(book))
    rows, xml, styles = book["议题台账"]
    check("议题台账 headers", [c[0] for c in rows[0]] == ["编号", "标题", "来源渠道", "提议人", "村民小组", "层级",
                                                      "收集日期", "状态", "决议", "责任人", "完成时限", "落实情况"],
          rows[0])
    road = next(r for r in rows if r[0][0] == "2026-001")
    check("labels, not codes", road[2][0] == "上门走访" and road[5][0] == "组级" and road[7][0] == "已决议",
          [c[0] for c in road])
    check("names, not ids", road[3][0] == "薛连生" and road[4][0] == "新义组", [c[0] for c in road])
    check("a date is an Excel date with a date format", road[6][0] == "46077" and road[6][1] is not None
          and "yyyy-mm-dd" in styles, road[6])
    check("the header row is frozen", 'ySplit="1"' in xml and 'state="frozen"' in xml, xml[:400])
    check("an autofilter over the sheet", "<autoFilter ref=\"A1:L" in xml, xml[-400:])
    check("column widths fit", "<cols>" in xml and 'customWidth="1"' in xml)
    lamp = next(r for r in rows if r[1][0].startswith("路灯"))
    check("a phone in a title is masked", "13812345678" not in lamp[1][0] and "138****5678" in lamp[1][0], lamp[1])
    check("the public workbook is not private", stat.S_IMODE(os.stat(public).st_mode) != 0o600)
    sessions = book["议事会议"][0]
    check("议事会议: council, mode, attendance", sessions[2][1][0] == "老寨村村民议事会" and sessions[2][3][0] ==
          "线下议事" and sessions[2][5][0] == "15" and sessions[2][6][0] == "11", [c[0] for c in sessions[2]])
    votes = book["表决"][0]
    check("表决: method, tally, result, the rule in words", votes[2][2][0] == "举手表决" and
          [votes[2][i][0] for i in (3, 4, 5)] == ["10", "0", "1"] and votes[2][6][0] == "通过"
          and votes[2][7][0].startswith("到会须"), [c[0] for c in votes[2]])
    notices = book["公示"][0]
    check("公示: number, serial, stage, places, state", notices[1][0][0] == "N2026-001"
          and notices[1][1][0] == "老寨村议公〔2026〕1号" and notices[1][3][0] == "议事方案"
          and "村务公开栏" in notices[1][6][0] and notices[1][8][0] == "已张贴", [c[0] for c in notices[1]])

    private = os.path.join(tmp, "台账-内部.xlsx")
    subprocess.run(y + ["export", "--format", "xlsx", "-o", private, "--include-private"], env=env, check=True,
                   capture_output=True)
    rows = read(private)["议题台账"][0]
    lamp = next(r for r in rows if r[1][0].startswith("路灯"))
    check("--include-private keeps the phone", "13812345678" in lamp[1][0], lamp[1])
    check("--include-private makes the file 0600", stat.S_IMODE(os.stat(private).st_mode) == 0o600,
          oct(os.stat(private).st_mode))
    other = os.path.join(tmp, "2027.xlsx")
    subprocess.run(y + ["export", "--format", "xlsx", "-o", other, "--year", "2027"], env=env, check=True,
                   capture_output=True)
    check("--year 2027 holds no 2026 record", all(len(r[0]) == 1 for r in read(other).values()),
          {k: len(v[0]) for k, v in read(other).items()})
    # Round trip: the proposals sheet of a village's ledger, imported by yishi into another village's
    # database, gives the same proposals (a fresh village: its matters are all still collected).
    a, b = os.path.join(tmp, "a.db"), os.path.join(tmp, "b.db")
    config = os.path.join(root, "data", "laozhai", "village.toml")
    for d in (a, b):
        subprocess.run([yishi, "--db", d, "init", "--config", config], env=env, check=True, capture_output=True)
    for title, group, channel, who in (("新义组进村道路硬化拓宽", "新义组", "上门走访", "薛连生"),
                                       ("东风组路灯", "东风组", "微信群", "王建华")):
        subprocess.run([yishi, "--db", a, "proposal", "add", "--title", title, "--group", group, "--channel",
                        channel, "--proposer", who, "--no-input"], env=env, check=True, capture_output=True)
    ledger = os.path.join(tmp, "a.xlsx")
    subprocess.run([yishi, "--db", a, "export", "--format", "xlsx", "-o", ledger], env=env, check=True,
                   capture_output=True)
    back = subprocess.run([yishi, "--db", b, "import", "proposals", ledger], env=env, capture_output=True, text=True)
    check("yishi reads back the ledger it wrote", back.returncode == 0 and "Added 2" in back.stdout,
          back.stdout + back.stderr)
    listing = lambda d: subprocess.run([yishi, "--db", d, "proposal", "list", "--json"], env=env, check=True,
                                       capture_output=True, text=True).stdout
    import json
    keep = lambda d: [(p["title"], p.get("group"), p["channel"], p["proposer"], p["submitted_on"])
                      for p in json.loads(listing(d))]
    check("the same proposals, field for field", keep(a) == keep(b), (keep(a), keep(b)))
    bad = subprocess.run(y + ["export", "--format", "xlsx"], env=env, capture_output=True, text=True)
    check("--format xlsx without --output is refused", bad.returncode == 2 and "--output" in bad.stderr, bad.stderr)
failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
