#!/usr/bin/env python3
"""Every command yishi registers has its section in the manual pages the build wrote, in English and Chinese.

  check_man.py YISHI MANDIR     (MANDIR holds man1/ and zh_CN/man1/)

The commands are read from the yishi binary itself: the bash completion it prints lists every command path
(_yishi_subs), the same tree the pages are made from. Prints "N passed, N failed"; exits 1 when one fails.
"""
import os
import re
import subprocess
import sys

yishi, mandir = sys.argv[1], sys.argv[2]
script = subprocess.run([yishi, "--lang", "en", "completion", "bash"], capture_output=True, text=True,
                        check=True).stdout
table = script[script.index("declare -gA _yishi_subs=("):]
table = table[: table.index("\n)\n")]
paths = []
for key, words in re.findall(r'\["([^"]*)"\]="([^"]*)"', table):
    prefix = "" if key == "yishi" else key + " "
    for word in words.split():
        paths.append(prefix + word)
# A path with subcommands of its own is a group: its page is yishi-GROUP(1); its leaves are the sections.
groups = {p for p in paths if any(q.startswith(p + " ") for q in paths)}
leaves = [p for p in paths if p not in groups]

results = []
def check(name, ok, detail=""):
    results.append(ok)
    if not ok:
        print(f"FAIL {name}: {detail}")

for lang, sub in (("en", "man1"), ("zh", os.path.join("zh_CN", "man1"))):
    folder = os.path.join(mandir, sub)
    pages = {f: open(os.path.join(folder, f), encoding="utf-8").read() for f in os.listdir(folder)}
    check(f"{lang}: yishi.1", "yishi.1" in pages, sorted(pages))
    for g in groups:
        if " " not in g:
            check(f"{lang}: yishi-{g}.1", f"yishi-{g}.1" in pages, sorted(pages))
    for leaf in leaves:
        top = leaf.split()[0]
        page = pages.get("yishi.1" if top not in groups else f"yishi-{top}.1", "")
        heading = '.SS "yishi ' + leaf.replace("-", "\\-") + '"'
        check(f"{lang}: section for yishi {leaf}", heading in page, heading)
    check(f"{lang}: the pages are in its language",
          ("名称" in pages.get("yishi.1", "")) == (lang == "zh"), pages.get("yishi.1", "")[:200])

# The Chinese pages read as Chinese from NAME to the end, and render without a zh_CN locale installed (troff under
# C.UTF-8 must find every character). Command examples, option names, file names and placeholders stay as typed:
# they are left out before the Chinese characters are weighed against the ASCII letters.
def body_letters(text):
    cjk = ascii_letters = 0
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("yishi") or s.startswith("$") or s.startswith("YISHI"):
            continue
        s = re.sub(r"yishi[ \w-]*", "", s)                         # a command quoted in a sentence
        s = re.sub(r"--?[A-Za-z][\w-]*", "", s)                    # an option
        s = re.sub(r"\S*[/.~]\S*", "", s)                          # a file, a path, an address
        s = re.sub(r"\b[A-Z][A-Z_0-9]+\b", "", s)                  # a placeholder: FILE, TEXT, YISHI_DB
        cjk += sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
        ascii_letters += sum(1 for c in s if c.isascii() and c.isalpha())
    return cjk, ascii_letters


zh_folder = os.path.join(mandir, "zh_CN", "man1")
env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", MANWIDTH="100", MANPAGER="cat", PAGER="cat")
for page in sorted(os.listdir(zh_folder)):
    shown = subprocess.run(["man", "-l", os.path.join(zh_folder, page)], capture_output=True, text=True, env=env)
    broken = [line for line in shown.stderr.splitlines() if "special character" in line or "error" in line]
    check(f"zh: {page} renders under C.UTF-8", shown.returncode == 0 and not broken and "名称" in shown.stdout,
          shown.stderr[:300])
    cjk, letters = body_letters(shown.stdout[shown.stdout.find("名称"):])
    check(f"zh: {page} is Chinese from NAME to the end ({cjk} Chinese characters, {letters} ASCII letters)",
          cjk >= 20 and cjk >= letters, (cjk, letters))

print(f"{len(results) - results.count(False)} passed, {results.count(False)} failed ({len(leaves)} commands)")
sys.exit(1 if False in results else 0)
