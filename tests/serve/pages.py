#!/usr/bin/env python3
"""yishi serve, tested over HTTP against a real server on a free loopback port: every page, the kiosk form
with good and bad input (missing or wrong form token, empty and unknown fields, invalid UTF-8, control
characters, an oversized body, too many submissions, an oversized header), path traversal and header
injection, the security headers on every response, no personal number in any page (the privacy test's
generator), the database unchanged after every refused request, the CLI writing while the server runs,
the kiosk mode's pages only, and SIGTERM ending it with 0. Prints "N passed, N failed".

  pages.py YISHI ROOT
"""
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402
from personal import PersonalNumbers  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tally = Tally()
check = tally.check
personal = PersonalNumbers(20261202)


class Served:
    """yishi serve on 127.0.0.1 and a free port; the port is read from its first line."""

    def __init__(self, env, cwd, *extra):
        self.proc = subprocess.Popen([yishi, "serve", "--listen", "127.0.0.1:0", *extra], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        found = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not found:
            raise SystemExit(f"yishi serve did not start: {line}{self.proc.stderr.read()}")
        self.port = int(found.group(1))
        self.jar = {}

    def request(self, method, path, body=None, headers=None, raw_path=False):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        h = dict(headers or {})
        if self.jar:
            h.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.jar.items()))
        if body is not None and not isinstance(body, bytes):
            body = body.encode()
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body is not None:
            conn.send(body)
        try:
            res = conn.getresponse()
            data = res.read()
            status, got = res.status, {k.lower(): v for k, v in res.getheaders()}
            for k, v in res.getheaders():
                if k.lower() == "set-cookie":
                    name, _, value = v.split(";")[0].partition("=")
                    self.jar[name] = value
                    got.setdefault("set-cookies", []).append(v)
        except (ConnectionError, http.client.HTTPException):
            status, got, data = 0, {}, b""
        conn.close()
        return status, got, data.decode("utf-8", errors="replace")

    def token(self):
        status, _, page = self.request("GET", "/raise")
        found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        return found.group(1) if found else ""

    def raise_matter(self, fields, token=None, raw=None):
        body = raw if raw is not None else urllib.parse.urlencode(dict(fields, csrf=token if token is not None
                                                                        else self.token()))
        return self.request("POST", "/raise", body, {"Content-Type": "application/x-www-form-urlencoded"})

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode, self.proc.stderr.read()


def state(db):
    """What a refused request must not change: the rows and the history."""
    con = sqlite3.connect(db)
    try:
        return (con.execute("SELECT count(*) FROM proposal").fetchone(), con.execute("SELECT count(*) FROM receipt")
                .fetchone(), con.execute("SELECT count(*) FROM history").fetchone())
    finally:
        con.close()


