#!/usr/bin/env python3
"""Runs one golden CLI test file (tests/golden/*.test) against the yishi executable.

A test file is a sequence of commands and what they must print:

    # a comment
    @now 2026-03-05 09:00        the clock (YISHI_NOW) for the commands that follow
    @env LANG=zh_CN.UTF-8        an environment variable for the commands that follow
    @file name.toml              a file written into the test's folder, up to @end
    @tmpfs disk 256k             a tmpfs of that size mounted at the test's folder/disk (root only),
                                 unmounted at the end
    @fill disk                   fills the file system at disk to its last block
    @readonly ro                 the folder ro (made if missing) bind-mounted read-only onto itself
    ...
    @end
    $ yishi proposal list        a command; `yishi` is the binary under test
    > a line of expected stdout  (">" alone is an empty line)
    ! a line of expected stderr
    ? 1                          the expected exit code (0 when absent; README's table of exit codes)

Stdout and stderr must match exactly: a command may not write to stderr unless the test
says so. Every yishi command that exits with a code other than 0 or 4 (kept, its output lost)
must leave the database exactly as it was (compared by a full SQL dump before and after).

$DATA in a command is the project's data/ folder, $FIXTURES tests/golden/fixtures/; commands run in a fresh temporary folder,
named $TMP in the expected output (and the project's folder $ROOT),
with YISHI_DB=yishi.db there. `--update` rewrites the file with what the commands print now
(review the diff before committing it).
"""
import argparse
import re
import os
import shlex
import sqlite3
import subprocess
import sys
import tempfile


