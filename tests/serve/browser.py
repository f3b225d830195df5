#!/usr/bin/env python3
"""The kiosk in a real browser: headless Chromium (Debian's) opens `yishi serve --kiosk`, fills the form as a
villager would, submits it, and lands on the receipt; the receipt's tracking code is the one the database
issued, and a screenshot of it is taken (written to OUT.png when OUT is given: docs/kiosk-receipt.png was made
so). Driven over the DevTools protocol with a small WebSocket client; nothing outside this machine.
Prints "N passed, N failed".

  browser.py YISHI ROOT [OUT]
"""
import base64
import json
import os
import re
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Tally, yishi_env  # noqa: E402

yishi, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
out_png = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
tally = Tally()
check = tally.check


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames, masked from the client."""

    def __init__(self, url):
        found = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        self.sock = socket.create_connection((found.group(1), int(found.group(2))), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {found.group(3)} HTTP/1.1\r\nHost: {found.group(1)}:{found.group(2)}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise SystemExit(f"no WebSocket: {head!r}")
        self.next_id = 0

    def _read(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def send(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        n = len(payload)
        header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n)
                                  if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        return self.next_id

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            message += self._read(n)
            if first & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        wanted = self.send(method, **params)
        while True:
            m = self.receive()
            if m.get("id") == wanted:
                return m.get("result", {})

    def wait_for(self, event, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.receive().get("method") == event:
                return True
        return False


with tempfile.TemporaryDirectory(prefix="yishi-browser-") as tmp:
    db = os.path.join(tmp, "v.db")
    env = yishi_env(root, db, "2026-03-02 09:00")
    subprocess.run([yishi, "init", "--config", os.path.join(root, "data/laozhai/village.toml")], cwd=tmp, env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen([yishi, "serve", "--kiosk", "--listen", "127.0.0.1:0"], cwd=tmp, env=env,
                              stderr=subprocess.PIPE, text=True)
    port = int(re.search(r"127\.0\.0\.1:(\d+)", server.stderr.readline()).group(1))
    profile = os.path.join(tmp, "profile")
    browser = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--disable-extensions", "--window-size=800,1100", "--remote-debugging-port=0",
                                f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        active = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(active) and open(active).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        devtools = int(open(active).read().split("\n")[0])
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devtools}/json/list"))
        ws = WebSocket(next(p for p in pages if p.get("type") == "page")["webSocketDebuggerUrl"])
        ws.call("Page.enable")
        ws.call("Page.navigate", url=f"http://127.0.0.1:{port}/raise")
        check("the form loads", ws.wait_for("Page.loadEventFired"))
        fill = """
          document.getElementById('title').value = '村口路灯坏了两盏';
          document.getElementById('description').value = '晚上接孩子看不清路，建议尽快维修。';
          document.getElementById('name').value = '王桂兰';
          document.getElementById('phone').value = '13812345678';
          document.getElementById('group').value = '新义组';
          document.getElementById('raise').querySelector('button').click();
        """
        ws.call("Runtime.evaluate", expression=fill)
        check("the form is submitted", ws.wait_for("Page.loadEventFired"))
        where = ws.call("Runtime.evaluate", expression="location.pathname")["result"]["value"]
        shown = ws.call("Runtime.evaluate",
                        expression="(document.getElementById('code') || {}).textContent")["result"].get("value")
        con = sqlite3.connect(db)
        issued = con.execute("SELECT receipt.code, proposal.channel FROM receipt JOIN proposal ON proposal.id = receipt.proposal_id")\
            .fetchall()
        con.close()
        check("the browser lands on the receipt", where.startswith("/receipt/"), where)
        check("the receipt shows the code the database issued", issued and shown == issued[0][0]
              and issued[0][1] == "kiosk", (shown, issued))
        body = ws.call("Runtime.evaluate", expression="document.body.innerText")["result"]["value"]
        check("the receipt masks the phone", "13812345678" not in body)
        shot = base64.b64decode(ws.call("Page.captureScreenshot", format="png")["data"])
        check("a screenshot of the receipt is taken", shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10000,
              len(shot))
        width, height = struct.unpack(">II", shot[16:24])
        check("the screenshot is the window's width, and a page tall", width == 800 and height > 600, (width, height))
        if out_png:
            with open(out_png, "wb") as f:
                f.write(shot)
    finally:
        browser.kill()
        browser.wait()
        server.terminate()
        server.wait()
sys.exit(tally.finish())
