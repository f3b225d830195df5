"""yishi at a pseudo-terminal, for the tests that answer its questions (tests/cli/prompts.py, tests/cli/roster.py)."""
import os
import pty
import select
import subprocess
import time


class Terminal:
    """yishi with stdin and stderr on a pseudo-terminal, stdout on a pipe (as `yishi ... > file` at a prompt)."""

    def __init__(self, yishi, args, env, cwd):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([yishi] + args, stdin=slave, stderr=slave, stdout=subprocess.PIPE, env=env,
                                     cwd=cwd)
        os.close(slave)
        self.seen = ""
        self.at = 0

    def read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return False
        self.seen += chunk.decode(errors="replace")
        return bool(chunk)

    def expect(self, text, timeout=20):
        """Waits until the terminal shows TEXT after what was already matched."""
        deadline = time.time() + timeout
        while text not in self.seen[self.at:]:
            if time.time() > deadline or not self.read(max(0.0, deadline - time.time())):
                return False
        self.at = self.seen.index(text, self.at) + len(text)
        return True

    def send(self, line):
        os.write(self.master, (line + "\n").encode())

    def give_up(self):
        os.write(self.master, b"\x04")  # Ctrl-D at the start of a line: end of input

    def finish(self, timeout=60):
        out = self.proc.stdout.read().decode()
        self.proc.wait(timeout=timeout)
        while self.read(0.2):
            pass
        os.close(self.master)
        return self.proc.returncode, out