with tempfile.TemporaryDirectory(prefix="yishi-serve-") as tmp:
    db = os.path.join(tmp, "v.db")
    env = yishi_env(root, db, "2026-03-02 09:00")

    def cli(*args, now=None):
        e = dict(env, YISHI_NOW=now) if now else env
        r = subprocess.run([yishi, *args], cwd=tmp, env=e, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"yishi {' '.join(args)}: {r.stderr}")
        return r.stdout

    cli("init", "--config", os.path.join(root, "data/laozhai/village.toml"))
    # A posted notice for the board, with a phone in its matter.
    cli("proposal", "add", "--title", "村口路灯维修（联系13912345678）", "--tier", "village", "--channel", "phone",
        "--proposer", "杜永福", "--proposer-phone", "13912345678")
    cli("proposal", "accept", "2026-001")
    cli("session", "plan", "--council", "village", "--at", "2026-03-05 19:00", "--venue", "议事厅", "--agenda", "1")
    cli("notice", "draft", "--proposal", "2026-001", "--stage", "plan")
    cli("notice", "post", "N2026-001")

    s = Served(env, tmp)
    secure = []
    for path in ["/", "/raise", "/track", "/board", "/board/report", "/board/N2026-001", "/style.css", "/sheet.css",
                 "/?lang=en"]:
        status, headers, page = s.request("GET", path)
        check(f"GET {path} answers", status == 200, (status, page[:200]))
        secure.append((path, headers))
    check("the home page is Chinese", "我要反映事项" in s.request("GET", "/")[2])
    check("?lang=en is English", "Raise a matter" in s.request("GET", "/?lang=en")[2])
    status, _, page = s.request("GET", "/board/N2026-001")
    check("the board shows the posted sheet", "老寨村议公〔2026〕1号" in page and "核验码" in page, page[:300])
    check("the sheet has no inline style", "<style>" not in page)
    check("the sheet masks the phone", "13912345678" not in page and "139****5678" in page)

    # A good submission: a receipt, the matter collected online, the history naming the channel.
    secrets = []
    numbers = [personal.generate() for _ in range(6)]
    secrets.extend(d for d, _ in numbers)
    title = f"水渠漏水（联系{numbers[0][1]}）"
    description = "，".join(f"村民反映{w}" for _, w in numbers[1:5]) + "。"
    phone = "13812345678"
    secrets.append(phone)
    before = state(db)
    status, headers, _ = s.raise_matter({"title": title, "description": description, "group": "新义组",
                                         "name": "王大妈", "phone": phone})
    check("a good submission redirects to its receipt", status == 303 and "/receipt/" in headers.get("location", ""),
          (status, headers))
    receipt_path = headers.get("location", "")
    code = receipt_path.rsplit("/", 1)[-1]
    check("the tracking code reads in groups", re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-"
                                                            r"[0-9A-HJKMNP-TV-Z]{4}", code) is not None, code)
    con = sqlite3.connect(db)
    row = con.execute("SELECT title, channel, proposer_name, proposer_phone FROM proposal WHERE seq = 2").fetchone()
    who = con.execute("SELECT b.operator FROM history h JOIN history_batch b ON b.id = h.batch JOIN history_table t ON t.id = h.tbl "
                      "WHERE t.name = 'proposal' ORDER BY h.id DESC LIMIT 1")\
        .fetchone()
    con.close()
    check("the matter is collected online", row is not None and row[1] == "online" and row[2] == "王大妈", row)
    check("the history names the channel", who is not None and "online" in who[0], who)
    status, _, receipt = s.request("GET", receipt_path)
    check("the receipt shows the number and the code", status == 200 and "2026-002" in receipt and code in receipt,
          receipt[:300])
    check("the receipt holds a QR code", "<svg" in receipt and 'class="qr"' in receipt)
    status, _, slip = s.request("GET", receipt_path + "/slip")
    check("the slip prints", status == 200 and code in slip and "/slip.css" in slip)
    status, _, track = s.request("GET", f"/track/{code.lower().replace('-', '')}")
    check("the tracking page finds the matter by the code as typed", status == 200 and "已收到" in track, track[:300])
    status, headers, _ = s.request("GET", "/track?code=" + urllib.parse.quote(code.lower().replace("-", " ")))
    check("the track form redirects to the matter", status == 303 and headers.get("location") == f"/track/{code}")
    status, _, page = s.request("GET", "/track/ZZZZ-ZZZZ-ZZZZ")
    check("an unknown code is not found", status == 404 and "没有与此查询码对应的事项" in page)

    # The secretary's CLI goes on while the server runs, and the tracking page follows the matter.
    cli("proposal", "accept", "2026-002", "--note", "列入下次议事")
    status, _, track = s.request("GET", f"/track/{code}")
    check("the CLI writes while serving, and the page shows it", "已立项" in track and "列入下次议事" in track,
          track[:400])

    planned = cli("session", "plan", "--council", "xinyi", "--at", "2026-03-05 19:00", "--venue", "新义组议事点",
                  "--agenda", "2026-002")
    track = s.request("GET", f"/track/{code}")[2]
    check("the track names the session and its date", "列入议程：新义组村民小组议事会，2026-03-05 19:00" in track,
          re.findall(r"<li>.*?</li>", track))
    met = re.search(r"S2026-\d{3}", planned).group(0)
    cli("session", "attend", met, "--all", now="2026-03-05 19:10")
    cli("session", "motion", met, "--text", "修补水渠渗漏段", "--responsible", "闫满仓", "--deadline", "2026-06-30",
        now="2026-03-05 19:20")
    cli("session", "vote", met, "--for", "6", now="2026-03-05 19:30")
    cli("session", "close", met, now="2026-03-05 21:00")
    cli("progress", "add", "2026-002", "--percent", "40", "--note", "已备好水泥", now="2026-03-10 09:00")
    track = s.request("GET", f"/track/{code}")[2]
    check("the track says the ruling and the progress", "修补水渠渗漏段" in track and "进度40%：已备好水泥" in track,
          re.findall(r"<li>.*?</li>", track))

    # Nothing private in any page a villager can reach.
    pages = [s.request("GET", p)[2] for p in ["/", "/board", "/board/report", "/board/N2026-001", receipt_path,
                                               receipt_path + "/slip", f"/track/{code}"]]
    leaked = [d for d in secrets for p in pages if d in personal.digits_only(p)]
    check("no personal number in any page", not leaked, leaked)

    # Refused requests change nothing.
    good = {"title": "修桥", "description": "", "group": "新义组", "name": "李某", "phone": ""}
    for name, (fields, token, raw, expect) in {
        "no form token": (good, "", None, 403),
        "a wrong form token": (good, "0" * 32, None, 403),
        "an empty title": (dict(good, title=""), None, None, 422),
        "an unknown group": (dict(good, group="外星组"), None, None, 422),
        "no name": (dict(good, name=""), None, None, 422),
        "a control character": (dict(good, title="修桥\x1b[31m"), None, None, 422),
        "a title too long": (dict(good, title="桥" * 101), None, None, 422),
    }.items():
        before = state(db)
        status, _, page = s.raise_matter(fields, token=token, raw=raw)
        check(f"{name} is refused ({expect})", status == expect, (status, page[-400:]))
        check(f"{name} changes nothing", state(db) == before)
    before = state(db)
    raw = f"csrf={s.token()}&title=%FF%FE&group=&name=%E7%8E%8B"
    status, _, page = s.raise_matter({}, raw=raw)
    check("invalid UTF-8 is refused beside its field", status == 422 and 'id="title-problem"' in page, status)
    check("invalid UTF-8 changes nothing", state(db) == before)
    status, _, page = s.raise_matter({}, raw="csrf=x&title=" + "a" * (70 * 1024))
    check("an oversized body is refused", status == 413, status)
    check("an oversized body changes nothing", state(db) == before)
    status, _, _ = s.request("GET", "/", headers={"X-Filler": "a" * 9000})
    check("an oversized header is refused", status in (0, 400, 431), status)
    status, _, page = s.raise_matter(dict(good, group="外星组"))
    check("a problem is shown beside its field", 'id="group-problem"' in page and "外星组" in page)

    for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/board/..%2F..%2Fetc%2Fpasswd",
                 "/style.css/../../v.db", "/v.db", "/templates/web/layout.html.mustache"]:
        status, _, page = s.request("GET", path)
        check(f"{path} is not served", status == 404 and "root:" not in page and "SQLite" not in page, status)
    status, headers, _ = s.request("GET", "/track?code=%0d%0aSet-Cookie:%20evil=1")
    check("no header injection", "evil" not in headers.get("set-cookie", "") and status == 404, headers)

    # Ten submissions a minute from one address; the eleventh is refused with a page.
    statuses = [s.raise_matter(dict(good, title=f"第{i}件事"))[0] for i in range(12)]
    check("submissions are limited per address", statuses.count(303) <= 10 and statuses[-1] == 429, statuses)

    for path, headers in secure:
        check(f"{path} carries the security headers",
              headers.get("content-security-policy", "").startswith("default-src 'self'")
              and headers.get("x-content-type-options") == "nosniff", headers)
    s.jar = {}
    _, headers, _ = s.request("GET", "/raise")
    cookie = headers.get("set-cookie", "")
    check("the form token cookie is HttpOnly and SameSite=Strict",
          "yishi_form=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie)

    # A grid worker: an account with a one-time code, a password chosen with it, matters raised on villagers'
    # behalf (channel grid-worker, the worker in the history), their list; the credentials in no history.
    out = cli("grid", "add", "赵网格", "--group", "新义组")
    first = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", out).group(0)
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def post(path, fields):
        return s.request("POST", path, urllib.parse.urlencode(dict(fields, csrf=s.token())), form)

    check("the grid page asks to log in", "网格员登录" in s.request("GET", "/grid")[2])
    status, _, page = post("/grid/login", {"name": "赵网格", "secret": first})
    check("the one-time code asks for a password", status == 200 and "设置密码" in page, (status, page[-300:]))
    status, _, page = post("/grid/password", {"name": "赵网格", "code": first, "password": "abc12345",
                                              "again": "abc12346"})
    check("two different passwords are refused", status == 422 and "不一致" in page, status)
    status, _, page = post("/grid/password", {"name": "赵网格", "code": first, "password": "short", "again": "short"})
    check("a short password is refused", status == 422 and "至少需要8个字符" in page, status)
    status, headers, _ = post("/grid/password", {"name": "赵网格", "code": first, "password": "新义组2026路灯",
                                                 "again": "新义组2026路灯"})
    grid_cookie = next((c for c in headers.get("set-cookies", []) if c.startswith("yishi_grid=")), "")
    check("the password is set and a session opened", status == 303 and "HttpOnly" in grid_cookie
          and "SameSite=Strict" in grid_cookie and "Path=/grid" in grid_cookie, (status, headers))
    check("the dashboard greets the worker", "网格员赵网格" in s.request("GET", "/grid")[2])
    status, headers, _ = post("/grid/raise", {"title": "张奶奶家门口排水沟堵了", "description": "", "group": "新义组",
                                              "name": "张奶奶", "phone": "13700001111"})
    check("a grid worker raises a matter", status == 303 and "/receipt/" in headers.get("location", ""), status)
    con = sqlite3.connect(db)
    row = con.execute("SELECT p.channel, p.proposer_name, r.grid_worker_id IS NOT NULL FROM proposal p "
                      "JOIN receipt r ON r.proposal_id = p.id ORDER BY p.id DESC LIMIT 1").fetchone()
    operator = con.execute("SELECT b.operator FROM history h JOIN history_batch b ON b.id = h.batch JOIN history_table t ON t.id = h.tbl "
                      "WHERE t.name = 'proposal' ORDER BY h.id DESC LIMIT 1")\
        .fetchone()
    in_history = con.execute("SELECT count(*) FROM history h JOIN history_table t ON t.id = h.tbl "
                             "WHERE t.name LIKE 'auth%' OR h.change LIKE '%argon2%'")\
        .fetchone()
    con.close()
    check("collected with channel grid-worker for the villager", row == ("grid-worker", "张奶奶", 1), row)
    check("the history names the grid worker", operator is not None and "赵网格" in operator[0], operator)
    check("no credential or session in the history", in_history == (0,), in_history)
    check("the worker's list shows the matter", "张奶奶家门口排水沟堵了" in s.request("GET", "/grid")[2])
    check("no personal number on the worker's pages", "13700001111" not in s.request("GET", "/grid")[2])
    check("a private export carries no credential", "argon2" not in cli("export", "--include-private"))
    status, _, _ = post("/grid/logout", {})
    check("logging out ends the session", status == 303 and "网格员登录" in s.request("GET", "/grid")[2])
    before = state(db)
    status, _, _ = post("/grid/raise", {"title": "无人登录", "group": "新义组", "name": "某人"})
    check("raising without a session is refused", status == 401 and state(db) == before, status)
    status, _, _ = post("/grid/login", {"name": "赵网格", "secret": first})
    check("the one-time code works once", status == 401, status)
    status, _, _ = post("/grid/login", {"name": "赵网格", "secret": "新义组2026路灯"})
    check("the password logs in", status == 303, status)
    listed = cli("grid", "list")
    check("grid list shows the worker", "赵网格" in listed and "新义组" in listed, listed)

    # A grid worker who sits on a council visits households for its door-to-door session.
    cli("proposal", "add", "--title", "新义组道路拓宽征求意见", "--group", "新义组", "--channel", "council",
        "--proposer", "闫满仓")
    ref = re.search(r"2026-\d{3}", cli("proposal", "list", "--group", "新义组", "--status", "collected")).group(0)
    cli("proposal", "accept", ref)
    planned = cli("session", "plan", "--council", "xinyi", "--at", "2026-03-02 08:30", "--mode", "door-to-door",
                  "--venue", "新义组各户", "--agenda", ref)
    session = re.search(r"S2026-\d{3}", planned).group(0)
    out = cli("grid", "add", "闫满仓", "--group", "新义组")
    third = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", out).group(0)
    post("/grid/login", {"name": "闫满仓", "secret": third})
    post("/grid/password", {"name": "闫满仓", "code": third, "password": "xinyi-2026", "again": "xinyi-2026"})
    page = s.request("GET", "/grid")[2]
    check("the worker's door-to-door round is offered", session in page and "上门议事走访" in page, page[-600:])
    status, _, page = post("/grid/visit", {"session": session, "proposal": ref, "household": "薛连生家",
                                           "opinion": "同意拓宽，但要保留门前排水沟", "vote": "for"})
    check("a visit is recorded", status == 200 and "已登记对薛连生家的走访" in page,
          (status, re.findall(r'role="status">([^<]*)', page)))
    con = sqlite3.connect(db)
    visit = con.execute("SELECT v.household, v.choice, p.name FROM visit v JOIN person p ON p.id = v.visitor_id")\
        .fetchall()
    con.close()
    check("the visit names the worker as the member who visited", visit == [("薛连生家", "for", "闫满仓")], visit)
    before = state(db)
    status, _, page = post("/grid/visit", {"session": session, "proposal": ref, "household": "薛连生家", "vote": ""})
    check("the same household twice is refused", status == 422 and state(db) == before, (status, page[-300:]))
    post("/grid/logout", {})

    # Wrong passwords: five are answered, the sixth waits, even with the right code.
    out = cli("grid", "add", "钱网格")
    second = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", out).group(0)
    statuses = [post("/grid/login", {"name": "钱网格", "secret": f"wrong{i}"})[0] for i in range(5)]
    status, _, page = post("/grid/login", {"name": "钱网格", "secret": second})
    check("five wrong passwords are refused", statuses == [401] * 5, statuses)
    check("the sixth attempt must wait", status == 429 and "请等待" in page, (status, page[-200:]))
    cli("grid", "remove", "钱网格")
    check("a removed worker is not listed", "钱网格" not in cli("grid", "list"))

    rc, err = s.stop()
    check("SIGTERM stops the server with 0", rc == 0 and "stopped" in err, (rc, err[-300:]))

    # The kiosk: its pages only, and matters collected with the kiosk channel.
    k = Served(env, tmp, "--kiosk")
    check("the kiosk has no board", k.request("GET", "/board")[0] == 404)
    check("the kiosk has no report", k.request("GET", "/board/report")[0] == 404)
    status, headers, _ = k.raise_matter(dict(good, title="智慧屋提交的事"))
    con = sqlite3.connect(db)
    channel = con.execute("SELECT channel FROM proposal ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    check("the kiosk collects with channel kiosk", status == 303 and channel == ("kiosk",), (status, channel))
    status, _, page = k.request("GET", headers.get("location", "/"))
    check("the kiosk's receipt returns to the start after a minute", 'http-equiv="refresh" content="60' in page)
    check("the kiosk's form resets itself (kiosk.js)", "/kiosk.js" in k.request("GET", "/raise")[2]
          and k.request("GET", "/kiosk.js")[0] == 200)
    rc, _ = k.stop()
    check("the kiosk stops with 0", rc == 0)

    public = cli("export")
    check("a public export hides the tracking codes", code not in public and "****-****-****" in public)
    check("a private export keeps them", code in cli("export", "--include-private"))
    r = subprocess.run([yishi, "verify"], cwd=tmp, env=env, capture_output=True, text=True)
    check("verify is clean after serving", r.returncode == 0, r.stdout + r.stderr)
    r = subprocess.run([yishi, "serve", "--listen", "nowhere"], cwd=tmp, env=env, capture_output=True, text=True)
    check("a bad --listen is a usage error", r.returncode == 2 and "--listen" in r.stderr, r.stderr)
sys.exit(tally.finish())
