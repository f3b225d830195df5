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


def manual_steps(manual):
    """The Chinese manual: every ```sh block in order, and between them the hidden clock lines a reader does not
    need (<!-- test: export YISHI_NOW="..." -->), each as a block of its own."""
    text = open(manual, encoding="utf-8").read()
    steps = []
    for m in re.finditer(r"```sh\n(.*?)```|<!--\s*test:\s*(.*?)\s*-->", text, re.S):
        steps.append(m.group(1) if m.group(1) is not None else m.group(2) + "\n")
    return steps


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
    ap.add_argument("--manual", help="run the Chinese manual's blocks (lines starting with yishi) instead")
    args = ap.parse_args()
    yishi = os.path.abspath(args.yishi)
    root = os.path.abspath(args.root)
    failures, ran = [], 0
    with tempfile.TemporaryDirectory(prefix="yishi-tour-") as tmp:
        os.symlink(os.path.join(root, "data"), os.path.join(tmp, "data"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("YISHI_", "LC_", "LANG"))}
        env.update({"YISHI_HOME": root, "LANG": "C.UTF-8", "LANGUAGE": "", "COLUMNS": "200"})
        label = "README tour"
        blocks = tour_blocks(os.path.join(root, "README.md"))
        if args.manual:
            label = os.path.basename(args.manual)
            blocks = manual_steps(args.manual)
            env["LANG"] = "zh_CN.UTF-8"  # the secretary's terminal
        for block in blocks:
            for line in lines_of(block):
                if line.startswith("#") or line.startswith("yishi="):
                    continue
                code = line.split("  #")[0].split(" # ")[0].strip()
                if args.manual and code.startswith("yishi "):
                    code = "$" + code
                if code.startswith("export "):
                    name, _, value = code[len("export "):].partition("=")
                    env[name] = shlex.split(value)[0] if value else ""
                    continue
                if not code.startswith("$yishi"):
                    failures.append(f"{label}: a line the tour cannot run: {line}")
                    continue
                refused = bool(re.search(r"#\s*(refused|会被拒绝)", line))
                argv = [yishi] + shlex.split(code[len("$yishi"):])
                into = None
                if ">" in argv:  # yishi init --template > village.toml
                    into = os.path.join(tmp, argv[argv.index(">") + 1])
                    argv = argv[:argv.index(">")]
                db = os.path.join(tmp, env.get("YISHI_DB", "yishi.db"))
                before = golden.dump(db)
                proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
                ran += 1
                if into:
                    with open(into, "w", encoding="utf-8") as f:
                        f.write(proc.stdout)
                if refused:
                    if proc.returncode == 0:
                        failures.append(f"{label}: {code}\n  is marked refused but succeeded")
                    elif golden.dump(db) != before:
                        failures.append(f"{label}: {code}\n  was refused but changed the database")
                    continue
                if proc.returncode != 0 or "yishi: error" in proc.stderr:
                    failures.append(f"{label}: {code}\n  exit {proc.returncode}: {proc.stderr.strip()}")
                if golden.is_sheet(argv) and golden.INTERNAL_REF.search(proc.stdout):
                    failures.append(f"{label}: {code}\n  a printed sheet shows an internal ref")
    if ran == 0:
        failures.append(f"{label}: no command found")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{label}: {ran} commands ran as it has them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
