#!/usr/bin/env python3
"""Fails when a user-facing message has no zh_CN translation.

Extracts every message marked _("..."), _f("...") or N_("...") from core/, cli/ and serve/ with
xgettext, then checks po/zh_CN.po: each message must have a translation that is not empty,
not fuzzy, and has the same {} placeholders and the same leading and trailing line breaks
(a mismatch would make the formatting fail at run time), and no ASCII punctuation against Chinese.

  check_catalog.py ROOT [--write-pot FILE]
"""
import glob
import os
import re
import subprocess
import sys
import tempfile


def extract(root):
    sources = sorted(path for folder in ("core", "cli", "serve")
                     for path in glob.glob(os.path.join(root, folder, "**", "*.[ch]pp"), recursive=True))
    with tempfile.NamedTemporaryFile(suffix=".pot", delete=False) as f:
        pot = f.name
    subprocess.run(["xgettext", "--language=C++", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                    "--keyword=_f:1", "--no-wrap", "--sort-output", "-o", pot] + sources,
                   check=True, capture_output=True, env=dict(os.environ, LC_ALL="C.UTF-8"))
    return pot


def unquote(s):
    return bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def parse_po(path):
    """msgid -> (msgstr, fuzzy, line). Handles multi-line strings and flags."""
    entries = {}
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    msgid = msgstr = None
    fuzzy = False
    current = None
    start = 0

    def flush():
        if msgid is not None and msgid != "":
            entries[msgid] = (msgstr or "", fuzzy, start)

    for n, line in enumerate(lines, 1):
        if line.startswith("#,"):
            flush()
            msgid = msgstr = None
            current = None
            fuzzy = "fuzzy" in line
        elif line.startswith("msgid "):
            if current == "msgstr":
                flush()
                fuzzy = False if not lines[n - 2].startswith("#,") else fuzzy
            msgid = unquote(line[7:-1])
            msgstr = None
            current = "msgid"
            start = n
        elif line.startswith("msgstr "):
            msgstr = unquote(line[8:-1])
            current = "msgstr"
        elif line.startswith('"') and current:
            if current == "msgid":
                msgid += unquote(line[1:-1])
            else:
                msgstr += unquote(line[1:-1])
        elif line.strip() == "":
            flush()
            msgid = msgstr = None
            current = None
            fuzzy = False
    flush()
    return entries


def placeholders(text):
    return sorted(re.findall(r"\{[^{}]*\}", text.replace("{{", "").replace("}}", "")))


class Any:
    """Formats under any spec, as fmt would format the real argument."""
    def __format__(self, spec):
        return "x"


def formats(msgid, msgstr):
    """The translation formats with the arguments the source passes (same rules as fmt)."""
    n = len(placeholders(msgid))
    try:
        msgstr.format(*[Any() for _ in range(n)])
        return True
    except (ValueError, IndexError, KeyError):
        return False


# Chinese text takes full-width punctuation: an ASCII , ; : ! ? ( ) touching a Chinese character is a slip
# ("警告: " for "警告："). Command examples (after "yishi ") keep their ASCII.
CJK = "[\u4e00-\u9fff]"
ASCII_MARK = re.compile(rf"(?<={CJK})[,;:!?()]|[,;:!?()](?={CJK})")


def ascii_punctuation(msgstr):
    prose = re.sub(r"yishi [^，。；：（）“”]*", "", msgstr)
    return ASCII_MARK.search(prose)


def main():
    root = sys.argv[1]
    pot = extract(root)
    if "--write-pot" in sys.argv:
        os.replace(pot, sys.argv[sys.argv.index("--write-pot") + 1])
        return 0
    wanted = parse_po(pot)
    os.unlink(pot)
    po_path = os.path.join(root, "po", "zh_CN.po")
    have = parse_po(po_path)
    problems = []
    for msgid in sorted(wanted):
        if msgid not in have:
            problems.append(f"missing: {msgid!r}")
            continue
        msgstr, fuzzy, line = have[msgid]
        where = f"{po_path}:{line}"
        if not msgstr:
            problems.append(f"{where}: untranslated: {msgid!r}")
        elif fuzzy:
            problems.append(f"{where}: fuzzy: {msgid!r}")
        elif len(placeholders(msgid)) != len(placeholders(msgstr)):
            problems.append(f"{where}: placeholders differ: {msgid!r} -> {msgstr!r}")
        elif not formats(msgid, msgstr):
            problems.append(f"{where}: does not format with the source's arguments: {msgstr!r}")
        elif msgid.startswith("\n") != msgstr.startswith("\n") or msgid.endswith("\n") != msgstr.endswith("\n"):
            problems.append(f"{where}: line breaks differ: {msgid!r} -> {msgstr!r}")
        elif ascii_punctuation(msgstr):
            problems.append(f"{where}: ASCII punctuation in Chinese: {msgstr!r}")
    # A msgid defined twice makes msgfmt fail the build; say where.
    seen = {}
    with open(po_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith('msgid "') and line.strip() != 'msgid ""':
                if line in seen:
                    problems.append(f"{po_path}:{n}: defined twice (first at line {seen[line]}): {line.strip()}")
                seen.setdefault(line, n)
    unused = sorted(set(have) - set(wanted))
    for msgid in unused:
        print(f"note: no longer used: {msgid!r}")
    for p in problems:
        print(p)
    ok = len(wanted) - len(problems)
    print(f"{ok} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
