#!/usr/bin/env python3
"""A throwaway PostgreSQL 15 cluster for the district tests: initdb in a temporary folder, run as an
unprivileged user (the postgres system user when started as root), listening only on a Unix socket in that
folder, stopped (and the folder removed) at the end. No test touches a server it did not start.

    pgcluster.py start DIR [--durable]
                              starts a cluster in DIR (made if missing) and prints its socket folder;
                              without --durable it runs with fsync off (a test's data need not survive)
    pgcluster.py stop DIR     stops it and removes DIR

scripts/test starts one for the whole run and exports YISHI_TEST_PG_HOST (the socket folder); a test run
alone starts its own (Cluster() below). Each test makes databases of its own in it (fresh_database()).
"""
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid

USER = "yishi"  # the cluster's superuser role
PORT = "5432"   # only names the socket file (.s.PGSQL.5432); nothing listens on TCP


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit(f"pgcluster: no PostgreSQL server installed ({name}); apt-get install postgresql-15")
    return found[-1]


def run_as_owner(args, **kw):
    if os.getuid() == 0:
        owner = "postgres" if _has_user("postgres") else "nobody"
        args = ["runuser", "-u", owner, "--"] + args
    return subprocess.run(args, check=True, **kw)


def _has_user(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def start(folder, durable=False):
    os.makedirs(folder, exist_ok=True)
    if os.getuid() == 0:
        owner = "postgres" if _has_user("postgres") else "nobody"
        shutil.chown(folder, owner)
        os.chmod(folder, 0o755)
    data = os.path.join(folder, "data")
    run_as_owner([pg_bin("initdb"), "-D", data, "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                 stdout=subprocess.DEVNULL)
    options = f"-k {folder} -c listen_addresses='' -p {PORT} -c max_connections=60"
    if not durable:
        options += " -c fsync=off"
    run_as_owner([pg_bin("pg_ctl"), "-D", data, "-o", options, "-l", os.path.join(folder, "server.log"), "-w",
                  "start"], stdout=subprocess.DEVNULL)
    return folder


def stop(folder):
    data = os.path.join(folder, "data")
    if os.path.isdir(data):
        run_as_owner([pg_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)


def uri(host, database):
    return f"postgresql:///{database}?host={host}&user={USER}"


def psql(host, database, sql):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", uri(host, database), "-c", sql],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Cluster:
    """The run's cluster ($YISHI_TEST_PG_HOST) or one of its own, stopped on exit."""

    def __enter__(self):
        self.host = os.environ.get("YISHI_TEST_PG_HOST")
        self.own = not self.host
        if self.own:
            self.host = start(tempfile.mkdtemp(prefix="yishi-pg-"))
        return self

    def fresh_database(self):
        name = "t_" + uuid.uuid4().hex[:12]
        psql(self.host, "postgres", f"CREATE DATABASE {name}")
        return uri(self.host, name)

    def psql(self, url, sql):
        database = url.split("///", 1)[1].split("?", 1)[0]
        return psql(self.host, database, sql)

    def __exit__(self, *exc):
        if self.own:
            stop(self.host)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("start", "stop"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "start":
        print(start(sys.argv[2], durable="--durable" in sys.argv[3:]))
    else:
        stop(sys.argv[2])
