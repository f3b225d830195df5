#!/usr/bin/env python3
"""Checks the printed notice sheets of the road proposal (the demo) as a villager would see them.

  check_sheets.py --yishi BIN --root DIR pdf    the three notices as PDF: pdftotext shows the Chinese
                                               title, the serial number, the dates and the masked
                                               phone; pdftoppm renders each page, which is not blank
  check_sheets.py --yishi BIN --root DIR html   the HTML sheet in headless Chromium, printed to PDF:
                                               the same text is there and the page is not blank

  check_sheets.py --yishi BIN --root DIR layouts
                                               the village's [print] layouts: red header on the notices,
                                               GB/T 9704 on the minutes and the report (margins, page
                                               numbers "— 1 —"), and rare name characters printed, with a
                                               warning naming any character no font has

Prints "N passed, N failed" and exits 1 when a check fails.
"""
import argparse
import os
import subprocess
import sys
import tempfile

checks = []


def check(name, ok, detail=""):
    checks.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, check=True, **kw)


def ink(pdf, tmp, stem):
    """The share of dark pixels on each page, from pdftoppm's greyscale rendering."""
    subprocess.run(["pdftoppm", "-gray", "-r", "20", pdf, os.path.join(tmp, stem)], check=True)
    shares = []
    for name in sorted(f for f in os.listdir(tmp) if f.startswith(stem) and f.endswith(".pgm")):
        with open(os.path.join(tmp, name), "rb") as f:
            data = f.read()
        # P5 header: magic, width, height, maxval, each followed by whitespace
        parts = data.split(maxsplit=4)
        width, height = int(parts[1]), int(parts[2])
        pixels = parts[4][: width * height]
        shares.append(sum(1 for p in pixels if p < 128) / len(pixels))
    return shares


# The demo's sheets: the group council's plan and process, the village council's plan and process, the result.
STAGES = {"N2026-001": "plan", "N2026-002": "process", "N2026-003": "plan", "N2026-004": "process",
          "N2026-005": "result"}


def text_checks(label, text_in, notice):
    text = "".join(text_in.split())  # line breaks and layout spaces do not matter
    title = {"plan": "议事方案的公示", "process": "议事过程的公示", "result": "处理结果的公示"}[STAGES[notice]]
    check(f"{label}: Chinese title", "新义组进村道路硬化拓宽" in text and title in text, text[:200])
    number = notice[-1]
    check(f"{label}: serial number", f"老寨村议公〔2026〕{number}号" in text, text[:200])
    check(f"{label}: posting period", "公示期：2026年" in text and "至2026年" in text, text[:400])
    check(f"{label}: supervision phone printed whole", "029-86861234" in text, text[-400:])
    check(f"{label}: no unmasked personal phone", "13800000047" not in text, "found 13800000047")
    check(f"{label}: the seal's space is labelled", "盖章处" in text, text[-300:])
    if notice == "N2026-001":
        check(f"{label}: proposer's phone masked", "138****0047" in text, text[:400])


def red_share(pdf, tmp, stem):
    """The share of strongly red pixels on the first page, from pdftoppm's colour rendering."""
    subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", pdf, os.path.join(tmp, stem)], check=True)
    name = next(f for f in os.listdir(tmp) if f.startswith(stem) and f.endswith(".ppm"))
    with open(os.path.join(tmp, name), "rb") as f:
        parts = f.read().split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    rgb = parts[4][: width * height * 3]
    red = sum(1 for i in range(0, len(rgb), 3) if rgb[i] > 160 and rgb[i + 1] < 90 and rgb[i + 2] < 90)
    return red / (width * height)


def word_boxes(pdf):
    """(xMin, xMax, text) of every word pdftotext finds, in points."""
    out = run(["pdftotext", "-bbox", pdf, "-"]).stdout
    boxes = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("<word "):
            attrs = dict(part.split("=") for part in line[6: line.index(">")].replace('"', "").split())
            boxes.append((float(attrs["xMin"]), float(attrs["xMax"]), line[line.index(">") + 1: line.rindex("<")]))
    return boxes


RARE = "堃喆昇犇彧赟𠮷"
NO_FONT = "\U00030000"  # CJK Extension G: in none of Debian's CJK fonts


