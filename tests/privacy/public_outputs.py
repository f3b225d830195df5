#!/usr/bin/env python3
"""No personal number survives on any public output.

Generates phone and ID numbers in the forms people write them (full-width digits, +86/86/0086,
letters glued before, separators, landlines with area codes, ID numbers in groups, 15-digit old IDs),
puts them in proposals' titles, descriptions and the proposer's phone, takes the proposals through a
session to their result notices, and prints every public form: each notice as text, HTML and PDF
(pdftotext), the minutes and the report in the three formats, and the public JSON and CSV exports.
None of the generated numbers' digits may be found in any of them, with the separators taken out.
Prints "N passed, N failed".

  public_outputs.py YISHI ROOT
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402
from personal import PersonalNumbers  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
personal = PersonalNumbers(20261201)
generate, digits_only = personal.generate, personal.digits_only


tally = Tally()
check = tally.check


with tempfile.TemporaryDirectory(prefix="yishi-privacy-") as tmp:
    env = yishi_env(root, "v.db", "2026-03-02 09:00")

    def y(*args, now=None):
        e = dict(env)
        if now:
            e["YISHI_NOW"] = now
        r = subprocess.run([yishi, *args], cwd=tmp, env=e, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"yishi {' '.join(args)} failed:\n{r.stderr}")
        return r.stdout

    y("init", "--config", os.path.join(root, "data/laozhai/village.toml"))
    secrets = []
    proposals = 4
    for i in range(proposals):
        numbers = [generate() for _ in range(4)]
        secrets.extend(d for d, _ in numbers)
        title = f"修缮水渠第{i + 1}段（联系{numbers[0][1]}）"
        description = "，".join(f"村民{n}反映{w}" for n, (_, w) in zip("甲乙丙", numbers[1:])) + "。"
        phone = ["029-86123456", "(029)86123457", "13812345678", "0917-8612345"][i]
        secrets.append(digits_only(phone) if not phone.startswith("1") else phone)
        y("proposal", "add", "--title", title, "--group", "胜利组", "--channel", "phone", "--proposer", "李某",
          "--proposer-phone", phone, "--description", description)
        y("proposal", "accept", f"2026-00{i + 1}")
    agenda = ",".join(f"2026-00{i + 1}" for i in range(proposals))
    y("session", "plan", "--council", "shengli", "--at", "2026-03-06 19:00", "--venue", "胜利组", "--agenda", agenda)
    for i in range(proposals):  # each plan goes up before its meeting
        plan = re.search(r"N2026-\d+", y("notice", "draft", "--proposal", f"2026-00{i + 1}", "--stage", "plan"))
        y("notice", "post", plan.group(0))
    y("session", "attend", "S2026-001", "--all", now="2026-03-06 19:05")
    for i in range(proposals):
        y("session", "motion", "S2026-001", "--proposal", f"2026-00{i + 1}", "--text", "同意修缮",
          "--responsible", "李某", "--deadline", "2026-06-30", now="2026-03-06 19:10")
        y("session", "vote", "S2026-001", "--proposal", f"2026-00{i + 1}", "--for", "5", now="2026-03-06 19:20")
    y("session", "close", "S2026-001", now="2026-03-06 21:00")
    for i in range(proposals):
        y("notice", "draft", "--proposal", f"2026-00{i + 1}", "--stage", "result", now="2026-03-07 09:00")
    notices = re.findall(r"N2026-\d+", y("notice", "list", now="2026-03-07 09:00"))
    outputs = {}
    drafts = set(re.findall(r"N2026-\d+", y("notice", "list", "--state", "draft", now="2026-03-07 09:00")))
    for n in sorted(set(notices)):
        if n in drafts:
            y("notice", "post", n, now="2026-03-07 10:00")
        outputs[f"notice {n} text"] = y("notice", "print", n, now="2026-03-07 10:00")
        y("notice", "print", n, "--format", "html", "-o", f"{n}.html", now="2026-03-07 10:00")
        y("notice", "print", n, "--format", "pdf", "-o", f"{n}.pdf", now="2026-03-07 10:00")
    outputs["minutes text"] = y("session", "minutes", "S2026-001", now="2026-03-07 10:00")
    y("session", "minutes", "S2026-001", "--format", "html", "-o", "minutes.html", now="2026-03-07 10:00")
    y("session", "minutes", "S2026-001", "--format", "pdf", "-o", "minutes.pdf", now="2026-03-07 10:00")
    outputs["report text"] = y("report", "--year", "2026", now="2026-03-07 10:00")
    y("report", "--year", "2026", "--format", "html", "-o", "report.html", now="2026-03-07 10:00")
    y("report", "--year", "2026", "--format", "pdf", "-o", "report.pdf", now="2026-03-07 10:00")
    outputs["export json"] = y("export", now="2026-03-07 10:00")
    y("export", "--format", "csv", "-o", "csv", now="2026-03-07 10:00")
    for f in glob.glob(os.path.join(tmp, "*.html")) + glob.glob(os.path.join(tmp, "csv", "*.csv")):
        with open(f, encoding="utf-8") as fh:
            outputs[os.path.basename(f)] = fh.read()
    for f in glob.glob(os.path.join(tmp, "*.pdf")):
        outputs[os.path.basename(f)] = subprocess.run(["pdftotext", "-layout", f, "-"], capture_output=True,
                                                      text=True, check=True).stdout
    # The private export holds them whole: the check can fail.
    private = digits_only(y("export", "--include-private", now="2026-03-07 10:00"))
    check("the private export holds every generated number", all(s in private for s in secrets),
          [s for s in secrets if s not in private][:3])
    check("every stage's notice was printed", len(notices) >= 2 * proposals, notices)
    for name, text in sorted(outputs.items()):
        # In HTML, digits may stand in tags' attributes: the text between tags is what is read.
        plain = re.sub(r"<[^>]*>", " ", text) if name.endswith(".html") else text
        flat = digits_only(plain)
        survived = [s for s in secrets if s in flat]
        check(f"{name}: no personal number", not survived, f"{survived[:3]} survive")
sys.exit(tally.finish())
