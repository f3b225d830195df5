"""What the Python tests share: a tally of named checks, printed as "N passed, N failed" (the closing line
CI reads), and the environment yishi runs in under test (no YISHI_/LC_/LANG from outside, a fixed clock)."""
import os


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        """Counts one check; a failed one is printed with its detail."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")
        return ok

    def finish(self):
        """Prints the closing line; the exit code for sys.exit."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def yishi_env(root, db, now):
    """The environment of a yishi under test: the project's resources, database DB, the clock at NOW."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YISHI_", "LC_", "LANG"))}
    env.update({"YISHI_DB": db, "YISHI_HOME": root, "LANG": "C.UTF-8", "YISHI_NOW": now})
    return env