def layouts(args, env, tmp):
    # A village home whose village.toml asks for the red header on notices and GB/T 9704 for formal papers.
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, "data", "laozhai"))
    os.symlink(os.path.join(os.path.abspath(args.root), "templates"), os.path.join(home, "templates"))
    os.symlink(os.path.join(os.path.abspath(args.root), "data", "holidays"), os.path.join(home, "data", "holidays"))
    with open(os.path.join(args.root, "data", "laozhai", "village.toml"), encoding="utf-8") as f:
        config = f.read()
    config += '\n[print]\nnotices = "red-header"\nformal = "gbt9704"\nred_header = "老寨村村民委员会"\n'
    with open(os.path.join(home, "data", "laozhai", "village.toml"), "w", encoding="utf-8") as f:
        f.write(config)
    env = dict(env, YISHI_HOME=home)
    demo = os.path.join(tmp, "demo")
    run([args.yishi, "demo", "--dir", demo], env=env)
    db = os.path.join(demo, "yishi.db")
    yishi = [args.yishi, "--db", db]

    for notice in STAGES:
        pdf = os.path.join(tmp, notice + "-red.pdf")
        run(yishi + ["notice", "print", notice, "--pdf", "-o", pdf], env=env)
        text = run(["pdftotext", "-layout", pdf, "-"]).stdout
        text_checks(f"red header {notice}", text, notice)
        flat = "".join(text.split())
        check(f"red header {notice}: the mark heads the sheet", flat.startswith("老寨村村民委员会"), flat[:60])
        share = red_share(pdf, tmp, notice + "-red")
        check(f"red header {notice}: printed in red", share > 0.002, f"red pixel share {share}")
        pages = run(["pdfinfo", pdf]).stdout
        check(f"red header {notice}: one page", "Pages:           1" in pages, pages)
    html = run(yishi + ["notice", "print", "N2026-005", "--format", "html"], env=env).stdout
    check("red header html: the mark and the rule", 'class="red-header">老寨村村民委员会' in html and "red-rule" in html)

    # GB/T 9704 on the minutes: type area 28 mm from the left, 26 mm from the right; numbered pages.
    mm = 72 / 25.4
    for what, argv in [("minutes", ["session", "minutes", "S2026-002", "--format", "pdf"]),
                       ("report", ["report", "--year", "2026", "--format", "pdf"])]:
        pdf = os.path.join(tmp, what + "-gbt.pdf")
        run(yishi + argv + ["-o", pdf], env=env)
        pages = int(next(l.split()[1] for l in run(["pdfinfo", pdf]).stdout.splitlines() if l.startswith("Pages:")))
        flat = "".join(run(["pdftotext", "-layout", pdf, "-"]).stdout.split())
        check(f"gbt9704 {what}: the red mark", flat.startswith("老寨村村民委员会"), flat[:60])
        boxes = word_boxes(pdf)
        left = min(b[0] for b in boxes)
        right = max(b[1] for b in boxes if not b[2].startswith("—"))
        check(f"gbt9704 {what}: text from 28 mm", abs(left - 28 * mm) < 1.0, f"leftmost word at {left / mm:.1f} mm")
        check(f"gbt9704 {what}: text to 26 mm from the right", abs(210 * mm - right - 26 * mm) < 1.5,
              f"rightmost word ends {(210 * mm - right) / mm:.1f} mm from the edge")
        numbers = [f"—{n}—" for n in range(1, pages + 1)]
        if pages > 1:
            check(f"gbt9704 {what}: pages numbered — 1 — to — {pages} —", all(n in flat for n in numbers), flat[-80:])
        else:
            check(f"gbt9704 {what}: one page, no number", "—1—" not in flat, flat[-80:])
    check("gbt9704 minutes: more than one page (the numbering is tested)",
          "Pages:           1" not in run(["pdfinfo", os.path.join(tmp, "minutes-gbt.pdf")]).stdout)

    # Rare name characters print; a character no font has is named in a warning, not dropped in silence.
    run(yishi + ["notice", "draft", "--proposal", "2026-001", "--stage", "implementation", "--text",
                 f"已完工。验收人：王堃、李喆、张昇、刘犇、陈彧、赵赟、𠮷田，及王{NO_FONT}。"], env=env)
    pdf = os.path.join(tmp, "rare.pdf")
    printed = subprocess.run(yishi + ["notice", "print", "N2026-006", "--pdf", "-o", pdf], env=env,
                             capture_output=True, text=True)
    flat = "".join(run(["pdftotext", pdf, "-"]).stdout.split())
    check("rare name characters are in the PDF's text", all(c in flat for c in RARE), flat[:300])
    check("a character no font has is named in a warning", printed.returncode == 0 and NO_FONT in printed.stderr
          and not any(c in printed.stderr for c in RARE), printed.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yishi", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("what", choices=["pdf", "html", "layouts"])
    args = ap.parse_args()
    env = dict(os.environ, YISHI_HOME=os.path.abspath(args.root), YISHI_NOW="2026-03-20 10:00", LANG="C.UTF-8")
    with tempfile.TemporaryDirectory(prefix="yishi-sheets-") as tmp:
        if args.what == "layouts":
            layouts(args, env, tmp)
            failed = checks.count(False)
            print(f"{len(checks) - failed} passed, {failed} failed")
            return 1 if failed else 0
        demo = os.path.join(tmp, "demo")
        run([args.yishi, "demo", "--dir", demo], env=env)
        db = os.path.join(demo, "yishi.db")
        for notice in STAGES:
            if args.what == "pdf":
                pdf = os.path.join(tmp, notice + ".pdf")
                run([args.yishi, "--db", db, "notice", "print", notice, "--pdf", "-o", pdf], env=env)
            else:
                html = os.path.join(demo, f"{notice}-{STAGES[notice]}.html")
                pdf = os.path.join(tmp, notice + "-chromium.pdf")
                profile = os.path.join(tmp, "profile-" + notice)
                run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                     "file://" + html], env=env, timeout=120)
            text = run(["pdftotext", "-layout", pdf, "-"]).stdout
            text_checks(f"{args.what} {notice}", text, notice)
            shares = ink(pdf, tmp, notice + "-" + args.what)
            check(f"{args.what} {notice}: one page, not blank", len(shares) == 1 and shares[0] > 0.005,
                  f"dark pixel shares by page {shares}")
            if args.what == "pdf":
                pages = run(["pdfinfo", pdf]).stdout
                check(f"pdf {notice}: one A4 page", "Pages:           1" in pages and "(A4)" in pages, pages)
        if args.what == "pdf":
            day = os.path.join(tmp, "day.pdf")
            # The village council met and ruled five days before the demo's today: its process and the result.
            run([args.yishi, "--db", db, "notice", "print", "--posted-on", "2026-03-15", "--paper", "a3", "-o", day],
                env=env)
            info = run(["pdfinfo", day]).stdout
            check("pdf --posted-on: both sheets of that day, on A3", "Pages:           2" in info and "(A3)" in info, info)
    failed = checks.count(False)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
