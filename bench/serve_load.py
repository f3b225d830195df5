#!/usr/bin/env python3
"""The clients of bench/serve_bench.sh: serve_load.py PORT CLIENTS PER CLI_MS."""
import http.client
import re
import sys
import threading
import time
import urllib.parse

port, clients, per, cli_ms = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])


def get(conn, path, headers=None):
    conn.request("GET", path, headers=headers or {})
    res = conn.getresponse()
    return res.status, res.getheader("Set-Cookie") or "", res.read().decode()


def run(kind, worker, latencies, errors, codes):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookie = ""
    for i in range(per):
        t0 = time.perf_counter()
        try:
            if kind == "submit":
                status, set_cookie, page = get(conn, "/raise", {"Cookie": cookie} if cookie else None)
                cookie = set_cookie.split(";")[0] or cookie
                token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
                body = urllib.parse.urlencode({"csrf": token, "title": f"第{worker}组第{i}件事", "group": "新义组",
                                               "name": f"村民{worker}", "description": "", "phone": ""})
                conn.request("POST", "/raise", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                      "Cookie": cookie})
                res = conn.getresponse()
                res.read()
                if res.status != 303:
                    raise RuntimeError(f"POST /raise: {res.status}")
                codes.append(res.getheader("Location").rsplit("/", 1)[-1])
            elif kind == "track":
                status, _, _ = get(conn, f"/track/{codes[(worker * per + i) % len(codes)]}")
                if status != 200:
                    raise RuntimeError(f"GET /track: {status}")
            else:
                status, _, _ = get(conn, "/style.css")
                if status != 200:
                    raise RuntimeError(f"GET /style.css: {status}")
        except Exception as e:  # noqa: BLE001 - every failure is counted and shown
            errors.append(str(e))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        latencies.append((time.perf_counter() - t0) * 1000)
    conn.close()


def load(kind, codes):
    latencies, errors = [], []
    threads = [threading.Thread(target=run, args=(kind, w, latencies, errors, codes)) for w in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return len(latencies) / seconds, p(0.50), p(0.99), errors


codes = []
static = load("static", codes)
submit = load("submit", codes)
track = load("track", codes)
print(f"clients x requests:                   {clients} x {per}")
for name, (rps, p50, p99, errors) in (("GET /style.css (reference)", static), ("raise a matter (GET + POST)", submit),
                                      ("GET /track/CODE", track)):
    print(f"{name + ':':38}{rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  errors {len(errors)}")
    for e in errors[:3]:
        print(f"  error: {e}")
print(f"yishi proposal add (CLI, reference):  {cli_ms:.0f} ms a matter, {1000 / max(cli_ms, 1):.1f} a second")
print(f"ratio raise rate / CLI add rate:      {submit[0] / (1000 / max(cli_ms, 1)):.2f}")
print(f"ratio track rate / static rate:       {track[0] / static[0]:.2f}")
if any(errors for _, _, _, errors in (static, submit, track)):
    sys.exit(1)
