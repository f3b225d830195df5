#!/usr/bin/env python3
"""A command line that names a command builds only that command's tree (cli/commands/commands.cpp): every
command and subcommand the whole tree has (as `yishi completion bash` lists it) still answers --help with
its own usage and lists the same subcommands and options; --version alone prints the version; an unknown command is
refused as before. Prints "N passed, N failed".

  command_tree.py YISHI ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check

with tempfile.TemporaryDirectory() as work:
    env = yishi_env(root, os.path.join(work, "yishi.db"), "2026-12-31 12:00")

    def run(*args):
        return subprocess.run([yishi, "--lang", "en", *args], capture_output=True, text=True, env=env, cwd=work)

    full = run("completion", "bash")
    check("the whole tree is listed", full.returncode == 0, full.stderr)
    def block(name):
        body = re.search(rf"declare -gA {name}=\((.*?)\n\)", full.stdout, re.S)
        return {path: words.split() for path, words in re.findall(r'\["([^"]+)"\]="([^"]*)"', body.group(1))}

    tree = block("_yishi_subs")
    options = block("_yishi_opts")
    check("the tree has the top-level commands", len(tree.get("yishi", [])) > 20, str(tree.get("yishi")))
    for path, subs in sorted(tree.items()):
        if path == "yishi":
            continue
        words = path.split()
        r = run(*words, "--help")
        usage = next((line for line in r.stdout.splitlines() if line.startswith("Usage:")), "")
        check(f"yishi {path} --help", r.returncode == 0 and f"yishi {path}" in usage, usage + r.stderr)
        listed = [w for w in subs if not re.search(rf"^\s+{re.escape(w)}\s", r.stdout, re.M)]
        check(f"yishi {path} --help lists its subcommands", not listed, f"missing: {listed}")
        # Options out of --help (group "", for scripts) are the one difference completion may show.
        hidden = {"district report": ["--show-query"]}.get(path, [])
        missing = [o for o in options.get(path, []) if o not in hidden and not re.search(rf"(^|[\s,]){re.escape(o)}\b", r.stdout, re.M)]
        check(f"yishi {path} --help lists its options", not missing, f"missing: {missing}")

    version = run("--version")
    check("--version alone", version.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+\n", version.stdout),
          version.stdout + version.stderr)
    unknown = run("no-such-command")
    check("an unknown command is a usage error", unknown.returncode == 2 and "no-such-command" in unknown.stderr,
          unknown.stderr)
    top = run("--help")
    check("--help lists every command", all(re.search(rf"^\s+{c}\s", top.stdout, re.M) for c in tree["yishi"]),
          top.stdout)

sys.exit(tally.finish())
