#!/usr/bin/env python3
"""Runs the README's tour from the README itself, so that the two cannot drift apart.

The tour is every ```sh block from the heading "## A tour" up to the notice board's section, except blocks
whose first line says "# Reference". In them: `yishi=...` is the binary (this script's --yishi is used instead),
`export NAME=VALUE` sets the environment for the lines after it (YISHI_DB, YISHI_NOW: the tour's clock), a
line ending in backslash continues on the next, and every `$yishi ...` line is run in a scratch folder where
`data/` is the project's. Each must exit 0 with no error on stderr, unless it is marked `# refused`, when it
must fail and leave the database unchanged. A printed sheet must not show an internal ref (as the golden
runner checks)."""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
import run as golden  # noqa: E402  (the golden runner's checks: database dump, sheets, internal refs)


def tour_blocks(readme):
    text = open(readme, encoding="utf-8").read()
    start = text.index("\n## A tour\n")
    # The tour and its two-tier part; the sections after them are references, not a story.
    end = min(i for i in (text.find("\n## ", start + 1), text.find("\n### The notice board", start)) if i != -1)
    section = text[start:end]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [b for b in blocks if not b.lstrip().startswith("# Reference")]


def lines_of(block):
    """Logical lines: backslash continuations joined, comments kept for the `# refused` mark."""
    out, current = [], ""
    for raw in block.splitlines():
        if raw.rstrip().endswith("\\"):
            current += raw.rstrip()[:-1] + " "
            continue
        out.append((current + raw).strip())
        current = ""
    return [line for line in out if line]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yishi", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()
    yishi = os.path.abspath(args.yishi)
    root = os.path.abspath(args.root)
    failures, ran = [], 0
    with tempfile.TemporaryDirectory(prefix="yishi-tour-") as tmp:
        os.symlink(os.path.join(root, "data"), os.path.join(tmp, "data"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("YISHI_", "LC_", "LANG"))}
        env.update({"YISHI_HOME": root, "LANG": "C.UTF-8", "LANGUAGE": "", "COLUMNS": "200"})
        for block in tour_blocks(os.path.join(root, "README.md")):
            for line in lines_of(block):
                if line.startswith("#") or line.startswith("yishi="):
                    continue
                code = line.split("  #")[0].split(" # ")[0].strip()
                if code.startswith("export "):
                    name, _, value = code[len("export "):].partition("=")
                    env[name] = shlex.split(value)[0] if value else ""
                    continue
                if not code.startswith("$yishi"):
                    failures.append(f"README tour: a line the tour cannot run: {line}")
                    continue
                refused = bool(re.search(r"#\s*refused", line))
                argv = [yishi] + shlex.split(code[len("$yishi"):])
                db = os.path.join(tmp, env.get("YISHI_DB", "yishi.db"))
                before = golden.dump(db)
                proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
                ran += 1
                if refused:
                    if proc.returncode == 0:
                        failures.append(f"README tour: {code}\n  is marked refused but succeeded")
                    elif golden.dump(db) != before:
                        failures.append(f"README tour: {code}\n  was refused but changed the database")
                    continue
                if proc.returncode != 0 or "yishi: error" in proc.stderr:
                    failures.append(f"README tour: {code}\n  exit {proc.returncode}: {proc.stderr.strip()}")
                if golden.is_sheet(argv) and golden.INTERNAL_REF.search(proc.stdout):
                    failures.append(f"README tour: {code}\n  a printed sheet shows an internal ref")
    if ran == 0:
        failures.append("README tour: no command found in the README's tour")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"README tour: {ran} commands ran as the README has them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
