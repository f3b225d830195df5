#!/usr/bin/env python3
"""Checks the printed notice sheets of the road proposal (the demo) as a villager would see them.

  check_sheets.py --yishi BIN --root DIR pdf    the three notices as PDF: pdftotext shows the Chinese
                                               title, the serial number, the dates and the masked
                                               phone; pdftoppm renders each page, which is not blank
  check_sheets.py --yishi BIN --root DIR html   the HTML sheet in headless Chromium, printed to PDF:
                                               the same text is there and the page is not blank

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yishi", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("what", choices=["pdf", "html"])
    args = ap.parse_args()
    env = dict(os.environ, YISHI_HOME=os.path.abspath(args.root), YISHI_NOW="2026-03-20 10:00", LANG="C.UTF-8")
    with tempfile.TemporaryDirectory(prefix="yishi-sheets-") as tmp:
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
