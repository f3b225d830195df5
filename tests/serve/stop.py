#!/usr/bin/env python3
"""yishi serve stops on SIGTERM sent the moment it says it is serving, with the machine busy.

  stop.py YISHI ROOT

cpp-httplib's stop() did nothing until its listening loop ran, so a SIGTERM arriving between the bind and the
loop was lost and the server ran on (seen: 5 hangs in 40 with three busy loops beside it). Two busy loops run
beside the test, bounded in time; each of 20 starts is sent SIGTERM as soon as its "serving" line is read, and
must exit 0 within 10 seconds. Prints "N passed, N failed".
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
with tempfile.TemporaryDirectory(prefix="yishi-stop-") as tmp:
    env = yishi_env(root, os.path.join(tmp, "d", "yishi.db"), "2026-03-20 10:00")
    subprocess.run([yishi, "demo", "--dir", os.path.join(tmp, "d")], env=env, check=True, capture_output=True)
    # Each busy loop ends by itself after 60 s, and is killed when the test is done (no wrapper process that
    # would leave it running).
    spin = "import time\nend = time.time() + 60\nwhile time.time() < end:\n    pass\n"
    busy = [subprocess.Popen([sys.executable, "-c", spin], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(2)]
    try:
        outcomes = []
        for _ in range(20):
            p = subprocess.Popen([yishi, "serve", "--listen", "127.0.0.1:0"], env=env, stderr=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL, text=True)
            first = p.stderr.readline()
            p.send_signal(signal.SIGTERM)
            try:
                outcomes.append((p.wait(timeout=10), first.strip()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                outcomes.append(("still running after 10 s", first.strip()))
    finally:
        for b in busy:
            b.kill()
            b.wait()
    tally.check("every start said it was serving", all("serving" in line for _, line in outcomes), outcomes)
    stuck = [o for o in outcomes if o[0] != 0]
    tally.check("each stopped by a SIGTERM sent at once exits 0", not stuck, stuck)
sys.exit(tally.finish())
