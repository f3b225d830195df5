#!/usr/bin/env python3
"""Outputs that never lie: on a full file system every output path exits 1 with the cause and leaves
no partial file; files with personal data are mode 0600 under umask 022.

A 256 KiB tmpfs is mounted for the run (the test runs as root, as scripts/test does) and filled to the
last block; standard output goes to /dev/full. Every output yishi writes is tried: stdout of a read
command, of a write command and of the streamed JSON export; -o for notice text, HTML and PDF, the
minutes and the report as PDF, the JSON export, the CSV export's folder, a backup, and a rejects file.
Each must exit 1, name the cause (No space left on device) and leave nothing at the name it was given,
nor a staging file beside it. Prints "N passed, N failed".

  full_disk.py YISHI ROOT
"""
import os
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check

with tempfile.TemporaryDirectory(prefix="yishi-full-") as tmp:
    env = yishi_env(root, os.path.join(tmp, "v.db"), "2026-03-07 10:00")

    def y(*args, stdout=subprocess.PIPE, now=None):
        e = dict(env)
        if now:
            e["YISHI_NOW"] = now
        return subprocess.run([yishi, *args], cwd=tmp, env=e, stdout=stdout, stderr=subprocess.PIPE, text=True)

    def ok(*args, now=None):
        r = y(*args, now=now)
        if r.returncode != 0:
            raise SystemExit(f"yishi {' '.join(args)}: {r.stderr}")
        return r.stdout

    ok("init", "--config", os.path.join(root, "data/laozhai/village.toml"), now="2026-03-02 09:00")
    ok("proposal", "add", "--title", "修缮水渠", "--group", "胜利组", "--channel", "phone", "--proposer", "李某",
       "--proposer-phone", "13812345678", now="2026-03-02 09:00")
    ok("proposal", "accept", "2026-001", now="2026-03-02 09:00")
    ok("session", "plan", "--council", "shengli", "--at", "2026-03-06 19:00", "--venue", "胜利组", "--agenda",
       "2026-001", now="2026-03-02 09:00")
    ok("notice", "draft", "--proposal", "2026-001", "--stage", "plan", now="2026-03-02 09:00")
    ok("notice", "post", "N2026-001", now="2026-03-02 10:00")
    with open(os.path.join(tmp, "people.csv"), "w", encoding="utf-8") as f:
        f.write("姓名,性别,村民小组,电话\n王五,男,火星组,13912345678\n" + "".join(
            f"赵{i},男,火星组,139{i:08d}\n" for i in range(3000)))

    # Files with personal data are private, whatever the umask; a public export is not.
    os.umask(0o022)
    ok("export", "--include-private", "-o", "private.json")
    ok("export", "-o", "public.json")
    ok("export", "--format", "csv", "--include-private", "-o", "private-csv")
    ok("export", "--format", "csv", "-o", "public-csv")
    y("import", "people", "people.csv", "--skip-bad", "--rejects", "rejects.csv")
    mode = lambda p: stat.S_IMODE(os.stat(os.path.join(tmp, p)).st_mode)
    check("export --include-private -o is 0600", mode("private.json") == 0o600, oct(mode("private.json")))
    check("the public export is 0644 under umask 022", mode("public.json") == 0o644, oct(mode("public.json")))
    private_csv = [f for f in os.listdir(os.path.join(tmp, "private-csv"))]
    check("every private CSV file is 0600", private_csv and all(mode(f"private-csv/{f}") == 0o600 for f in private_csv))
    check("the public CSV files are 0644", all(mode(f"public-csv/{f}") == 0o644 for f in os.listdir(
        os.path.join(tmp, "public-csv"))))
    check("the rejects file is 0600", os.path.exists(os.path.join(tmp, "rejects.csv")) and mode("rejects.csv") == 0o600)
    os.chmod(os.path.join(tmp, "private.json"), 0o644)
    doctor = y("doctor")
    check("doctor names a private export readable by others", "private.json" in doctor.stdout + doctor.stderr,
          doctor.stdout + doctor.stderr)
    os.chmod(os.path.join(tmp, "private.json"), 0o600)
    # A large one: its first MiB ends inside a character.
    with open(os.path.join(tmp, "large.csv"), "w", encoding="utf-8") as f:
        f.write("姓名,电话\n王五,13912345678\n" + "修路，" * 400000)
    os.chmod(os.path.join(tmp, "large.csv"), 0o644)
    doctor = y("doctor")
    check("doctor names a large private file readable by others", "large.csv" in doctor.stdout, doctor.stdout)
    os.remove(os.path.join(tmp, "large.csv"))

    # Standard output on a full device.
    with open("/dev/full", "w") as full:
        for args in (["proposal", "list"], ["export"], ["export", "--include-private"], ["notice", "print", "N2026-001"],
                     ["proposal", "add", "--title", "又一件", "--tier", "village", "--channel", "phone",
                      "--proposer", "李某"]):
            r = y(*args, stdout=full)
            # A read exits 1; a write whose change was kept though its output was lost exits 4.
            expected = 4 if args[0] == "proposal" and args[1] == "add" else 1
            check(f"{' '.join(args)} > /dev/full exits {expected}", r.returncode == expected, r.returncode)
            check(f"{' '.join(args)} > /dev/full names the cause", "No space left on device" in r.stderr, r.stderr)
        kept = y("proposal", "list")
        check("the write command's change was kept and said so", "又一件" in kept.stdout)

    disk = os.path.join(tmp, "disk")
    os.mkdir(disk)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk], check=True)
    try:
        # Fill it to the last block.
        fd = os.open(os.path.join(disk, "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 512)
        except OSError:
            pass
        os.close(fd)
        before = set(os.listdir(disk))
        cases = {
            "notice print text -o": ["notice", "print", "N2026-001", "-o", "disk/n.txt"],
            "notice print html -o": ["notice", "print", "N2026-001", "--format", "html", "-o", "disk/n.html"],
            "notice print pdf -o": ["notice", "print", "N2026-001", "--format", "pdf", "-o", "disk/n.pdf"],
            "minutes pdf -o": ["session", "minutes", "S2026-001", "--format", "pdf", "-o", "disk/m.pdf"],
            "minutes html -o": ["session", "minutes", "S2026-001", "--format", "html", "-o", "disk/m.html"],
            "report pdf -o": ["report", "--year", "2026", "--format", "pdf", "-o", "disk/r.pdf"],
            "export json -o": ["export", "--include-private", "-o", "disk/e.json"],
            "export csv -o": ["export", "--format", "csv", "-o", "disk/csv"],
            "backup": ["backup", "disk/b.db"],
            "import rejects": ["import", "people", "people.csv", "--skip-bad", "--rejects", "disk/rejects.csv"],
        }
        for name, args in cases.items():
            r = y(*args)
            check(f"{name}: exits 1", r.returncode == 1, f"{r.returncode} {r.stdout} {r.stderr}")
            check(f"{name}: names the cause", "No space left on device" in r.stderr, r.stderr)
            check(f"{name}: says nothing was written", "Wrote" not in r.stdout, r.stdout)
            left = set(os.listdir(disk)) - before - {"csv"}
            check(f"{name}: leaves no file behind", not left, left)
            csv_left = os.listdir(os.path.join(disk, "csv")) if os.path.isdir(os.path.join(disk, "csv")) else []
            check(f"{name}: leaves no CSV file behind", not csv_left, csv_left)
        check("the import on a full disk changed nothing", "王五" not in ok("export"))
    finally:
        subprocess.run(["umount", disk], check=True)
sys.exit(tally.finish())