def parse(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("@file "):
            name = line[6:].strip()
            body = []
            i += 1
            while i < len(lines) and lines[i] != "@end":
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise SystemExit(f"{path}: @file {name} has no @end")
            steps.append({"kind": "file", "name": name, "body": "\n".join(body) + "\n"})
        elif line.startswith(("@tmpfs ", "@fill ", "@readonly ")):
            word, _, rest = line[1:].partition(" ")
            steps.append({"kind": word, "args": rest.split()})
        elif line.startswith("@now "):
            steps.append({"kind": "now", "value": line[5:].strip()})
        elif line.startswith("@env "):
            name, _, value = line[5:].strip().partition("=")
            steps.append({"kind": "env", "name": name, "value": value})
        elif line.startswith("$ "):
            steps.append({"kind": "cmd", "cmd": line[2:], "out": [], "err": [], "code": 0, "line": i + 1})
        elif line.startswith(">") or line.startswith("!") or line.startswith("?"):
            if not steps or steps[-1]["kind"] != "cmd":
                raise SystemExit(f"{path}:{i + 1}: expectation without a command")
            text = line[2:] if len(line) > 1 else ""
            if line[0] == ">":
                steps[-1]["out"].append(text)
            elif line[0] == "!":
                steps[-1]["err"].append(text)
            else:
                steps[-1]["code"] = int(line[1:].strip())
        elif line.strip() == "" or line.startswith("#"):
            steps.append({"kind": "text", "text": line})
        else:
            raise SystemExit(f"{path}:{i + 1}: cannot read this line: {line!r}")
        i += 1
    return steps


def dump(db):
    """The database's content as SQL; for a file SQLite cannot read (damaged, read-only), its bytes."""
    if not os.path.isfile(db):
        return None
    try:
        # Read-write where it can: a closing writer leaves no -wal or -shm behind (a read-only one would).
        writable = os.access(db, os.W_OK) and os.access(os.path.dirname(db) or ".", os.W_OK)
        con = sqlite3.connect(f"file:{db}?mode={'rw' if writable else 'ro'}", uri=True)
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()
    except sqlite3.Error:
        content = b""
        for suffix in ("", "-wal"):
            if os.path.exists(db + suffix):
                with open(db + suffix, "rb") as f:
                    content += f.read()
        return content


def lines_of(text):
    if text == "":
        return []
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n")


def render(steps):
    out = []
    for s in steps:
        if s["kind"] == "text":
            out.append(s["text"])
        elif s["kind"] == "now":
            out.append(f"@now {s['value']}")
        elif s["kind"] == "env":
            out.append(f"@env {s['name']}={s['value']}")
        elif s["kind"] in ("tmpfs", "fill", "readonly"):
            out.append(f"@{s['kind']} {' '.join(s['args'])}")
        elif s["kind"] == "file":
            out.append(f"@file {s['name']}")
            out.extend(s["body"].rstrip("\n").split("\n"))
            out.append("@end")
        else:
            out.append(f"$ {s['cmd']}")
            out.extend(("> " + l) if l else ">" for l in s["out"])
            out.extend(("! " + l) if l else "!" for l in s["err"])
            if s["code"] != 0:
                out.append(f"? {s['code']}")
    return "\n".join(out) + "\n"


INTERNAL_REF = re.compile(r"[NSO]20[0-9]{2}-[0-9]")


def is_sheet(argv):
    """A command that prints a public sheet to stdout: notice print, session minutes, report (not JSON)."""
    words, rest = [], list(argv[1:])
    while rest:
        a = rest.pop(0)
        if a in ("--db", "--as", "--lang"):  # global options and their values
            rest = rest[1:]
        elif not a.startswith("-"):
            words.append(a)
    if "--json" in argv or "json" in argv:
        return False
    return words[:2] in (["notice", "print"], ["session", "minutes"]) or words[:1] == ["report"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--yishi", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("test")
    args = ap.parse_args()
    args.yishi = os.path.abspath(args.yishi)
    args.root = os.path.abspath(args.root)
    steps = parse(args.test)
    failures = []
    mounts = []
    with tempfile.TemporaryDirectory(prefix="yishi-golden-") as tmp:
        # Commands run as another user (setpriv) must reach the folder.
        os.chmod(tmp, 0o755)
        try:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("YISHI_", "LC_", "LANG"))}
            env["PATH"] = os.path.dirname(args.yishi) + os.pathsep + env.get("PATH", "")
            env.update({"YISHI_DB": "yishi.db", "YISHI_HOME": args.root, "LANG": "C.UTF-8", "LANGUAGE": "", "COLUMNS": "200"})
            for s in steps:
                if s["kind"] in ("tmpfs", "readonly"):
                    where = os.path.join(tmp, s["args"][0])
                    os.makedirs(where, exist_ok=True)
                    if s["kind"] == "tmpfs":
                        mount = ["mount", "-t", "tmpfs", "-o", f"size={s['args'][1]}", "tmpfs", where]
                        subprocess.run(mount, check=True)
                    else:
                        subprocess.run(["mount", "--bind", where, where], check=True)
                        mounts.append(where)
                        subprocess.run(["mount", "-o", "remount,bind,ro", where], check=True)
                        continue
                    mounts.append(where)
                elif s["kind"] == "fill":
                    fd = os.open(os.path.join(tmp, s["args"][0], ".filler"), os.O_WRONLY | os.O_CREAT)
                    try:
                        while True:
                            os.write(fd, b"\0" * 512)
                    except OSError:
                        pass
                    os.close(fd)
                elif s["kind"] == "now":
                    env["YISHI_NOW"] = s["value"]
                elif s["kind"] == "env":
                    env[s["name"]] = s["value"]
                elif s["kind"] == "file":
                    os.makedirs(os.path.dirname(os.path.join(tmp, s["name"])), exist_ok=True)
                    with open(os.path.join(tmp, s["name"]), "w", encoding="utf-8") as f:
                        f.write(s["body"])
                elif s["kind"] == "cmd":
                    cmd = s["cmd"].replace("$DATA", os.path.join(args.root, "data")).replace(
                        "$FIXTURES", os.path.join(args.root, "tests", "golden", "fixtures"))
                    argv = shlex.split(cmd)
                    if argv and argv[0] == "yishi":
                        argv[0] = args.yishi
                    elif argv and argv[0] == "setpriv":  # yishi run as another user
                        argv = [args.yishi if a == "yishi" else a for a in argv]
                    # The database the command names (--db), else $YISHI_DB.
                    named = argv[argv.index("--db") + 1] if "--db" in argv[:-1] else "yishi.db"
                    db = os.path.join(tmp, named)
                    before = dump(db)
                    proc = subprocess.run(argv, cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
                    after = dump(db)
                    # The test's own folder differs from run to run: outputs name it $TMP.
                    # The project's folder differs from clone to clone: outputs name it $ROOT.
                    got_out = lines_of(proc.stdout.replace(tmp, "$TMP").replace(args.root, "$ROOT"))
                    got_err = lines_of(proc.stderr.replace(tmp, "$TMP").replace(args.root, "$ROOT"))
                    where = f"{args.test}:{s['line']}: $ {s['cmd']}"
                    if args.update:
                        s["out"], s["err"], s["code"] = got_out, got_err, proc.returncode
                    else:
                        if got_out != s["out"]:
                            failures.append(f"{where}\n  stdout differs:\n" + diff(s["out"], got_out))
                        if got_err != s["err"]:
                            failures.append(f"{where}\n  stderr differs:\n" + diff(s["err"], got_err))
                        if proc.returncode != s["code"]:
                            failures.append(f"{where}\n  exit code {proc.returncode}, expected {s['code']}")
                    # A printed sheet (notice, minutes, report) speaks the public's words: serials, council
                    # names and dates, never an internal ref (N2026-004, S2026-003, O2026-001).
                    if argv[0] == args.yishi and is_sheet(argv) and proc.returncode == 0:
                        m = INTERNAL_REF.search(proc.stdout)
                        if m:
                            failures.append(f"{where}\n  a printed sheet shows the internal ref {m.group(0)}")
                    # Exit 4 alone says the change was kept (its output could not be written).
                    if proc.returncode not in (0, 4) and args.yishi in argv and before != after:
                        failures.append(f"{where}\n  the command failed but changed the database")
        finally:
            for where in reversed(mounts):
                subprocess.run(["umount", where], check=False)
    if args.update:
        with open(args.test, "w", encoding="utf-8") as f:
            f.write(render(steps))
        print(f"updated {args.test}")
    if failures:
        print("\n\n".join(failures))
        return 1
    print(f"{sum(1 for s in steps if s['kind'] == 'cmd')} commands checked")
    return 0


def diff(expected, got):
    import difflib
    return "\n".join("    " + l for l in difflib.unified_diff(expected, got, "expected", "got", lineterm=""))


if __name__ == "__main__":
    sys.exit(main())
