#!/usr/bin/env python3
"""The layers' direction, checked on every include (docs/ARCHITECTURE.md, "What may include what").

    check_layers.py ROOT                      every source under core/, cli/ and serve/
    check_layers.py ROOT --as PATH FILE       FILE read as if it stood at PATH (the test of this check)

Each line that includes a header of a layer its own may not use is printed as FILE:LINE with both layers;
the exit code is 1 when there is one. The build runs it before compiling any layer (core/CMakeLists.txt),
so an include against the direction fails the build.
"""
import os
import re
import sys

# What each layer may include besides itself. "root" is core/'s own files: the vocabulary every room shares.
ALLOWED = {
    "root": {"rules"},  # model.hpp names the votes and the lifecycle the rules define; config reads them
    "rules": {"root"},
    "model": {"root", "rules"},
    "storage": {"root", "rules"},
    "records": {"root", "rules", "model", "storage"},
    "render": {"root", "rules", "model"},
    "documents": {"root", "rules", "model", "render"},
    "actions": {"root", "rules", "model", "storage", "records", "render", "documents"},
    "io": {"root", "rules", "model", "storage", "records", "render"},
    "web": {"root", "rules", "model", "storage", "records"},
    "district": {"root", "rules", "model", "storage", "records", "render"},
    "serve": {"root", "rules", "model", "storage", "records", "render", "documents", "web"},
    "serve-interface": {"root"},  # serve/server.hpp: what the command line hands the server module
    "cli": {"root", "rules", "model", "storage", "records", "render", "documents", "actions", "io", "web",
            "district", "serve-interface"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    parts = path.replace(os.sep, "/").split("/")
    if parts[0] == "core":
        return "root" if len(parts) == 2 else parts[1]
    if parts[0] == "serve":
        return "serve-interface" if parts[-1] == "server.hpp" else "serve"
    return parts[0]


def check_file(root, shown_as, real_path):
    problems = []
    here = layer_of(shown_as)
    allowed = ALLOWED.get(here)
    if allowed is None:
        return [f"{shown_as}: not in any layer (add its folder to cmake/check_layers.py)"]
    with open(real_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if not target.startswith(("core/", "cli/", "serve/")):
                target = os.path.normpath(os.path.join(os.path.dirname(shown_as), target))
                if not os.path.exists(os.path.join(root, target)):
                    continue  # a header beside a test or generated: not a layer's
            there = layer_of(target)
            if there == here or (here == "serve" and there == "serve-interface"):
                continue
            if there not in allowed:
                problems.append(f"{shown_as}:{n}: {here} may not include {there} ({m.group(1)}): "
                                f"see docs/ARCHITECTURE.md, \"What may include what\"")
    return problems


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    root = args[0]
    if len(args) == 4 and args[1] == "--as":
        problems = check_file(root, args[2], args[3])
    else:
        problems = []
        for folder in ("core", "cli", "serve"):
            for dirpath, _, files in os.walk(os.path.join(root, folder)):
                for name in sorted(files):
                    if name.endswith((".cpp", ".hpp")):
                        path = os.path.join(dirpath, name)
                        problems += check_file(root, os.path.relpath(path, root), path)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
